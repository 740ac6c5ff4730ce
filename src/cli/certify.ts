import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listen } from './listen.js';
import { certify, checklist } from '../certification/certify.js';
import { Simulator } from '../simulator.js';
import { htmlReport } from '../scenarios/reports/html.js';
import { jsonReport } from '../scenarios/reports/json.js';
import { junitReport } from '../scenarios/reports/junit.js';
import type { ProgressEvent } from '../scenarios/runner.js';
import { worldSummary } from '../admin/views.js';

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

/** `mews-sim certify`: the channel manager certification, rehearsed. Exit 0 when every required test passed. */
export async function certifyCommand(opts: CertifyCliOptions): Promise<number> {
  const sim = new Simulator({ partner: { baseUrl: opts.partnerUrl } });
  const { port, stop } = await listen(sim, opts);
  const say = (line: string) => opts.quiet || console.log(line);
  const w = worldSummary(sim.defaultWorld);
  say(`mews-sim certification rehearsal — Mews side on http://localhost:${port}, your endpoints at ${opts.partnerUrl ?? '(none)'}`);
  say(`clientToken ${w.clientToken}; employee email ${w.employees[0]}`);
  say(`gross property connection ${w.properties[0].connections[0].token}; net ${w.properties[1].connections[0].token}`);
  // Everything from now on counts: the partner may send its bookings as soon as it is up.
  const suiteStartSeq = sim.defaultWorld.journal.lastSeq;
  try {
    if (opts.partnerUrl && !(await partnerReachable(opts.partnerUrl, opts.waitForPartner * 1000))) {
      console.error(`mews-sim: nothing answers at ${opts.partnerUrl} after ${opts.waitForPartner} s; start your system first.`);
      return 2;
    }
    const verdict = await certify(sim.defaultWorld, {
      partnerUrl: opts.partnerUrl,
      systemErrorsFile: opts.systemErrors,
      interactive: opts.interactive,
      noResendWindow: opts.resendWindow,
      suiteStartSeq,
      onProgress: (e) => progress(e, say),
    });
    say(`\n${checklist(verdict)}`);
    if (opts.reports) {
      mkdirSync(opts.reports, { recursive: true });
      writeFileSync(join(opts.reports, 'certification.html'), htmlReport(verdict.results, 'Channel Manager certification rehearsal'));
      writeFileSync(join(opts.reports, 'certification.xml'), junitReport(verdict.results, 'certification'));
      writeFileSync(join(opts.reports, 'certification.json'), jsonReport(verdict.results));
      writeFileSync(join(opts.reports, 'certification.md'), checklist(verdict) + '\n');
      say(`reports in ${opts.reports}/ (certification.html, .xml, .json, .md)`);
    }
    return verdict.passed ? 0 : 1;
  } finally {
    stop();
  }
}

function progress(e: ProgressEvent, say: (line: string) => void): void {
  if (e.type === 'scenario-start') say(`\n▶ ${e.scenario}`);
  if (e.type === 'step-start' && e.instructions) say(`  → ${e.instructions}`);
  if (e.type === 'step-end') {
    const s = e.step;
    say(`  ${s.status === 'passed' ? '✓' : s.status === 'failed' ? '✗' : '-'} ${s.name}${s.message ? ` — ${s.message}` : ''}`);
    if (s.diff) say(s.diff.split('\n').map((l) => `      ${l}`).join('\n'));
  }
}
