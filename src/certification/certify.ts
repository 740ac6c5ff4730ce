import { fileURLToPath } from 'node:url';
import type { World } from '../engine/world.js';
import { loadScenarios } from '../scenarios/load.js';
import { runScenario, type ProgressEvent, type ScenarioResult } from '../scenarios/runner.js';
import type { Scenario } from '../scenarios/schema.js';
import { DEMO_TOKENS } from '../world/demo.js';
import { formatProblem } from '../world/load.js';

/** The certification suite shipped with mews-sim: one scenario per test of the Mews docs' list. */
export const CERTIFICATION_DIR = fileURLToPath(new URL('../../scenarios/certification', import.meta.url));

export interface CertifyOptions {
  partnerUrl?: string;
  /** JSON file with the channel manager's system errors ([{code, message, situation?}] or {errors: [...]}). */
  systemErrorsFile?: string;
  /** How long the partner is watched for re-sending an invalid reservation. */
  noResendWindow?: string;
  /** A person at a terminal sends the bookings: waits are 20 times longer. */
  interactive?: boolean;
  timeoutFactor?: number;
  onProgress?: (event: ProgressEvent) => void;
  dir?: string;
  /** Calls recorded after this journal sequence number count (the partner may start sending before the suite starts). */
  suiteStartSeq?: number;
  /** The gross-priced connection the partner serves (the demo's Harbour View by default); null when it serves none. */
  grossConnection?: string | null;
  /** The net-priced connection the partner serves (the demo's Liberty Hall by default); null when it serves none. */
  netConnection?: string | null;
}

export interface CertificationVerdict {
  passed: boolean;
  results: ScenarioResult[];
  requiredFailed: string[];
  /** The connections the run used. */
  connections: { gross: string | null; net: string | null };
}

/**
 * Runs the certification suite against a partner, in one world that carries over from test to test
 * (the bookings of the reservation tests build on each other). The verdict passes when every
 * required test passes.
 */
export async function certify(world: World, options: CertifyOptions = {}): Promise<CertificationVerdict> {
  const { scenarios, problems } = loadScenarios([options.dir ?? CERTIFICATION_DIR]);
  if (problems.length) throw new Error(`the certification suite is invalid:\n${problems.map(formatProblem).join('\n')}`);
  const connections = certificationConnections(options);
  const variables: Record<string, unknown> = {
    SYSTEM_ERRORS_FILE: options.systemErrorsFile ?? '(no --system-errors file given)',
    NO_RESEND_WINDOW: options.noResendWindow ?? '10s',
    ...(connections.gross && { gross: connections.gross }),
    ...(connections.net && { net: connections.net }),
  };
  const capturedBy = producers(scenarios.map((s) => s.scenario));
  /** Failed tests and why: a test that depends on one gives its reason when the reason is a missing connection. */
  const failedTests = new Map<string, string | undefined>();
  const explainMissing = (variable: string): string | undefined => {
    if (variable === 'gross' || variable === 'net') {
      return `${variable} tests need a ${variable}-priced connection; this run has none (give --${variable}-connection <token>).`;
    }
    const test = capturedBy.get(variable);
    if (!test || !failedTests.has(test)) return undefined;
    const reason = failedTests.get(test);
    return reason?.includes('-priced connection; this run has none') ? reason : `depends on "${test}", which failed.`;
  };
  const suiteStartSeq = options.suiteStartSeq ?? world.journal.lastSeq;
  const results: ScenarioResult[] = [];
  for (const { file, scenario } of scenarios) {
    const result = await runScenario(world, scenario, {
      file,
      partner: options.partnerUrl ? { baseUrl: options.partnerUrl } : undefined,
      variables,
      suiteStartSeq,
      timeoutFactor: options.timeoutFactor ?? (options.interactive ? 20 : 1),
      onProgress: options.onProgress,
      explainMissing,
    });
    if (result.status === 'failed') failedTests.set(result.name, result.steps.find((s) => s.status === 'failed')?.message);
    results.push(result);
  }
  const requiredFailed = results.filter((r) => r.status === 'failed' && r.requirement === 'required').map((r) => r.name);
  return { passed: requiredFailed.length === 0, results, requiredFailed, connections };
}

/** The connections a run uses: the demo's gross and net ones unless told otherwise. */
export function certificationConnections(options: Pick<CertifyOptions, 'grossConnection' | 'netConnection'>): { gross: string | null; net: string | null } {
  return {
    gross: options.grossConnection === undefined ? DEMO_TOKENS.grossConnection : options.grossConnection,
    net: options.netConnection === undefined ? DEMO_TOKENS.netConnection : options.netConnection,
  };
}

/** Which test captures each variable: a later test that needs it depends on that one. */
function producers(scenarios: Scenario[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of scenarios) {
    for (const step of s.steps) {
      if ('capture' in step && step.capture) for (const name of Object.keys(step.capture)) if (!out.has(name)) out.set(name, s.name);
    }
  }
  return out;
}

/** A test's result as one word for the checklist: PASS, PASS (not read back), FAIL. */
export function resultWord(r: ScenarioResult): string {
  if (r.status === 'failed') return 'FAIL';
  return r.notes?.some((n) => n.includes('not read back')) ? 'PASS (not read back)' : 'PASS';
}

/** The verdict as the docs' table: test, requirement, result, evidence; failed tests first. */
export function checklist(verdict: CertificationVerdict): string {
  const ordered = [...verdict.results.filter((r) => r.status === 'failed'), ...verdict.results.filter((r) => r.status !== 'failed')];
  const rows = ordered.map((r) => {
    const failed = r.steps.find((s) => s.status === 'failed');
    const evidence = [...new Set(r.steps.flatMap((s) => s.entries))].join(' ');
    const detail = failed ? `${failed.name}: ${failed.message}` : [evidence, ...(r.notes ?? [])].filter(Boolean).join('; ');
    return `| ${r.name} | ${r.requirement ?? '-'} | ${resultWord(r)} | ${detail.replace(/\|/g, '\\|').replace(/\n/g, ' ')} |`;
  });
  const passed = verdict.results.filter((r) => r.status === 'passed').length;
  const unread = verdict.results.filter((r) => resultWord(r) === 'PASS (not read back)').length;
  return [
    `Verdict: ${verdict.passed ? 'PASS — every required test passed' : `FAIL — ${verdict.requiredFailed.length} required test(s) failed`}.`,
    '',
    '| Test | Requirement | Result | Evidence |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `${passed} of ${verdict.results.length} tests passed; ${verdict.passed ? 'every required test passed.' : `required tests failed: ${verdict.requiredFailed.join('; ')}.`}`,
    ...(unread ? [`${unread} inventory test(s) passed without a read-back: nobody answered what the channel manager stored, so "data is updated in the extranet" was not checked.`] : []),
  ].join('\n');
}
