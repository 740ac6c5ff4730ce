import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parse as parseYaml } from 'yaml';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { htmlReport } from '../../src/scenarios/reports/html.js';
import { jsonReport } from '../../src/scenarios/reports/json.js';
import { junitReport } from '../../src/scenarios/reports/junit.js';
import { runScenario, type ScenarioResult } from '../../src/scenarios/runner.js';
import type { Scenario } from '../../src/scenarios/schema.js';
import { auth, CM, GROSS, NET, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { expressTransport, type Transport } from '../support/transports.js';

const example = (name: string): Scenario => {
  const r = parseScenarioText(readFileSync(`scenarios/examples/${name}`, 'utf8'), name);
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
};
const scenario = (steps: unknown[], extra: Record<string, unknown> = {}): Scenario => {
  const r = parseScenarioText(JSON.stringify({ name: 'inline', steps, ...extra }));
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
};
const failures = (r: ScenarioResult) => r.steps.filter((s) => s.status === 'failed').map((s) => `${s.name}: ${s.message}\n${s.diff ?? ''}`);

describe('scenario runner', () => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
  });
  afterAll(() => partner.stop());
  beforeEach(async () => {
    partner.reset();
    t = await expressTransport({ deltaDelayMs: 5, retryBaseMs: 10 });
  });
  afterEach(async () => {
    await t.sim.idle();
    await t.close();
  });
  const run = (s: Scenario, env: NodeJS.ProcessEnv = {}) => runScenario(t.sim.defaultWorld, s, { partner: { baseUrl: partner.url }, env });

  it('runs the inventory example: generated pushes, state changes, outbound expectations and matchers', async () => {
    const r = await run(example('01-inventory-push.json'));
    expect(failures(r)).toEqual([]);
    expect(r.status).toBe('passed');
    expect(r.steps.every((s) => s.status === 'passed')).toBe(true);
    expect(r.journal.length).toBeGreaterThan(4);
    expect(r.journal.every((e) => e.runId === r.runId)).toBe(true);
    expect(r.journal.find((e) => e.operation === 'updatePrices' && e.stepId === 'step-5')).toBeDefined();
  });

  it('runs the booking example while the channel manager sends and modifies a booking', async () => {
    const running = run(example('02-booking-round-trip.json'));
    await new Promise((r) => setTimeout(r, 50));
    await t.post(`${CM}/processGroup`, singleGroup());
    await new Promise((r) => setTimeout(r, 100));
    await t.post(`${CM}/processGroup`, singleGroup({ messageId: 'msg-2' }, { state: 2, guests: [] }));
    const r = await running;
    expect(failures(r)).toEqual([]);
    expect(r.variables).toMatchObject({ bookingId: 'CM-1001', code: '01', confirmationNumber: expect.stringMatching(/^\d+$/) });
  });

  it('runs the faults example: error 1 once, then the normal answer', async () => {
    const running = run(example('03-faults.json'));
    await new Promise((r) => setTimeout(r, 50));
    const first = await t.post(`${CM}/getConfiguration`, auth());
    expect(first.body).toEqual({ success: false, errors: [{ code: 1, message: 'Mews is under maintenance.' }] });
    const second = await t.post(`${CM}/getConfiguration`, auth());
    expect(second.body.success).toBe(true);
    const r = await running;
    expect(failures(r)).toEqual([]);
    const faulted = r.journal.find((e) => e.operation === 'getConfiguration' && e.success === false)!;
    expect(faulted.findings[0].kind).toBe('injected-fault');
    // The armed processGroup fault answers 503 after a delay.
    const late = await t.post(`${CM}/processGroup`, singleGroup());
    expect(late.status).toBe(503);
  });

  it('runs the connection example against a partner that refuses an inactive connection', async () => {
    partner.responder = (c) => (c.body?.connectionToken === NET && c.operation === 'updateAvailability' ? { body: { success: false, errors: [{ code: 3, message: 'The connection is inactive.' }] } } : undefined);
    const r = await run(example('04-connection-lifecycle.json'));
    expect(failures(r)).toEqual([]);
  });

  it('fails the connection example when the partner accepts pushes for an inactive connection, with a diff', async () => {
    const r = await run(example('04-connection-lifecycle.json'));
    expect(r.status).toBe('failed');
    const failed = r.steps.find((s) => s.status === 'failed')!;
    expect(failed.name).toBe('the partner refuses a push on the inactive connection');
    expect(failed.diff).toContain('$.reply.success: different value (expected false, got true)');
    expect(r.steps.slice(failed.index + 1).every((s) => s.status === 'skipped')).toBe(true);
  });

  it('substitutes variables, environment values and relative dates', async () => {
    const r = await run(example('05-variables.json'), { MEWS_SIM_VAR_EXAMPLE_SPACE: 'TWN' });
    // A scenario variable wins over the environment.
    expect(failures(r)).toEqual([]);
    // A variable nobody defines is refused before anything runs.
    expect(() => scenario([{ type: 'setAvailability', connection: '${nope}', spaceTypeCode: 'DBL', from: 'today', to: 'today', availability: 1 }])).toThrow('${nope} is never captured or declared');
    const env = await run(scenario([{ type: 'set', variables: { x: '${MEWS_SIM_VAR_FROM_ENV}-today' } }]), { MEWS_SIM_VAR_FROM_ENV: 'abc' });
    expect(env.variables.x).toBe('abc-today');
  });

  it('expectCall: times out with "none came", and "never" passes or fails', async () => {
    const none = await run(scenario([{ type: 'expectCall', operation: 'processGroup', within: '100ms' }]));
    expect(none.steps[0]).toMatchObject({ status: 'failed', message: 'Expected inbound processGroup within 100 ms; none came.' });
    const never = await run(scenario([{ type: 'expectCall', operation: 'processGroup', within: '100ms', never: true }]));
    expect(never.status).toBe('passed');
    const running = run(scenario([{ type: 'expectCall', operation: 'getChannels', within: '500ms', never: true }]));
    await t.post(`${CM}/getChannels`, { clientToken: auth().clientToken });
    expect((await running).steps[0].message).toMatch(/Expected no inbound getChannels within 500 ms, but .* came/);
  });

  it('expectCall reports the nearest miss', async () => {
    const running = run(scenario([{ type: 'expectCall', operation: 'getConfiguration', within: '300ms', body: { connectionToken: NET } }]));
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    const r = await running;
    expect(r.steps[0].diff).toContain('$.request.connectionToken: different value');
  });

  it('push with an explicit body fills in the envelope and captures from the reply', async () => {
    partner.responder = () => ({ body: { success: true, asyncConfirmation: true } });
    const running = run(
      scenario([
        { type: 'push', operation: 'updateAvailability', connection: GROSS, body: { availabilities: [{ spaceTypeCode: 'DBL', from: 'today', to: 'today+1', availability: 4 }] }, expect: { body: { success: true } }, capture: { async: '$.asyncConfirmation' } },
      ]),
    );
    const [sent] = await partner.waitFor('updateAvailability');
    await t.post(`${CM}/processAvailabilityConfirmation`, { ...auth(GROSS), relatedMessageId: (sent.body as { messageId: string }).messageId, success: true });
    const r = await running;
    expect(failures(r)).toEqual([]);
    expect(r.variables.async).toBe(true);
    const [call] = partner.received('updateAvailability');
    expect(call.body).toMatchObject({ clientToken: expect.any(String), connectionToken: GROSS, messageId: expect.any(String), responseUrl: expect.stringContaining('processAvailabilityConfirmation') });
  });

  it('a bad state change fails the step with the reason', async () => {
    const r = await run(scenario([{ type: 'setPrice', connection: GROSS, ratePlanCode: 'NOPE', spaceTypeCode: 'DBL', from: 'today', to: 'today', price: 10 }]));
    expect(r.steps[0]).toMatchObject({ status: 'failed', message: "Unknown rate plan 'NOPE' in harbour-view." });
  });

  it('writes JUnit, HTML and JSON reports', async () => {
    const ok = await run(scenario([{ type: 'wait', duration: '1ms' }], { name: 'fine <one>' }));
    const bad = await run(scenario([{ type: 'expectCall', operation: 'processGroup', within: 10, name: 'needs a <booking>' }], { name: 'broken' }));
    const xml = junitReport([ok, bad]);
    expect(xml).toContain('<testsuite name="fine &lt;one>"');
    expect(xml).toMatch(/<failure message="Expected inbound processGroup within 10 ms; none came."/);
    const html = htmlReport([ok, bad]);
    expect(html).toContain('1 passed, 1 failed');
    expect(html).toContain('needs a &lt;booking&gt;');
    expect(html).not.toContain('<script');
    const json = JSON.parse(jsonReport([ok, bad]));
    expect(json.summary).toMatchObject({ scenarios: 2, passed: 1, failed: 1 });
    expect(parseYaml(JSON.stringify(json)).scenarios[1].steps[0].status).toBe('failed');
  });
});
