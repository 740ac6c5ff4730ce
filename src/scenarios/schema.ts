import { z } from 'zod';
import { FaultSchema } from '../engine/faults.js';
import { WorldFixtureSchema } from '../world/schema.js';

/**
 * The scenario file format: what QA writes to script the simulator. Defined once here; the JSON
 * Schema in schemas/scenario.schema.json (for editor completion) is generated from it.
 *
 * Strings anywhere in a step may use ${name} (a variable captured earlier, a scenario variable, or an
 * environment variable) and a whole string "today", "today+30" or "today-2" becomes a date relative to
 * the simulated clock. Expected bodies are partial and may use matchers ($any, $type, $regex, ...).
 */
const duration = z
  .union([z.number().int().min(0), z.string().regex(/^(\d+(\.\d+)?(ms|s|m)|\$\{[A-Za-z_][A-Za-z0-9_]*\})$/, 'a duration like 500ms, 2s or 1m (or a ${variable})')])
  .describe('Milliseconds, or a string like "500ms", "2s", "1m", or a ${variable} holding one.');
const text = z.string();
const json = z.unknown();

const common = {
  /** Stable id for reports; defaults to the step's position. */
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/).optional(),
  /** What the step does, in plain words, for the report. */
  name: z.string().optional(),
};

/** Values to keep for later steps: variable name → JSON path into the reply (push) or the call body (expectCall), e.g. "$.reservations[0].confirmationNumber". */
const capture = z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().regex(/^\$/, 'a JSON path starting with $')).optional();

const range = { from: text, to: text };

export const SetAvailabilityStep = z.object({ ...common, type: z.literal('setAvailability'), connection: text.optional(), propertyId: text.optional(), spaceTypeCode: text, ...range, availability: z.number().int().min(0).nullable() });
export const SetPriceStep = z.object({ ...common, type: z.literal('setPrice'), connection: text.optional(), propertyId: text.optional(), ratePlanCode: text, spaceTypeCode: text, ...range, price: z.number().positive().nullable() });
export const SetRestrictionStep = z.object({
  ...common,
  type: z.literal('setRestriction'),
  connection: text.optional(),
  propertyId: text.optional(),
  ratePlanCode: text,
  spaceTypeCode: text,
  ...range,
  state: z.array(z.union([z.literal(1), z.literal(2), z.literal(6), z.literal(7), z.literal(8)])).nullable(),
  minLos: z.number().int().min(1).nullable().optional(),
  maxLos: z.number().int().min(1).nullable().optional(),
});
export const ConnectionStep = z.object({ ...common, type: z.literal('connection'), connection: text, action: z.enum(['enable', 'disable', 'delete']) });
export const MappingStep = z.object({ ...common, type: z.literal('mapping'), connection: text, action: z.enum(['map', 'unmap', 'sync', 'unsync']), ratePlanCode: text.optional(), spaceTypeCode: text.optional() });

export const ExpectReply = z
  .object({
    /** HTTP status the partner must answer (200 for the Channel Manager API). */
    status: z.number().int().optional(),
    /** Partial body the reply must contain, e.g. {"success": true}. */
    body: json.optional(),
  })
  .optional();

export const PushStep = z.object({
  ...common,
  type: z.literal('push'),
  operation: z.enum(['updateAvailability', 'updatePrices', 'updateRestrictions', 'confirmGroup', 'changeNotificaton', 'processGroup', 'processAvailabilityBlock']),
  connection: text,
  /** The message to send; clientToken, connectionToken, messageId and responseUrl are added when missing. Without it, an inventory push is built from the world for from..to. */
  body: z.record(z.string(), json).optional(),
  from: text.optional(),
  to: text.optional(),
  /** What every reply must look like. */
  expect: ExpectReply,
  capture,
});

export const ExpectCallStep = z.object({
  ...common,
  type: z.literal('expectCall'),
  /** inbound: the partner calls mews-sim (default); outbound: mews-sim calls the partner. */
  direction: z.enum(['inbound', 'outbound']).default('inbound'),
  operation: text,
  /** Partial request body the call must contain. */
  body: json.optional(),
  /** Partial answer the call must have received (inbound: mews-sim's answer; outbound: the partner's). */
  response: json.optional(),
  /** How long to wait for it (default 10s). */
  within: duration.optional(),
  /** Pass only if no such call comes within the time. */
  never: z.boolean().optional(),
  /** Watch for the whole time and pass only if at most this many such calls came (never = 0). */
  atMost: z.number().int().min(0).optional(),
  /** Look at calls made since the scenario (or, in a suite run, the suite) started, not only since this step started. */
  sinceStart: z.boolean().optional(),
  /** What the person at the partner's side must do now; printed when the step starts waiting, and published as a prompt. */
  instructions: z.string().optional(),
  /** Machine-readable name of what the partner must do, for harnesses that follow prompts (e.g. "send-single-reservation"). */
  action: z.string().regex(/^[a-z][a-z0-9-]*$/).optional(),
  /** Only calls on this connection match; also named in the prompt. */
  connection: text.optional(),
  capture,
});

export const FaultStep = z.object({
  ...common,
  type: z.literal('fault'),
  api: z.enum(['channelManager', 'connector']).default('channelManager'),
  operation: text,
  count: z.number().int().min(1).default(1),
  fault: FaultSchema,
});

export const WaitStep = z.object({ ...common, type: z.literal('wait'), duration });

export const SetVariableStep = z.object({ ...common, type: z.literal('set'), variables: z.record(z.string(), json) });

/** Checks a list of the partner's error codes and messages (a document, not a call): [{"code", "message", "situation"?}] or {"errors": [...]}. */
export const CheckErrorListStep = z.object({
  ...common,
  type: z.literal('checkErrorList'),
  /** Path of a JSON file with the list (relative to the working directory), usually "${SYSTEM_ERRORS_FILE}". */
  file: text,
  /** Situations the list must cover, each by an entry's "situation" (or "kind") or by what its message says: timeout, maintenance, downtime. */
  mustCover: z.array(z.enum(['timeout', 'maintenance', 'downtime'])).optional(),
  /** Words at least one message must contain each (exact words; mustCover judges by meaning). */
  mustMention: z.array(z.string()).optional(),
});

/** Asks the partner to do something that makes no call (e.g. deactivate its connection) and waits for its "done" (POST /_sim/prompts/<id>/done). */
export const PromptStep = z.object({
  ...common,
  type: z.literal('prompt'),
  /** Machine-readable name of what to do, e.g. "deactivate-connection". */
  action: z.string().regex(/^[a-z][a-z0-9-]*$/),
  /** What to do, in plain words (console and prompt). */
  instructions: z.string().min(1),
  /** The connection it is about. */
  connection: text.optional(),
  /** How long to wait for "done" (default: the scenario's timeout). */
  within: duration.optional(),
  /** Pass even if nobody answers in time (the result says so). */
  optional: z.boolean().optional(),
});

/**
 * Asks the partner to read back a few values it stored from Mews's pushes (space type, date and the
 * availability, price or restriction) and compares them with what Mews sent. Unanswered in time,
 * the step passes marked "not read back".
 */
export const ReadBackStep = z.object({
  ...common,
  type: z.literal('readBack'),
  kind: z.enum(['availability', 'prices', 'restrictions']),
  connection: text,
  /** The pushed range to sample from (both included). */
  from: text,
  to: text,
  /** How many values to ask for (default 3). */
  sample: z.number().int().min(1).max(20).optional(),
  /** Only this rate plan / space type. */
  ratePlanCode: text.optional(),
  spaceTypeCode: text.optional(),
  /** Only this occupancy (prices). */
  guestCount: z.number().int().min(1).optional(),
  /** How long to wait for the answer (default 10s). */
  within: duration.optional(),
});

export const StepSchema = z
  .discriminatedUnion('type', [SetAvailabilityStep, SetPriceStep, SetRestrictionStep, ConnectionStep, MappingStep, PushStep, ExpectCallStep, FaultStep, WaitStep, SetVariableStep, CheckErrorListStep, PromptStep, ReadBackStep])
  .meta({ id: 'ScenarioStep' });

export const ScenarioWorld = z
  .union([
    z.object({ builtin: z.literal('demo') }),
    z.object({ file: z.string().describe('Path of a world fixture, relative to the scenario file.') }),
    z.object({
      seed: z.number().int(),
      size: z.object({ properties: z.number().int().min(1).max(50).optional(), spaceTypesPerProperty: z.number().int().min(1).max(200).optional(), ratePlansPerProperty: z.number().int().min(1).max(200).optional() }).optional(),
    }),
    z.object({ fixture: WorldFixtureSchema }),
    z.object({ continue: z.literal(true).describe('Keep the state left by the previous scenario of the run (suites such as certification).') }),
  ])
  .meta({ id: 'ScenarioWorld' });

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().min(1),
    description: z.string().optional(),
    /** For certification-style scenarios: how much the test matters. */
    requirement: z.enum(['required', 'recommended', 'optional']).optional(),
    tags: z.array(z.string()).optional(),
    world: ScenarioWorld.default({ builtin: 'demo' }),
    /** Partner endpoints; the runner's --partner-url is used when omitted. */
    partner: z.object({ baseUrl: z.string().optional(), operations: z.record(z.string(), z.string()).optional() }).optional(),
    /** Start the simulated clock here (frozen); relative dates count from it. */
    now: z.string().optional(),
    /** Initial variables for ${...}. */
    variables: z.record(z.string(), json).optional(),
    /** Per-step timeout unless the step says otherwise (default 10s). */
    timeout: duration.optional(),
    steps: z.array(StepSchema).min(1),
  })
  .meta({ id: 'Scenario' });

export type Scenario = z.output<typeof ScenarioSchema>;
export type Step = z.output<typeof StepSchema>;

export function durationMs(value: number | string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return value;
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(value);
  if (!m) throw new RangeError(`"${value}" is not a duration like 500ms, 2s or 1m`);
  return Math.round(Number(m[1]) * (m[2] === 'ms' ? 1 : m[2] === 's' ? 1000 : 60_000));
}
