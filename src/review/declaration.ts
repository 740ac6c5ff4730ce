import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatPath, locateJsonPath } from '../engine/json-locate.js';
import { FACTS } from './facts.generated.js';

/**
 * The integration's own account of itself, shaped like the Connector API certification form: what
 * it is, which use case(s) it follows, each operation it calls and why, the webhooks it listens to
 * and the load it expects. The review judges the journal against it.
 */
const USE_CASES = Object.keys(FACTS.useCases) as [string, ...string[]];
const EVENTS = Object.keys(FACTS.webhookEvents) as [string, ...string[]];

export const DeclaredOperation = z
  .object({
    operation: z
      .string()
      .regex(/^[a-zA-Z]+\/[a-zA-Z]+(\/\d{4}-\d{2}-\d{2})?$/, 'an operation path after /api/connector/v1/, e.g. "rates/getAll" or "reservations/getAll/2023-06-06"')
      .describe('Operation path after /api/connector/v1/, exactly as documented.'),
    purpose: z.string().min(1, 'say what the operation is used for').describe('What the integration uses the operation for.'),
    extents: z.array(z.string().min(1)).default([]).describe('Extents the integration requests and reads (e.g. "Rates"); any other extent requested is reported.'),
    trigger: z
      .enum(['setup', 'webhook', 'schedule', 'user', 'change'])
      .default('schedule')
      .describe('What makes it call: once at setup, on a webhook, on a schedule, on a user action, or when its own data changes.'),
  })
  .strict();

export const ReviewDeclarationSchema = z
  .object({
    $schema: z.string().optional(),
    integration: z
      .object({
        name: z.string().min(1).describe('Name of the integration as on the certification form.'),
        version: z.string().min(1).optional(),
      })
      .strict(),
    useCases: z.array(z.enum(USE_CASES)).describe(`Use cases from the Connector API docs (use-cases/): ${USE_CASES.join(', ')}.`),
    operations: z.array(DeclaredOperation).min(1, 'declare at least one operation'),
    webhooks: z
      .object({
        general: z.array(z.enum(EVENTS)).default([]).describe('General webhook events subscribed to.'),
        integration: z.boolean().default(false).describe('Whether the integration webhook (enabled, disabled, canceled…) is handled.'),
      })
      .strict()
      .default({ general: [], integration: false }),
    expectedLoad: z
      .object({
        requestsPerHour: z.number().positive().describe('Average requests per hour per enterprise in normal running.'),
        enterprises: z.number().int().positive().default(1),
      })
      .strict(),
    accessTokens: z.array(z.string().min(1)).optional().describe('Review only calls made with these AccessTokens (all Connector calls when absent).'),
  })
  .strict()
  .meta({ title: 'mews-sim review declaration', description: 'What a Connector API integration declares for its certification review.' });

export type ReviewDeclaration = z.output<typeof ReviewDeclarationSchema>;

/** A file the review cannot use: which file, where in it, and why (exit code 2). */
export class ReviewInputError extends Error {
  constructor(
    readonly file: string,
    readonly where: string,
    readonly reason: string,
  ) {
    super(`${file}${where ? `:${where}` : ''}: ${reason}`);
  }
}

export function buildDeclarationJsonSchema(): object {
  return z.toJSONSchema(ReviewDeclarationSchema, { io: 'input', target: 'draft-2020-12' });
}

export function parseDeclaration(text: string, file: string): ReviewDeclaration {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ReviewInputError(file, '', `not valid JSON (${(err as Error).message})`);
  }
  const result = ReviewDeclarationSchema.safeParse(value);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = locateJsonPath(text, issue.path);
    throw new ReviewInputError(file, `${at.line}:${at.column} ${formatPath(issue.path)}`, issue.message);
  }
  return result.data;
}

export function loadDeclaration(file: string): ReviewDeclaration {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ReviewInputError(file, '', `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseDeclaration(text, file);
}
