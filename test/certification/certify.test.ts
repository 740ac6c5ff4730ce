import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from '@jest/globals';
import { CERTIFICATION_DIR, certify, checklist, type CertificationVerdict } from '../../src/certification/certify.js';
import { promptBoard } from '../../src/scenarios/prompts.js';
import { DEMO_EMAIL, DEMO_TOKENS } from '../../src/world/demo.js';
import { DEFECTS, startReferenceChannelManager, type Defect, type ReferenceChannelManager } from '../../examples/reference-channel-manager/server.js';
import { expressTransport, mswTransport, type Transport } from '../support/transports.js';

const dir = mkdtempSync(join(tmpdir(), 'mews-sim-cert-'));
const errorsFile = join(dir, 'errors.json');
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

interface Rehearsal {
  defect?: Defect;
  async?: boolean;
  timeoutFactor?: number;
  transport?: typeof expressTransport;
  follow?: boolean;
  netConnection?: string | null;
  dir?: string;
}

async function rehearse(r: Rehearsal = {}): Promise<CertificationVerdict> {
  t = await (r.transport ?? expressTransport)({ asyncDelayMs: 0, deltaDelayMs: 20, retryBaseMs: 10, confirmationTimeoutMs: 5000 });
  // Asynchronous confirmations go to the responseUrl: it must name where this simulator listens.
  t.sim.defaultWorld.options.publicUrl = t.baseUrl;
  cm = await startReferenceChannelManager({ mewsUrl: t.baseUrl, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL, defect: r.defect, async: r.async, autoBook: r.follow ?? true });
  return certify(t.sim.defaultWorld, { partnerUrl: cm.url, systemErrorsFile: errorsFile, noResendWindow: '500ms', timeoutFactor: r.timeoutFactor ?? 1, netConnection: r.netConnection, dir: r.dir });
}

const failedTests = (v: CertificationVerdict) => v.results.filter((r) => r.status === 'failed').map((r) => r.name);
const explain = (v: CertificationVerdict) =>
  v.results.filter((r) => r.status === 'failed').map((r) => `${r.name}: ${r.steps.find((s) => s.status === 'failed')?.message}\n${r.steps.find((s) => s.status === 'failed')?.diff ?? ''}`);

const INVENTORY = [
  'Receive multi-space, multi-rate availability push',
  'Receive multi-space, multi-rate gross rate push',
  'Receive multi-space, multi-rate net rate push',
  'Receive multi-space, multi-rate restriction push',
  'Receive product (package) rates',
  'Receive a full inventory push from Mews',
];

describe('certification suite', () => {
  it.each([
    ['synchronous', false],
    ['asynchronous', true],
  ])('the reference channel manager passes every test, %s, following the prompts, read back', async (_mode, async) => {
    const verdict = await rehearse({ async });
    expect(explain(verdict)).toEqual([]);
    expect(verdict.passed).toBe(true);
    expect(verdict.results).toHaveLength(25);
    expect(verdict.results.flatMap((r) => r.notes ?? [])).toEqual([]);
    const table = checklist(verdict);
    expect(table).toContain('| Send a single gross priced reservation | required | PASS |');
    expect(table).toContain('25 of 25 tests passed; every required test passed.');
    expect(table).toMatch(/^Verdict: PASS/);
    const evidence = JSON.stringify(verdict.results.flatMap((r) => r.journal));
    expect(evidence).not.toContain('4111111111111111');
    if (async) {
      // Every inventory push of the run was promised and confirmed: the verdicts rest on the confirmations.
      const journal = t!.sim.defaultWorld.journal;
      expect(journal.find({ operation: 'processAvailabilityConfirmation', direction: 'inbound' }).length).toBeGreaterThan(2);
      const missing = journal.find({ direction: 'inbound' }).filter((e) => e.findings.some((f) => f.kind === 'confirmation-timeout'));
      expect(missing).toEqual([]);
    }
    const prompts = promptBoard(t!.sim.defaultWorld).list();
    expect(prompts.filter((p) => p.action === 'read-back').every((p) => p.status === 'done')).toBe(true);
    expect(prompts.find((p) => p.action === 'deactivate-connection')).toMatchObject({ status: 'done', connection: DEMO_TOKENS.grossConnection });
  });

  it('passes through the in-process (MSW) adapter too', async () => {
    const verdict = await rehearse({ transport: mswTransport });
    expect(explain(verdict)).toEqual([]);
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
    'async-reject-in-confirmation': ['Receive multi-space, multi-rate availability push', 'Receive a full inventory push from Mews'],
    'async-never-confirms': [...INVENTORY, 'Unmapped Space code error', 'Unmapped Rate code error'],
    'ignores-own-deactivation': ['Connection inactive or not set up error'],
    'discards-data': INVENTORY,
  };
  const asyncDefects = new Set<Defect>(['async-reject-in-confirmation', 'async-never-confirms']);

  it.each(DEFECTS.map((d) => [d]))('a partner with the defect "%s" fails exactly its tests', async (defect) => {
    const verdict = await rehearse({ defect, async: asyncDefects.has(defect), timeoutFactor: defect === 'async-never-confirms' ? 0.05 : 0.1 });
    expect(failedTests(verdict)).toEqual(expected[defect]);
    expect(verdict.passed).toBe(false);
    if (defect === 'async-never-confirms') {
      expect(verdict.results[0].steps[0].message).toMatch(/asyncConfirmation: true, but no processAvailabilityConfirmation with relatedMessageId '[^']+' came/);
    }
    if (defect === 'success-for-unmapped-space') expect(verdict.results.find((r) => r.name === 'Unmapped Space code error')!.steps[0].message).toContain('It answered: {"success":true}');
  });

  it('an unanswered read-back passes marked "not read back", never silently', async () => {
    const only = mkdtempSync(join(tmpdir(), 'mews-sim-cert-one-'));
    cpSync(join(CERTIFICATION_DIR, '01-receive-multi-space-multi-rate-availability-push.json'), join(only, '01.json'));
    const verdict = await rehearse({ follow: false, timeoutFactor: 0.02, dir: only });
    expect(verdict.passed).toBe(true);
    expect(verdict.results[0].notes?.[0]).toMatch(/not read back/);
    expect(checklist(verdict)).toContain('| Receive multi-space, multi-rate availability push | required | PASS (not read back) |');
  });

  it('a run without a net connection says so at once; a test whose booking never came makes its followers say they depend on it', async () => {
    const verdict = await rehearse({ follow: false, netConnection: null, timeoutFactor: 0.02 });
    const message = (name: string) => verdict.results.find((r) => r.name === name)!.steps.find((s) => s.status === 'failed')?.message;
    expect(message('Receive multi-space, multi-rate net rate push')).toBe('net tests need a net-priced connection; this run has none (give --net-connection <token>).');
    expect(message('Send a single net priced reservation')).toBe('net tests need a net-priced connection; this run has none (give --net-connection <token>).');
    expect(message('Cancel the single net priced reservation')).toBe('net tests need a net-priced connection; this run has none (give --net-connection <token>).');
    expect(message('Modify the single gross priced reservation')).toBe('depends on "Send a single gross priced reservation", which failed.');
    expect(verdict.results.flatMap((r) => r.steps.map((s) => s.name)).filter((n) => n.includes('${'))).toEqual([]);
  });
});
