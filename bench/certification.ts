import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certify, type CertificationVerdict } from '../src/certification/certify.js';
import { Simulator } from '../src/simulator.js';
import { createApp } from '../src/adapters/express.js';
import { DEMO_EMAIL, DEMO_TOKENS } from '../src/world/demo.js';
import { startReferenceChannelManager } from '../examples/reference-channel-manager/server.js';

/**
 * The whole certification suite against the reference channel manager, unattended (it follows the
 * prompts), over real sockets, twice in one run: answering pushes synchronously (the baseline) and
 * asynchronously (asyncConfirmation: true, outcome in process*Confirmation calls). The "not
 * re-sent" watch of the last test is 2 s (`mews-sim certify --resend-window`, 10 s by default).
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

async function rehearse(async: boolean): Promise<{ verdict: CertificationVerdict; seconds: number }> {
  const sim = new Simulator();
  const server = createApp(sim).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  sim.defaultWorld.options.publicUrl = base;
  const cm = await startReferenceChannelManager({ mewsUrl: base, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL, autoBook: true, async });
  const started = performance.now();
  const verdict = await certify(sim.defaultWorld, { partnerUrl: cm.url, systemErrorsFile: errors, noResendWindow: '2s' });
  const seconds = (performance.now() - started) / 1000;
  await cm.stop();
  sim.close();
  server.closeAllConnections();
  server.close();
  return { verdict, seconds };
}

const sync = await rehearse(false);
const async = await rehearse(true);

console.log(`certification suite against the reference channel manager, Node ${process.version}\n`);
console.log('| test | requirement | synchronous | asynchronous |');
console.log('| --- | --- | ---: | ---: |');
sync.verdict.results.forEach((r, i) => {
  const a = async.verdict.results[i];
  console.log(`| ${r.name} | ${r.requirement} | ${r.status} ${(r.durationMs / 1000).toFixed(2)} s | ${a.status} ${(a.durationMs / 1000).toFixed(2)} s |`);
});
console.log(`\n| partner | total | verdict |\n| --- | ---: | --- |`);
console.log(`| synchronous replies (baseline) | ${sync.seconds.toFixed(2)} s | ${sync.verdict.passed ? 'PASS' : 'FAIL'} |`);
console.log(`| asynchronous confirmations | ${async.seconds.toFixed(2)} s | ${async.verdict.passed ? 'PASS' : 'FAIL'} |`);
console.log(`\nasynchronous / synchronous: ${(async.seconds / sync.seconds).toFixed(2)} (goal: at most 1.5; total goal: under 30 s)`);
process.exit(sync.verdict.passed && async.verdict.passed ? 0 : 1);
