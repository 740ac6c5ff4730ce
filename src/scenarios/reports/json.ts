import type { ScenarioResult } from '../runner.js';

export interface RunSummary {
  passed: number;
  failed: number;
  scenarios: number;
  durationMs: number;
}

export function summarize(results: ScenarioResult[]): RunSummary {
  const passed = results.filter((r) => r.status === 'passed').length;
  return { scenarios: results.length, passed, failed: results.length - passed, durationMs: Math.round(results.reduce((n, r) => n + r.durationMs, 0)) };
}

/** The whole run as JSON: summary, then every scenario with its steps and calls. */
export function jsonReport(results: ScenarioResult[]): string {
  return JSON.stringify({ summary: summarize(results), scenarios: results }, null, 2);
}
