import { clear, h, shortTime } from './dom.js';

const VERDICT = { passed: ['PASS', 'good'], failed: ['FAIL', 'bad'], running: ['running', 'warn'], skipped: ['skipped', 'muted'] };
const verdict = (s) => {
  const [word, cls] = VERDICT[s] ?? [s, 'muted'];
  return h(`span.badge.${cls}`, word);
};

/**
 * The Runs view: prompts waiting for the partner (with a "done" button), and scenario and
 * certification runs with their checklist, verdicts, diffs and evidence linked into the Calls view.
 */
export class RunsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.open = undefined;
    this.promptsSupported = true;
    // A run in progress changes with every call; refresh while the view is on screen.
    ctx.onEntry(() => {
      if (this.panel && !this.panel.hidden) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.refresh(), 400);
      }
    });
    setInterval(() => this.refreshPrompts(), 5000);
    setTimeout(() => this.refreshPrompts(), 500);
  }

  async show(panel, rest) {
    this.panel = panel;
    const id = /^\/(.+)$/.exec(rest)?.[1];
    if (id) this.open = decodeURIComponent(id);
    if (!this.built) {
      this.built = true;
      this.promptsEl = h('section.prompts', { 'aria-labelledby': 'prompts-title' });
      this.listEl = h('section', { 'aria-labelledby': 'runs-title' });
      this.detailEl = h('section.run-detail', { 'aria-labelledby': 'run-title' });
      clear(panel, this.promptsEl, h('div.runs', h('div.col', h('h2', { id: 'runs-title' }, 'Runs'), this.listEl), h('div.col.wide', this.detailEl)));
    }
    await this.refresh();
  }

  async refresh() {
    await Promise.all([this.refreshPrompts(), this.refreshRuns()]);
  }

  async refreshPrompts() {
    if (!this.promptsSupported) return;
    let res;
    try {
      res = await this.ctx.api.get('prompts', { allow404: true });
    } catch (err) {
      if (this.promptsEl) clear(this.promptsEl, h('h2', { id: 'prompts-title' }, 'Waiting for you'), h('p.error', err.message));
      return;
    }
    const badge = document.getElementById('prompt-count');
    if (res === undefined) {
      // This simulator has no prompts route: nothing waits for a person.
      this.promptsSupported = false;
      if (this.promptsEl) clear(this.promptsEl);
      badge.hidden = true;
      return;
    }
    const waiting = (res.prompts ?? []).filter((p) => p.status !== 'done');
    badge.hidden = waiting.length === 0;
    badge.textContent = `${waiting.length} waiting`;
    // The tab's badge says something waits even while another view is on screen.
    if (!this.promptsEl) return;
    clear(
      this.promptsEl,
      h('h2', { id: 'prompts-title' }, `Waiting for you (${waiting.length})`),
      waiting.length
        ? h('ul.prompt-list', waiting.map((p) => this.promptItem(p)))
        : h('p.muted', 'Nothing is waiting for your system.'),
    );
  }

  promptItem(p) {
    return h(
      'li.card.prompt',
      h('h3', p.test),
      h('p', p.text),
      p.expect ? h('p.muted', `expects ${p.expect.operation}${p.expect.connection ? ` on ${p.expect.connection}` : ''}`) : null,
      p.readBack?.length ? h('p.muted', `read back: ${p.readBack.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(', ')}`) : null,
      h('p.muted', `deadline ${shortTime(p.deadline)} · ${p.status}`),
      h(
        'button.primary',
        {
          type: 'button',
          onclick: async () => {
            try {
              await this.ctx.api.post(`prompts/${encodeURIComponent(p.id)}/done`);
              this.ctx.status(`Marked done: ${p.test}.`);
              await this.refreshPrompts();
            } catch (err) {
              this.ctx.status(`Could not mark "${p.test}" done: ${err.message}`, 'error');
            }
          },
        },
        'Done',
      ),
    );
  }

  async refreshRuns() {
    let runs;
    try {
      ({ runs } = await this.ctx.api.get('runs'));
    } catch (err) {
      return clear(this.listEl, h('p.error', err.message));
    }
    this.runs = runs;
    if (!runs.length) {
      clear(this.listEl, h('p.muted', 'No runs yet. Post a scenario to /_sim/runs or run mews-sim certify: runs appear here as they go.'));
      clear(this.detailEl);
      return;
    }
    const open = runs.find((r) => r.id === this.open || r.tests.some((t) => t.runId === this.open)) ?? runs[0];
    this.open = open.id;
    clear(
      this.listEl,
      h(
        'ul.run-list',
        runs.map((r) => {
          const passed = r.tests.filter((t) => t.status === 'passed').length;
          return h(
            'li',
            h(
              `button.run${r.id === open.id ? '.chosen' : ''}`,
              { type: 'button', 'aria-pressed': String(r.id === open.id), onclick: () => ((this.open = r.id), this.refreshRuns()) },
              verdict(r.status),
              ` ${r.name}`,
              h('span.muted', ` ${r.kind} · ${passed}/${r.tests.length} passed · ${shortTime(r.startedAt)}`),
            ),
          );
        }),
      ),
    );
    this.renderRun(open);
  }

  renderRun(run) {
    const evidence = (ids) => {
      const seqs = [...new Set(ids)].map((id) => Number(id.split('-').pop())).filter(Number.isFinite);
      return seqs.length ? h('span.evidence', seqs.slice(0, 8).map((s) => h('button.link', { type: 'button', onclick: () => this.ctx.showCall(s), 'aria-label': `evidence: call ${s}` }, `#${s}`)), seqs.length > 8 ? ` +${seqs.length - 8}` : '') : h('span.muted', '—');
    };
    const rows = run.tests.map((t) => {
      const failedStep = t.steps.find((s) => s.status === 'failed');
      return h(
        'tr',
        h('th', { scope: 'row' }, t.name),
        h('td', t.requirement ?? '—'),
        h('td', verdict(t.status)),
        h('td', failedStep ? `${failedStep.name}: ${failedStep.message ?? ''}` : t.current ? `now: ${t.current.name}` : ''),
        h('td', evidence(t.steps.flatMap((s) => s.entries))),
        h('td', t.runId ? h('button.link', { type: 'button', onclick: () => this.ctx.showCalls({ runId: t.runId }) }, 'calls') : '—'),
      );
    });
    const passed = run.tests.filter((t) => t.status === 'passed').length;
    clear(
      this.detailEl,
      h('h2', { id: 'run-title' }, run.name, ' ', verdict(run.status)),
      h('p.muted', `${run.kind} run · started ${shortTime(run.startedAt)}${run.finishedAt ? ` · finished ${shortTime(run.finishedAt)}` : ''} · ${passed} of ${run.tests.length} passed`),
      h('h3', 'Checklist'),
      h(
        'table.checklist',
        h('thead', h('tr', ['Test', 'Requirement', 'Result', 'Notes', 'Evidence', 'Run'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', rows),
      ),
      ...run.tests.map((t) =>
        h(
          'details.test',
          { open: t.status !== 'passed' || run.tests.length === 1 },
          h('summary', verdict(t.status), ` ${t.name}`, t.file ? h('span.muted', ` ${t.file.split('/').pop()}`) : null),
          t.current?.instructions ? h('p.instructions', { role: 'note' }, t.current.instructions) : null,
          h(
            'ol.steps',
            t.steps.map((s) =>
              h(
                `li.step.${s.status}`,
                verdict(s.status),
                ` ${s.name} `,
                h('span.muted', `${Math.round(s.durationMs)} ms `),
                s.entries.length ? evidence(s.entries) : null,
                s.message ? h('p.step-message', s.message) : null,
                s.diff ? h('pre.diff', { tabindex: '0', 'aria-label': `difference for ${s.name}` }, s.diff) : null,
              ),
            ),
          ),
        ),
      ),
    );
  }
}
