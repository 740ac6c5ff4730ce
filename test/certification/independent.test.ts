import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { certify } from '../../src/certification/certify.js';
import { DEMO_EMAIL, DEMO_TOKENS } from '../../src/world/demo.js';
import { startIndependentChannelManager, writeSystemErrors, type IndependentChannelManager } from '../support/independent-cm/index.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

/**
 * The verdict for a channel manager the project did not write the way it wrote its reference one:
 * written from the docs alone, multi-property behind one URL, its own storage, its own error-list
 * wording ({"errors": [...]}, "timed out", "outage"), refusing negative amounts with code 7.
 */
let t: Transport | undefined;
let cm: IndependentChannelManager | undefined;
afterEach(async () => {
  await cm?.stop();
  await t?.sim.idle(5000).catch(() => undefined);
  await t?.close();
  t = cm = undefined;
});

describe.each(TRANSPORTS)('an independent channel manager (%s)', (_name, make) => {
  it.each([
    ['synchronous', false],
    ['asynchronous', true],
  ])('passes all 25 tests, %s, following the prompts', async (_mode, async) => {
    t = await make({ asyncDelayMs: 0, deltaDelayMs: 20, retryBaseMs: 10, confirmationTimeoutMs: 5000 });
    t.sim.defaultWorld.options.publicUrl = t.baseUrl;
    cm = await startIndependentChannelManager({ mewsUrl: t.baseUrl, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL, async });
    const errors = writeSystemErrors(join(mkdtempSync(join(tmpdir(), 'mews-sim-indep-')), 'errors.json'));
    const verdict = await certify(t.sim.defaultWorld, { partnerUrl: cm.url, systemErrorsFile: errors, noResendWindow: '500ms' });
    const failed = verdict.results.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.steps.find((s) => s.status === 'failed')?.message}\n${r.steps.find((s) => s.status === 'failed')?.diff ?? ''}`);
    expect(failed).toEqual([]);
    expect(verdict.results.flatMap((r) => r.notes ?? [])).toEqual([]);
    expect(verdict.passed).toBe(true);
  });
});
