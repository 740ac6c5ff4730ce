import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { listen } from './listen.js';
import { certificationConnections, certify, checklist, resultWord } from '../certification/certify.js';
import { withBodiesByReference } from '../certification/report.js';
import { Simulator } from '../simulator.js';
import type { World } from '../engine/world.js';
import { serializeEntry } from '../journal/journal.js';
import { promptBoard } from '../scenarios/prompts.js';
import { htmlReport } from '../scenarios/reports/html.js';
import { jsonReport } from '../scenarios/reports/json.js';
import { junitReport } from '../scenarios/reports/junit.js';
import type { ProgressEvent } from '../scenarios/runner.js';
import { worldSummary } from '../admin/views.js';
import { runLog } from '../ui/runs.js';

export interface CertifyCliOptions {
  partnerUrl?: string;
  port: number;
  host: string;
  publicUrl?: string;
  systemErrors?: string;
  interactive?: boolean;
  resendWindow: string;
  reports?: string;
  quiet?: boolean;
  waitForPartner: number;
  grossConnection?: string;
  netConnection?: string;
}

/** Waits until something answers at the partner URL (any HTTP status): it may boot after mews-sim. */
async function partnerReachable(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await fetch(url, { method: 'GET', signal: AbortSignal.timeout(2000) });
      return true;
    } catch {
      if (performance.now() > deadline) return false;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

const connectionOption = (value: string | undefined) => (value === undefined ? undefined : value === 'none' ? null : value);

/** `mews-sim certify`: the channel manager certification, rehearsed. Exit 0 when every required test passed. */
export async function certifyCommand(opts: CertifyCliOptions): Promise<number> {
  const sim = new Simulator({ partner: { baseUrl: opts.partnerUrl } });
  const { port, stop } = await listen(sim, opts);
  const say = (line: string) => opts.quiet || console.log(line);
  const world = sim.defaultWorld;
  const connections = certificationConnections({ grossConnection: connectionOption(opts.grossConnection), netConnection: connectionOption(opts.netConnection) });
  say(`mews-sim certification rehearsal — Mews side on http://localhost:${port}, your endpoints at ${opts.partnerUrl ?? '(none)'}`);
  for (const line of introduction(world, connections)) say(line);
  // Everything from now on counts: the partner may send its bookings as soon as it is up.
  const suiteStartSeq = world.journal.lastSeq;
  const stopEnter = opts.interactive ? enterConfirmsPrompts(world, say) : undefined;
  try {
    if (opts.partnerUrl && !(await partnerReachable(opts.partnerUrl, opts.waitForPartner * 1000))) {
      console.error(`mews-sim: nothing answers at ${opts.partnerUrl} after ${opts.waitForPartner} s; start your system first.`);
      return 2;
    }
    // Kept for the dashboard at /_sim/ui, which shows the checklist filling in.
    const run = runLog(world).start('certification', 'Channel Manager certification rehearsal');
    const verdict = await certify(world, {
      partnerUrl: opts.partnerUrl,
      systemErrorsFile: opts.systemErrors,
      interactive: opts.interactive,
      noResendWindow: opts.resendWindow,
      suiteStartSeq,
      grossConnection: connections.gross,
      netConnection: connections.net,
      onProgress: (e) => {
        progress(e, say);
        run.onProgress(e);
      },
    }).finally(run.finish);
    say(`\n${checklist(verdict)}`);
    if (opts.reports) {
      mkdirSync(opts.reports, { recursive: true });
      const journalFile = 'certification-journal.ndjson';
      writeFileSync(join(opts.reports, journalFile), world.journal.find({ since: suiteStartSeq }).map((e) => serializeEntry(e) + '\n').join(''));
      const results = withBodiesByReference(verdict.results, journalFile);
      const title = `Channel Manager certification rehearsal — ${verdict.passed ? 'PASS: every required test passed' : `FAIL: ${verdict.requiredFailed.length} required test(s) failed`}`;
      const failedFirst = [...results.filter((r) => r.status === 'failed'), ...results.filter((r) => r.status !== 'failed')];
      writeFileSync(join(opts.reports, 'certification.html'), htmlReport(failedFirst, title));
      writeFileSync(join(opts.reports, 'certification.xml'), junitReport(results, 'certification'));
      writeFileSync(join(opts.reports, 'certification.json'), jsonReport(results));
      writeFileSync(join(opts.reports, 'certification.md'), checklist(verdict) + '\n');
      say(`reports in ${opts.reports}/ (certification.html, .xml, .json, .md; the calls in ${journalFile})`);
    }
    return verdict.passed ? 0 : 1;
  } finally {
    stopEnter?.();
    stop();
  }
}

/** What the partner must know before the first test: tokens, connections, what to map, how prompts work. */
function introduction(world: World, connections: { gross: string | null; net: string | null }): string[] {
  const w = worldSummary(world);
  const describe = (token: string | null, pricing: string) => {
    if (!token) return `  ${pricing}: none — the ${pricing}-priced tests cannot run (give --${pricing}-connection <token>)`;
    const c = world.state.connections.get(token);
    const property = c && world.state.properties.get(c.propertyId);
    if (!c || !property) return `  ${pricing}: ${token} — not a connection of this world`;
    const spaces = c.spaceTypeCodes.join(', ');
    const rates = [...new Set(c.inventoryMappings.map((m) => m.ratePlanCode))].filter((r) => !c.unsynchronizedRates.has(r)).join(', ');
    const products = c.productMappings.map((m) => `${m.productCode} on ${m.ratePlanCode}`).join(', ');
    return [
      `  ${pricing}: ${property.name} (${property.currencyCode}), connectionToken ${token}`,
      `    map space types ${spaces}; rates ${rates}${products ? `; package products ${products}` : ''}`,
    ].join('\n');
  };
  return [
    `clientToken ${w.clientToken}; employee email ${w.employees[0]}`,
    'Connections this run uses (serve both behind your one URL, routed by connectionToken):',
    describe(connections.gross, 'gross'),
    describe(connections.net, 'net'),
    'What you are asked to do is printed below and published at GET /_sim/prompts (live: /_sim/prompts/stream); answer prompts that make no call with POST /_sim/prompts/<id>/done.',
  ];
}

/** --interactive: Enter marks the open prompts that wait for a person's "done" as done. */
function enterConfirmsPrompts(world: World, say: (line: string) => void): () => void {
  const rl = createInterface({ input: process.stdin });
  rl.on('line', () => {
    const board = promptBoard(world);
    for (const p of board.list('open').filter((p) => !p.expect)) {
      board.done(p.id, {});
      say(`  (confirmed ${p.id}: ${p.action ?? p.text})`);
    }
  });
  return () => rl.close();
}

function progress(e: ProgressEvent, say: (line: string) => void): void {
  if (e.type === 'scenario-start') say(`\n▶ ${e.scenario}`);
  if (e.type === 'step-start' && e.instructions) say(`  → ${e.instructions}`);
  if (e.type === 'step-end') {
    const s = e.step;
    say(`  ${s.status === 'passed' ? '✓' : s.status === 'failed' ? '✗' : '-'} ${s.name}${s.message ? ` — ${s.message}` : ''}${s.note ? ` (${s.note})` : ''}`);
    if (s.diff) say(s.diff.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (e.type === 'scenario-end') say(`  = ${resultWord(e.result)}`);
}
