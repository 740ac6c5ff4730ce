import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createReadStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createApp } from '../src/adapters/express.js';
import { Simulator } from '../src/simulator.js';
import { serializeEntry } from '../src/journal/journal.js';
import type { JournalEntry } from '../src/journal/entry.js';
import { loadDeclaration } from '../src/review/declaration.js';
import { readJournalFile } from '../src/review/read.js';
import { review } from '../src/review/review.js';
import { rehearse } from '../examples/reference-connector-client/rehearse.js';

/**
 * `mews-sim review` on journals of 10,000 and 1,000,000 entries (targets: < 2 s; < 60 s and < 500 MB,
 * streamed from a file). The journals are made here: the reference client runs 48 simulated hours
 * against mews-sim (webhooks, 429, pages and all), and its journal is tiled, shifted by 48 h a tile,
 * to the size wanted. Each review runs in a child process so its peak memory (max RSS) is its own;
 * the baseline, in the same kind of child, reads and JSON.parses every line and does nothing else,
 * the floor of any review of an NDJSON journal.
 *
 *   npx tsx bench/review.ts [--large 1000000]
 */
const DECLARATION = 'examples/reference-connector-client/declaration.json';
const self = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  const [mode, file] = process.argv.slice(3);
  const started = performance.now();
  let summary: string;
  if (mode === 'review') {
    const r = await review(readJournalFile(file), loadDeclaration(DECLARATION));
    const failed = r.findings.filter((f) => f.status === 'fail' && f.severity !== 'info').map((f) => f.id);
    summary = `${r.verdict}${failed.length ? ` (${failed.join(', ')})` : ''}, ${r.coverage.reviewedCalls} calls, ${r.coverage.simulatedHours} h`;
  } else {
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity })) if (line && JSON.parse(line)) n++;
    summary = `${n} lines parsed`;
  }
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, summary }));
  process.exit(0);
}

const large = Number(process.argv[process.argv.indexOf('--large') + 1] ?? 0) || 1_000_000;
const dir = mkdtempSync(join(tmpdir(), 'mews-sim-review-bench-'));

// One 48-hour rehearsal of the reference client: the tile.
const sim = new Simulator({ now: '2027-03-01T08:00:00Z', deltaDelayMs: 1, journal: { maxEntries: 1_000_000, maxBytes: 1 << 30 } });
const server = createApp(sim).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const t0 = performance.now();
await rehearse({ url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, hours: 48, webhookPort: 0, registerWebhook: true, inject429: true });
const tile = sim.defaultWorld.journal.all().map((e) => JSON.parse(serializeEntry(e)) as JournalEntry);
server.closeAllConnections();
server.close();
sim.close();
console.log(`tile: 48 simulated hours of the reference client, ${tile.length} entries, rehearsed in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

async function writeJournal(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  const shift = 48 * 3_600_000;
  let chunk = '';
  for (let i = 0; i < count; i++) {
    const e = tile[i % tile.length];
    const round = Math.floor(i / tile.length);
    const line = JSON.stringify({ ...e, id: `default-${i + 1}`, seq: i + 1, time: new Date(Date.parse(e.time) + round * shift).toISOString() });
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      chunk = '';
    }
  }
  out.write(chunk);
  await new Promise<void>((r) => out.end(() => r()));
}

function child(mode: 'review' | 'baseline', file: string): { ms: number; maxRssMb: number; summary: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`${mode} child failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

for (const [count, limitMs, limitMb] of [
  [10_000, 2000, Infinity],
  [large, 60_000, 500],
] as const) {
  const file = join(dir, `journal-${count}.ndjson`);
  await writeJournal(file, count);
  const mb = statSync(file).size / 1e6;
  const base = child('baseline', file);
  const run = child('review', file);
  const ok = run.ms < limitMs && run.maxRssMb < limitMb;
  console.log(
    `${count.toLocaleString('en')} entries (${mb.toFixed(0)} MB): review ${(run.ms / 1000).toFixed(2)} s, peak RSS ${run.maxRssMb.toFixed(0)} MB (${run.summary}); ` +
      `baseline read+parse ${(base.ms / 1000).toFixed(2)} s, ${base.maxRssMb.toFixed(0)} MB; ratio ${(run.ms / base.ms).toFixed(2)}× — target < ${limitMs / 1000} s${limitMb < Infinity ? `, < ${limitMb} MB` : ''}: ${ok ? 'met' : 'MISSED'}`,
  );
  rmSync(file);
}
rmSync(dir, { recursive: true, force: true });
