import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MewsSimClient } from '../src/admin/client.js';
import { CLIENT, CM, singleGroup } from './support/fixtures.js';
import { TestPartner } from './support/partner.js';
import { TRANSPORTS, type Transport } from './support/transports.js';

describe.each(TRANSPORTS)('admin API and typed client (%s)', (_name, start) => {
  let t: Transport;
  let client: MewsSimClient;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2026-11-23T12:00:00Z' });
    client = new MewsSimClient(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('reports health', async () => {
    expect(await client.health()).toMatchObject({ status: 'ok', worlds: ['default'] });
  });

  it('sets partner endpoints, runs a booking round trip and verifies it', async () => {
    await client.setPartner({ baseUrl: partner.url });
    await t.post(`${CM}/processGroup`, singleGroup());
    await client.idle();
    const entries = await client.expectCalled({ operation: 'confirmGroup', direction: 'outbound', body: { channelManagerId: 'CM-1001' } });
    expect(entries).toHaveLength(1);
    await expect(client.expectCalled({ operation: 'confirmGroup', body: { channelManagerId: 'OTHER' } })).rejects.toThrow(/Nearest miss[\s\S]*channelManagerId: different value/);
    await expect(client.expectCalled({ operation: 'confirmGroup', body: { channelManagerId: 'OTHER' }, within: 300 })).rejects.toThrow(/Expected at least 1 confirmGroup, found 0/);
    const page = await client.journal({ operation: 'processGroup', direction: 'inbound' });
    expect(page.entries).toHaveLength(1);
    expect(page.entries[0].request.body).toMatchObject({ paymentCard: { number: '411111******1111' } });
  });

  it('exports the journal as NDJSON and takes a snapshot', async () => {
    const r = await t.request('GET', '/_sim/journal/export');
    expect(r.headers.get('content-type')).toContain('ndjson');
    const lines = r.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    const snap = await client.snapshot();
    expect(snap.reservations).toHaveLength(1);
  });

  it('sets and advances the clock, and resets state', async () => {
    expect(await client.setClock({ now: '2027-01-01T00:00:00Z' })).toEqual({ now: '2027-01-01T00:00:00.000Z', frozen: true });
    expect((await client.setClock({ advanceDays: 2 })).now).toBe('2027-01-03T00:00:00.000Z');
    await client.reset({ clearJournal: true });
    expect((await client.snapshot()).reservations).toHaveLength(0);
    expect((await client.journal()).entries).toHaveLength(0);
  });

  it('expectCalled waits up to `within` for background work', async () => {
    await client.clearJournal();
    t.sim.defaultWorld.options.asyncDelayMs = 1000;
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-WITHIN', messageId: 'msg-within' }));
    await expect(client.expectCalled({ operation: 'confirmGroup', body: { channelManagerId: 'CM-WITHIN' } })).rejects.toThrow(/found 0/);
    expect(await client.expectCalled({ operation: 'confirmGroup', body: { channelManagerId: 'CM-WITHIN' }, count: 1, within: 15_000 })).toHaveLength(1);
    t.sim.defaultWorld.options.asyncDelayMs = 0;
  });

  it('sends the admin token it is given as a bearer token', async () => {
    const seen: (string | undefined)[] = [];
    const original = globalThis.fetch;
    globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
      seen.push(new Headers(init?.headers).get('authorization') ?? undefined);
      return original(input, init);
    }) as typeof fetch;
    try {
      await new MewsSimClient(t.baseUrl, undefined, { token: 's3cret' }).health();
      await client.health();
    } finally {
      globalThis.fetch = original;
    }
    expect(seen).toEqual(['Bearer s3cret', undefined]);
  });

  it('answers journal queries as documented: oldest first, limit keeps the newest, total counts everything held', async () => {
    // Background work of the tests before (a delta push) must not land in the middle of this one.
    await t.sim.idle();
    await client.clearJournal();
    for (let i = 0; i < 3; i++) await t.post(`${CM}/getChannels`, { clientToken: CLIENT });
    await t.post(`${CM}/getProperties`, { clientToken: CLIENT, email: 'nobody@example.test' });
    const all = await client.journal({ operation: 'getChannels' });
    expect(all.entries.map((e) => e.seq)).toEqual([...all.entries.map((e) => e.seq)].sort((a, b) => a - b));
    const newest = await client.journal({ operation: 'getChannels', limit: 2 });
    expect(newest.entries.map((e) => e.id)).toEqual(all.entries.slice(-2).map((e) => e.id));
    const everything = await client.journal();
    expect(newest.total).toBeGreaterThan(newest.entries.length);
    expect(everything.entries).toHaveLength(everything.total);
    const after = await client.journal({ since: all.entries[0].seq, api: 'channelManager' });
    expect(after.entries.map((e) => e.operation)).toEqual(['getChannels', 'getChannels', 'getProperties']);
    await client.clearJournal();
  });

  it('creates isolated worlds reachable under /w/<name>', async () => {
    await client.createWorld({ name: 'ci-job-7' });
    const r = await t.post(`/w/ci-job-7${CM}/getChannels`, { clientToken: CLIENT });
    expect(r.body.success).toBe(true);
    const scoped = new MewsSimClient(t.baseUrl, 'ci-job-7');
    expect((await scoped.journal()).entries).toHaveLength(1);
    expect((await client.journal({ operation: 'getChannels' })).entries).toHaveLength(0);
    await client.deleteWorld('ci-job-7');
    await expect(scoped.journal()).rejects.toThrow(/No world named/);
  });

  it('answers bad admin input with a clear error and status', async () => {
    const bad = await t.request('POST', '/_sim/clock', '{"now": 5}', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toEqual({ message: expect.stringContaining('$.now'), path: '$.now' });
    const unknown = await t.request('GET', '/_sim/nope');
    expect(unknown.status).toBe(404);
    const method = await t.request('PUT', '/_sim/journal');
    expect(method.status).toBe(405);
    const limit = await t.request('GET', '/_sim/journal?limit=abc');
    expect(limit.status).toBe(400);
    const dup = await t.request('POST', '/_sim/worlds', { name: 'default' });
    expect(dup.status).toBe(409);
  });
});
