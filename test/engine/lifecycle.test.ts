import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { Simulator } from '../../src/simulator.js';
import { CM, singleGroup } from '../support/fixtures.js';

const run = promisify(execFile);

describe('a simulator left open', () => {
  it('does not keep the process alive: background timers are unref’d', async () => {
    // A confirmation scheduled a minute ahead: a referenced timer would hold the process that long.
    const code = `
      import { Simulator } from './dist/index.js';
      const sim = new Simulator({ partner: { baseUrl: 'http://127.0.0.1:9' }, asyncDelayMs: 60000, retryBaseMs: 60000 });
      const r = await sim.handle({ method: 'POST', path: '${CM}/processGroup', query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body: process.env.BODY, bodyBytes: 0 });
      console.log(JSON.parse(r.body).success, sim.defaultWorld.tasks.size);
    `;
    const started = performance.now();
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', code], { env: { ...process.env, NODE_OPTIONS: '', BODY: JSON.stringify(singleGroup()) }, timeout: 50_000 });
    expect(stdout.trim()).toBe('true 1');
    expect(performance.now() - started).toBeLessThan(45_000);
  }, 60_000);

  it('closes at the end of an `await using` block', async () => {
    let closed: Simulator;
    {
      await using sim = new Simulator();
      closed = sim;
      expect(sim.defaultWorld.tasks.isClosed).toBe(false);
    }
    expect(closed.defaultWorld.tasks.isClosed).toBe(true);
  });
});
