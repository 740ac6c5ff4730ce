import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_TOKENS } from '../src/world/demo.js';
import { freePort, load, printTable, startServer, simServe } from './load.js';

/**
 * Load benchmark of getConfiguration through the Express server (journal on), measured in one run
 * with one load generator against two baselines that answer the same bytes: a bare node:http server
 * (the machine's limit) and an Express app sending the body precomputed (the framework's floor).
 *
 *   npm run build && npx tsx bench/getConfiguration.ts [--duration 10] [--connections 32]
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const durationSec = arg('duration', 10);
const connections = arg('connections', 32);
const warmupSec = arg('warmup', 2);

const requestBody = JSON.stringify({
  clientToken: DEMO_TOKENS.clientToken,
  connectionToken: DEMO_TOKENS.grossConnection,
  extent: { includeProducts: true, includeAgeCategories: true, includeCompanies: true },
});
const path = '/api/channelManager/v1/getConfiguration';

const simPort = await freePort();
const sim = await startServer(
  [...simServe(), '--quiet', '--port', String(simPort), '--host', '127.0.0.1', '--journal-size', '10000'],
  `http://127.0.0.1:${simPort}/_sim/health`,
);
const answer = await (await fetch(`http://127.0.0.1:${simPort}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: requestBody })).text();
if (!answer.includes('"success":true')) throw new Error(`getConfiguration failed: ${answer.slice(0, 200)}`);
const bodyFile = join(mkdtempSync(join(tmpdir(), 'mews-sim-bench-')), 'body.json');
writeFileSync(bodyFile, answer);

const results = [];
const opts = { connections, durationSec, warmupSec };
for (const kind of ['bare', 'express'] as const) {
  const port = await freePort();
  const child = await startServer(['node', 'bench/baseline-servers.mjs', kind, String(port), bodyFile], `http://127.0.0.1:${port}/`);
  results.push(await load(kind === 'bare' ? 'bare node:http (same bytes)' : 'Express floor (same bytes)', `http://127.0.0.1:${port}${path}`, requestBody, opts));
  child.kill();
}
results.push(await load('mews-sim getConfiguration (journal on)', `http://127.0.0.1:${simPort}${path}`, requestBody, opts));
const journal = await (await fetch(`http://127.0.0.1:${simPort}/_sim/journal?limit=1`)).json();
sim.kill();

console.log(`getConfiguration: ${answer.length} bytes per answer, ${connections} connections, ${durationSec} s per server (after ${warmupSec} s warm-up), Node ${process.version}`);
printTable(results, results[1], results[0]);
const simResult = results[2];
console.log(`\njournal after the run: ${journal.total} entries kept, ${journal.evicted} evicted (bounded)`);
console.log(`goal: >= 0.80 of the Express floor -> ${(simResult.requestsPerSec / results[1].requestsPerSec).toFixed(2)}; p99 < 15 ms at ${connections} connections -> ${simResult.p99} ms`);
process.exit(0);
