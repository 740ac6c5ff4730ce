import { afterEach, describe, expect, it } from '@jest/globals';
import { rehearse } from '../../examples/reference-connector-client/rehearse.js';
import type { Defect } from '../../examples/reference-connector-client/client.js';
import { loadDeclaration } from '../../src/review/declaration.js';
import { readJournalUrl } from '../../src/review/read.js';
import { review } from '../../src/review/review.js';
import type { ReviewResult } from '../../src/review/types.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const DECLARATION = loadDeclaration('examples/reference-connector-client/declaration.json');
const failing = (r: ReviewResult) => r.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').map((f) => f.id);
const finding = (r: ReviewResult, id: string) => r.findings.find((f) => f.id === id)!;

/** What each defective variant must fail, and nothing else. */
const EXPECTED: [Defect, string][] = [
  ['poller', 'polling'],
  ['ignores-retry-after', 'retry-after'],
  ['rereads-configuration', 'static-data'],
  ['unused-extents', 'unused-extents'],
  ['undeclared-operations', 'undeclared-operations'],
  ['unresolved-errors', 'errors'],
];

describe.each(TRANSPORTS)('review of the reference Connector client (%s), 4 simulated hours in seconds', (_name, makeTransport) => {
  let t: Transport | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function run(defect?: Defect): Promise<ReviewResult> {
    t = await makeTransport({ now: '2027-03-01T08:00:00Z', deltaDelayMs: 1, journal: { maxEntries: 50_000 } });
    await rehearse({ url: t.baseUrl, hours: 4, defect, webhookPort: 0, registerWebhook: true, inject429: true });
    // Read back the way `mews-sim review --url` does: streamed from GET /_sim/journal/export.
    return review(readJournalUrl({ url: t.baseUrl }), DECLARATION);
  }

  it('passes the reference client, over the simulated time it ran, with its 429 waited out', async () => {
    const r = await run();
    expect(failing(r)).toEqual([]);
    expect(r.verdict).toBe('pass');
    expect(r.coverage.simulatedHours).toBeGreaterThan(3.5);
    expect(r.coverage.webhooksDelivered).toBeGreaterThanOrEqual(7);
    expect(r.coverage.warnings.join(' ')).toMatch(/48 h/);
    expect(finding(r, 'rate-limited').count).toBe(1);
    expect(finding(r, 'polling').status).toBe('pass');
  });

  it.each(EXPECTED)('fails the %s variant on exactly %s, with evidence from the journal', async (defect, criterion) => {
    const r = await run(defect);
    expect(failing(r)).toEqual([criterion]);
    expect(r.verdict).toBe('needs changes');
    const f = finding(r, criterion);
    expect(f.fixHint).toBeTruthy();
    if (criterion !== 'unused-declared-operations') {
      expect(f.evidence.length).toBeGreaterThan(0);
      const ids = new Set(t!.sim.defaultWorld.journal.all().map((e) => e.id));
      for (const e of f.evidence) expect(ids.has(e.id)).toBe(true);
    }
    const excerpt = f.evidence.map((e) => e.excerpt).join('\n');
    expect(excerpt).not.toMatch(/AccessToken|ClientToken/);
    const expectedOperation = { poller: 'reservations/getAll', 'ignores-retry-after': 'rates/getPricing', 'rereads-configuration': 'configuration/get', 'unused-extents': 'rates/getAll', 'undeclared-operations': 'resourceCategories/getAll', 'unresolved-errors': 'rates/updatePrice' }[defect];
    expect(excerpt).toContain(expectedOperation);
  });
});
