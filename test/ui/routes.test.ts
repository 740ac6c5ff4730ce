import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CM, GROSS, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('dashboard files and its admin routes (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const get = (path: string, headers?: Record<string, string>) => t.request('GET', path, undefined, headers);

  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-03-01T09:00:00Z', partner: { baseUrl: partner.url }, retryBaseMs: 1 });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });
  beforeEach(async () => {
    partner.reset();
    await t.post('/_sim/reset', { clearJournal: true });
  });

  it('sends a browser at / to the dashboard and keeps the JSON 404 for API clients', async () => {
    const html = await fetch(t.baseUrl + '/', { headers: { accept: 'text/html,application/xhtml+xml' }, redirect: 'manual' });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe('/_sim/ui/');
    const api = await get('/');
    expect(api.status).toBe(404);
    expect(api.body.message).toContain('serves nothing');
    await t.post('/_sim/worlds', { name: 'ui-w' });
    const named = await fetch(t.baseUrl + '/w/ui-w', { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(named.headers.get('location')).toBe('/w/ui-w/_sim/ui/');
    await t.request('DELETE', '/_sim/worlds/ui-w');
  });

  it('serves the dashboard files with a strict content security policy, in every world', async () => {
    const bare = await fetch(t.baseUrl + '/_sim/ui', { redirect: 'manual' });
    expect(bare.status).toBe(308);
    expect(bare.headers.get('location')).toBe('/_sim/ui/');
    const page = await get('/_sim/ui/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.text).toContain('<script type="module" src="app.js">');
    await t.post('/_sim/worlds', { name: 'ui-w' });
    const named = await get('/w/ui-w/_sim/ui/app.js');
    expect(named.status).toBe(200);
    expect(named.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    await t.request('DELETE', '/_sim/worlds/ui-w');
    expect((await t.request('POST', '/_sim/ui/index.html', '{}')).status).toBe(405);
  });

  it('loads nothing from another host: every module and stylesheet the page names is served from ui/', async () => {
    const names = readdirSync('ui');
    for (const name of names) {
      const text = readFileSync(`ui/${name}`, 'utf8');
      expect({ name, external: text.match(/(src|href)="https?:|from 'https?:|import\('https?:|url\(https?:/g) }).toEqual({ name, external: null });
      for (const [, dep] of text.matchAll(/from '\.\/([^']+)'/g)) expect(names).toContain(dep);
      const r = await get(`/_sim/ui/${name}`);
      expect({ name, status: r.status }).toEqual({ name, status: 200 });
    }
  });

  it('refuses paths outside the dashboard folder', async () => {
    for (const path of ['/_sim/ui/%2e%2e/package.json', '/_sim/ui/..%2fpackage.json', '/_sim/ui/%2e%2e%2fsrc%2findex.ts', '/_sim/ui/nope.js', '/_sim/ui/%00']) {
      const r = await get(path);
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.text).not.toContain('"name": "mews-sim"');
    }
  });

  it('searches the journal on the server: filters, text in bodies, windows and facets', async () => {
    await t.post(`${CM}/processGroup`, singleGroup());
    await t.post(`${CM}/processGroup`, singleGroup({ messageId: 'msg-2', channelManagerId: 'CM-2', customer: { firstName: 'Grace', lastName: 'Hopper' } }));
    await t.post(`${CM}/processGroup`, singleGroup({ messageId: 'msg-3', channelManagerId: 'CM-3' }, { from: '2027-03-12', to: '2027-03-10' }));
    await t.post('/_sim/idle');
    const search = async (query: string) => (await get(`/_sim/journal/search?${query}`)).body;
    const all = await search('facets=1');
    expect(all.total).toBe(t.sim.defaultWorld.journal.size);
    expect(all.matched).toBe(all.total);
    expect(all.rows.map((r: { seq: number }) => r.seq)).toEqual([...all.rows.map((r: { seq: number }) => r.seq)].sort((a, b) => b - a));
    expect(all.facets.operations).toEqual(expect.arrayContaining(['processGroup', 'confirmGroup']));
    expect(all.facets.connections).toContain(GROSS);

    const pg = await search('operation=processGroup&direction=inbound');
    expect(pg.matched).toBe(3);
    expect(pg.rows[0]).toMatchObject({ operation: 'processGroup', direction: 'inbound', api: 'channelManager', connection: GROSS, findings: expect.any(Object) });
    expect(pg.rows[0]).not.toHaveProperty('request');

    const hopper = await search('q=HOPPER');
    expect(hopper.rows.map((r: { operation: string }) => r.operation)).toEqual(['processGroup']);
    expect((await search('q=hopper&direction=outbound')).matched).toBe(0);

    const refused = await search('status=failed&operation=processGroup');
    expect(refused.matched).toBe(1);
    expect(refused.rows[0]).toMatchObject({ success: false, errorCodes: [expect.any(Number)] });
    expect((await search('status=ok&operation=processGroup')).matched).toBe(2);
    expect((await search('status=2xx&operation=processGroup')).matched).toBe(3);

    const window = await search('operation=processGroup&offset=1&limit=1');
    expect(window).toMatchObject({ matched: 3, offset: 1 });
    expect(window.rows.map((r: { seq: number }) => r.seq)).toEqual([pg.rows[1].seq]);

    const bad = await get('/_sim/journal/search?status=weird');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain("status must be a number, 2xx/3xx/4xx/5xx, ok or failed; got 'weird'");
    expect((await get('/_sim/journal/search?findings=lots')).status).toBe(400);
    expect((await get('/_sim/journal/search?limit=-1')).status).toBe(400);
    // The existing journal route is unchanged.
    expect((await get('/_sim/journal?operation=processGroup')).body.entries).toHaveLength(3);
  });

  it('finds calls by findings, run and step', async () => {
    const scenario = {
      name: 'one push',
      world: { continue: true },
      steps: [{ id: 'avail', type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today', expect: { status: 200 } }],
    };
    const run = (await t.post('/_sim/runs', scenario)).body;
    expect(run.status).toBe('passed');
    const byRun = (await get(`/_sim/journal/search?runId=${run.runId}&stepId=avail`)).body;
    expect(byRun.matched).toBe(1);
    expect(byRun.rows[0]).toMatchObject({ operation: 'updateAvailability', runId: run.runId, stepId: 'avail' });
    await t.post(`${CM}/processGroup`, singleGroup({}, { from: '2027-03-12', to: '2027-03-10' }));
    const withErrors = (await get('/_sim/journal/search?findings=error')).body;
    expect(withErrors.matched).toBeGreaterThan(0);
    expect(withErrors.rows.every((r: { findings: { error: number } }) => r.findings.error > 0)).toBe(true);
    expect((await get('/_sim/journal/search?findings=none')).body.rows.every((r: { findings: object }) => Object.values(r.findings).every((n) => n === 0))).toBe(true);
  });

  it('answers one call with its masked bodies and the calls linked to it', async () => {
    await t.post(`${CM}/processGroup`, singleGroup());
    await t.post('/_sim/idle');
    const [pg] = (await get('/_sim/journal/search?operation=processGroup')).body.rows;
    const detail = (await get(`/_sim/journal/entry/${pg.seq}`)).body;
    expect(detail.entry.request.body.paymentCard.number).toBe('411111******1111');
    expect(JSON.stringify(detail)).not.toContain('4111111111111111');
    expect(detail.links).toEqual([expect.objectContaining({ operation: 'confirmGroup', direction: 'outbound', relation: 'confirmed by' })]);
    const back = (await get(`/_sim/journal/entry/${detail.links[0].seq}`)).body;
    expect(back.links).toEqual([expect.objectContaining({ seq: pg.seq, relation: 'confirms' })]);
    const missing = await get('/_sim/journal/entry/999999');
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain('No journal entry 999999');
  });

  it('answers the start of a very large call, not all of it', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => ({ spaceTypeCode: 'DBL', from: '2027-03-01', to: '2027-03-01', availability: i }));
    const big = t.sim.defaultWorld.record({ time: '2027-03-01T09:00:00.000Z', direction: 'outbound', api: 'channelManager', operation: 'updateAvailability', method: 'POST', url: 'http://partner/updateAvailability', status: 200, request: { body: { availabilities: items } }, durationMs: 1, findings: [] });
    const r = await get(`/_sim/journal/entry/${big.seq}`);
    expect(r.body.entry.operation).toBe('updateAvailability');
    expect(r.body.entry.request).toBeUndefined();
    expect(r.body.entry.truncated.bytes).toBeGreaterThan(512 * 1024);
    expect(r.body.entry.truncated.text).toHaveLength(512 * 1024);
    expect(r.text.length).toBeLessThan(700 * 1024);
  });

  it('links the attempts of a re-sent push', async () => {
    let failures = 2;
    partner.responder = (c) => (c.operation === 'updateAvailability' && failures-- > 0 ? { status: 500, body: {} } : undefined);
    await t.post('/_sim/push', { connection: GROSS, from: '2027-03-01', to: '2027-03-02', kinds: ['availability'] });
    const rows = (await get('/_sim/journal/search?operation=updateAvailability')).body.rows.reverse();
    expect(rows.map((r: { status: number }) => r.status)).toEqual([500, 500, 200]);
    const last = (await get(`/_sim/journal/entry/${rows[2].seq}`)).body;
    expect(last.links.map((l: { seq: number; relation: string }) => [l.seq, l.relation])).toEqual([
      [rows[0].seq, 'attempt 1'],
      [rows[1].seq, 'attempt 2'],
    ]);
    const first = (await get(`/_sim/journal/entry/${rows[0].seq}`)).body;
    expect(first.links.map((l: { relation: string }) => l.relation)).toEqual(['attempt 2', 'attempt 3']);
  });

  it('streams new calls as server-sent events', async () => {
    const controller = new AbortController();
    const res = await fetch(t.baseUrl + '/_sim/journal/events', { signal: controller.signal });
    expect(res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stream ended before ${needle}`);
        text += value;
      }
    };
    await until('event: hello');
    await t.post(`${CM}/processGroup`, singleGroup());
    await until('"operation":"confirmGroup"');
    controller.abort();
    const events = text.split('\n\n').filter((b) => b.includes('event: entry'));
    const first = JSON.parse(/^data: (.*)$/m.exec(events[0])![1]);
    expect(first).toMatchObject({ operation: 'processGroup', direction: 'inbound' });
    expect(first).not.toHaveProperty('request');
    expect(events[0]).toMatch(new RegExp(`^id: ${first.seq}$`, 'm'));
  });

  it('keeps scenario runs with their steps, verdicts and diffs', async () => {
    const failing = {
      name: 'expects a refusal',
      requirement: 'required',
      world: { continue: true },
      steps: [{ id: 'p', type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today', expect: { body: { success: false } } }],
    };
    const result = (await t.post('/_sim/runs', failing)).body;
    expect(result.status).toBe('failed');
    const { runs } = (await get('/_sim/runs')).body;
    expect(runs[0]).toMatchObject({ kind: 'certification', name: 'expects a refusal', status: 'failed', tests: [{ runId: result.runId, requirement: 'required', status: 'failed' }] });
    const step = runs[0].tests[0].steps[0];
    expect(step).toMatchObject({ status: 'failed', diff: expect.stringContaining('success') });
    expect(step.entries[0]).toMatch(/^default-\d+$/);
    expect((await get(`/_sim/runs/${result.runId}`)).body.id).toBe(runs[0].id);
    expect((await get('/_sim/runs/nope')).status).toBe(404);
  });
  it("shows a connection's calendar: values, cells pushed and when, and deltas waiting", async () => {
    await t.post('/_sim/push', { connection: GROSS, from: '2027-03-02', to: '2027-03-03' });
    const cal = (await get(`/_sim/calendar?connection=${GROSS}&from=2027-03-01&days=5`)).body;
    expect(cal.dates).toEqual(['2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05']);
    expect(cal.property).toMatchObject({ id: 'harbour-view', pricingMode: 'gross', currencyCode: 'GBP', ratePlanCodes: expect.arrayContaining(['BAR']) });
    const dbl = cal.availability.find((r: { scope: string }) => r.scope === 'DBL');
    expect(dbl.values.every((v: unknown) => typeof v === 'number')).toBe(true);
    expect(dbl.pushed.map((p: unknown) => p !== null)).toEqual([false, true, true, false, false]);
    expect(dbl.pushed[1]).toMatchObject({ at: '2027-03-01T09:00:00.000Z', accepted: true });
    const bar = cal.prices.find((r: { scope: string }) => r.scope === 'BAR/DBL');
    expect(bar).toMatchObject({ ratePlanCode: 'BAR', spaceTypeCode: 'DBL', synchronized: true });
    expect(typeof bar.values[0]).toBe('number');
    expect(cal.prices.some((r: { synchronized: boolean }) => !r.synchronized)).toBe(true);
    expect(cal.restrictions[0].values[0]).toMatch(/open|closed|no arrival|no departure/);
    expect(cal.pendingDeltas).toEqual([]);

    // Deltas wait long enough to be seen (this is the last test: the world closes with the task).
    t.sim.defaultWorld.options.deltaDelayMs = 60_000;
    await t.post('/_sim/inventory/availability', { connection: GROSS, spaceTypeCode: 'DBL', from: '2027-03-04', to: '2027-03-05', availability: 1 });
    const waiting = (await get(`/_sim/calendar?connection=${GROSS}&from=2027-03-01&days=5`)).body;
    expect(waiting.pendingDeltas).toEqual([{ kind: 'availability', scope: 'DBL', from: '2027-03-04', to: expect.stringMatching(/^2027-03-0[45]$/) }]);
    expect(waiting.availability.find((r: { scope: string }) => r.scope === 'DBL').values.slice(3, 5)).toEqual([1, 1]);
    await t.post('/_sim/push/flush');
    expect((await get(`/_sim/calendar?connection=${GROSS}&from=2027-03-01&days=5`)).body.pendingDeltas).toEqual([]);

    expect((await get('/_sim/calendar')).status).toBe(400);
    expect((await get('/_sim/calendar?connection=nope')).status).toBe(404);
    expect((await get(`/_sim/calendar?connection=${GROSS}&days=400`)).body.error.message).toContain('days must be 1 to 93');
    expect((await get(`/_sim/calendar?connection=${GROSS}&from=2027-02-30`)).status).toBe(400);
  });
});

describe('the dashboard ships', () => {
  it('in the npm package and the image, as the files it is served from', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).files).toContain('ui');
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/^COPY ui \.\/ui$/m);
  });
});
