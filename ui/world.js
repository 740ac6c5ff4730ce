import { clear, field, h, select, shortTime, shortToken } from './dom.js';

const today = (iso) => (iso ?? new Date().toISOString()).slice(0, 10);
const addDays = (date, n) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A connection's state as words. */
function connectionState(c) {
  if (c.deleted) return ['deleted', 'bad'];
  if (!c.active) return ['inactive', 'warn'];
  if (c.flagged) return [`flagged (code ${c.flagged.code})`, 'bad'];
  return ['active', 'good'];
}

/**
 * The World view: properties and connections (state, tokens, mappings) with their controls, the
 * inventory calendar of one connection, and the world-wide controls (push, clock, faults, reset).
 */
export class WorldView {
  constructor(ctx) {
    this.ctx = ctx;
    this.selected = undefined;
    this.from = undefined;
    this.days = 14;
  }

  async show(panel) {
    this.panel = panel;
    if (!this.built) this.build(panel);
    await this.refresh();
  }

  build(panel) {
    this.built = true;
    this.left = h('div.world-list');
    this.calendar = h('div.calendar-wrap');
    this.controls = h('div.controls');
    clear(panel, h('div.world', h('div.col', h('h2', 'Properties and connections'), this.left), h('div.col.wide', this.calendar, this.controls)));
    this.buildControls();
  }

  async refresh() {
    try {
      const [summary, { connections }, clock] = await Promise.all([this.ctx.api.get('world'), this.ctx.api.get('connections'), this.ctx.refreshClock()]);
      this.summary = summary;
      this.connections = new Map(connections.map((c) => [c.token, c]));
      this.from ??= today(clock?.now);
      this.selected ??= connections.find((c) => c.active && !c.deleted)?.token ?? connections[0]?.token;
      this.renderList();
      this.fillConnectionPickers();
      await this.renderCalendar();
    } catch (err) {
      this.ctx.fail(err);
    }
  }

  /** Runs an admin call, says what it did (or why not), and refreshes what it changed. */
  async act(label, fn, describe) {
    try {
      const result = await fn();
      this.ctx.status(describe ? describe(result) : `${label}: done.`);
      await this.refresh();
      return result;
    } catch (err) {
      this.ctx.status(`${label} failed: ${err.message}`, 'error');
      return undefined;
    }
  }

  renderList() {
    const cards = this.summary.properties.map((p) =>
      h(
        'article.card',
        { 'aria-labelledby': `prop-${p.id}` },
        h('h3', { id: `prop-${p.id}` }, p.name),
        h('p.muted', `${p.id} · ${p.pricingMode} · ${p.currencyCode}`),
        p.connections.length ? h('ul.conns', p.connections.map((c) => this.connectionItem(this.connections.get(c.token) ?? c))) : h('p.muted', 'No connection.'),
      ),
    );
    clear(this.left, h('p.muted', `clientToken `, h('code', { title: this.summary.clientToken }, shortToken(this.summary.clientToken))), ...cards);
  }

  connectionItem(c) {
    const [word, cls] = connectionState(c);
    const api = this.ctx.api;
    const chosen = c.token === this.selected;
    const token = encodeURIComponent(c.token);
    const mapForm = () => {
      const rate = h('input', { type: 'text', size: 6, required: true, placeholder: 'BAR' });
      const space = h('input', { type: 'text', size: 6, required: true, placeholder: 'DBL' });
      const submit = (action) => (e) => {
        e.preventDefault();
        if (!rate.value || !space.value) return this.ctx.status('Give a rate code and a space type code to map or unmap.', 'error');
        void this.act(`${action} ${rate.value} × ${space.value}`, () => api.post(`connections/${token}/${action}`, { ratePlanCode: rate.value.trim(), spaceTypeCode: space.value.trim() }), () => `${action === 'map' ? 'Mapped' : 'Unmapped'} ${rate.value} × ${space.value} on ${c.name ?? shortToken(c.token)}.`);
      };
      return h('form.inline', { 'aria-label': `Map or unmap on ${c.name ?? c.token}`, onsubmit: submit('map') }, field('Rate', rate), field('Space type', space), h('button', { type: 'submit' }, 'Map'), h('button', { type: 'button', onclick: submit('unmap') }, 'Unmap'));
    };
    return h(
      `li.conn${chosen ? '.chosen' : ''}`,
      h('div.conn-head', h('strong', c.name ?? 'connection'), ' ', h(`span.badge.${cls}`, word)),
      h('p', 'token ', h('code', { title: c.token }, shortToken(c.token))),
      h('p.muted', `spaces ${c.spaceTypeCodes?.join(', ') || '—'}`),
      c.inventoryMappings
        ? h('details.mappings', h('summary', `${c.inventoryMappings.length} rate × space mapping${c.inventoryMappings.length === 1 ? '' : 's'}`), h('p.muted', c.inventoryMappings.map((m) => `${m.ratePlanCode}×${m.spaceTypeCode}`).join(', ') || 'nothing'))
        : null,
      c.unsynchronizedRates?.length || c.unsynchronizedCategories?.length ? h('p.warn-text', `unsynchronized: ${[...(c.unsynchronizedRates ?? []), ...(c.unsynchronizedCategories ?? [])].join(', ')}`) : null,
      c.disabledPushes?.length ? h('p.warn-text', `pushes off: ${c.disabledPushes.join(', ')}`) : null,
      h(
        'div.actions',
        h('button', { type: 'button', 'aria-pressed': String(chosen), onclick: () => ((this.selected = c.token), this.refresh()) }, 'Calendar'),
        c.deleted
          ? null
          : c.active
            ? h('button', { type: 'button', onclick: () => this.act('Disable', () => api.post(`connections/${token}/disable`), () => `Connection ${c.name ?? shortToken(c.token)} disabled.`) }, 'Disable')
            : h('button', { type: 'button', onclick: () => this.act('Enable', () => api.post(`connections/${token}/enable`), () => `Connection ${c.name ?? shortToken(c.token)} enabled.`) }, 'Enable'),
        c.deleted ? null : h('button.danger', { type: 'button', onclick: () => confirm(`Delete connection ${c.name ?? c.token}?`) && this.act('Delete', () => api.post(`connections/${token}/delete`), () => `Connection ${c.name ?? shortToken(c.token)} deleted.`) }, 'Delete'),
      ),
      c.deleted ? null : h('details', h('summary', 'Map or unmap a rate × space type'), mapForm()),
    );
  }

  async renderCalendar() {
    const token = this.selected;
    if (!token) return clear(this.calendar, h('p.muted', 'No connection to show.'));
    let cal;
    try {
      cal = await this.ctx.api.get(`calendar?${new URLSearchParams({ connection: token, from: this.from, days: String(this.days) })}`);
    } catch (err) {
      return clear(this.calendar, h('p.error', err.message));
    }
    this.lastCalendar = cal;
    const from = h('input', { type: 'date', value: cal.from });
    const days = select([['7', '7 days'], ['14', '14 days'], ['31', '31 days']], String(this.days));
    const go = (e) => {
      e?.preventDefault();
      this.from = from.value || this.from;
      this.days = Number(days.value);
      void this.renderCalendar();
    };
    days.addEventListener('change', go);
    const shift = (n) => () => {
      this.from = addDays(this.from, n);
      void this.renderCalendar();
    };
    const conn = this.connections?.get(token);
    clear(
      this.calendar,
      h('h2', `Inventory calendar — ${conn?.name ?? shortToken(token)} (${cal.property.name}, ${cal.property.pricingMode} ${cal.property.currencyCode})`),
      h(
        'form.inline',
        { onsubmit: go, 'aria-label': 'Calendar dates' },
        h('button', { type: 'button', onclick: shift(-this.days), 'aria-label': 'Earlier dates' }, '←'),
        field('From', from),
        field('Show', days),
        h('button', { type: 'submit' }, 'Show'),
        h('button', { type: 'button', onclick: shift(this.days), 'aria-label': 'Later dates' }, '→'),
      ),
      h('p.legend', h('span.cell-sample.pushed', 'pushed'), ' accepted push (hover for when) ', h('span.cell-sample.push-failed', 'failed'), ' push not accepted ', h('span.cell-sample.unsync', 'muted'), ' row not synchronized: not pushed'),
      this.grid('Availability', cal.dates, cal.availability),
      this.grid(`Prices (1 guest, ${cal.property.pricingMode})`, cal.dates, cal.prices),
      this.grid('Restrictions', cal.dates, cal.restrictions),
      h(
        'section',
        h('h3', `Pending deltas (${cal.pendingDeltas.length})`),
        cal.pendingDeltas.length ? h('ul', cal.pendingDeltas.map((d) => h('li', `${d.kind} ${d.scope} ${d.from} – ${d.to}`))) : h('p.muted', 'None waiting: every change has been pushed.'),
        h('h3', `Waiting for the partner's confirmation (${cal.awaitingConfirmation.length})`),
        cal.awaitingConfirmation.length
          ? h('ul', cal.awaitingConfirmation.map((p) => h('li', `${p.operation} ${p.messageId}, sent ${shortTime(p.sentAt)}: confirm with ${p.confirmWith} `, h('button.link', { type: 'button', onclick: () => this.ctx.showCalls({ q: p.messageId }) }, 'show calls'))))
          : h('p.muted', 'None.'),
      ),
    );
  }

  grid(title, dates, rows) {
    const id = `grid-${title.split(' ')[0].toLowerCase()}`;
    if (!rows.length) return h('section', h('h3', title), h('p.muted', 'Nothing mapped.'));
    return h(
      'section.grid-section',
      h('h3', { id }, title),
      h(
        'div.grid-scroll',
        { tabindex: '0', role: 'region', 'aria-labelledby': id },
        h(
          'table.grid',
          h('thead', h('tr', h('th', { scope: 'col' }, 'rate / space'), dates.map((d) => h('th', { scope: 'col', title: d }, d.slice(5))))),
          h(
            'tbody',
            rows.map((r) =>
              h(
                `tr${r.synchronized ? '' : '.unsync'}`,
                h('th', { scope: 'row' }, r.scope, r.synchronized ? null : h('span.sr-only', ' (not synchronized)')),
                r.values.map((v, i) => {
                  const p = r.pushed[i];
                  const cls = p ? (p.accepted ? '.pushed' : '.push-failed') : '';
                  const title = p ? `${dates[i]}: ${p.accepted ? 'pushed' : 'push not accepted'} at ${shortTime(p.at)} (call #${p.seq})` : `${dates[i]}: not pushed`;
                  return h(`td${cls}`, { title, 'data-seq': p?.seq }, v === null ? '—' : String(v), p ? h('span.sr-only', p.accepted ? ' pushed' : ' push failed') : null);
                }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  fillConnectionPickers() {
    const options = [['', 'every connection'], ...[...this.connections.values()].filter((c) => !c.deleted).map((c) => [c.token, `${c.name ?? 'connection'} ${shortToken(c.token)}`])];
    const keep = this.pushConnection.value;
    clear(this.pushConnection, ...options.map(([v, t]) => h('option', { value: v, selected: v === keep }, t)));
    if (!this.pushFrom.value) {
      this.pushFrom.value = this.from;
      this.pushTo.value = addDays(this.from, 30);
    }
  }

  buildControls() {
    const api = this.ctx.api;
    // Push now
    this.pushConnection = h('select');
    this.pushFrom = h('input', { type: 'date', required: true });
    this.pushTo = h('input', { type: 'date', required: true });
    const kinds = ['availability', 'prices', 'restrictions'].map((k) => h('input', { type: 'checkbox', checked: true, value: k, id: `kind-${k}` }));
    const describePushes = (label) => (r) => {
      const p = r.pushes ?? [];
      if (!p.length) return `${label}: nothing to push.`;
      const sum = (k) => p.reduce((n, x) => n + (x[k] ?? 0), 0);
      const skipped = p.filter((x) => x.skipped).map((x) => `${x.kind}: ${x.skipped}`);
      return `${label}: ${sum('messages')} message(s), ${sum('items')} item(s); ${sum('accepted')} accepted, ${sum('pendingConfirmation')} waiting for confirmation, ${sum('failed')} failed${skipped.length ? `; skipped ${skipped.join('; ')}` : ''}.`;
    };
    const push = h(
      'form.panel',
      {
        'aria-labelledby': 'ctl-push',
        onsubmit: (e) => {
          e.preventDefault();
          const body = { from: this.pushFrom.value, to: this.pushTo.value, kinds: kinds.filter((k) => k.checked).map((k) => k.value) };
          if (this.pushConnection.value) body.connection = this.pushConnection.value;
          void this.act('Full push', () => api.post('push', body), describePushes('Full push sent'));
        },
      },
      h('h3', { id: 'ctl-push' }, 'Push now'),
      field('Connection', this.pushConnection),
      h('div.row', field('From', this.pushFrom), field('To', this.pushTo)),
      h('fieldset', h('legend', 'Kinds'), kinds.map((k) => h('span.check', k, h('label', { for: k.id }, k.value)))),
      h('div.row', h('button.primary', { type: 'submit' }, 'Full push'), h('button', { type: 'button', onclick: () => this.act('Delta push', () => api.post('push/flush'), describePushes('Pending deltas sent')) }, 'Send pending deltas')),
    );
    // Clock
    const at = h('input', { type: 'datetime-local', step: '1' });
    const clock = h(
      'form.panel',
      {
        'aria-labelledby': 'ctl-clock',
        onsubmit: (e) => {
          e.preventDefault();
          if (!at.value) return this.ctx.status('Give a date and time to set the clock to.', 'error');
          void this.act('Set clock', () => api.post('clock', { now: new Date(`${at.value}Z`).toISOString() }), (c) => `Clock set to ${shortTime(c.now)} (frozen).`);
        },
      },
      h('h3', { id: 'ctl-clock' }, 'Clock'),
      h('div.row', field('Set to (UTC)', at), h('button', { type: 'submit' }, 'Set')),
      h(
        'div.row',
        h('button', { type: 'button', onclick: () => this.act('Advance', () => api.post('clock', { advanceMs: 3_600_000 }), (c) => `Clock advanced 1 hour to ${shortTime(c.now)}.`) }, '+1 hour'),
        h('button', { type: 'button', onclick: () => this.act('Advance', () => api.post('clock', { advanceDays: 1 }), (c) => `Clock advanced 1 day to ${shortTime(c.now)}.`) }, '+1 day'),
        h('button', { type: 'button', onclick: () => this.act('Release', () => api.post('clock', { release: true }), (c) => `Clock follows real time again: ${shortTime(c.now)}.`) }, 'Real time'),
      ),
    );
    // Faults
    const fApi = select([['channelManager', 'Channel Manager'], ['connector', 'Connector']], 'channelManager');
    const fOp = h('input', { type: 'text', required: true, placeholder: 'updatePrices' });
    const fCount = h('input', { type: 'number', min: '1', value: '1', required: true, size: 3 });
    const fKind = select([['500', 'HTTP 500'], ['429', 'HTTP 429'], ['408', 'HTTP 408'], ['code1', 'CM error code 1'], ['delay', 'delay 5 s'], ['noAnswer', 'no answer']], '500');
    const faultOf = (k) => (k === 'delay' ? { delayMs: 5000 } : k === 'noAnswer' ? { noAnswer: true, delayMs: 1000 } : k === 'code1' ? { errorCode: 1, message: 'Injected system error' } : { httpStatus: Number(k) });
    const faults = h(
      'form.panel',
      {
        'aria-labelledby': 'ctl-faults',
        onsubmit: (e) => {
          e.preventDefault();
          void this.act('Arm fault', () => api.post('faults', { api: fApi.value, operation: fOp.value.trim(), count: Number(fCount.value), fault: faultOf(fKind.value) }), (r) => `Fault armed: the next ${fCount.value} ${fOp.value} call(s) get ${fKind.selectedOptions[0].textContent}. ${r.faults.length} fault(s) armed in all.`);
        },
      },
      h('h3', { id: 'ctl-faults' }, 'Arm a fault'),
      h('div.row', field('API', fApi), field('Operation', fOp), field('Calls', fCount), field('Fault', fKind)),
      h('div.row', h('button', { type: 'submit' }, 'Arm'), h('button', { type: 'button', onclick: () => this.act('Clear faults', () => api.del('faults'), () => 'Every armed fault cleared.') }, 'Clear faults')),
    );
    // Reset and journal
    const reset = h(
      'div.panel',
      { role: 'group', 'aria-labelledby': 'ctl-reset' },
      h('h3', { id: 'ctl-reset' }, 'Reset'),
      h(
        'div.row',
        h('button.danger', { type: 'button', onclick: () => confirm('Reset the world to its fixture? The journal is kept.') && this.act('Reset', () => api.post('reset', {}), () => 'World reset to its fixture; the journal was kept.') }, 'Reset world'),
        h('button.danger', { type: 'button', onclick: () => confirm('Clear the journal of this world?') && this.act('Clear journal', () => api.del('journal'), () => 'Journal cleared.') }, 'Clear journal'),
      ),
    );
    clear(this.controls, h('h2', 'Controls'), h('div.panels', push, clock, faults, reset));
  }
}
