import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { listen } from './listen.js';
import { Simulator } from '../simulator.js';
import { formatProblem } from '../world/load.js';
import { isCertificationScenario } from '../scenarios/check.js';
import { findScenarioFiles, loadScenarios } from '../scenarios/load.js';
import { htmlReport } from '../scenarios/reports/html.js';
import { jsonReportWithBodies, summarize } from '../scenarios/reports/json.js';
import { junitReport } from '../scenarios/reports/junit.js';
import { allowedEnvironment } from '../scenarios/interpolate.js';
import { maskCardText } from '../journal/mask.js';
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
  /** Environment variables ${NAME} may read besides MEWS_SIM_VAR_*. */
  env?: string[];
}

/** Exit codes of `mews-sim run` (documented in the README and the guide). */
export const EXIT = { passed: 0, failed: 1, invalid: 2, interrupted: 130, terminated: 143 } as const;

/**
 * `mews-sim run`: serves the simulator (so the partner can call it), runs each scenario against it,
 * prints progress per step, writes the reports and returns the exit code: 0 all passed, 1 a scenario
 * failed, 2 a scenario file is invalid (or belongs to the certification suite), 130/143 stopped by
 * SIGINT/SIGTERM (the reports are written all the same).
 */
export async function runCommand(paths: string[], opts: RunCliOptions): Promise<number> {
  const { scenarios, problems } = loadScenarios(paths);
  if (problems.length) {
    for (const p of problems) console.error(formatProblem(p));
    console.error(`mews-sim: ${problems.length} problem(s) in the scenario files; nothing was run.`);
    return EXIT.invalid;
  }
  if (!scenarios.length) {
    console.error('mews-sim: no scenario files found.');
    return EXIT.invalid;
  }
  const certification = scenarios.filter((s) => isCertificationScenario(s.scenario));
  if (certification.length) {
    const first = certification[0].file;
    console.error(
      `mews-sim: ${first}${certification.length > 1 ? ` and ${certification.length - 1} more` : ''} belong to the certification suite: they build on each other and need the world and variables \`mews-sim certify\` sets up, so \`run\` does not run them.\n` +
        `  Rehearse the certification with:  mews-sim certify --partner-url <your endpoints>\n` +
        `  Run your own scenarios by naming their folder, e.g.:  mews-sim run scenarios/examples/ --partner-url <your endpoints>\n` +
        'Nothing was run.',
    );
    return EXIT.invalid;
  }
  const sim = new Simulator({ partner: { baseUrl: opts.partnerUrl }, asyncDelayMs: opts.asyncDelay });
  const { port, stop } = await listen(sim, opts);
  const say = (line: string) => opts.quiet || console.log(maskCardText(line));
  const dir = opts.reports;
  const htmlFile = opts.html ?? (dir && join(dir, 'report.html'));
  say(`mews-sim: ${scenarios.length} scenario(s); serving the Mews side on http://localhost:${port}; partner ${opts.partnerUrl ?? '(from the scenarios)'}`);
  // SIGINT/SIGTERM stop the run, not the process: the step in progress is marked aborted and the reports are written.
  const controller = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(signal === 'SIGINT' ? EXIT.interrupted : EXIT.terminated);
    console.error(`\nmews-sim: ${signal} received: stopping the run and writing the reports (send it again to quit at once)`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results: ScenarioResult[] = [];
  try {
    for (const { file, scenario } of scenarios) {
      if (controller.signal.aborted) break;
      results.push(
        await runScenario(sim.defaultWorld, scenario, {
          file,
          partner: opts.partnerUrl ? { baseUrl: opts.partnerUrl } : undefined,
          env: allowedEnvironment(process.env, opts.env),
          signal: controller.signal,
          onProgress: (e) => progress(e, say, htmlFile),
        }),
      );
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stop();
  }
  const s = summarize(results);
  const notRun = scenarios.length - results.length;
  say(`\n${s.passed} passed, ${s.failed} failed${notRun ? `, ${notRun} not run` : ''}${controller.signal.aborted ? ` (stopped by ${String(controller.signal.reason)})` : ''}`);
  const outputs: [string | undefined, () => string][] = [
    [opts.junit ?? (dir && join(dir, 'junit.xml')), () => junitReport(results)],
    [htmlFile, () => htmlReport(results)],
  ];
  for (const [file, render] of outputs) {
    if (!file) continue;
    mkdirSync(dirname(file), { recursive: true });
    // Reports quote expected and actual bodies: card numbers are masked there as everywhere.
    writeFileSync(file, maskCardText(render()));
    say(`report: ${file}`);
  }
  const jsonFile = opts.json ?? (dir && join(dir, 'report.json'));
  if (jsonFile) {
    const { json, bodies } = jsonReportWithBodies(results);
    mkdirSync(dirname(jsonFile), { recursive: true });
    for (const [rel, text] of bodies) {
      mkdirSync(dirname(join(dirname(jsonFile), rel)), { recursive: true });
      writeFileSync(join(dirname(jsonFile), rel), text);
    }
    writeFileSync(jsonFile, json);
    say(`report: ${jsonFile}${bodies.size ? ` (${bodies.size} large bod${bodies.size === 1 ? 'y' : 'ies'} in ${join(dirname(jsonFile), 'bodies')}/)` : ''}`);
  }
  if (controller.signal.aborted) return controller.signal.reason === 'SIGINT' ? EXIT.interrupted : EXIT.terminated;
  return s.failed ? EXIT.failed : EXIT.passed;
}

function progress(e: ProgressEvent, say: (line: string) => void, htmlFile: string | undefined): void {
  if (e.type === 'scenario-start') say(`\n▶ ${e.scenario}${e.file ? `  (${e.file})` : ''}`);
  if (e.type === 'step-start' && e.waitsFor) {
    say(`  … ${String(e.index + 1).padStart(2, '0')} ${e.name}: ${e.waitsFor} (up to ${seconds(e.waitMs ?? 0)})`);
    if (e.instructions) say(`      → ${e.instructions}`);
  }
  if (e.type === 'step-end') {
    const s = e.step;
    const mark = s.status === 'passed' ? '✓' : s.status === 'failed' ? '✗' : s.status === 'aborted' ? '!' : '-';
    say(`  ${mark} ${String(s.index + 1).padStart(2, '0')} ${s.name} (${Math.round(s.durationMs)} ms)`);
    if (s.message) say(`      ${s.message}`);
    if (s.diff) say(s.diff.split('\n').map((l) => `      ${l}`).join('\n'));
    // Journal ids are anchors of the HTML report: report.html#<id> opens the call with its bodies.
    if (s.entries.length) say(`      calls: ${s.entries.join(' ')}${htmlFile ? `  (${htmlFile}#${s.entries[0]})` : ''}`);
  }
  if (e.type === 'scenario-end') say(`  ${e.result.status === 'passed' ? 'PASSED' : 'FAILED'} in ${(e.result.durationMs / 1000).toFixed(2)} s${e.result.aborted ? ' (stopped)' : ''}`);
}

const seconds = (ms: number) => (ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`);

/** `mews-sim validate`: every problem as file:line:column $.path: reason, a summary line; exit 0 or 2. */
export function validateCommand(paths: string[]): number {
  const { files } = findScenarioFiles(paths);
  const { scenarios, problems } = loadScenarios(paths);
  for (const p of problems) console.error(formatProblem(p));
  for (const s of scenarios) console.log(`ok ${s.file}: ${s.scenario.name} (${s.scenario.steps.length} steps)`);
  if (!problems.length && !scenarios.length) {
    console.error('mews-sim: no scenario files found.');
    return EXIT.invalid;
  }
  const bad = new Set(problems.map((p) => p.file)).size;
  const line = `${files.length} file(s): ${scenarios.length} valid, ${bad} with problems (${problems.length} problem(s))`;
  if (problems.length) console.error(line);
  else console.log(line);
  return problems.length ? EXIT.invalid : EXIT.passed;
}
