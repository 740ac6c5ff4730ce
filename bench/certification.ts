import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certify } from '../src/certification/certify.js';
import { Simulator } from '../src/simulator.js';
import { createApp } from '../src/adapters/express.js';
import { DEMO_EMAIL, DEMO_TOKENS } from '../src/world/demo.js';
import { startReferenceChannelManager } from '../examples/reference-channel-manager/server.js';

/**
 * The whole certification suite against the reference channel manager, unattended, over real
 * sockets: total time and time per test. The "not re-sent" watch of the last test is set to 2 s
 * (`mews-sim certify --resend-window`, 10 s by default).
 *
 *   npx tsx bench/certification.ts
 */
const errors = join(mkdtempSync(join(tmpdir(), 'mews-sim-bench-')), 'errors.json');
writeFileSync(
  errors,
  JSON.stringify([
    { code: 1, message: 'Request timeout in the channel manager; retry later.' },
    { code: 1, message: 'Scheduled maintenance of the channel manager; retry later.' },
    { code: 1, message: 'Unplanned downtime of the channel manager; retry later.' },
  ]),
);
const sim = new Simulator();
const server = createApp(sim).listen(0, '127.0.0.1');
await new Promise((r) => server.once('listening', r));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
const cm = await startReferenceChannelManager({ mewsUrl: base, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL });

const started = performance.now();
const running = certify(sim.defaultWorld, { partnerUrl: cm.url, systemErrorsFile: errors, noResendWindow: '2s' });
await cm.sendBookings();
const verdict = await running;
const total = performance.now() - started;
await cm.stop();
sim.close();
server.closeAllConnections();
server.close();

console.log(`certification suite against the reference channel manager, Node ${process.version}\n`);
console.log('| test | requirement | result | time |');
console.log('| --- | --- | --- | ---: |');
for (const r of verdict.results) console.log(`| ${r.name} | ${r.requirement} | ${r.status} | ${(r.durationMs / 1000).toFixed(2)} s |`);
console.log(`\ntotal: ${(total / 1000).toFixed(2)} s for ${verdict.results.length} tests; verdict: ${verdict.passed ? 'PASS' : 'FAIL'} (goal: under 30 s)`);
process.exit(verdict.passed ? 0 : 1);
