import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { HeapPolicy, startHeapGovernor } from '../../src/engine/heap-governor.js';

const run = promisify(execFile);
const MB = 1024 * 1024;

describe('HeapPolicy', () => {
  it('asks for a collection once the heap outgrows the live size by the factor plus slack', () => {
    const policy = new HeapPolicy(1.5, 10 * MB, 100 * MB);
    expect(policy.shouldCollect(160 * MB, 0)).toBe(false);
    expect(policy.shouldCollect(161 * MB, 0)).toBe(true);
  });

  it('does not ask again while a collection runs, unless no report came for a while', () => {
    const policy = new HeapPolicy(1.5, 0, 100 * MB, 0, 2000);
    expect(policy.shouldCollect(200 * MB, 0)).toBe(true);
    expect(policy.shouldCollect(300 * MB, 1000)).toBe(false);
    expect(policy.shouldCollect(300 * MB, 2500)).toBe(true);
  });

  it('leaves a heap under the floor alone', () => {
    const policy = new HeapPolicy(1.5, 0, 10 * MB, 256 * MB);
    expect(policy.shouldCollect(200 * MB, 0)).toBe(false);
    expect(policy.shouldCollect(257 * MB, 0)).toBe(true);
  });

  it('measures the next threshold from what the collection left', () => {
    const policy = new HeapPolicy(1.5, 0, 100 * MB);
    expect(policy.shouldCollect(200 * MB, 0)).toBe(true);
    policy.collected(40 * MB);
    expect(policy.shouldCollect(59 * MB, 10)).toBe(false);
    expect(policy.shouldCollect(61 * MB, 10)).toBe(true);
  });
});

describe('startHeapGovernor', () => {
  it('does nothing with growth 0, and stops cleanly', () => {
    expect(() => startHeapGovernor({ growth: 0 })()).not.toThrow();
  });

  it('starts full collections in a process whose heap grows (more than V8 alone runs)', async () => {
    // A separate process: the governor exposes gc and collects, which a test runner should not suffer.
    const script = `
      import { startHeapGovernor } from './dist/engine/heap-governor.js';
      import { PerformanceObserver, constants } from 'node:perf_hooks';
      let majors = 0;
      new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors++; }).observe({ entryTypes: ['gc'] });
      startHeapGovernor({ growth: Number(process.argv[1]), slackBytes: 0, floorBytes: 0, intervalMs: 2 });
      const live = [];
      for (let i = 0; i < 300000; i++) live.push({ i, s: 'x' + i });
      const ring = [];
      const until = Date.now() + 800;
      while (Date.now() < until) {
        ring.push(Array.from({ length: 50 }, (_, j) => ({ j })));
        if (ring.length > 20000) ring.shift();
        if (ring.length % 50 === 0) await new Promise((r) => setTimeout(r, 0));
      }
      console.log(JSON.stringify({ majors, live: live.length }));
    `;
    const majors = async (growth: number) => JSON.parse((await run(process.execPath, ['--input-type=module', '-e', script, String(growth)])).stdout).majors as number;
    const off = await majors(0);
    const on = await majors(1.01);
    expect(on).toBeGreaterThanOrEqual(off + 3);
  }, 20_000);
});
