import type { JournalEntry } from './entry.js';
import type { Journal, JournalQuery } from './journal.js';
import { formatMismatches, matchPartial, type Mismatch } from './match.js';

export interface VerifyRequest extends Omit<JournalQuery, 'limit'> {
  /** Partial request body the call must contain. */
  body?: unknown;
  /** Partial response body (the answer given or received). */
  response?: unknown;
  /** Exactly this many matching calls... */
  count?: number;
  /** ...or at least this many (default 1 when count is not given). */
  atLeast?: number;
  atMost?: number;
}

export interface VerifyResult {
  ok: boolean;
  matched: number;
  expectation: string;
  entries: JournalEntry[];
  /** When nothing matched: the candidate that came closest, and how it differs. */
  nearestMiss?: { entry: JournalEntry; mismatches: Mismatch[]; diff: string };
}

/** "Was it called N times / at least once with a body containing this?" against one journal. */
export function verify(journal: Journal, request: VerifyRequest): VerifyResult {
  const candidates = journal.find({ ...request, limit: undefined });
  const matches: JournalEntry[] = [];
  let nearest: { entry: JournalEntry; mismatches: Mismatch[] } | undefined;
  for (const entry of candidates) {
    const mismatches = [
      ...(request.body === undefined ? [] : matchPartial(request.body, entry.request.body, '$.request')),
      ...(request.response === undefined ? [] : matchPartial(request.response, entry.response?.body, '$.response')),
    ];
    if (mismatches.length === 0) matches.push(entry);
    else if (!nearest || mismatches.length < nearest.mismatches.length) nearest = { entry, mismatches };
  }
  const { ok, expectation } = judge(matches.length, request);
  const result: VerifyResult = { ok, matched: matches.length, expectation, entries: matches };
  if (matches.length === 0 && nearest) result.nearestMiss = { ...nearest, diff: formatMismatches(nearest.mismatches) };
  return result;
}

function judge(n: number, r: VerifyRequest): { ok: boolean; expectation: string } {
  if (r.count !== undefined) return { ok: n === r.count, expectation: `exactly ${r.count}` };
  const min = r.atLeast ?? (r.atMost === undefined ? 1 : 0);
  const max = r.atMost ?? Infinity;
  const expectation = max === Infinity ? `at least ${min}` : `between ${min} and ${max}`;
  return { ok: n >= min && n <= max, expectation };
}
