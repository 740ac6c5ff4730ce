import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { certify, checklist } from '../../src/certification/certify.js';
import { DEMO_EMAIL, DEMO_TOKENS } from '../../src/world/demo.js';
import { DEFECTS, startReferenceChannelManager, type Defect, type ReferenceChannelManager } from '../../examples/reference-channel-manager/server.js';
import { expressTransport, type Transport } from '../support/transports.js';

const errorsFile = join(mkdtempSync(join(tmpdir(), 'mews-sim-cert-')), 'errors.json');
writeFileSync(
  errorsFile,
  JSON.stringify([
    { code: 1, message: 'Request timeout: the channel manager did not finish in time; retry later.' },
    { code: 1, message: 'Scheduled maintenance: updates are queued; retry after the window.' },
    { code: 1, message: 'Unplanned downtime of the channel manager; retry later.' },
    { code: 8, message: 'Invalid clientToken or connectionToken; check the credentials.' },
  ]),
);

let t: Transport | undefined;
let cm: ReferenceChannelManager | undefined;
afterEach(async () => {
  await cm?.stop();
  await t?.sim.idle().catch(() => undefined);
  await t?.close();
  t = cm = undefined;
});

async function rehearse(defect?: Defect, timeoutFactor = 1) {
  t = await expressTransport({ asyncDelayMs: 0, deltaDelayMs: 20, retryBaseMs: 10 });
  cm = await startReferenceChannelManager({ mewsUrl: t.baseUrl, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL, defect });
  const running = certify(t.sim.defaultWorld, { partnerUrl: cm.url, systemErrorsFile: errorsFile, noResendWindow: '500ms', timeoutFactor });
  await cm.sendBookings();
  return running;
}

describe('certification suite', () => {
  it('the reference channel manager passes every test, unattended', async () => {
    const verdict = await rehearse();
    const failed = verdict.results.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.steps.find((s) => s.status === 'failed')?.message}\n${r.steps.find((s) => s.status === 'failed')?.diff ?? ''}`);
    expect(failed).toEqual([]);
    expect(verdict.passed).toBe(true);
    expect(verdict.results).toHaveLength(25);
    const table = checklist(verdict);
    expect(table).toContain('| Send a single gross priced reservation | required | PASS |');
    expect(table).toContain('25 of 25 tests passed; every required test passed.');
    const evidence = JSON.stringify(verdict.results.flatMap((r) => r.journal));
    expect(evidence).not.toContain('4111111111111111');
  });

  const expected: Record<Defect, string[]> = {
    'success-for-unmapped-space': ['Unmapped Space code error'],
    'success-for-unmapped-rate': ['Unmapped Rate code error'],
    'code10-without-categoryCode': ['Unmapped Space code error'],
    'wrong-code-inactive': ['Connection inactive or not set up error'],
    'empty-error-message': ['Unknown reservation error'],
    'changed-codes-on-modification': ['Modify the single gross priced reservation'],
    'resend-invalid': ['Invalid reservations'],
    'no-test-card': ['Send a single gross priced reservation'],
  };

  it.each(DEFECTS.map((d) => [d]))('a partner with the defect "%s" fails exactly its test', async (defect) => {
    const verdict = await rehearse(defect, 0.1);
    expect(verdict.results.filter((r) => r.status === 'failed').map((r) => r.name)).toEqual(expected[defect]);
    expect(verdict.passed).toBe(false);
  });
});
