import { readFileSync } from 'node:fs';
import type { Step } from '../schema.js';
import { StepFailure } from './context.js';

const DOCUMENTED_CODES = new Set([1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

/** The partner's list of system errors: documented codes, clear messages, the situations asked for. */
export function checkErrorList(step: Extract<Step, { type: 'checkErrorList' }>): string[] {
  let list: unknown;
  try {
    list = JSON.parse(readFileSync(step.file, 'utf8'));
  } catch (err) {
    throw new StepFailure(`Cannot read the error list ${step.file}: ${(err as Error).message}`);
  }
  if (!Array.isArray(list) || list.length === 0) throw new StepFailure(`${step.file} must be a non-empty JSON array of {"code", "message"}.`);
  const problems: string[] = [];
  list.forEach((e, i) => {
    const item = e as { code?: unknown; message?: unknown };
    if (typeof item.code !== 'number' || !DOCUMENTED_CODES.has(item.code)) problems.push(`[${i}].code: ${JSON.stringify(item.code)} is not a documented error code (1, 2, 3, 6-14).`);
    if (typeof item.message !== 'string' || item.message.trim().length < 10) problems.push(`[${i}].message: a clear message is required (Mews forwards it to the property).`);
  });
  if (!list.some((e) => (e as { code?: unknown }).code === 1)) problems.push('no system error (code 1) is listed.');
  for (const word of step.mustMention ?? []) {
    if (!list.some((e) => typeof (e as { message?: unknown }).message === 'string' && ((e as { message: string }).message.toLowerCase().includes(word.toLowerCase())))) {
      problems.push(`no message mentions "${word}".`);
    }
  }
  if (problems.length) throw new StepFailure(`The error list ${step.file} has ${problems.length} problem(s).`, problems.join('\n'));
  return [];
}

