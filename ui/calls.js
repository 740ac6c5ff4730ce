import { $, clear, field, h, select, shortTime, shortToken } from './dom.js';

const ROW_H = 30;
const PAGE = 100;
const OVERSCAN = 8;
const FILTERS = ['q', 'api', 'direction', 'operation', 'connection', 'status', 'findings', 'runId', 'stepId'];
const MASKED = /(\d{6}\*{2,9}\d{4})/;

/** A call's outcome as a word and a class: what a person scans for. */
export function outcome(c) {
  if (c.failure) return ['no answer', 'bad'];
  if (c.method === '-' || (c.status === 0 && c.operation.endsWith(':observed'))) return ['noted', c.findings.error ? 'bad' : 'muted'];
  if (c.success === false || c.status >= 400) return [`${c.status || 'failed'}${c.errorCodes?.length ? ` · ${c.errorCodes.join(',')}` : ''}`, 'bad'];
  if (c.status === 0) return ['unsent', 'warn'];
  return [String(c.status), 'good'];
}

export function findingsBadge(f) {
  const parts = [];
  if (f.error) parts.push(h('span.badge.bad', { title: `${f.error} error finding(s)` }, `${f.error} error${f.error > 1 ? 's' : ''}`));
  if (f.warning) parts.push(h('span.badge.warn', { title: `${f.warning} warning(s)` }, `${f.warning} warn`));
  if (f.info) parts.push(h('span.badge.info', { title: `${f.info} info finding(s)` }, `${f.info} info`));
  return parts;
}

const API_LABEL = { channelManager: 'CM', connector: 'Connector', admin: 'admin' };

/**
 * The Calls view: the journal, newest first, as a virtualised list (only the rows on screen are
 * in the page; the server filters and answers them a window at a time), with the detail of one call.
 */
export class CallsView {
  constructor(ctx) {
    this.ctx = ctx;
    this.filter = {};
    this.pages = new Map();
    this.gen = 0;
    this.matched = 0;
    this.total = 0;
    this.active = -1;
    this.selected = undefined;
    this.fresh = 0;
    this.built = false;
    ctx.onEntry((e) => this.onLive(e));
  }

  show(panel, rest) {
    if (!this.built) this.build(panel);
    const [, query = ''] = /^\?(.*)$/.exec(rest) ?? [];
    const seq = /^\/(\d+)/.exec(rest)?.[1];
    if (query) {
      const params = new URLSearchParams(query);
      this.filter = Object.fromEntries(FILTERS.filter((k) => params.get(k)).map((k) => [k, params.get(k)]));
      this.syncInputs();
      this.reload();
    } else this.reload();
    if (seq) this.openDetail(Number(seq));
  }

  build(panel) {
    this.built = true;
    const on = (e) => {
      this.readInputs();
      this.reload();
      e?.preventDefault?.();
    };
    this.inputs = {
      q: h('input', { type: 'search', placeholder: 'text in bodies, ids, findings', name: 'q', autocomplete: 'off' }),
      api: select([['', 'all'], ['channelManager', 'Channel Manager'], ['connector', 'Connector'], ['admin', 'admin']], '', { name: 'api' }),
      direction: select([['', 'both'], ['inbound', 'to Mews (inbound)'], ['outbound', 'from Mews (outbound)']], '', { name: 'direction' }),
      operation: select([['', 'all']], '', { name: 'operation' }),
      connection: select([['', 'all']], '', { name: 'connection' }),
      status: select([['', 'any'], ['ok', 'accepted'], ['failed', 'failed or no answer'], ['2xx', '2xx'], ['4xx', '4xx'], ['5xx', '5xx']], '', { name: 'status' }),
      findings: select([['', 'any or none'], ['any', 'with findings'], ['error', 'with errors'], ['warning', 'errors or warnings'], ['none', 'without findings']], '', { name: 'findings' }),
      runId: h('input', { type: 'text', name: 'runId', autocomplete: 'off', size: 10 }),
      stepId: h('input', { type: 'text', name: 'stepId', autocomplete: 'off', size: 8 }),
    };
    let typing;
    this.inputs.q.addEventListener('input', () => {
      clearTimeout(typing);
      typing = setTimeout(on, 250);
    });
    this.inputs.q.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        clearTimeout(typing);
        on(e);
      }
    });
    for (const k of FILTERS.slice(1)) this.inputs[k].addEventListener('change', on);
    this.count = h('p.count', { id: 'calls-count' }, '…');
    this.freshButton = h('button.fresh', { type: 'button', hidden: true, onclick: () => this.jumpToTop() }, '');
    const form = h(
      'form.filters',
      { role: 'search', 'aria-label': 'Filter calls', onsubmit: on },
      field('Search', this.inputs.q),
      field('API', this.inputs.api),
      field('Direction', this.inputs.direction),
      field('Operation', this.inputs.operation),
      field('Connection', this.inputs.connection),
      field('Status', this.inputs.status),
      field('Findings', this.inputs.findings),
      field('Run id', this.inputs.runId),
      field('Step', this.inputs.stepId),
      h('div.field.buttons', h('button', { type: 'submit' }, 'Filter'), h('button', { type: 'button', onclick: () => this.resetFilters() }, 'Clear')),
    );
    this.spacer = h('div.spacer');
    this.layer = h('div.rows');
    this.list = h('div.list', { role: 'listbox', tabindex: '0', 'aria-label': 'Calls, newest first', 'aria-describedby': 'calls-count' }, this.spacer, this.layer);
    this.list.addEventListener('scroll', () => this.render());
    this.list.addEventListener('keydown', (e) => this.onKey(e));
    this.list.addEventListener('click', (e) => {
      const row = e.target.closest('[data-index]');
      if (row) this.choose(Number(row.dataset.index), true);
    });
    this.detail = h('div.detail', { 'aria-live': 'off' }, h('p.hint', 'Choose a call to see its request, response, findings and linked calls.'));
    clear(
      panel,
      form,
      h('div.list-head', this.count, this.freshButton),
      h('div.split', h('div.list-wrap', h('div.row.head', { 'aria-hidden': 'true' }, ...['time', 'dir', 'API', 'operation', 'connection', 'status', 'findings', 'ms'].map((t) => h('span', t))), this.list), this.detail),
    );
    new ResizeObserver(() => this.render()).observe(this.list);
  }

  readInputs() {
    this.filter = {};
    for (const k of FILTERS) {
      const v = this.inputs[k].value.trim();
      if (v) this.filter[k] = v;
    }
  }

  syncInputs() {
    for (const k of FILTERS) {
      const el = this.inputs[k];
      const v = this.filter[k] ?? '';
      if (el.tagName === 'SELECT' && v && ![...el.options].some((o) => o.value === v)) el.append(h('option', { value: v }, v));
      el.value = v;
    }
  }

  resetFilters() {
    this.filter = {};
    this.syncInputs();
    this.reload();
  }

  query(offset, limit, facets) {
    const p = new URLSearchParams({ ...this.filter, offset: String(offset), limit: String(limit) });
    if (facets) p.set('facets', '1');
    return this.ctx.api.get(`journal/search?${p}`);
  }

  /** New filter or new calls: drop the cached rows and fetch the window on screen. */
  async reload() {
    const gen = ++this.gen;
    const started = performance.now();
    this.loadedOnce = true;
    this.fresh = 0;
    this.freshButton.hidden = true;
    const first = Math.max(0, Math.floor(this.list.scrollTop / ROW_H));
    const page = Math.floor(first / PAGE);
    try {
      const res = await this.query(page * PAGE, PAGE, true);
      if (gen !== this.gen) return;
      this.pages = new Map([[page, res.rows]]);
      this.apply(res);
      this.fillFacets(res.facets);
      this.render();
      // Exposed for the benchmark and tests: when the list last showed a fresh answer.
      document.body.dataset.callsRendered = String(++this.renders);
      this.lastReloadMs = performance.now() - started;
    } catch (err) {
      if (gen === this.gen) this.ctx.fail(err);
    }
  }

  renders = 0;

  apply(res) {
    this.matched = res.matched;
    this.total = res.total;
    this.lastSeq = res.lastSeq;
    this.spacer.style.height = `${this.matched * ROW_H}px`;
    const filtered = Object.keys(this.filter).length > 0;
    const n = (x) => x.toLocaleString('en');
    const calls = (x) => `${n(x)} call${x === 1 ? '' : 's'}`;
    this.count.textContent = `${filtered ? `${n(this.matched)} of ${calls(this.total)}` : calls(this.matched)}${res.evicted ? ` (${n(res.evicted)} older evicted)` : ''}`;
    if (this.active >= this.matched) this.active = this.matched - 1;
  }

  fillFacets(facets) {
    if (!facets) return;
    for (const [key, values] of [['operation', facets.operations], ['connection', facets.connections]]) {
      const el = this.inputs[key];
      const keep = el.value;
      const labels = key === 'connection' ? (v) => shortToken(v) : (v) => v;
      const known = new Set([...el.options].map((o) => o.value));
      const wanted = ['', ...values, ...(keep && !values.includes(keep) ? [keep] : [])];
      if (wanted.length === known.size && wanted.every((v) => known.has(v))) continue;
      clear(el, ...wanted.map((v) => h('option', { value: v, selected: v === keep, title: v }, v ? labels(v) : 'all')));
    }
  }

  async loadPage(page, gen) {
    if (this.pages.has(page)) return;
    this.pages.set(page, undefined);
    try {
      const res = await this.query(page * PAGE, PAGE, false);
      if (gen !== this.gen) return;
      this.pages.set(page, res.rows);
      if (res.matched !== this.matched) this.apply(res);
      this.render();
    } catch (err) {
      this.pages.delete(page);
      if (gen === this.gen) this.ctx.fail(err);
    }
  }

  rowAt(index) {
    return this.pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  render() {
    if (!this.list) return;
    const height = this.list.clientHeight || 600;
    const first = Math.max(0, Math.floor(this.list.scrollTop / ROW_H) - OVERSCAN);
    const last = Math.min(this.matched - 1, Math.ceil((this.list.scrollTop + height) / ROW_H) + OVERSCAN);
    const rows = [];
    for (let i = first; i <= last; i++) {
      const c = this.rowAt(i);
      if (!c) {
        void this.loadPage(Math.floor(i / PAGE), this.gen);
        rows.push(h('div.row.placeholder', { role: 'option', 'aria-selected': 'false', id: `call-row-${i}`, 'data-index': i, style: { top: `${i * ROW_H}px` } }, h('span', '…')));
        continue;
      }
      rows.push(this.rowEl(c, i));
    }
    this.layer.replaceChildren(...rows);
    const active = this.active >= 0 && this.active >= first && this.active <= last ? `call-row-${this.active}` : undefined;
    if (active) this.list.setAttribute('aria-activedescendant', active);
    else this.list.removeAttribute('aria-activedescendant');
  }

  rowEl(c, i) {
    const [word, cls] = outcome(c);
    const selected = c.seq === this.selected;
    return h(
      `div.row${selected ? '.selected' : ''}${i === this.active ? '.active' : ''}`,
      { role: 'option', id: `call-row-${i}`, 'aria-selected': String(selected), 'aria-setsize': this.matched, 'aria-posinset': i + 1, 'data-index': i, 'data-seq': c.seq, style: { top: `${i * ROW_H}px` } },
      h('span.time', { title: c.time }, shortTime(c.time).slice(11) || c.time),
      h(`span.dir.${c.direction}`, { title: c.direction === 'inbound' ? 'partner → Mews' : 'Mews → partner' }, c.direction === 'inbound' ? '→ in' : '← out'),
      h('span.api', API_LABEL[c.api] ?? c.api),
      h('span.op', c.operation),
      h('span.conn', { title: c.connection ?? '' }, shortToken(c.connection)),
      h(`span.status.${cls}`, word),
      h('span.findings', findingsBadge(c.findings)),
      h('span.ms', String(Math.round(c.durationMs))),
    );
  }

  onKey(e) {
    const visible = Math.max(1, Math.floor(this.list.clientHeight / ROW_H) - 1);
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: visible, PageUp: -visible, Home: -Infinity, End: Infinity };
    if (e.key in moves) {
      e.preventDefault();
      const next = Math.max(0, Math.min(this.matched - 1, (this.active < 0 ? -1 : this.active) + moves[e.key]));
      this.choose(next, false);
    } else if ((e.key === 'Enter' || e.key === ' ') && this.active >= 0) {
      e.preventDefault();
      this.choose(this.active, true);
    }
  }

  /** Moves the keyboard focus to row `index` (scrolling it into view); `open` shows its detail. */
  choose(index, open) {
    if (index < 0 || index >= this.matched) return;
    this.active = index;
    const top = index * ROW_H;
    if (top < this.list.scrollTop) this.list.scrollTop = top;
    else if (top + ROW_H > this.list.scrollTop + this.list.clientHeight) this.list.scrollTop = top + ROW_H - this.list.clientHeight;
    const c = this.rowAt(index);
    if (open && c) this.openDetail(c.seq);
    this.render();
  }

  onLive(entry) {
    if (!this.loadedOnce) return;
    this.total++;
    if (this.list.scrollTop < ROW_H) {
      clearTimeout(this.liveTimer);
      this.liveTimer = setTimeout(() => this.reload(), 120);
      return;
    }
    // Scrolled down: keep the rows still, and offer the new calls.
    this.fresh++;
    this.freshButton.hidden = false;
    this.freshButton.textContent = `↑ ${this.fresh} new call${this.fresh === 1 ? '' : 's'}`;
    void entry;
  }

  jumpToTop() {
    this.list.scrollTop = 0;
    this.reload();
    this.list.focus();
  }

  async openDetail(seq) {
    this.selected = seq;
    this.render();
    clear(this.detail, h('p.hint', `Loading call ${seq}…`));
    try {
      const { entry, links } = await this.ctx.api.get(`journal/entry/${seq}`);
      if (this.selected !== seq) return;
      this.renderDetail(entry, links);
    } catch (err) {
      clear(this.detail, h('p.error', err.message));
    }
  }

  renderDetail(e, links) {
    const [word, cls] = outcome({ ...e, findings: { error: e.findings.filter((f) => f.severity === 'error').length } });
    const meta = [
      ['Direction', e.direction === 'inbound' ? 'inbound (partner → Mews)' : 'outbound (Mews → partner)'],
      ['API', e.api],
      ['Time', e.time],
      ['URL', e.url || '—'],
      ['Status', `${e.status}${e.success !== undefined ? ` · success ${e.success}` : ''}${e.errorCodes?.length ? ` · codes ${e.errorCodes.join(', ')}` : ''}`],
      ['Connection', e.connection ?? '—'],
      ['Message id', e.messageId ?? '—'],
      ['Related message', e.relatedMessageId ?? '—'],
      ['Run / step', e.runId ? `${e.runId} / ${e.stepId ?? '—'}` : '—'],
      ['Duration', `${e.durationMs} ms`],
      ...(e.failure ? [['Failure', e.failure]] : []),
    ];
    const bodies = e.truncated
      ? [h('section', h('h3', 'Bodies'), h('p', `This entry is ${(e.truncated.bytes / 1e6).toFixed(1)} MB; the start is shown. The journal export has all of it.`), codeBlock(e.truncated.text))]
      : [bodySection('Request', e.request?.body), e.response ? bodySection('Response', e.response.body) : h('section', h('h3', 'Response'), h('p.muted', 'No answer was recorded.'))];
    const masked = new Set();
    for (const part of [e.request?.body, e.response?.body, e.truncated?.text]) collectMasked(part, masked);
    clear(
      this.detail,
      h('h2', { tabindex: '-1', id: 'detail-title' }, `#${e.seq} ${e.operation} `, h(`span.status.${cls}`, word)),
      h('dl.meta', meta.flatMap(([k, v]) => [h('dt', k), h('dd', v)])),
      masked.size ? h('p.card-note', { role: 'note' }, h('span.badge.info', 'card masked'), ` ${[...masked].join(', ')}: only the first 6 and last 4 digits were kept; the CVV was not stored.`) : null,
      h('section', h('h3', `Findings (${e.findings.length})`), e.findings.length ? h('ul.findings-list', e.findings.map((f) => h('li', h(`span.badge.${f.severity === 'error' ? 'bad' : f.severity === 'warning' ? 'warn' : 'info'}`, f.severity), ` ${f.kind}: ${f.message}`, f.path ? h('code', ` ${f.path}`) : null))) : h('p.muted', 'None.')),
      h(
        'section',
        h('h3', `Linked calls (${links.length})`),
        links.length
          ? h('ul.links', links.map((l) => h('li', h('button.link', { type: 'button', onclick: () => this.ctx.showCall(l.seq) }, `${l.relation}: #${l.seq} ${l.operation}`), ` ${l.direction}, ${outcome(l)[0]}`)))
          : h('p.muted', 'None: no confirmation, re-send or reply is linked to this call.'),
      ),
      ...bodies,
    );
  }
}

function collectMasked(body, out) {
  if (body === undefined || body === null) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  for (const m of text.matchAll(new RegExp(MASKED, 'g'))) out.add(m[1]);
}

function bodySection(title, body) {
  const text = body === undefined || body === null ? '' : typeof body === 'string' ? prettyText(body) : JSON.stringify(body, null, 2);
  return h('section', h('details', { open: true }, h('summary', h('h3', title), h('span.muted', ` ${text.length.toLocaleString('en')} characters`)), text ? codeBlock(text) : h('p.muted', 'Empty.')));
}

function prettyText(text) {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

/** JSON as text, with masked card numbers marked. */
function codeBlock(text) {
  const shown = text.length > 400_000 ? `${text.slice(0, 400_000)}\n… (${(text.length - 400_000).toLocaleString('en')} more characters)` : text;
  const parts = shown.split(MASKED).map((part, i) => (i % 2 ? h('mark.masked', { title: 'card number, masked' }, part) : part));
  return h('pre.code', { tabindex: '0' }, h('code', parts));
}

export { $ };
