import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatPath, locateJsonPath, positionOf } from '../engine/json-locate.js';
import { findJsonSyntaxError } from '../engine/json-syntax.js';
import { WorldFixtureSchema, type WorldFixture } from './schema.js';

export interface FixtureProblem {
  file: string;
  line?: number;
  column?: number;
  path: string;
  message: string;
}

/** A world file that cannot be used, with every problem found in it. */
export class FixtureError extends Error {
  constructor(readonly problems: FixtureProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'FixtureError';
  }
}

export function formatProblem(p: FixtureProblem): string {
  const where = p.line ? `${p.file}:${p.line}:${p.column}` : p.file;
  return `${where} ${p.path}: ${p.message}`;
}

/** Reads and validates a world fixture file; throws FixtureError naming file, line, JSON path and reason. */
export function loadWorldFile(file: string): WorldFixture {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new FixtureError([{ file, path: '$', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` }]);
  }
  return parseWorldText(text, file);
}

/** JSON.parse that reports a syntax error as a problem with the line and column it is at. */
export function parseJsonText(text: string, file: string): { json: unknown } | { problem: FixtureProblem } {
  try {
    return { json: JSON.parse(text) };
  } catch (err) {
    const found = findJsonSyntaxError(text);
    if (found) return { problem: { file, ...positionOf(text, found.offset), path: '$', message: `not valid JSON: ${found.reason}` } };
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    return { problem: { file, ...(at ? positionOf(text, Number(at[1])) : {}), path: '$', message: `not valid JSON: ${message}` } };
  }
}

export function parseWorldText(text: string, file = '<world>'): WorldFixture {
  const parsed = parseJsonText(text, file);
  if ('problem' in parsed) throw new FixtureError([parsed.problem]);
  const result = WorldFixtureSchema.safeParse(parsed.json);
  if (result.success) return result.data;
  throw new FixtureError(zodProblems(result.error, text, file));
}

export function zodProblems(error: z.ZodError, text: string | undefined, file: string): FixtureProblem[] {
  return error.issues.map((issue) => {
    const pos = text === undefined ? undefined : locateJsonPath(text, issue.path);
    return { file, ...pos, path: formatPath(issue.path), message: issue.message };
  });
}
