import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Tasks } from '../../src/engine/tasks.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

/** The measured defects of "safe to run anywhere", each reproduced through both adapters. */
describe.each(TRANSPORTS)('safety defects (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2026-11-23T12:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 0 });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('refuses a clock out of range with 400, and background work goes on', async () => {
    for (const body of [{ advanceMs: 1e21 }, { advanceDays: 1e12 }, { now: '+275760-09-13T00:00:00Z' }, { now: '1900-01-01T00:00:00Z' }, { advanceMs: -1e15 }]) {
      const r = await t.post('/_sim/clock', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/between 1970-01-01 and 9000-01-01/);
    }
    expect((await t.request('GET', '/_sim/clock')).body.now).toBe('2026-11-23T12:00:00.000Z');
    const booked = await t.post(`${CM}/processGroup`, singleGroup());
    expect(booked.body.success).toBe(true);
    await t.sim.idle();
    expect(partner.received('confirmGroup').length).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/_sim/health')).status).toBe(200);
  });
});

describe('background tasks', () => {
  it('never throw, even when recording the error fails', async () => {
    const tasks = new Tasks(() => {
      throw new RangeError('Invalid time value');
    });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      tasks.schedule('delta', () => {
        throw new Error('boom');
      });
      await tasks.idle(5_000);
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(/background task delta failed \(boom\)/);
  });
});

describe.each(TRANSPORTS)('partner replies (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2026-11-23T12:00:00Z', partner: { baseUrl: partner.url }, deltaPushes: false, changeNotifications: false, maxReplyBytes: 64 * 1024, retryBaseMs: 5 });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('reads at most maxReplyBytes of a reply, journals the start and sends the message again', async () => {
    let n = 0;
    partner.responder = (call) => (call.operation === 'updateAvailability' && n++ === 0 ? { raw: `{"success":true,"pad":"${'x'.repeat(3 * 1024 * 1024)}"}` } : undefined);
    const r = await t.post('/_sim/push', { from: '2027-01-01', to: '2027-01-02', kinds: ['availability'] });
    expect(r.status).toBe(200);
    await t.sim.idle();
    const entries = t.sim.defaultWorld.journal.find({ operation: 'updateAvailability', direction: 'outbound' });
    const big = entries.find((e) => e.findings.some((f) => f.kind === 'reply-too-large'));
    expect(big).toBeDefined();
    expect(big!.failure).toMatch(/larger than 65536 bytes/);
    expect(String(big!.response?.body).length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(entries.some((e) => e.seq > big!.seq && e.success === true)).toBe(true);
  });
});

describe('outbound calls per host', () => {
  it('keep at most outboundPerHost in flight and queue the rest', async () => {
    const { createServer } = await import('node:http');
    let active = 0;
    let peak = 0;
    let served = 0;
    const server = createServer((req, res) => {
      active++;
      peak = Math.max(peak, active);
      req.resume();
      setTimeout(() => {
        active--;
        served++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true}');
      }, 30);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/confirmGroup`;
    const { World } = await import('../../src/engine/world.js');
    const { callPartner } = await import('../../src/engine/outbound.js');
    const { demoWorld } = await import('../../src/world/demo.js');
    const world = new World('w', demoWorld(), { outboundPerHost: 3 });
    try {
      const results = await Promise.all(Array.from({ length: 30 }, () => callPartner(world, { api: 'channelManager', operation: 'confirmGroup', url, body: { a: 1 } })));
      expect(results.every((r) => r.status === 200)).toBe(true);
      expect(served).toBe(30);
      expect(peak).toBeLessThanOrEqual(3);
    } finally {
      world.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe.each(TRANSPORTS)('bounded and well-formed requests (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start({ now: '2026-11-23T12:00:00Z', deltaPushes: false });
  });
  afterAll(() => t.close());

  it('caps requestAriUpdate with a code-6 error naming the limit', async () => {
    const { auth } = await import('../support/fixtures.js');
    const r = await t.post(`${CM}/requestAriUpdate`, { ...auth(), from: '2027-01-01', to: '2127-01-01' });
    expect(r.body).toMatchObject({ success: false, errors: [{ code: 6 }] });
    expect(r.body.errors[0].message).toMatch(/at most 1098 days/);
    expect((await t.post(`${CM}/requestAriUpdate`, { ...auth(), from: '2027-01-01', to: '2027-01-31' })).body.success).toBe(true);
  });

  it('answers malformed % escapes with 404 in the shape of the API asked', async () => {
    const cm = await t.post(`/w/%E0%A4%A${CM}/getChannels`, {});
    expect(cm.status).toBe(404);
    expect(cm.body).toMatchObject({ success: false, errors: [{ code: 6 }] });
    const conn = await t.post('/w/%E0%A4%A/api/connector/v1/rates/getAll', {});
    expect(conn.status).toBe(404);
    expect(conn.body.Message).toMatch(/No world named/);
    for (const path of ['/_sim/worlds/%E0', '/_sim/worlds/%E0/journal', '/_sim/connections/%E0/enable']) {
      const r = await t.request(path.endsWith('enable') ? 'POST' : 'GET', path);
      expect(r.status).toBeGreaterThanOrEqual(400);
      expect(r.status).toBeLessThan(500);
      expect(typeof r.body.error.message).toBe('string');
    }
  });

  it('refuses __proto__ written with escapes in all three APIs', async () => {
    const { auth } = await import('../support/fixtures.js');
    const escaped = (o: object) => JSON.stringify(o).replace('"__proto__"', '"\\u005f_proto__"');
    const cm = await t.post(`${CM}/getChannels`, escaped({ ...auth(), __proto__x: 1 }).replace('__proto__x', '\\u005f_proto__'));
    expect(cm.body.errors[0].message).toMatch(/forbidden key/);
    const conn = await t.post('/api/connector/v1/rates/getAll', '{"ClientToken":"a","\\u005f_proto__":{"x":1}}');
    expect(conn.status).toBe(400);
    expect(conn.body.Message).toMatch(/forbidden key/);
    const admin = await t.post('/_sim/faults', '{"\\u005f_proto__":{"x":1}}');
    expect(admin.status).toBe(400);
    expect(admin.body.error.message).toMatch(/forbidden key/);
  });
});

describe.each(TRANSPORTS)('journal pages (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start({ journal: { maxEntries: 50_000 } });
    const j = t.sim.defaultWorld.journal;
    for (let i = 0; i < 2500; i++) {
      j.record({ time: new Date().toISOString(), direction: 'inbound', api: 'channelManager', operation: i % 2 ? 'getChannels' : 'getProperties', method: 'POST', url: '/', status: 200, request: { body: { i } }, durationMs: 0, findings: [] });
    }
  });
  afterAll(() => t.close());

  it('answers 1000 entries by default, then pages on with cursor', async () => {
    const first = await t.request('GET', '/_sim/journal');
    expect(first.body.entries).toHaveLength(1000);
    expect(first.body.nextCursor).toBe(first.body.entries[999].seq);
    const seen = [...first.body.entries];
    let cursor = first.body.nextCursor;
    while (cursor !== null) {
      const page = await t.request('GET', `/_sim/journal?cursor=${cursor}`);
      seen.push(...page.body.entries);
      cursor = page.body.nextCursor;
    }
    expect(seen.map((e) => e.request.body.i)).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    const { MewsSimClient } = await import('../../src/admin/client.js');
    let n = 0;
    for await (const e of new MewsSimClient(t.baseUrl).journalEntries({ operation: 'getChannels' })) {
      expect(e.operation).toBe('getChannels');
      n++;
    }
    expect(n).toBe(1250);
  });

  it('keeps limit (the last entries), since and filters, and bounds limit', async () => {
    const last = await t.request('GET', '/_sim/journal?limit=3&operation=getProperties');
    expect(last.body.entries.map((e: { request: { body: { i: number } } }) => e.request.body.i)).toEqual([2494, 2496, 2498]);
    const since = await t.request('GET', '/_sim/journal?since=2490');
    expect(since.body.entries).toHaveLength(10);
    expect(since.body.nextCursor).toBeNull();
    const tooMany = await t.request('GET', '/_sim/journal?limit=10001');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toMatch(/1 to 10000/);
  });

  it('cuts a page at 8 MB of bodies', async () => {
    const j = t.sim.defaultWorld.journal;
    const from = j.lastSeq;
    for (let i = 0; i < 20; i++) {
      j.record({ time: new Date().toISOString(), direction: 'outbound', api: 'channelManager', operation: 'updatePrices', method: 'POST', url: '/', status: 200, request: { body: { pad: 'x'.repeat(1024 * 1024) } }, durationMs: 0, findings: [] }, 1024 * 1024 + 100);
    }
    const page = await t.request('GET', `/_sim/journal?since=${from}`);
    expect(page.body.entries.length).toBeLessThanOrEqual(8);
    expect(page.body.nextCursor).not.toBeNull();
  });
});

describe.each(TRANSPORTS)('worlds with tokens of their own (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start();
  });
  afterAll(() => t.close());

  it('gives a world fresh tokens when asked, so no other world reaches it', async () => {
    const { CLIENT } = await import('../support/fixtures.js');
    const { CONNECTOR_DEMO } = await import('../../src/world/demo.js');
    const created = await t.request('POST', '/_sim/worlds', { name: 'job-fresh', tokens: 'fresh' });
    expect(created.status).toBe(201);
    const w = created.body;
    expect(w.clientToken).not.toBe(CLIENT);
    expect(w.clientToken).toMatch(/^[0-9A-F]{32}-[0-9A-F]{31}$/);
    expect((await t.post(`/w/job-fresh${CM}/getChannels`, { clientToken: CLIENT })).body.errors[0].code).toBe(8);
    expect((await t.post(`/w/job-fresh${CM}/getChannels`, { clientToken: w.clientToken })).body.success).toBe(true);
    const demo = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'x' };
    expect((await t.post('/w/job-fresh/api/connector/v1/configuration/get', demo)).status).toBe(401);
    const fresh = { ClientToken: w.connectorClientTokens[0], AccessToken: w.properties[0].connectorAccessTokens[0], Client: 'x' };
    expect((await t.post('/w/job-fresh/api/connector/v1/configuration/get', fresh)).status).toBe(200);
    expect((await t.post(`${CM}/getChannels`, { clientToken: w.clientToken })).body.errors[0].code).toBe(8);
  });
});

describe('dates in a time zone', () => {
  it('build one Intl.DateTimeFormat per zone, not one per call (each holds native memory)', async () => {
    const { dateInZone } = await import('../../src/engine/dates.js');
    const Original = Intl.DateTimeFormat;
    let built = 0;
    const Counting = function (this: unknown, ...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      built++;
      return new Original(...args);
    } as unknown as typeof Intl.DateTimeFormat;
    Intl.DateTimeFormat = Counting;
    try {
      for (let i = 0; i < 2000; i++) dateInZone(Date.UTC(2027, 0, 1) + i * 3_600_000, i % 2 ? 'Europe/Prague' : 'America/New_York');
    } finally {
      Intl.DateTimeFormat = Original;
    }
    expect(built).toBeLessThanOrEqual(2);
    expect(dateInZone(Date.UTC(2027, 0, 1, 3), 'America/New_York')).toBe('2026-12-31');
  });
});
