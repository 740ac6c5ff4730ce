import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { runScenario, type ScenarioResult } from '../../src/scenarios/runner.js';
import { auth, CM, GROSS } from '../support/fixtures.js';
import { TestPartner, type ReceivedCall } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const scenario = (steps: unknown[]) => {
  const r = parseScenarioText(JSON.stringify({ name: 'push verdict', timeout: '2s', steps }));
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
};
const unmapped = {
  type: 'push',
  operation: 'updateAvailability',
  connection: GROSS,
  body: { availabilities: [{ spaceTypeCode: 'NOPE', from: 'today', to: 'today+1', availability: 1 }] },
  expect: { status: 200, body: { success: false, errors: [{ code: 10, categoryCode: 'NOPE' }] } },
};
const fullAvailability = { type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today+3', expect: { status: 200, body: { success: true } } };
const failed = (r: ScenarioResult) => r.steps.find((s) => s.status === 'failed');

describe.each(TRANSPORTS)('push verdicts (%s)', (_name, make) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
  });
  afterAll(() => partner.stop());
  beforeEach(async () => {
    partner.reset();
    t = await make({ deltaDelayMs: 5, retryBaseMs: 10, confirmationTimeoutMs: 1000 });
    t.sim.defaultWorld.setPartner({ baseUrl: partner.url });
  });
  afterEach(async () => {
    await t.sim.idle();
    await t.close();
  });

  /** The partner promises a confirmation, then sends `confirmation` for every push it got. */
  async function asyncPartner(confirmation: ((call: ReceivedCall) => Record<string, unknown>) | undefined, steps: unknown[], operation = 'updateAvailability') {
    partner.responder = () => ({ body: { success: true, asyncConfirmation: true } });
    const running = runScenario(t.sim.defaultWorld, scenario(steps));
    if (confirmation) {
      const [call] = await partner.waitFor(operation);
      await new Promise((r) => setTimeout(r, 20));
      for (const c of partner.received(operation)) {
        const body = c.body as { messageId: string };
        await t.post(`${CM}/processAvailabilityConfirmation`, { ...auth(GROSS), relatedMessageId: body.messageId, ...confirmation(call) });
      }
    }
    return running;
  }

  it('a synchronous reply is the verdict, and a failure quotes the partner', async () => {
    partner.responder = () => ({ body: { success: true } });
    const r = await runScenario(t.sim.defaultWorld, scenario([unmapped]));
    expect(r.status).toBe('failed');
    expect(failed(r)?.message).toContain('It answered: {"success":true}');
    expect(failed(r)?.diff).toContain('$.reply.success');
  });

  it('an error reported in the asynchronous confirmation passes an error test', async () => {
    const r = await asyncPartner(() => ({ success: false, errors: [{ code: 10, message: 'Unknown space type NOPE.', categoryCode: 'NOPE' }] }), [unmapped]);
    expect(failed(r)).toBeUndefined();
    expect(r.steps[0].entries).toHaveLength(2);
  });

  it('a confirmation that rejects the data fails a push that must be accepted', async () => {
    const r = await asyncPartner(() => ({ success: false, errors: [{ code: 7, message: 'Availability could not be stored.' }] }), [fullAvailability]);
    expect(r.status).toBe('failed');
    expect(failed(r)?.message).toMatch(/asynchronous confirmation .* is not as expected\. It reported: .*could not be stored/);
    expect(failed(r)?.diff).toContain('$.confirmation.success');
  });

  it('a promised confirmation that never comes fails, naming the message', async () => {
    const r = await asyncPartner(undefined, [fullAvailability]);
    expect(r.status).toBe('failed');
    expect(failed(r)?.message).toMatch(/with asyncConfirmation: true, but no processAvailabilityConfirmation with relatedMessageId '[^']+' came/);
  });

  it('a confirmed push passes, and the missing-confirmation timer stops once it came', async () => {
    const r = await asyncPartner(() => ({ success: true }), [fullAvailability]);
    expect(failed(r)).toBeUndefined();
    const started = performance.now();
    await t.sim.idle(5000);
    expect(performance.now() - started).toBeLessThan(4000);
  });
});
