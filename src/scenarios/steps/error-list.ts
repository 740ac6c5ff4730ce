import { readFileSync } from 'node:fs';
import { isPlainObject } from '../../engine/json.js';
import { formatProblem, parseJsonText } from '../../world/load.js';
import { scenarioFile, type FileRoot } from '../files.js';
import type { Step } from '../schema.js';
import { StepFailure } from './context.js';

const DOCUMENTED_CODES = new Set([1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

/** The situations the certification asks a system-error list to cover. */
export const SYSTEM_ERROR_SITUATIONS = ['timeout', 'maintenance', 'downtime'] as const;
export type Situation = (typeof SYSTEM_ERROR_SITUATIONS)[number];

/**
 * How partners naturally say each situation. Coverage is by meaning, not one word: "timed out
 * while processing" is a timeout, "unavailable because of an outage" is downtime.
 */
const MEANING: Record<Situation, RegExp> = {
  timeout: /\btime[ds]?[\s-]?out\b|\btimeouts?\b|\btimed[\s-]out\b|took too long|too long to (?:respond|answer|process)|deadline (?:was )?exceeded|(?:did not|didn't|failed to|could not) (?:respond|answer|complete|finish)[^.]*\bin time\b|\bno (?:response|answer) (?:in|within)\b|\bgateway time|\b504\b/i,
  maintenance: /maint[ae]n[ae]nce|\bmaintain|\bupgrad(?:e|es|ed|ing)\b|\bdeploy(?:ment|ing)?\b|\bplanned (?:work|outage|downtime|interruption)|\bscheduled (?:work|outage|downtime|interruption|window)|\bupdate window\b|\bservice window\b/i,
  downtime: /down[\s-]?time|\bis down\b|\bgoes down\b|\bwent down\b|\bdown for\b|\boutages?\b|\bunavailab(?:le|ility)\b|\bnot available\b|\boffline\b|\bunreachable\b|\bcannot be reached\b|\bcan't be reached\b|\binterrupt(?:ed|ion)\b|\bnot (?:running|responding)\b|\bservice (?:is )?(?:stopped|disruption)\b|\b503\b/i,
};

const MARK_HINT: Record<Situation, string> = {
  timeout: 'a timeout (e.g. "The request timed out while saving the prices; retry later.")',
  maintenance: 'maintenance (e.g. "The channel manager is in a scheduled maintenance window; retry later.")',
  downtime: 'general downtime (e.g. "The channel manager is unavailable because of an outage; retry later.")',
};

interface ErrorEntry {
  code?: unknown;
  message?: unknown;
  situation?: unknown;
  kind?: unknown;
}

/**
 * The partner's list of system errors (a document, not a call): a JSON array, or {"errors": [...]},
 * of {code, message[, situation | kind]}. Every entry needs a documented code and a clear message;
 * the list must cover each situation asked for, by its `situation`/`kind` or by what its message says.
 */
export function checkErrorList(step: Extract<Step, { type: 'checkErrorList' }>, fileRoot?: FileRoot): string[] {
  let text: string;
  const path = scenarioFile(step.file, undefined, fileRoot);
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new StepFailure(`Cannot read the error list ${step.file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); give it with --system-errors <file>.`);
  }
  const parsed = parseJsonText(text, step.file);
  if ('problem' in parsed) throw new StepFailure(formatProblem(parsed.problem));
  const list = Array.isArray(parsed.json) ? parsed.json : isPlainObject(parsed.json) && Array.isArray(parsed.json.errors) ? parsed.json.errors : undefined;
  if (!list || list.length === 0) throw new StepFailure(`${step.file} must be a non-empty JSON array, or {"errors": [...]}, of {"code", "message"[, "situation"]}.`);
  const problems: string[] = [];
  const entries = list as ErrorEntry[];
  entries.forEach((e, i) => {
    if (!isPlainObject(e)) {
      problems.push(`[${i}]: each entry is an object {"code", "message"[, "situation"]}.`);
      return;
    }
    if (typeof e.code !== 'number' || !DOCUMENTED_CODES.has(e.code)) problems.push(`[${i}].code: ${JSON.stringify(e.code)} is not a documented error code (1, 2, 3, 6-14).`);
    if (typeof e.message !== 'string' || e.message.trim().length < 10) problems.push(`[${i}].message: a clear message is required (Mews forwards it to the property).`);
    // A label of the partner's own ("inactive connection") is fine: it just covers none of the three.
    const marked = e.situation ?? e.kind;
    if (marked !== undefined && typeof marked !== 'string') problems.push(`[${i}].situation: a situation is a word such as ${SYSTEM_ERROR_SITUATIONS.join(', ')}.`);
  });
  if (!entries.some((e) => isPlainObject(e) && e.code === 1)) problems.push('no system error (code 1) is listed.');
  for (const situation of step.mustCover ?? []) {
    if (!entries.some((e) => covers(e, situation))) {
      problems.push(`no entry covers ${situation}: add one whose message says it is ${MARK_HINT[situation]}, or mark an entry with "situation": "${situation}".`);
    }
  }
  for (const word of step.mustMention ?? []) {
    if (!entries.some((e) => isPlainObject(e) && typeof e.message === 'string' && e.message.toLowerCase().includes(word.toLowerCase()))) problems.push(`no message mentions "${word}".`);
  }
  if (problems.length) throw new StepFailure(`The error list ${step.file} has ${problems.length} problem(s).`, problems.join('\n'));
  return [];
}

/** Whether an entry is about a situation: marked so, or saying so in its message. */
export function covers(entry: unknown, situation: Situation): boolean {
  if (!isPlainObject(entry)) return false;
  const marked = entry.situation ?? entry.kind;
  if (typeof marked === 'string') return marked.trim().toLowerCase() === situation;
  return typeof entry.message === 'string' && MEANING[situation].test(entry.message);
}
