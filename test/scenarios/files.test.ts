import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadScenarios } from '../../src/scenarios/load.js';
import { formatProblem } from '../../src/world/load.js';
import { GROSS } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { expressTransport } from '../support/transports.js';

const dir = mkdtempSync(join(tmpdir(), 'mews-sim-scenarios-'));
const write = (name: string, value: unknown) => {
  const file = join(dir, name);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return file;
};
const run = promisify(execFile);

describe('scenario files', () => {
  it('every example in the library is valid', () => {
    const { scenarios, problems } = loadScenarios(['scenarios']);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(scenarios.length).toBeGreaterThanOrEqual(5);
    const types = new Set(scenarios.flatMap((s) => s.scenario.steps.map((st) => st.type)));
    for (const t of ['setAvailability', 'setPrice', 'setRestriction', 'connection', 'push', 'expectCall', 'fault', 'wait', 'set']) expect(types).toContain(t);
    const text = scenarios.map((s) => readFileSync(s.file, 'utf8')).join();
    for (const m of ['$any', '$absent', '$type', '$regex', '$range', '$length', '$oneOf', '$exactly']) {
      if (m !== '$any') expect(text).toContain(`"${m}"`);
    }
  });

  it('reports file, line, column, JSON path and reason for every problem', () => {
    const file = write(
      'bad/one.json',
      `{
  "name": "bad",
  "steps": [
    { "type": "push", "operation": "confirmGroup", "connection": "x" },
    { "type": "wait", "duration": "soon" },
    { "type": "teleport" }
  ]
}`,
    );
    const { problems } = loadScenarios([file]);
    const lines = problems.map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([expect.stringMatching(/one\.json:5:\d+ \$\.steps\[1\]\.duration: /), expect.stringMatching(/one\.json:6:\d+ \$\.steps\[2\]\.type: /)]),
    );
    const semantic = loadScenarios([write('bad/two.json', { name: 'x', steps: [{ type: 'push', operation: 'confirmGroup', connection: 'x' }] })]).problems;
    expect(formatProblem(semantic[0])).toMatch(/two\.json:\d+:\d+ \$\.steps\[0\]\.operation: a confirmGroup push needs a "body"/);
    expect(formatProblem(loadScenarios([write('bad/three.json', '{"name": "x",')]).problems[0])).toMatch(/three\.json:1:\d+ \$: not valid JSON/);
    expect(formatProblem(loadScenarios([join(dir, 'missing.json')]).problems[0])).toContain('no such file or folder');
  });
});

describe('mews-sim run and validate', () => {
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
  });
  afterAll(() => partner.stop());

  const good = () => write('suite/good.json', { name: 'good', steps: [{ type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today+2', expect: { body: { success: true } } }] });
  const failing = () => write('suite/failing.json', { name: 'failing', steps: [{ type: 'push', operation: 'updateAvailability', connection: GROSS, from: 'today', to: 'today', expect: { body: { success: false } } }, { type: 'wait', duration: 1 }] });

  it('exits 0 when every scenario passes and writes the three reports', async () => {
    const reports = join(dir, 'reports-ok');
    const r = await run('node', ['dist/cli/main.js', 'run', good(), '--port', '0', '--partner-url', partner.url, '--reports', reports]);
    expect(r.stdout).toContain('✓ 01 push updateAvailability today..today+2');
    expect(r.stdout).toContain('1 passed, 0 failed');
    for (const f of ['junit.xml', 'report.html', 'report.json']) expect(existsSync(join(reports, f))).toBe(true);
  });

  it('exits 1 when a scenario fails, printing the diff', async () => {
    good();
    failing();
    const err = await run('node', ['dist/cli/main.js', 'run', join(dir, 'suite'), '--port', '0', '--partner-url', partner.url, '--json', join(dir, 'r.json')]).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stdout).toContain('✗ 01 push updateAvailability');
    expect(err.stdout).toContain('$.reply.success: different value (expected false, got true)');
    expect(err.stdout).toContain('- 02 wait 1');
    expect(JSON.parse(readFileSync(join(dir, 'r.json'), 'utf8')).summary).toMatchObject({ passed: 1, failed: 1 });
  });

  it('exits 2 on an invalid file without running anything; so does validate', async () => {
    const bad = write('invalid/x.json', { name: 'x', steps: [] });
    const err = await run('node', ['dist/cli/main.js', 'run', bad, '--port', '0']).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/x\.json:\d+:\d+ \$\.steps: /);
    const v = await run('node', ['dist/cli/main.js', 'validate', bad]).catch((e) => e);
    expect(v.code).toBe(2);
    expect(v.stderr).toContain('1 file(s): 0 valid, 1 with problems (1 problem(s))');
    const okv = await run('node', ['dist/cli/main.js', 'validate', 'scenarios']);
    expect(okv.stdout).toContain('ok scenarios/examples/01-inventory-push.json');
    expect(okv.stdout).toMatch(/\d+ file\(s\): \d+ valid, 0 with problems/);
  });

  it('prints progress live, step by step', async () => {
    // The second step waits 2 s: the first step's line must arrive while it is still waiting, not at the end.
    const slow = write('live/slow.json', { name: 'slow', steps: [{ type: 'wait', duration: '300ms' }, { type: 'wait', duration: '2s' }] });
    const child = spawn('node', ['dist/cli/main.js', 'run', slow, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const secondDoneWhenFirstArrived = await new Promise<boolean>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('✓ 01')) resolve(out.includes('✓ 02'));
      });
    });
    const exit = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? -1)));
    expect(exit).toBe(0);
    expect(secondDoneWhenFirstArrived).toBe(false);
  });

  it('runs through the admin API too', async () => {
    const t = await expressTransport();
    const r = await t.post('/_sim/runs', { name: 'via admin', steps: [{ type: 'set', variables: { a: 1 } }] });
    expect(r.body).toMatchObject({ name: 'via admin', status: 'passed', variables: { a: 1 } });
    const bad = await t.post('/_sim/runs', { name: 'x', steps: [{ type: 'nope' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('$.steps[0].type');
    await t.close();
  });
});
