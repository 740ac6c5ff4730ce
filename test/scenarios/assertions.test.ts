import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parseScenarioText } from '../../src/scenarios/load.js';
import { htmlReport } from '../../src/scenarios/reports/html.js';
import { jsonReportWithBodies } from '../../src/scenarios/reports/json.js';
import { runScenario, type ProgressEvent, type ScenarioResult } from '../../src/scenarios/runner.js';
import type { Scenario } from '../../src/scenarios/schema.js';
import { auth, CM, GROSS, NET } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { expressTransport, type Transport } from '../support/transports.js';

const scenario = (steps: unknown[], extra: Record<string, unknown> = {}): Scenario => {
  const r = parseScenarioText(JSON.stringify({ name: 'inline', steps, ...extra }));
  if ('problems' in r) throw new Error(JSON.stringify(r.problems));
  return r.scenario;
};
/** A scenario that skipped validation (a program building one, or an old server): the runner must still not lie. */
const unchecked = (steps: unknown[]): Scenario => ({ name: 'unchecked', world: { builtin: 'demo' }, steps }) as unknown as Scenario;
const push = (expectBody: unknown) => ({ type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today', expect: { body: expectBody } });

const MATCHER_MISTAKES: unknown[] = [
  { $length: 'three' },
  { $regex: '([' },
  { $regx: '.' },
  { $oneof: [true] },
  { $range: { min: 'a lot' } },
  { $type: 'text' },
  { $not: { $tpye: 'string' } },
  { $not: { $regex: '[' } },
  { $exactly: 'true' },
  { $allOf: true },
  { $distinct: { min: 'two' } },
  { $length: { mn: 1 } },
];

describe('assertions that cannot lie', () => {
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
  const run = (s: Scenario, options: Parameters<typeof runScenario>[2] = {}) => runScenario(t.sim.defaultWorld, s, { partner: { baseUrl: partner.url }, ...options });

  it.each(MATCHER_MISTAKES.map((m) => [JSON.stringify(m), m]))('a matcher mistake %s fails its step with the reason, never a green or a crash', async (_name, mistake) => {
    // The partner answers {"success": true}: a vacuous or broken matcher must not pass it.
    const r = await run(unchecked([push({ success: mistake }), { type: 'expectCall', direction: 'outbound', operation: 'updateAvailability', sinceStart: true, within: 50, response: { success: mistake } }]));
    expect(r.status).toBe('failed');
    expect(r.steps[0]).toMatchObject({ status: 'failed', diff: expect.stringContaining('$.reply.success: invalid matcher: ') });
    const expectOnly = await run(unchecked([{ type: 'expectCall', direction: 'outbound', operation: 'updateAvailability', sinceStart: true, within: 50, response: { success: mistake } }, push({ success: true })]));
    expect(expectOnly.steps[0].status).toBe('failed');
  });

  it('matchers filled in from variables at run time fail with the reason (regex that does not compile, wrong type)', async () => {
    const r = await run(scenario([{ type: 'set', variables: { p: '([', n: 'three' } }, push({ success: true, x: { $regex: '${p}' } })]));
    expect(r.steps[1].status).toBe('failed');
    expect(r.steps[1].diff).toContain('does not compile');
    const len = await run(scenario([{ type: 'set', variables: { n: 'three' } }, push({ success: { $length: '${n}' } })]));
    expect(len.steps[1].diff).toContain('$length takes a whole number');
  });

  it('fails at once with the diff when the one call that came does not match; keepWaiting waits for another', async () => {
    const events: ProgressEvent[] = [];
    const running = run(scenario([{ type: 'expectCall', operation: 'getConfiguration', within: '60s', body: { connectionToken: NET }, instructions: 'Read the configuration of the net connection.' }]), {
      onProgress: (e) => events.push(e),
    });
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    const r = await running;
    expect(r.steps[0].status).toBe('failed');
    expect(r.steps[0].message).toMatch(/^The inbound getConfiguration that came \(.+\) does not match; failed at once/);
    expect(r.steps[0].diff).toContain('$.request.connectionToken: different value');
    expect(r.steps[0].durationMs).toBeLessThan(60_000);
    // The console is told what the step waits for, for how long, and what to do.
    expect(events.find((e) => e.type === 'step-start')).toMatchObject({ waitsFor: expect.stringContaining('waiting for inbound getConfiguration with a body like'), waitMs: 60_000, instructions: expect.stringContaining('net connection') });

    const patient = run(scenario([{ type: 'expectCall', operation: 'getConfiguration', within: '20s', keepWaiting: true, body: { connectionToken: NET } }]));
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    await new Promise((res) => setTimeout(res, 100));
    await t.post(`${CM}/getConfiguration`, auth(NET));
    expect((await patient).status).toBe('passed');
  });

  it('status and count on expectCall; $not with a captured value', async () => {
    const s = scenario([
      { type: 'expectCall', operation: 'getConfiguration', within: '20s', status: 200, capture: { token: '$.connectionToken' } },
      { type: 'expectCall', operation: 'getConfiguration', within: '20s', body: { connectionToken: { $not: '${token}' } } },
      { type: 'expectCall', operation: 'getConfiguration', sinceStart: true, within: 300, count: 2 },
    ]);
    const running = run(s);
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    await new Promise((res) => setTimeout(res, 100));
    await t.post(`${CM}/getConfiguration`, auth(NET));
    const r = await running;
    expect(r.steps.map((x) => `${x.status} ${x.message ?? ''}`)).toEqual(['passed ', 'passed ', 'passed ']);
    const wrongStatus = run(scenario([{ type: 'expectCall', operation: 'getConfiguration', within: '20s', status: 401 }]));
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    expect((await wrongStatus).steps[0].diff).toMatch(/\$\.status: different status \(expected 401, got 200\)/);
    const counted = run(scenario([{ type: 'expectCall', operation: 'getConfiguration', within: 300, count: 2 }]));
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    expect((await counted).steps[0].message).toMatch(/^Expected exactly 2 inbound getConfiguration within 300 ms, but 1 came/);
  });

  it('the admin verify API refuses a matcher mistake with its path and reason', async () => {
    const r = await t.post('/_sim/journal/verify', { operation: 'getConfiguration', body: { connectionToken: { $regx: '^A' } } });
    expect(r.status).toBe(400);
    expect(r.body.error.message).toBe('$.body.connectionToken.$regx: unknown matcher $regx (did you mean $regex?); matchers are $any, $absent, $type, $regex, $range, $length, $oneOf, $exactly, $not, $allOf, $distinct');
  });

  it('"since" looks at calls from the named step on', async () => {
    const running = run(scenario([{ id: 'first', type: 'wait', duration: 200 }, { type: 'expectCall', operation: 'getConfiguration', since: 'first', within: 0 }]));
    await new Promise((res) => setTimeout(res, 50));
    await t.post(`${CM}/getConfiguration`, auth(GROSS));
    expect((await running).status).toBe('passed');
  });

  it('a stopped run marks the step in progress aborted and the rest skipped', async () => {
    const controller = new AbortController();
    const running = run(scenario([{ type: 'expectCall', operation: 'processGroup', within: '60s' }, { type: 'wait', duration: 1 }]), { signal: controller.signal });
    setTimeout(() => controller.abort('SIGTERM'), 100);
    const r: ScenarioResult = await running;
    expect(r.status).toBe('failed');
    expect(r.aborted).toContain('SIGTERM');
    expect(r.steps.map((s) => s.status)).toEqual(['aborted', 'skipped']);
    expect(r.steps[0].durationMs).toBeLessThan(60_000);
  });

  it('the HTML report lists failures first, has a failures-only switch and a full-width diff row', async () => {
    const good = await run(scenario([{ type: 'wait', duration: 1 }], { name: 'good one' }));
    const bad = await run(scenario([push({ success: false })], { name: 'bad one' }));
    const html = htmlReport([good, bad]);
    expect(html.indexOf('bad one')).toBeLessThan(html.indexOf('good one'));
    expect(html).toContain('id="failures-only"');
    expect(html).toMatch(/#failures-only:checked~main \.scenario\.passed/);
    expect(html).toMatch(/<tr class="failed detail"><td><\/td><td colspan="4"><div class="message">[^<]+<\/div><pre class="diff">\$\.reply\.success/);
  });

  it('report.json keeps large bodies by reference', async () => {
    const big = 'x'.repeat(80_000);
    const r = await run(scenario([{ type: 'push', operation: 'confirmGroup', connection: GROSS, body: { note: big } }]));
    const { json, bodies } = jsonReportWithBodies([r]);
    const entry = JSON.parse(json).scenarios[0].journal.find((e: { operation: string }) => e.operation === 'confirmGroup');
    expect(entry.request.body).toEqual({ $file: `bodies/${entry.id}.request.json`, bytes: expect.any(Number) });
    expect(JSON.parse(bodies.get(entry.request.body.$file)!).note).toBe(big);
    expect(json.length).toBeLessThan(40_000);
  });
});

describe('mews-sim run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mews-sim-run-'));
  const write = (name: string, value: unknown) => {
    const file = join(dir, name);
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, JSON.stringify(value, null, 2));
    return file;
  };

  it('refuses the certification suite, pointing at certify', async () => {
    const err = await promisify(execFile)('node', ['dist/cli/main.js', 'run', 'scenarios', '--port', '0']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/scenarios\/certification\/01-.*\.json and \d+ more belong to the certification suite/);
    expect(err.stderr).toContain('mews-sim certify --partner-url');
    expect(err.stderr).toContain('mews-sim run scenarios/examples/');
    const marked = write('suite/marked.json', { name: 'marked', suite: 'certification', steps: [{ type: 'wait', duration: 1 }] });
    expect((await promisify(execFile)('node', ['dist/cli/main.js', 'run', marked, '--port', '0']).catch((e) => e)).code).toBe(2);
  });

  it('on SIGTERM writes the reports, the waiting step aborted, exit 143', async () => {
    const file = write('long/wait.json', { name: 'long wait', steps: [{ type: 'expectCall', operation: 'processGroup', within: '5m', instructions: 'Send a booking.' }] });
    const reports = join(dir, 'reports');
    const child = spawn('node', ['dist/cli/main.js', 'run', file, '--port', '0', '--reports', reports], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('→ Send a booking.')) resolve();
      }),
    );
    expect(out).toContain('… 01 expect inbound processGroup: waiting for inbound processGroup (up to 300 s)');
    child.kill('SIGTERM');
    const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    expect(code).toBe(143);
    const report = JSON.parse(readFileSync(join(reports, 'report.json'), 'utf8'));
    expect(report.scenarios[0].steps[0].status).toBe('aborted');
    expect(report.summary).toMatchObject({ failed: 1 });
    for (const f of ['junit.xml', 'report.html']) expect(existsSync(join(reports, f))).toBe(true);
  });
});
