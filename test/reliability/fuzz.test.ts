import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { z } from 'zod';
import { OPERATIONS, PUSH_ALIASES } from '../../src/channel-manager/operations/index.js';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { TRANSPORTS, type Reply, type Transport } from '../support/transports.js';

/**
 * Property-based fuzzing of every served endpoint: random, half-valid and hostile requests must never
 * crash the simulator, never answer 5xx, and always answer in the documented shape of the API asked.
 * Seeded (FUZZ_SEED to replay) and bounded in time (FUZZ_MS per API).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const TIME_MS = Number(process.env.FUZZ_MS ?? 2500);

const CmAnswer = z.union([
  z.object({ success: z.literal(true) }).loose(),
  z.object({ success: z.literal(false), errors: z.array(z.object({ code: z.number().int(), message: z.string().min(1) }).loose()).min(1) }).loose(),
]);
const ConnectorError = z.object({ Message: z.string().min(1), RequestId: z.string().min(1) });
const AdminError = z.object({ error: z.object({ message: z.string().min(1), path: z.string().optional() }) });

const FIELD_NAMES = [
  'from', 'to', 'messageId', 'relatedMessageId', 'channelManagerId', 'channelId', 'reservations', 'paymentCard', 'customer', 'availabilities',
  'ratePrices', 'restrictions', 'extent', 'success', 'errors', 'spaceTypeCode', 'ratePlanCode', 'email', 'currencyCode', 'totalAmount',
  'Limitation', 'Extent', 'StartUtc', 'EndUtc', 'ServiceId', 'RateId', 'Ids', 'CustomerIds', 'ReservationIds', 'Data', 'Values', 'LastName',
  'Notes', 'CreatedUtc', 'UpdatedUtc', 'Count', 'Cursor', 'name', 'seed', 'now', 'advanceMs', 'advanceDays', 'operation', 'count', 'fault',
  'connection', 'kinds', 'availability', 'price', 'baseUrl', 'url', 'steps', 'world', 'api', '__proto__', 'constructor', 'fixture', 'clearJournal',
];
const date = fc.oneof(fc.constantFrom('2027-01-01', '2027-02-30', '1900-01-01', '9999-12-31', 'today', ''), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), date, fc.constantFrom(1e21, -1, 0, 2 ** 53, '4111111111111111', null, true));
const fields = fc.dictionary(fc.constantFrom(...FIELD_NAMES), value, { maxKeys: 6 });

/** A body: random JSON, JSON with a valid envelope and random fields, or bytes that are not JSON. */
function bodies(envelope: Record<string, unknown>) {
  return fc.oneof(
    { weight: 5, arbitrary: fields.map((f) => JSON.stringify({ ...envelope, ...f })) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.constantFrom('{"a":1,}', '[[[[[[[[', '{"\\u005f_proto__":{}}', '{"constructor":{"prototype":{}}}', '', 'null', `{"x":"${'['.repeat(100)}"}`, '['.repeat(200) + ']'.repeat(200)) },
  );
}
const contentType = fc.oneof({ weight: 8, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', '') });
const method = fc.oneof({ weight: 8, arbitrary: fc.constant('POST') }, { weight: 1, arbitrary: fc.constantFrom('GET', 'PUT', 'DELETE', 'PATCH') });
const mangle = (path: string) => fc.oneof({ weight: 8, arbitrary: fc.constant(path) }, { weight: 1, arbitrary: fc.constantFrom(`${path}/`, path.toLowerCase(), `${path}%E0%A4%A`, `/w/%E0${path}`, `${path}?x=%zz`) });

interface Sample {
  method: string;
  path: string;
  type: string;
  body: string;
}

async function fuzz(t: Transport, samples: fc.Arbitrary<Sample>, check: (s: Sample, r: Reply) => void): Promise<number> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(samples, async (s) => {
      runs++;
      const r = await t.request(s.method, s.path, s.method === 'GET' ? undefined : s.body, s.type ? { 'content-type': s.type } : {});
      expect(r.status).toBeGreaterThanOrEqual(200);
      expect(r.status).toBeLessThan(500);
      check(s, r);
    }),
    { seed: SEED, numRuns: 1_000_000, interruptAfterTimeLimit: TIME_MS, markInterruptAsFailure: false, endOnFailure: true },
  );
  // The health check answers at once after all of it.
  expect((await t.request('GET', '/_sim/health')).status).toBe(200);
  if (process.env.FUZZ_VERBOSE) console.log(`${runs} requests`);
  return runs;
}

describe.each(TRANSPORTS)('fuzz: every endpoint (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start({ now: '2026-11-23T12:00:00Z', deltaDelayMs: 0, connectorRequestLimit: 0, outboundTimeoutMs: 200 });
  });
  afterAll(() => t.close());

  it('Channel Manager API: no 5xx, always {success} or {success:false, errors:[{code, message}]}', async () => {
    const paths = [...OPERATIONS.map((op) => `/api/channelManager/v1/${op.name}`), ...Object.keys(PUSH_ALIASES).map((id) => `/v1/push/${id}`), '/api/channelManager/v1/nope'];
    const envelope = fc.constantFrom({}, { clientToken: DEMO_TOKENS.clientToken }, { clientToken: DEMO_TOKENS.clientToken, connectionToken: DEMO_TOKENS.grossConnection });
    const samples = fc.record({ path: fc.constantFrom(...paths).chain(mangle), method, type: contentType, body: envelope.chain(bodies) });
    const runs = await fuzz(t, samples, (_s, r) => {
      if (r.status === 200) expect(CmAnswer.safeParse(r.body).success).toBe(true);
      else expect(CmAnswer.safeParse(r.body).success || r.status === 404).toBe(true);
    });
    expect(runs).toBeGreaterThan(50);
  }, 60_000);

  it('Connector API: no 5xx, documented statuses, {Message, RequestId} errors', async () => {
    const paths = [...CONNECTOR_OPERATIONS.map((op) => `/api/connector/v1/${op.path}`), '/api/connector/v1/nope/getAll'];
    const auth = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'fuzz' };
    const envelope = fc.constantFrom({}, auth, { ...auth, Limitation: { Count: 10 } });
    const samples = fc.record({ path: fc.constantFrom(...paths).chain(mangle), method, type: contentType, body: envelope.chain(bodies) });
    const runs = await fuzz(t, samples, (_s, r) => {
      expect([200, 204, 400, 401, 403, 404, 408, 409, 413, 429]).toContain(r.status);
      if (r.status >= 400) expect(ConnectorError.safeParse(r.body).success).toBe(true);
      else if (r.status === 200) expect(r.body !== null && typeof r.body === 'object').toBe(true);
    });
    expect(runs).toBeGreaterThan(50);
  }, 60_000);

  it('admin API: no 5xx, JSON answers, {error: {message}} on every refusal', async () => {
    const routes = [
      'journal', 'journal/verify', 'world', 'snapshot', 'reset', 'webhooks', 'integrations', 'partner', 'clock', 'push', 'push/flush',
      'inventory/availability', 'inventory/prices', 'inventory/restrictions', 'connections', 'bookings', 'blocks', 'runs', 'worlds',
      `connections/${DEMO_TOKENS.grossConnection}/disable`, `connections/${DEMO_TOKENS.grossConnection}/enable`, `connections/${DEMO_TOKENS.grossConnection}/map`,
      'properties/harbour-view/spaces', 'bookings/nope/cancel', `integrations/${CONNECTOR_DEMO.grossAccessTokens[0]}/disable`, 'worlds/nope', 'worlds/default/clock', 'nope',
    ].map((r) => `/_sim/${r}`);
    const samples = fc.record({ path: fc.constantFrom(...routes).chain(mangle), method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'), type: contentType, body: bodies({}) });
    const runs = await fuzz(t, samples, (s, r) => {
      expect(r.body).toBeDefined();
      // A world prefix before /_sim is not an admin path: the simulator's own 404 names what is served.
      if (!s.path.startsWith('/_sim')) expect(r.status === 404 && typeof r.body.message === 'string').toBe(true);
      else if (r.status >= 400) expect(AdminError.safeParse(r.body).success).toBe(true);
      // Keep the world usable for the next samples: a fuzzed fault or disabled connection is undone.
      if (s.path.includes('connections/') || s.path.includes('integrations/')) t.sim.defaultWorld.reset();
      t.sim.defaultWorld.faults.clear();
    });
    expect(runs).toBeGreaterThan(50);
  }, 60_000);
});
