import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTOR_DEMO } from '../src/world/demo.js';
import { freePort, startServer, startFlags } from './load.js';
import autocannon from 'autocannon';

/**
 * reservations/getAll/2023-06-06 paging through 100,000 reservations with Count 100, against an Express
 * app that sends the same pages precomputed (the framework's floor), in one run: requests/s, p99 and
 * peak memory of the simulator (this process).
 *
 *   npx tsx bench/reservations.ts [--reservations 100000] [--duration 10]
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const total = arg('reservations', 100_000);
const durationSec = arg('duration', 10);
const count = 100;

const port = await freePort();
const simProcess = await startServer(['node', ...startFlags(), 'bench/reservations-server.mjs', String(port), String(total)], `http://127.0.0.1:${port}/_sim/health`);
const simUrl = `http://127.0.0.1:${port}/api/connector/v1/reservations/getAll/2023-06-06`;
const auth = { ClientToken: CONNECTOR_DEMO.clientTokens[0], Client: 'bench 1.0' };
const vm = (field: string) => Number(/(\d+) kB/.exec(readFileSync(`/proc/${simProcess.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field))!)![1]) * 1024;

// The pages a client walks through, as request bodies, and the answers (for the floor).
const bodies: string[] = [];
const answers: string[] = [];
let cursor: string | undefined;
const started = performance.now();
for (;;) {
  const body = JSON.stringify({ ...auth, AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Limitation: { Count: count, ...(cursor && { Cursor: cursor }) } });
  const res = await fetch(simUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text.slice(0, 200)}`);
  bodies.push(body);
  answers.push(text);
  const page = JSON.parse(text) as { Reservations: unknown[]; Cursor: string | null };
  if (page.Reservations.length < count || !page.Cursor) break;
  cursor = page.Cursor;
}
const walkMs = performance.now() - started;
const peakAfterWalk = vm('VmHWM:');

const dir = mkdtempSync(join(tmpdir(), 'mews-sim-bench-'));
writeFileSync(join(dir, 'pages.json'), JSON.stringify(answers.slice(0, 50)));
const floorPort = await freePort();
const floor = await startServer(['node', 'bench/page-floor-server.mjs', String(floorPort), join(dir, 'pages.json')], `http://127.0.0.1:${floorPort}/`);

const requests = bodies.slice(0, 50).map((body) => ({ method: 'POST' as const, path: '/api/connector/v1/reservations/getAll/2023-06-06', headers: { 'content-type': 'application/json' }, body }));
const run = (url: string) => autocannon({ url, connections: 16, duration: durationSec, requests });
await run(simUrl.replace(/\/api.*/, ''));
const simResult = await run(simUrl.replace(/\/api.*/, ''));
const floorResult = await run(`http://127.0.0.1:${floorPort}`);
const peakRss = vm('VmHWM:');
floor.kill();
simProcess.kill();

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;
console.log(`reservations/getAll/2023-06-06 over ${total.toLocaleString('en')} reservations, Count ${count}, 16 connections, ${durationSec} s, Node ${process.version}\n`);
console.log(`walked ${answers.length} pages to the end in ${(walkMs / 1000).toFixed(2)} s (one client, sequential)\n`);
console.log('| server | requests/s | p50 ms | p99 ms | vs floor |');
console.log('| --- | ---: | ---: | ---: | ---: |');
console.log(`| Express floor (same pages precomputed) | ${floorResult.requests.average.toFixed(0)} | ${floorResult.latency.p50} | ${floorResult.latency.p99} | 1.00 |`);
console.log(`| mews-sim (journal on) | ${simResult.requests.average.toFixed(0)} | ${simResult.latency.p50} | ${simResult.latency.p99} | ${(simResult.requests.average / floorResult.requests.average).toFixed(2)} |`);
console.log(`\npeak RSS of the simulator process (VmHWM; world of ${total.toLocaleString('en')} reservations): ${mb(peakAfterWalk)} after the walk, ${mb(peakRss)} at the end`);
console.log(`goal: >= 0.60 of the floor -> ${(simResult.requests.average / floorResult.requests.average).toFixed(2)}; under 500 MB -> ${mb(peakRss)}; errors ${simResult.errors + simResult.non2xx}`);
process.exit(0);
