import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { followJournal } from '../../src/admin/stream.js';
import type { NewJournalEntry } from '../../src/journal/entry.js';
import { Journal, lazyRequest, serializeEntry } from '../../src/journal/journal.js';
import { luhnValid, maskBody, maskCardData, maskCardNumber, maskCardText } from '../../src/journal/mask.js';
import { verify } from '../../src/journal/verify.js';

const entry = (operation: string, body: unknown = {}): NewJournalEntry => ({
  time: '2026-11-23T10:00:00.000Z',
  direction: 'inbound',
  api: 'channelManager',
  operation,
  method: 'POST',
  url: `/api/channelManager/v1/${operation}`,
  status: 200,
  request: { body },
  durationMs: 1,
  findings: [],
});

describe('card masking', () => {
  it('keeps at most the first 6 and last 4 digits', () => {
    expect(maskCardNumber('4111111111111111')).toBe('411111******1111');
    expect(maskCardNumber('370000000000002')).toBe('370000*****0002');
  });

  it('masks card numbers and drops CVVs in parsed bodies, without touching tokens or confirmation numbers', () => {
    const masked = maskCardData({
      connectionToken: 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4',
      paymentCard: { number: '5555444433331111', cvv: '123', type: 2 },
      comments: ['card 4111 1111 1111 1111 please'],
      reservations: [{ number: '100001' }],
    });
    expect(masked).toEqual({
      connectionToken: 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4',
      paymentCard: { number: '555544******1111', type: 2 },
      comments: ['card 411111******1111 please'],
      reservations: [{ number: '100001' }],
    });
  });

  it('leaves UUIDs whole, even those whose leading digits pass the Luhn check', () => {
    // 81098312-4414-4bcb-...: its first 13 digits, read across the dashes, form a Luhn-valid run.
    const last = [...'0123456789'].find((d) => luhnValid(`810983124414${d}`))!;
    const cursor = `81098312-4414-${last}bcb-a1b2-c3d4e5f6a7b8`;
    const body = { Limitation: { Count: 10, Cursor: cursor }, Notes: `cursor ${cursor}, card 4111 1111 1111 1111` };
    expect(maskBody(body, JSON.stringify(body))).toEqual({ Limitation: { Count: 10, Cursor: cursor }, Notes: `cursor ${cursor}, card 411111******1111` });
    expect(maskCardText(JSON.stringify({ Cursor: cursor }))).toContain(cursor);
  });

  it('masks raw text that could not be parsed', () => {
    const text = maskCardText('{"paymentCard":{"number":"4111111111111111","cvv":"999",}');
    expect(text).not.toContain('4111111111111111');
    expect(text).not.toContain('999');
  });
});

describe('Journal', () => {
  it('is bounded and says how many entries it evicted', () => {
    const j = new Journal('w', { maxEntries: 3 });
    for (let i = 0; i < 5; i++) j.record(entry(`op${i}`));
    expect(j.size).toBe(3);
    expect(j.evicted).toBe(2);
    expect(j.all().map((e) => e.operation)).toEqual(['op2', 'op3', 'op4']);
    expect(j.all()[0].id).toBe('w-3');
  });

  it('filters by operation, direction, since and limit', () => {
    const j = new Journal('w');
    j.record(entry('a'));
    j.record({ ...entry('b'), direction: 'outbound' });
    j.record(entry('a'));
    expect(j.find({ operation: 'a' })).toHaveLength(2);
    expect(j.find({ direction: 'outbound' }).map((e) => e.operation)).toEqual(['b']);
    expect(j.find({ since: 1 }).map((e) => e.seq)).toEqual([2, 3]);
    expect(j.find({ limit: 1 }).map((e) => e.seq)).toEqual([3]);
  });

  it('appends every entry to an NDJSON file as it is recorded', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mews-sim-')), 'sub', 'journal.ndjson');
    const j = new Journal('w', { file });
    j.record(entry('a'));
    j.record(entry('b'));
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.operation)).toEqual(['a', 'b']);
    j.close();
  });

  it('keeps large bodies as text, parsed when read, and exports them unchanged', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mews-sim-')), 'lazy.ndjson');
    const j = new Journal('w', { file });
    const text = JSON.stringify({ ratePrices: [{ ratePlanCode: 'BAR', prices: [{ grossAmount: 1.5 }] }], note: 'a "quoted" \\ value' });
    const e = j.record({ ...entry('updatePrices'), request: lazyRequest(text) });
    expect(e.request.body).toEqual(JSON.parse(text));
    const line = JSON.parse(readFileSync(file, 'utf8').trim());
    expect(line.request.body).toEqual(JSON.parse(text));
    expect(JSON.parse(serializeEntry(e))).toEqual(JSON.parse(JSON.stringify(e)));
    j.close();
  });

  it('hands a lazily kept body out like a plain { body }: own and enumerable, parsed once, per holder', () => {
    const a = lazyRequest([Buffer.from('{"Reservations":[{"Id":"a"}],'), Buffer.from('"Cursor":null}')]);
    const b = lazyRequest('{"Reservations":[],"Cursor":"x"}');
    expect(Object.keys(a)).toEqual(['body']);
    expect(a).toEqual({ body: { Reservations: [{ Id: 'a' }], Cursor: null } });
    expect(a.body).toBe(a.body);
    expect({ ...b }).toEqual({ body: { Reservations: [], Cursor: 'x' } });
    expect(JSON.parse(JSON.stringify(a))).toEqual({ body: { Reservations: [{ Id: 'a' }], Cursor: null } });
    expect(lazyRequest('null').body).toBeNull();
  });

  it('knows the recorded size of every entry it keeps, through evictions and compaction', () => {
    const j = new Journal('w', { maxEntries: 300 });
    const all = Array.from({ length: 1000 }, (_, i) => j.record(entry(`op${i}`), 1000 + i));
    expect(j.size).toBe(300);
    expect(j.all().map((e) => j.approxBytes(e))).toEqual(Array.from({ length: 300 }, (_, i) => 1700 + i));
    expect(j.approxBytes(all[0])).toBe(512);
    j.clear();
    expect(j.approxBytes(all[999])).toBe(512);
  });

  it('evicts by body size too', () => {
    const j = new Journal('w', { maxBytes: 1000 });
    for (let i = 0; i < 5; i++) j.record(entry(`op${i}`), 400);
    expect(j.size).toBe(2);
    expect(j.evicted).toBe(3);
  });

  it('streams new entries live', async () => {
    const j = new Journal('w');
    j.record(entry('old'));
    const feed = followJournal(j, { limit: 2, timeoutMs: 2000 });
    setTimeout(() => {
      j.record(entry('x'));
      j.record(entry('y'));
      j.record(entry('z'));
    }, 10);
    const got: string[] = [];
    for await (const line of feed) got.push(JSON.parse(line).operation);
    expect(got).toEqual(['x', 'y']);
  });
});

describe('verify', () => {
  const j = new Journal('w');
  j.record(entry('processGroup', { channelManagerId: 'A', reservations: [{ code: '01', spaceTypeCode: 'DBL' }] }));
  j.record(entry('processGroup', { channelManagerId: 'B', reservations: [{ code: '01', spaceTypeCode: 'TWN' }] }));

  it('counts calls whose body contains a partial object', () => {
    expect(verify(j, { operation: 'processGroup' })).toMatchObject({ ok: true, matched: 2, expectation: 'at least 1' });
    expect(verify(j, { operation: 'processGroup', body: { reservations: [{ spaceTypeCode: 'TWN' }] }, count: 1 }).ok).toBe(true);
    expect(verify(j, { operation: 'processGroup', count: 3 }).ok).toBe(false);
  });

  it('answers the nearest miss with a readable diff', () => {
    const r = verify(j, { operation: 'processGroup', body: { channelManagerId: 'B', reservations: [{ spaceTypeCode: 'STE' }] } });
    expect(r.ok).toBe(false);
    expect(r.nearestMiss?.entry.request.body).toMatchObject({ channelManagerId: 'B' });
    expect(r.nearestMiss?.diff).toBe('$.request.reservations[0].spaceTypeCode: different value (expected "STE", got "TWN")');
  });
});
