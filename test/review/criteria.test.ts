import { afterEach, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { ReviewDeclarationSchema } from '../../src/review/declaration.js';
import { review } from '../../src/review/review.js';
import type { ReviewResult } from '../../src/review/types.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const failing = (r: ReviewResult) => r.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').map((f) => f.id).sort();
const finding = (r: ReviewResult, id: string) => r.findings.find((f) => f.id === id)!;
const TOKEN = CONNECTOR_DEMO.grossAccessTokens[1];

const declaration = (operations: string[], extra: Record<string, unknown> = {}) =>
  ReviewDeclarationSchema.parse({
    integration: { name: 'Naive PMS sync' },
    useCases: ['housekeeping'],
    operations: operations.map((operation) => ({ operation, purpose: 'sync' })),
    expectedLoad: { requestsPerHour: 100 },
    accessTokens: [TOKEN],
    ...extra,
  });

/**
 * A partner written without reading the guidelines, sending raw requests: each habit must show up as
 * its own finding, judged from what the simulator journaled (not from our reference client).
 */
describe.each(TRANSPORTS)('review of a naive partner (%s)', (_name, makeTransport) => {
  let t: Transport | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const setup = async () => {
    t = await makeTransport({ now: '2027-06-01T10:00:00Z' });
    const call = (operation: string, body: Record<string, unknown>, client = 'naive') =>
      t!.post(`/api/connector/v1/${operation}`, { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: TOKEN, Client: client, ...body });
    const advance = (ms: number) => t!.request('POST', '/_sim/clock', { advanceMs: ms });
    return { call, advance };
  };

  it('finds the deprecated operation, the formatting, the filters and the errors that stay unresolved', async () => {
    const { call, advance } = await setup();
    const config = await call('configuration/get', { LanguageCode: 'en-US' });
    expect(config.status).toBe(200);
    const services = await call('services/getAll', { Limitation: { Count: 10 } });
    const serviceId = services.body.Services[0].Id;
    // The version of 2017, long discontinued (and called without its required parameters): an error every time.
    for (let i = 0; i < 2; i++) expect((await call('reservations/getAll', { Limitation: { Count: 10 } })).status).toBeGreaterThanOrEqual(400);
    await call('rates/getAll', { ServiceIds: [serviceId], Extent: { Rates: true, AvailabilityBlockAssignments: true }, Limitation: { Count: 100 } });
    await call('businessSegments/getAll', { Limitation: { Count: 100 } });
    await call('resources/getAll', { Extent: { Resources: true }, ServiceIds: [serviceId] });
    const old = { StartUtc: '2026-01-01T00:00:00Z', EndUtc: '2026-03-31T00:00:00Z' };
    await call('reservations/getAll/2023-06-06', { ServiceIds: [serviceId], ScheduledStartUtc: old, Limitation: { Count: 1000 } });
    await advance(3_600_000);
    await call('reservations/getAll/2023-06-06', { ServiceIds: [serviceId], ScheduledStartUtc: old, Limitation: { Count: 1000 } });
    const r = await review(
      t!.sim.defaultWorld.journal.all(),
      declaration(['configuration/get', 'services/getAll', 'rates/getAll', 'businessSegments/getAll', 'resources/getAll', 'reservations/getAll/2023-06-06', 'tasks/getAll']),
    );
    expect(failing(r)).toEqual(
      ['client-name', 'deprecated', 'errors', 'history-sweeps', 'language-culture', 'limitation', 'scoping', 'time-intervals', 'undeclared-operations', 'unused-declared-operations', 'unused-extents'].sort(),
    );
    expect(finding(r, 'deprecated').severity).toBe('blocking');
    expect(finding(r, 'deprecated').message).toContain('reservations/getAll');
    expect(finding(r, 'errors').details?.join('\n')).toMatch(/UNRESOLVED ×2 reservations\/getAll HTTP 4\d\d/);
    expect(finding(r, 'scoping').evidence[0].excerpt).toContain('businessSegments/getAll');
    expect(finding(r, 'unused-declared-operations').message).toContain('tasks/getAll');
    expect(finding(r, 'several-extents').status).toBe('fail');
    expect(finding(r, 'limitation').evidence[0].excerpt).toContain('resources/getAll');
    expect(r.verdict).toBe('needs changes');
  });

  it('holds a client to the Retry-After the 429 carried, as journaled', async () => {
    const { call, advance } = await setup();
    await t!.request('POST', '/_sim/faults', { api: 'connector', operation: 'configuration/get', count: 1, fault: { httpStatus: 429, retryAfter: 30 } });
    expect((await call('configuration/get', {}, 'Naive 1.0')).status).toBe(429);
    const limited = t!.sim.defaultWorld.journal.all().find((e) => e.status === 429)!;
    expect(limited.response?.headers).toEqual({ 'retry-after': '30' });
    // Five seconds is not the thirty asked for.
    await advance(5000);
    expect((await call('configuration/get', {}, 'Naive 1.0')).status).toBe(200);
    const r = await review(t!.sim.defaultWorld.journal.all(), declaration(['configuration/get'], { useCases: [] }));
    expect(failing(r)).toEqual(['retry-after']);
    expect(finding(r, 'retry-after').evidence[0].excerpt).toMatch(/sent 25 s before Retry-After allowed/);
    expect(finding(r, 'errors').status).toBe('pass');
  });

  it('finds retries without backoff, repeated requests, bursts near the limit and calls after a 401', async () => {
    const { call, advance } = await setup();
    const ok = ['configuration/get', 'enterprises/getAll'];
    await t!.request('POST', '/_sim/faults', { api: 'connector', operation: 'enterprises/getAll', count: 4, fault: { httpStatus: 503 } });
    // Retries every 5 s, never longer: no backoff; the fifth attempt succeeds, so the errors are resolved.
    for (let i = 0; i < 5; i++) {
      await call('enterprises/getAll', { Limitation: { Count: 10 } }, 'Naive 1.0');
      await advance(5000);
    }
    // The same configuration 170 times in one burst.
    for (let i = 0; i < 170; i++) await call('configuration/get', {}, 'Naive 1.0');
    await advance(60_000);
    await t!.request('POST', `/_sim/integrations/${TOKEN}/disable`);
    for (let i = 0; i < 5; i++) {
      expect((await call('configuration/get', {}, 'Naive 1.0')).status).toBe(401);
      await advance(60_000);
    }
    const r = await review(t!.sim.defaultWorld.journal.all(), declaration(ok, { useCases: [] }));
    expect(failing(r)).toEqual(['backoff', 'bursts', 'errors', 'repeated-requests', 'unauthorized'].sort());
    expect(finding(r, 'errors').details?.join('\n')).toMatch(/resolved ×4 enterprises\/getAll HTTP 503/);
    expect(finding(r, 'unauthorized').count).toBe(5);
    expect(finding(r, 'bursts').evidence[0].excerpt).toMatch(/160 requests in 30 s/);
    // Under two hours of simulated time: the frequency criteria say they cannot judge yet.
    expect(finding(r, 'polling').status).toBe('not-judged');
    expect(finding(r, 'static-data').message).toMatch(/too short/);
  });
});
