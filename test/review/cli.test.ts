import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expressTransport } from '../support/transports.js';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { reviewCommand, type ReviewCliOptions } from '../../src/cli/review.js';
import { buildDeclarationJsonSchema, loadDeclaration } from '../../src/review/declaration.js';
import { FACTS } from '../../src/review/facts.generated.js';
import { buildFacts, DEFAULT_DOCS } from '../../scripts/review-facts.js';
import type { JournalEntry } from '../../src/journal/entry.js';

let dir: string;
const CARD = '4111111111111111';
const entry = (seq: number, operation: string, body: Record<string, unknown>, status = 200, minutes = seq): JournalEntry => ({
  id: `default-${seq}`,
  seq,
  time: new Date(Date.parse('2027-03-01T08:00:00Z') + minutes * 60_000).toISOString(),
  world: 'default',
  direction: 'inbound',
  api: 'connector',
  operation,
  method: 'POST',
  url: `/api/connector/v1/${operation}`,
  status,
  request: { body: { ClientToken: 'CT-SECRET', AccessToken: 'AT-SECRET', Client: 'Shop 2.1', ...body } },
  response: { body: status >= 300 ? { Message: 'Invalid RateId.' } : {} },
  durationMs: 1,
  findings: [],
});

const ndjson = (entries: JournalEntry[]) => entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
const declarationOf = (operations: string[]) => ({
  integration: { name: 'Shop', version: '2.1' },
  useCases: ['upsell'],
  operations: operations.map((operation) => ({ operation, purpose: 'shop' })),
  expectedLoad: { requestsPerHour: 10 },
});

async function run(file: string | undefined, opts: Partial<ReviewCliOptions>): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = jest.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
  const error = jest.spyOn(console, 'error').mockImplementation((...a) => void err.push(a.join(' ')));
  try {
    const code = await reviewCommand(file, { declaration: join(dir, 'declaration.json'), ...opts });
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
}

describe('mews-sim review (command)', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mews-sim-review-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 0 on a clean journal and 1 with findings, writing HTML, JSON and JUnit with cards masked and no tokens', async () => {
    const journal = join(dir, 'journal.ndjson');
    writeFileSync(join(dir, 'declaration.json'), JSON.stringify(declarationOf(['configuration/get'])));
    writeFileSync(journal, ndjson([entry(1, 'configuration/get', {})]));
    expect((await run(journal, {})).code).toBe(0);

    writeFileSync(journal, ndjson([entry(1, 'configuration/get', {}), entry(2, 'products/getAll', { Note: `card ${CARD}`, ServiceIds: ['s'] }, 400), entry(3, 'products/getAll', { ServiceIds: ['s'] }, 400)]));
    const reports = join(dir, 'reports');
    const { code, out } = await run(undefined, { journalFile: journal, reports });
    expect(code).toBe(1);
    expect(out).toMatch(/NEEDS CHANGES/);
    expect(out).toMatch(/✗ Operations used match the declaration \[blocking\] — Called but not declared: products\/getAll/);
    expect(out).toMatch(/default-2 /);
    const html = readFileSync(join(reports, 'review.html'), 'utf8');
    const json = JSON.parse(readFileSync(join(reports, 'review.json'), 'utf8'));
    const xml = readFileSync(join(reports, 'review.xml'), 'utf8');
    for (const text of [out, html, JSON.stringify(json), xml]) {
      expect(text).not.toContain(CARD);
      expect(text).not.toContain('SECRET');
    }
    expect(html).toContain('411111******1111');
    expect(html.indexOf('Operations used match the declaration')).toBeLessThan(html.indexOf('No deprecated operations'));
    expect(json.verdict).toBe('needs changes');
    expect(json.findings[0].status).toBe('fail');
    expect(json.findings.find((f: { id: string }) => f.id === 'undeclared-operations').evidence.map((e: { id: string }) => e.id)).toEqual(['default-2', 'default-3']);
    expect((xml.match(/<testcase /g) ?? []).length).toBe(json.findings.length);
    expect(xml).toMatch(/<failure message="Called but not declared: products\/getAll\." type="blocking"/);
  });

  it('exits 2 naming file, line and path for a bad declaration or journal line', async () => {
    const journal = join(dir, 'j2.ndjson');
    writeFileSync(journal, ndjson([entry(1, 'configuration/get', {})]));
    writeFileSync(join(dir, 'declaration.json'), JSON.stringify({ ...declarationOf(['configuration/get']), useCases: ['revenue'] }, null, 2));
    let r = await run(journal, {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/declaration\.json:\d+:\d+ \$\.useCases\[0\]: .*revenue-management/);

    writeFileSync(join(dir, 'declaration.json'), JSON.stringify(declarationOf(['configuration/get'])));
    writeFileSync(journal, ndjson([entry(1, 'configuration/get', {})]) + '{"id":"x","seq":2}\n');
    r = await run(journal, {});
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/j2\.ndjson:line 2 \$\.time: required string is missing/);

    writeFileSync(journal, 'not json\n');
    expect((await run(journal, {})).err).toMatch(/j2\.ndjson:line 1: not JSON/);
    expect((await run(join(dir, 'missing.ndjson'), {})).err).toMatch(/missing\.ndjson: cannot be read \(ENOENT\)/);
    expect((await run(undefined, {})).code).toBe(2);
    writeFileSync(journal, ndjson([entry(1, 'configuration/get', {})]));
    r = await run(journal, { html: join(journal, 'report.html') });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/report\.html: cannot be written \(E[A-Z]+\)/);
    r = await run(undefined, { url: 'http://127.0.0.1:9' });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/journal\/export: no answer/);
  });

  it('--url streams the live journal, sends --admin-token as a Bearer token and warns when older entries were evicted', async () => {
    writeFileSync(join(dir, 'declaration.json'), JSON.stringify(declarationOf(['configuration/get'])));
    const t = await expressTransport({ journal: { maxEntries: 5 } });
    try {
      const auth = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'Shop 2.1' };
      for (let i = 0; i < 8; i++) await t.post('/api/connector/v1/configuration/get', auth);
      const r = await run(undefined, { url: t.baseUrl });
      // Eight identical requests within a second: rightly a repeated-requests finding.
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/repeated-requests/);
      expect(r.out).toMatch(/5 Connector calls/);
      expect(r.out).toMatch(/dropped 3 older entries/);
    } finally {
      await t.close();
    }
    const seen: (string | undefined)[] = [];
    const server = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(req.url?.endsWith('/export') ? ndjson([entry(1, 'configuration/get', {})]) : '{"evicted":0}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const r = await run(undefined, { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, adminToken: 's3cret' });
      expect(r.code).toBe(0);
      expect(seen).toContain('Bearer s3cret');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('--init writes a declaration drawn from the journal that the schema accepts', async () => {
    const journal = join(dir, 'j3.ndjson');
    writeFileSync(journal, ndjson([entry(1, 'rates/getAll', { Extent: { Rates: true } }), entry(2, 'rates/getPricing', {}), entry(3, 'restrictions/set', {}, 200, 240)]));
    const out = join(dir, 'init', 'declaration.json');
    expect((await run(journal, { init: true, declaration: out, name: 'My RMS' })).code).toBe(0);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.$schema).toMatch(/schemas\/review-declaration\.schema\.json$/);
    expect(written.useCases).toEqual(['revenue-management']);
    expect(written.operations.map((o: { operation: string }) => o.operation)).toEqual(['rates/getAll', 'rates/getPricing', 'restrictions/set']);
    expect(written.operations[0].extents).toEqual(['Rates']);
    expect(loadDeclaration(out).integration.name).toBe('My RMS');
    expect((await run(journal, { init: true, declaration: out })).err).toMatch(/already exists/);
  });
});

describe('review declaration schema and facts', () => {
  it('schemas/review-declaration.schema.json is current (run `npm run openapi` after changing the declaration)', () => {
    expect(JSON.parse(readFileSync('schemas/review-declaration.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(buildDeclarationJsonSchema())));
  });

  it('the facts name the operations of the revenue management use case, the webhook events and the deprecated operations, each with its page', () => {
    expect(FACTS.useCases['revenue-management'].operations).toEqual(expect.arrayContaining(['reservations/getAll/2023-06-06', 'rates/getPricing', 'restrictions/set', 'businessSegments/getAll']));
    expect(FACTS.webhookEvents.ServiceOrderUpdated.operation).toBe('reservations/getAll/2023-06-06');
    expect(FACTS.deprecatedOperations.find((d) => d.operation === 'reservations/getAll')?.discontinued).toBe('2025-05-10');
    for (const u of Object.values(FACTS.useCases)) expect(u.source).toMatch(/^use-cases\/.+\.md$/);
  });
});

describe('review facts from the docs', () => {
  const docs = DEFAULT_DOCS;
  (existsSync(docs) ? it : it.skip)('src/review/facts.generated.ts is what scripts/review-facts.ts derives from the docs', () => {
    expect(JSON.parse(JSON.stringify(buildFacts(docs)))).toEqual(FACTS);
  });
});
