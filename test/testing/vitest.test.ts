import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';

describe('mews-sim/vitest', () => {
  it('extends vitest’s own expect: the fixture suite passes under vitest', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', '--root', 'test/fixtures/vitest'], { env: { ...process.env, NODE_OPTIONS: '', CI: 'true', NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 120_000 });
    expect(stdout).toMatch(/Tests +2 passed \(2\)/);
  }, 130_000);
});
