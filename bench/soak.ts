/**
 * Soak: mixed traffic against the real server process for a while, watching its memory. After a
 * warm-up (the first fifth of the run, at least 30 s, while the bounded journal fills), resident memory must stay flat: within 10% of what
 * it was when the warm-up ended (the baseline, measured in the same run).
 *
 *   npm run build && npx tsx bench/soak.ts                 # 60 s
 *   npm run build && npx tsx bench/soak.ts --duration 600  # 10 minutes
 *
 * Traffic, round robin over 16 connections: Channel Manager getConfiguration and processGroup (50
 * bookings modified over and over, so state does not grow) with confirmGroup and delta pushes to a sink
 * partner, Connector configuration/get, reservations/getAll and customers/add, and admin journal queries.
 * The journal is on and bounded (10,000 entries).
 */
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { freePort, startServer, simServe } from './load.js';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../src/world/demo.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i === -1 ? fallback : Number(process.argv[i + 1]);
};
const durationSec = arg('duration', 60);
// The journal (10,000 entries) fills within the first half minute: memory grows until then, by design.
const warmupSec = Math.max(30, Math.round(durationSec / 5));

const sinkPort = await freePort();
const simPort = await freePort();
await startServer(['node', 'bench/sink-server.mjs', String(sinkPort)], `http://127.0.0.1:${sinkPort}/`);
const sim = await startServer(
  [...simServe(), '--port', String(simPort), '--quiet', '--partner-url', `http://127.0.0.1:${sinkPort}`, '--async-delay', '0'],
  `http://127.0.0.1:${simPort}/_sim/health`,
);
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${sim.pid}/status`, 'utf8'))![1]) / 1024;

const cm = { clientToken: DEMO_TOKENS.clientToken, connectionToken: DEMO_TOKENS.grossConnection };
const conn = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'soak 1.0' };
let n = 0;
const group = () => {
  n++;
  return JSON.stringify({
    ...cm,
    messageId: `soak-${n}`,
    channelId: 'BDC-1',
    channelManagerId: `SOAK-${n % 50}`,
    currencyCode: 'GBP',
    paymentType: 2,
    customer: { firstName: 'Ada', lastName: `Soak ${n % 50}` },
    sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: true }],
    paymentCard: { type: 1, number: '4111111111111111', expireDate: '1230', cvv: '123' },
    totalAmount: { gross: 250 },
    reservations: [{ code: '01', spaceTypeCode: 'DBL', ratePlanCode: 'BAR', from: '2027-03-10', to: '2027-03-12', guestCounts: [{ code: 'Adult', count: 2 }], amounts: [{ gross: 120 }, { gross: 130 }], totalAmount: { gross: 250 } }],
  });
};
const post = (path: string, body: () => string) => ({ method: 'POST' as const, path, headers: { 'content-type': 'application/json' }, setupRequest: (r: object) => ({ ...r, body: body() }) });
const requests = [
  post('/api/channelManager/v1/getConfiguration', () => JSON.stringify({ ...cm, extent: { includeProducts: true } })),
  post('/api/channelManager/v1/processGroup', group),
  post('/api/connector/v1/configuration/get', () => JSON.stringify(conn)),
  post('/api/connector/v1/reservations/getAll/2023-06-06', () => JSON.stringify({ ...conn, UpdatedUtc: { StartUtc: '2026-11-01T00:00:00Z', EndUtc: '2027-01-01T00:00:00Z' }, Limitation: { Count: 100 } })),
  post('/api/connector/v1/customers/add', () => JSON.stringify({ ...conn, LastName: `Soak ${n % 50}`, Email: `soak${n % 50}@example.com`, OverwriteExisting: true })),
  { method: 'GET' as const, path: '/_sim/journal?limit=50' },
];

const samples: { t: number; rss: number }[] = [];
const started = performance.now();
const timer = setInterval(() => samples.push({ t: (performance.now() - started) / 1000, rss: rssMb() }), 1000);
const result = await autocannon({ url: `http://127.0.0.1:${simPort}`, connections: 16, duration: durationSec, requests });
clearInterval(timer);
const stats = (await (await fetch(`http://127.0.0.1:${sinkPort}/stats`)).json()) as { requests: number };
const journal = (await (await fetch(`http://127.0.0.1:${simPort}/_sim/journal?limit=1`)).json()) as { total: number; evicted: number };
sim.kill('SIGTERM');

const after = samples.filter((s) => s.t >= warmupSec);
const baseline = after[0]?.rss ?? NaN;
const end = after.at(-1)?.rss ?? NaN;
const max = Math.max(...after.map((s) => s.rss));
const fmt = (mb: number) => `${mb.toFixed(0)} MB`;
console.log(`soak: ${durationSec} s of mixed traffic, 16 connections, warm-up ${warmupSec} s, Node ${process.version}\n`);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(`| requests | ${result.requests.total.toLocaleString('en')} (${result.requests.average.toFixed(0)}/s) |`);
console.log(`| latency p50 / p99 | ${result.latency.p50} ms / ${result.latency.p99} ms |`);
console.log(`| errors / non-2xx | ${result.errors} / ${result.non2xx} (non-2xx: Connector 429 past 200 requests per 30 s, as Mews) |`);
console.log(`| calls to the partner (confirmGroup, delta pushes) | ${stats.requests.toLocaleString('en')} |`);
console.log(`| journal kept / evicted | ${journal.total.toLocaleString('en')} / ${journal.evicted.toLocaleString('en')} |`);
console.log(`| RSS after warm-up (baseline) | ${fmt(baseline)} |`);
console.log(`| RSS at the end / highest after warm-up | ${fmt(end)} / ${fmt(max)} |`);
console.log(`| end / baseline, highest / baseline | ${(end / baseline).toFixed(3)}, ${(max / baseline).toFixed(3)} |`);
const flat = max / baseline <= 1.1;
console.log(`\ngoal: RSS within 10% of the baseline after warm-up — ${flat ? 'met' : 'NOT met'}`);
process.exit(flat ? 0 : 1);
