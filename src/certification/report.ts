import type { JournalEntry } from '../journal/entry.js';
import type { ScenarioResult } from '../scenarios/runner.js';

/** Bodies larger than this go into the report by reference to the journal export. */
export const INLINE_BODY_BYTES = 4096;

/**
 * The results with every large body replaced by a reference into the journal export written beside
 * the report, so a run's JSON stays small (a 365-day push body is megabytes).
 */
export function withBodiesByReference(results: ScenarioResult[], journalFile: string, limit = INLINE_BODY_BYTES): ScenarioResult[] {
  const slim = (entry: JournalEntry, part: 'request' | 'response') => {
    const body = entry[part]?.body;
    if (body === undefined || body === null) return entry[part];
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    if (text.length <= limit) return entry[part];
    return { ...entry[part], body: { $ref: `${journalFile}#${entry.id}`, bytes: text.length, excerpt: `${text.slice(0, 200)}…` } };
  };
  return results.map((r) => ({ ...r, journal: r.journal.map((e) => ({ ...e, request: slim(e, 'request')!, response: slim(e, 'response') })) }));
}
