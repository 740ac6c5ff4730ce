import { z } from 'zod';
import { didYouMean } from '../engine/did-you-mean.js';

/**
 * The matchers of expected bodies, defined once: each one's argument as a zod schema with its
 * description. Checking a file before a run, the JSON Schema editors use, and the matching itself
 * all read these definitions. `expected` is the schema of a nested expected value (a plain
 * `z.unknown()` when checking, the recursive structure when generating the JSON Schema).
 */
export function matcherArguments(expected: z.ZodType) {
  const bounds = (what: string) =>
    z
      .object({ min: z.number().optional().describe(`Smallest ${what} allowed (included).`), max: z.number().optional().describe(`Largest ${what} allowed (included).`) })
      .strict();
  return {
    $any: z.literal(true).describe('Present, with any value (null included): {"$any": true}.'),
    $absent: z.literal(true).describe('Missing or null: {"$absent": true}.'),
    $type: z.enum(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']).describe('Has this JSON type ("number" also accepts integers): {"$type": "string"}.'),
    $regex: z
      .string()
      .superRefine((pattern, ctx) => {
        const problem = regexProblem(pattern);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .describe('A string matching this regular expression (JavaScript syntax; backslashes doubled in JSON): {"$regex": "^\\\\d+$"}.'),
    $range: bounds('number').describe('A number within the bounds (either may be left out): {"$range": {"min": 1, "max": 5}}.'),
    $length: z
      .union([z.number().int().min(0), bounds('length')])
      .describe('An array or string of exactly this length, or with a length within the bounds: {"$length": 3}, {"$length": {"min": 1}}.'),
    $oneOf: z.array(expected).min(1).describe('Equal to (or matching) one of these expected values: {"$oneOf": ["A", "B"]}.'),
    $exactly: z.array(expected).describe('An array with exactly these elements, in this order (each may be a matcher).'),
    $not: expected.describe('Does not match this expected value (a literal or a matcher); {"$not": "${captured}"} says "differs from a captured value".'),
    $allOf: z.array(expected).min(1).describe('Matches every one of these expected values.'),
    $distinct: z
      .object({
        min: z.number().int().min(1).optional().describe('How many distinct values there must be at least (default 2).'),
        by: z.string().optional().describe('Compare this field of each element instead of the whole element.'),
      })
      .strict()
      .describe('An array with at least `min` distinct elements (or values of the field `by`).'),
  } satisfies Record<string, z.ZodType>;
}

export type MatcherName = keyof ReturnType<typeof matcherArguments>;
const RUNTIME_ARGS = matcherArguments(z.unknown());
export const MATCHER_NAMES = Object.keys(RUNTIME_ARGS) as MatcherName[];

/** Why a pattern cannot be used, or undefined when it compiles. */
export function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
}

export interface ExpectedProblem {
  /** Keys and indexes from the checked value down to the problem. */
  path: (string | number)[];
  message: string;
}

const WHOLE_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const hasWholeVariable = (v: unknown): boolean =>
  typeof v === 'string' ? WHOLE_VARIABLE.test(v) : Array.isArray(v) ? v.some(hasWholeVariable) : v !== null && typeof v === 'object' ? Object.values(v).some(hasWholeVariable) : false;

/**
 * Every mistake in an expected value that can be known before matching: unknown matchers (with a
 * did-you-mean), a matcher beside other keys, arguments of the wrong type, regexes that do not compile.
 * A "${variable}" standing for a whole argument is taken on trust (its value is known only at run time).
 */
export function checkExpected(value: unknown, path: (string | number)[] = []): ExpectedProblem[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => checkExpected(v, [...path, i]));
  if (value === null || typeof value !== 'object') return [];
  const entries = Object.entries(value);
  const dollar = entries.filter(([k]) => k.startsWith('$'));
  const out: ExpectedProblem[] = [];
  for (const [key] of dollar) {
    if (!(MATCHER_NAMES as string[]).includes(key)) {
      out.push({ path: [...path, key], message: `unknown matcher ${key}${didYouMean(key, MATCHER_NAMES, true)}; matchers are ${MATCHER_NAMES.join(', ')}` });
    } else if (entries.length > 1) {
      out.push({ path: [...path, key], message: `a matcher must be the only key of its object; put ${key} in a field of its own` });
    }
  }
  if (entries.length === 1 && dollar.length === 1 && (MATCHER_NAMES as string[]).includes(dollar[0][0])) {
    const [key, arg] = dollar[0] as [MatcherName, unknown];
    out.push(...checkMatcherArgument(key, arg, [...path, key]));
    return out;
  }
  for (const [key, inner] of entries) if (!key.startsWith('$')) out.push(...checkExpected(inner, [...path, key]));
  return out;
}

function checkMatcherArgument(key: MatcherName, arg: unknown, path: (string | number)[]): ExpectedProblem[] {
  const nested = key === '$oneOf' || key === '$exactly' || key === '$allOf' || key === '$not';
  const out: ExpectedProblem[] = [];
  if (key === '$regex' && typeof arg === 'string') {
    // Variables are filled in at run time; check the pattern with a harmless stand-in.
    const problem = regexProblem(arg.replace(/\$\{[A-Za-z_][A-Za-z0-9_]*\}/g, 'x'));
    return problem ? [{ path, message: `the $regex pattern does not compile (${problem.replace(/^not a valid regular expression: /, '')})` }] : [];
  }
  if (!(nested && key === '$not') && !hasWholeVariable(arg)) {
    const parsed = RUNTIME_ARGS[key].safeParse(arg);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        out.push({ path: [...path, ...(issue.path as (string | number)[])], message: `${key} ${argumentReason(key, issue, arg)}` });
      }
    }
  }
  if (nested) out.push(...checkExpected(arg, path));
  return out;
}

const EXPECTS: Record<MatcherName, string> = {
  $any: 'takes true',
  $absent: 'takes true',
  $type: 'takes one of "string", "number", "integer", "boolean", "array", "object", "null"',
  $regex: 'takes a regular expression as a string',
  $range: 'takes {"min": number, "max": number} (either may be left out)',
  $length: 'takes a whole number or {"min": number, "max": number}',
  $oneOf: 'takes a non-empty list of expected values',
  $exactly: 'takes a list of expected values',
  $not: 'takes an expected value',
  $allOf: 'takes a non-empty list of expected values',
  $distinct: 'takes {"min": whole number, "by": "field"}',
};

function argumentReason(key: MatcherName, issue: z.core.$ZodIssue, arg: unknown): string {
  if (issue.code === 'unrecognized_keys') return `${EXPECTS[key]}; unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')}${didYouMean(issue.keys[0], ['min', 'max', 'by'])}`;
  if (issue.code === 'invalid_value' && key === '$type') return `${EXPECTS[key]}${didYouMean(String(arg), ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'])}`;
  if (issue.path.length) return `${EXPECTS[key]}; ${issue.path.join('.')}: ${issue.message}`;
  return EXPECTS[key];
}

/** An expected value (partial JSON that may use matchers), checked before any matching. */
export const ExpectedValue = z.unknown().superRefine((value, ctx) => {
  for (const p of checkExpected(value)) ctx.addIssue({ code: 'custom', path: p.path, message: p.message });
});
