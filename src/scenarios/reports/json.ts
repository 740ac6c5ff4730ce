import type { JournalEntry } from '../../journal/entry.js';
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

export interface ReportWithBodies {
  json: string;
  /** Bodies too large to keep inline: path relative to report.json → the body's JSON text. */
  bodies: Map<string, string>;
}

/** Bodies larger than this are written to files of their own (report.json stays quick to open and diff). */
export const INLINE_BODY_LIMIT = 64 * 1024;

/**
 * report.json with large bodies by reference: such a body is replaced by
 * {"$file": "bodies/<entry>.<request|response>.json", "bytes": n}, the file holding the body itself.
 */
export function jsonReportWithBodies(results: ScenarioResult[], limit = INLINE_BODY_LIMIT, folder = 'bodies'): ReportWithBodies {
  const bodies = new Map<string, string>();
  const slim = (entry: JournalEntry): JournalEntry => {
    const out: JournalEntry = { ...entry };
    for (const part of ['request', 'response'] as const) {
      const holder = entry[part];
      if (!holder) continue;
      const text = JSON.stringify(holder.body);
      if (text === undefined || text.length <= limit) continue;
      const file = `${folder}/${entry.id.replace(/[^A-Za-z0-9_.-]/g, '_')}.${part}.json`;
      bodies.set(file, text);
      out[part] = { ...(holder.headers && { headers: holder.headers }), body: { $file: file, bytes: Buffer.byteLength(text) } };
    }
    return out;
  };
  const scenarios = results.map((r) => ({ ...r, journal: r.journal.map(slim) }));
  return { json: JSON.stringify({ summary: summarize(results), scenarios }, null, 2), bodies };
}
