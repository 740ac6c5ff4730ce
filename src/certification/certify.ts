import { fileURLToPath } from 'node:url';
import type { World } from '../engine/world.js';
import { loadScenarios } from '../scenarios/load.js';
import { runScenario, type ProgressEvent, type ScenarioResult } from '../scenarios/runner.js';
import { formatProblem } from '../world/load.js';

/** The certification suite shipped with mews-sim: one scenario per test of the Mews docs' list. */
export const CERTIFICATION_DIR = fileURLToPath(new URL('../../scenarios/certification', import.meta.url));

export interface CertifyOptions {
  partnerUrl?: string;
  /** JSON file with the channel manager's system errors ([{code, message}]). */
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
}

export interface CertificationVerdict {
  passed: boolean;
  results: ScenarioResult[];
  requiredFailed: string[];
}

/**
 * Runs the certification suite against a partner, in one world that carries over from test to test
 * (the bookings of the reservation tests build on each other). The verdict passes when every
 * required test passes.
 */
export async function certify(world: World, options: CertifyOptions = {}): Promise<CertificationVerdict> {
  const { scenarios, problems } = loadScenarios([options.dir ?? CERTIFICATION_DIR]);
  if (problems.length) throw new Error(`the certification suite is invalid:\n${problems.map(formatProblem).join('\n')}`);
  const variables: Record<string, unknown> = {
    SYSTEM_ERRORS_FILE: options.systemErrorsFile ?? '(no --system-errors file given)',
    NO_RESEND_WINDOW: options.noResendWindow ?? '10s',
  };
  const suiteStartSeq = options.suiteStartSeq ?? world.journal.lastSeq;
  const results: ScenarioResult[] = [];
  for (const { file, scenario } of scenarios) {
    results.push(
      await runScenario(world, scenario, {
        file,
        partner: options.partnerUrl ? { baseUrl: options.partnerUrl } : undefined,
        variables,
        suiteStartSeq,
        timeoutFactor: options.timeoutFactor ?? (options.interactive ? 20 : 1),
        onProgress: options.onProgress,
      }),
    );
  }
  const requiredFailed = results.filter((r) => r.status === 'failed' && r.requirement === 'required').map((r) => r.name);
  return { passed: requiredFailed.length === 0, results, requiredFailed };
}

/** The verdict as the docs' table: test, requirement, result, evidence. */
export function checklist(verdict: CertificationVerdict): string {
  const rows = verdict.results.map((r) => {
    const failed = r.steps.find((s) => s.status === 'failed');
    const evidence = [...new Set(r.steps.flatMap((s) => s.entries))].join(' ');
    return `| ${r.name} | ${r.requirement ?? '-'} | ${r.status === 'passed' ? 'PASS' : 'FAIL'} | ${failed ? `${failed.name}: ${failed.message}` : evidence} |`;
  });
  const passed = verdict.results.filter((r) => r.status === 'passed').length;
  return [
    '| Test | Requirement | Result | Evidence |',
    '| --- | --- | --- | --- |',
    ...rows,
    '',
    `${passed} of ${verdict.results.length} tests passed; ${verdict.passed ? 'every required test passed.' : `required tests failed: ${verdict.requiredFailed.join('; ')}.`}`,
  ].join('\n');
}
