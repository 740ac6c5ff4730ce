import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateWorldInput } from '../src/world/generate.js';
import { freePort, startServer, simServe } from './load.js';

/**
 * A full 365-day push (availability, prices, restrictions) of a generated world with 1,000
 * rate × space pairs and daily-varying prices, from the real server process (`node dist/cli/main.js
 * serve`) to a local sink partner. Prints wall time, requests, bytes, price points per second and the
 * server's peak memory (VmHWM), and compares with a baseline measured in the same run: posting the
 * same number of bodies of the same sizes, precomputed, to the same sink.
 *
 *   npm run build && npx tsx bench/fullPush.ts [--spaces 40] [--rates 25] [--days 365] [--batch 1000]
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const spaces = arg('spaces', 40);
const rates = arg('rates', 25);
const days = arg('days', 365);
const batch = arg('batch', 1000);

const sinkPort = await freePort();
const sink = await startServer(['node', 'bench/sink-server.mjs', String(sinkPort)], `http://127.0.0.1:${sinkPort}/`);
const sinkUrl = `http://127.0.0.1:${sinkPort}`;

const world = generateWorldInput({ seed: 2026, properties: 1, spaceTypesPerProperty: spaces, ratePlansPerProperty: rates });
const worldFile = join(mkdtempSync(join(tmpdir(), 'mews-sim-bench-')), 'world.json');
writeFileSync(worldFile, JSON.stringify(world));
const simPort = await freePort();
const sim = await startServer(
  [...simServe(), '--quiet', '--host', '127.0.0.1', '--port', String(simPort), '--world', worldFile, '--partner-url', `${sinkUrl}/chm`, '--batch-size', String(batch), '--no-delta', '--no-change-notifications'],
  `http://127.0.0.1:${simPort}/_sim/health`,
);
const simUrl = `http://127.0.0.1:${simPort}`;
const vm = (field: string) => Number(/(\d+) kB/.exec(readFileSync(`/proc/${sim.pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field))!)![1]) * 1024;
const rssBefore = vm('VmRSS:');

const to = new Date(Date.UTC(2027, 0, days)).toISOString().slice(0, 10);
const started = performance.now();
const res = await fetch(`${simUrl}/_sim/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: '2027-01-01', to }) });
const { pushes } = (await res.json()) as { pushes: { kind: string; items: number; failed: number }[] };
const wallMs = performance.now() - started;
const peakRss = vm('VmHWM:');

const stats = (await (await fetch(`${sinkUrl}/stats`)).json()) as { requests: number; bytes: number; sizes: number[] };
const pairs = world.properties[0].connections![0].inventoryMappings?.length ?? spaces * rates;
const occupancy = world.properties[0].spaceCategories.reduce((n, s) => n + Math.max(1, (s.bedCount ?? 1) + (s.extraBedCount ?? 0)), 0);
const pricePoints = occupancy * rates * days;
const failed = pushes.reduce((n, p) => n + p.failed, 0);

// Baseline: the same number of bodies of the same sizes, precomputed, posted one after another.
const bodies = stats.sizes.map((size) => Buffer.alloc(size, 0x20));
const baseStarted = performance.now();
for (const body of bodies) await (await fetch(`${sinkUrl}/baseline`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
const baselineMs = performance.now() - baseStarted;
sim.kill();
sink.kill();

const mb = (n: number) => (n / 1024 / 1024).toFixed(0);
console.log(`full push: ${pairs} rate × space pairs, ${days} days, batches of ${batch}, server on Node ${process.version}\n`);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(`| wall time (admin call to last answer) | ${(wallMs / 1000).toFixed(2)} s |`);
console.log(`| requests | ${stats.requests} |`);
console.log(`| bytes sent | ${mb(stats.bytes)} MB |`);
console.log(`| ratePrice entries sent | ${pushes.find((p) => p.kind === 'prices')!.items.toLocaleString('en')} |`);
console.log(`| price points (pair × day × occupancy) | ${pricePoints.toLocaleString('en')} |`);
console.log(`| price points per second | ${Math.round(pricePoints / (wallMs / 1000)).toLocaleString('en')} |`);
console.log(`| server RSS before the push | ${mb(rssBefore)} MB |`);
console.log(`| server peak RSS (VmHWM) | ${mb(peakRss)} MB |`);
console.log(`| baseline: same bodies precomputed, same sink | ${(baselineMs / 1000).toFixed(2)} s |`);
console.log(`| push time / baseline | ${(wallMs / baselineMs).toFixed(2)} |`);
console.log(`| failed messages | ${failed} |`);
console.log(`\ngoal: under 3 s -> ${(wallMs / 1000).toFixed(2)} s; under 400 MB -> ${mb(peakRss)} MB`);
process.exit(0);
