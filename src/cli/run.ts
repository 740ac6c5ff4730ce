import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listen } from './listen.js';
import { Simulator } from '../simulator.js';
import { formatProblem } from '../world/load.js';
import { loadScenarios } from '../scenarios/load.js';
import { htmlReport } from '../scenarios/reports/html.js';
import { jsonReport, summarize } from '../scenarios/reports/json.js';
import { junitReport } from '../scenarios/reports/junit.js';
import { runScenario, type ProgressEvent, type ScenarioResult } from '../scenarios/runner.js';

export interface RunCliOptions {
  partnerUrl?: string;
  port: number;
  host: string;
  publicUrl?: string;
  reports?: string;
  junit?: string;
  html?: string;
  json?: string;
  quiet?: boolean;
  asyncDelay: number;
}

/**
 * `mews-sim run`: serves the simulator (so the partner can call it), runs each scenario against it,
 * prints progress per step, writes the reports and returns the exit code: 0 all passed, 1 a scenario
 * failed, 2 a scenario file is invalid.
 */
export async function runCommand(paths: string[], opts: RunCliOptions): Promise<number> {
  const { scenarios, problems } = loadScenarios(paths);
  if (problems.length) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`mews-sim: ${problems.length} problem(s) in the scenario files; nothing was run.`);
    return 2;
  }
  if (!scenarios.length) {
    console.error('mews-sim: no scenario files found.');
    return 2;
  }
  const sim = new Simulator({ partner: { baseUrl: opts.partnerUrl }, asyncDelayMs: opts.asyncDelay });
  const { port, stop } = await listen(sim, opts);
  const say = (line: string) => opts.quiet || console.log(line);
  say(`mews-sim: ${scenarios.length} scenario(s); serving the Mews side on http://localhost:${port}; partner ${opts.partnerUrl ?? '(from the scenarios)'}`);
  const results: ScenarioResult[] = [];
  try {
    for (const { file, scenario } of scenarios) {
      results.push(await runScenario(sim.defaultWorld, scenario, { file, partner: opts.partnerUrl ? { baseUrl: opts.partnerUrl } : undefined, onProgress: (e) => progress(e, say) }));
    }
  } finally {
    stop();
  }
  const s = summarize(results);
  say(`\n${s.passed} passed, ${s.failed} failed`);
  const dir = opts.reports;
  const outputs: [string | undefined, () => string][] = [
    [opts.junit ?? (dir && join(dir, 'junit.xml')), () => junitReport(results)],
    [opts.html ?? (dir && join(dir, 'report.html')), () => htmlReport(results)],
    [opts.json ?? (dir && join(dir, 'report.json')), () => jsonReport(results)],
  ];
  for (const [file, render] of outputs) {
    if (!file) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, render());
    say(`report: ${file}`);
  }
  return s.failed ? 1 : 0;
}

function progress(e: ProgressEvent, say: (line: string) => void): void {
  if (e.type === 'scenario-start') say(`\n▶ ${e.scenario}${e.file ? `  (${e.file})` : ''}`);
  if (e.type === 'step-end') {
    const s = e.step;
    const mark = s.status === 'passed' ? '✓' : s.status === 'failed' ? '✗' : '-';
    say(`  ${mark} ${String(s.index + 1).padStart(2, '0')} ${s.name} (${Math.round(s.durationMs)} ms)`);
    if (s.message) say(`      ${s.message}`);
    if (s.diff) say(s.diff.split('\n').map((l) => `      ${l}`).join('\n'));
  }
  if (e.type === 'scenario-end') say(`  ${e.result.status === 'passed' ? 'PASSED' : 'FAILED'} in ${(e.result.durationMs / 1000).toFixed(2)} s`);
}

export function validateCommand(paths: string[]): number {
  const { scenarios, problems } = loadScenarios(paths);
  for (const p of problems) console.error(formatProblem(p));
  for (const s of scenarios) console.log(`ok ${s.file}: ${s.scenario.name} (${s.scenario.steps.length} steps)`);
  if (!problems.length && !scenarios.length) {
    console.error('mews-sim: no scenario files found.');
    return 2;
  }
  return problems.length ? 1 : 0;
}
