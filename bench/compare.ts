import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../src/world/demo.js';
import { freePort, simServe as simServeCommand, startServer } from './load.js';

/**
 * Side by side in one run, with one autocannon: bare node:http and an Express 5 floor answering the
 * same precomputed bytes, and mews-sim from dist/ (journal on, a local sink as its partner), each in
 * its own process. For getConfiguration (with products), processGroup (its async confirmGroup goes to
 * the sink) and a Connector reservations/getAll page (Mews's 200 requests per AccessToken in 30 s lifted): startup to first answer, idle RSS, req/s,
 * p50/p99, RSS after load and the ratio to the Express floor.
 *
 *   npm run build && npx tsx bench/compare.ts [--duration 5] [--warmup 1] [--rounds 1] [--connections 32] [--dist dist]
 *
 * `--dist <dir>` serves mews-sim from another build (e.g. a copy of an earlier dist/) to compare two versions.
 * mews-sim runs with the node flags of `npm start`; its startup is spawn to a first real answer.
 */
const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const durationSec = arg('duration', 5);
const warmupSec = arg('warmup', 1);
const rounds = arg('rounds', 1);
const connections = arg('connections', 32);
const distIndex = process.argv.indexOf('--dist');
const dist = distIndex > 0 ? process.argv[distIndex + 1] : 'dist';

const rss = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Spawns a server and polls every 10 ms until `url` answers `body` with a 2xx. */
const start = (command: string[], url: string, body = '{}') => startServer(command, url, { body, pollMs: 10, ok: true });

interface Row { server: string; startupSec: number; idleMb: number; rps: number; p50: number; p99: number; afterMb: number; errors: number }

async function loadRounds(url: string, body: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const opts = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, connections };
  if (warmupSec > 0) await autocannon({ ...opts, duration: warmupSec });
  let best = { rps: 0, p50: 0, p99: 0, errors: 0 };
  for (let i = 0; i < rounds; i++) {
    const r = await autocannon({ ...opts, duration: durationSec });
    const round = { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors + r.non2xx };
    if (round.rps > best.rps) best = round;
  }
  return best;
}

const sinkPort = await freePort();
await start(['node', 'bench/sink-server.mjs', String(sinkPort)], `http://127.0.0.1:${sinkPort}/`);
const cases = [
  {
    name: 'getConfiguration (with products)',
    path: '/api/channelManager/v1/getConfiguration',
    body: { clientToken: DEMO_TOKENS.clientToken, connectionToken: DEMO_TOKENS.grossConnection, extent: { includeProducts: true, includeAgeCategories: true, includeCompanies: true } },
  },
  {
    name: 'processGroup (async confirmGroup to a sink)',
    path: '/api/channelManager/v1/processGroup',
    body: {
      clientToken: DEMO_TOKENS.clientToken,
      connectionToken: DEMO_TOKENS.grossConnection,
      messageId: 'bench-1',
      channelId: 'BDC-BENCH',
      channelManagerId: 'CM-BENCH',
      currencyCode: 'GBP',
      paymentType: 2,
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: true }],
      totalAmount: { gross: 250 },
      reservations: [
        { code: '01', spaceTypeCode: 'DBL', ratePlanCode: 'BAR', from: '2027-03-10', to: '2027-03-12', guestCounts: [{ code: 'Adult', count: 2 }], guests: [{ firstName: 'Charles', lastName: 'Babbage' }], amounts: [{ gross: 120 }, { gross: 130 }], totalAmount: { gross: 250 } },
      ],
    },
  },
  {
    name: 'Connector reservations/getAll page',
    path: '/api/connector/v1/reservations/getAll/2023-06-06',
    body: { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'bench 1.0', Limitation: { Count: 100 } },
  },
];

// mews-sim as `npm start` runs it: the same node flags, from package.json.
const simServe = simServeCommand(dist);
const simCommand = (port: number) => [
  ...simServe, '--quiet', '--host', '127.0.0.1', '--port', String(port),
  '--partner-url', `http://127.0.0.1:${sinkPort}/chm`, '--no-delta', '--no-change-notifications', '--connector-request-limit', '0',
];
// Startup is spawn to a real first answer: a Channel Manager getConfiguration; and, in a process of its
// own, a Connector page (its operations load on the first Connector call).
const connectorPort = await freePort();
const connectorFirst = await start(simCommand(connectorPort), `http://127.0.0.1:${connectorPort}${cases[2].path}`, JSON.stringify(cases[2].body));
connectorFirst.kill();
const simPort = await freePort();
const sim = await start(simCommand(simPort), `http://127.0.0.1:${simPort}${cases[0].path}`, JSON.stringify(cases[0].body));
await sleep(1000);
const simIdleMb = rss(sim.pid!);

const dir = mkdtempSync(join(tmpdir(), 'mews-sim-compare-'));
console.log(`bench:compare — ${connections} connections, ${rounds} × ${durationSec} s per server (best round, after ${warmupSec} s warm-up), Node ${process.version}, mews-sim as \`${simServe.join(' ')}\``);
console.log(`mews-sim startup, spawn to first answer: ${sim.startupSec.toFixed(2)} s (getConfiguration; goal ≤ 0.3 s), ${connectorFirst.startupSec.toFixed(2)} s (a Connector page, every operation loaded; goal ≤ 0.5 s)`);
for (const c of cases) {
  const body = JSON.stringify(c.body);
  const res = await fetch(`http://127.0.0.1:${simPort}${c.path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const answer = await res.text();
  if (res.status !== 200) throw new Error(`${c.name}: HTTP ${res.status} ${answer.slice(0, 200)}`);
  const bodyFile = join(dir, `${c.path.split('/').join('_')}.json`);
  writeFileSync(bodyFile, answer);
  const rows: Row[] = [];
  for (const kind of ['bare', 'express'] as const) {
    const port = await freePort();
    const s = await start(['node', 'bench/baseline-servers.mjs', kind, String(port), bodyFile], `http://127.0.0.1:${port}/`);
    await sleep(500);
    const idleMb = rss(s.pid!);
    const r = await loadRounds(`http://127.0.0.1:${port}${c.path}`, body);
    rows.push({ server: kind === 'bare' ? 'bare node:http, same bytes' : 'Express 5, same bytes (floor)', startupSec: s.startupSec, idleMb, ...r, afterMb: rss(s.pid!) });
    s.kill();
  }
  const r = await loadRounds(`http://127.0.0.1:${simPort}${c.path}`, body);
  rows.push({ server: '**mews-sim** (journal on)', startupSec: sim.startupSec, idleMb: simIdleMb, ...r, afterMb: rss(sim.pid!) });
  const floor = rows[1].rps;
  console.log(`\n${c.name}: ${answer.length} bytes per answer\n`);
  console.log('| server | startup | idle RSS | req/s | p50 ms | p99 ms | RSS after load | × Express floor | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const row of rows) {
    console.log(`| ${row.server} | ${row.startupSec.toFixed(2)} s | ${row.idleMb.toFixed(0)} MB | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.afterMb.toFixed(0)} MB | ${(row.rps / floor).toFixed(2)} | ${row.errors} |`);
  }
}
const stats = (await (await fetch(`http://127.0.0.1:${sinkPort}/stats`)).json()) as { requests: number };
const journal = (await (await fetch(`http://127.0.0.1:${simPort}/_sim/journal?limit=1`)).json()) as { total: number; evicted: number };
console.log(`\nsink partner received ${stats.requests} calls (async confirmGroup); journal: ${journal.total} entries kept, ${journal.evicted} evicted (bounded)`);
process.exit(0);
