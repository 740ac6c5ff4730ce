import { z } from 'zod';
import { OPERATIONS } from '../channel-manager/operations/index.js';
import { PARTNER_OPERATIONS } from '../channel-manager/partner.js';
import { CONNECTOR_OPERATIONS } from '../connector/operations/index.js';
import { isIsoDate } from '../engine/dates.js';
import { FaultSchema } from '../engine/faults.js';
import { ExpectedValue } from '../journal/matchers.js';
import { WorldFixtureSchema } from '../world/schema.js';

/**
 * The scenario file format: what QA writes to script the simulator. Defined once here; the JSON
 * Schema in schemas/scenario.schema.json (for editors) is generated from it, and `validate` checks
 * files against it. Every object is strict: an unknown field is a mistake, not something ignored.
 *
 * Strings anywhere in a step may use ${name} (a variable captured earlier, a scenario variable, or an
 * environment variable) and a whole string "today", "today+30" or "today-2" becomes a date relative to
 * the simulated clock. Expected bodies are partial and may use matchers ($any, $type, $regex, ...).
 */

/** Operation names as the journal records them, per API and direction. */
export const OPERATION_NAMES = {
  /** The partner calls mews-sim: Channel Manager API operations, then Connector API paths. */
  inbound: [...OPERATIONS.map((op) => op.name), ...CONNECTOR_OPERATIONS.map((op) => op.path)],
  /** mews-sim calls the partner: channel manager endpoints and Connector API webhooks. */
  outbound: [...PARTNER_OPERATIONS, 'generalWebhook', 'integrationWebhook'],
  channelManager: OPERATIONS.map((op) => op.name),
  connector: CONNECTOR_OPERATIONS.map((op) => op.path),
};

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE_VARIABLE = /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/;

const duration = z
  .union([z.number().int().min(0), z.string().regex(/^(\d+(\.\d+)?(ms|s|m)|\$\{[A-Za-z_][A-Za-z0-9_]*\})$/, 'a duration like 500ms, 2s or 1m (or a ${variable})')])
  .describe('Milliseconds, or a string like "500ms", "2s", "1m", or a ${variable} holding one.');

/** Why a date expression is wrong, in words, or undefined when it is fine. */
export function dateProblem(value: string): string | undefined {
  if (WHOLE_VARIABLE.test(value) || /^today([+-]\d+)?$/.test(value)) return undefined;
  const calendar = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (calendar) return isIsoDate(value) ? undefined : `${value} is not a day of the calendar (month ${calendar[2]} of ${calendar[1]} has no day ${calendar[3]})`;
  const spaced = /^\s*today\s*([+-])\s*(\d+)\s*$/.exec(value);
  if (spaced) return `write "today${spaced[1]}${spaced[2]}" without spaces`;
  const unit = /^today([+-])(\d+)\s*(d|days?|w|weeks?|m|months?|y)$/i.exec(value);
  if (unit) return `count in days without a unit: "today${unit[1]}${unit[2]}"${/^d/i.test(unit[3]) ? '' : ' (days are the only unit)'}`;
  if (/^(tomorrow|yesterday|now)$/i.test(value.trim())) return `"${value}" is not understood: write ${value.trim().toLowerCase() === 'tomorrow' ? '"today+1"' : value.trim().toLowerCase() === 'yesterday' ? '"today-1"' : '"today"'}`;
  return `"${value}" is not a date: use "today", "today+N", "today-N" or a calendar date yyyy-MM-dd`;
}

const DATE_PATTERN =
  '^(today([+-]\\d+)?|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\}|\\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|02-(0[1-9]|1\\d|2\\d)))$';
const date = (what: string) =>
  z
    .string()
    .superRefine((value, ctx) => {
      const problem = dateProblem(value);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ pattern: DATE_PATTERN })
    .describe(`${what}: "today", "today+N" or "today-N" (days, by the simulated clock), a calendar date yyyy-MM-dd, or a \${variable}.`);

/** An expected value: partial JSON that may use matchers. Checked before any run (see journal/matchers.ts). */
export const Expected = ExpectedValue;

const common = {
  id: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'letters, digits, "_", "." and "-" only').optional().describe('Stable id of the step, for reports and for "since" of a later expectCall; defaults to step-N.'),
  name: z.string().optional().describe('What the step does, in plain words, for the console and the reports.'),
};

const capture = z
  .record(z.string().regex(VARIABLE_NAME, 'a variable name: letters, digits and "_"'), z.string().regex(/^\$/, 'a JSON path starting with $'))
  .optional()
  .describe('Values to keep for later steps: variable name → JSON path into the reply (push) or the call body (expectCall), e.g. "$.reservations[0].confirmationNumber".');

const connectionToken = z.string().describe('Connection token of the channel manager connection (e.g. "${gross}").');
const connection = { required: connectionToken, optional: connectionToken.optional() };
const propertyId = z.string().optional().describe('Property id, when no connection is given.');
const spaceTypeCode = z.string().describe('Space type (room category) code, as mapped for the channel manager.');
const ratePlanCode = z.string().describe('Rate plan code, as mapped for the channel manager.');
const range = { from: date('First day (included)'), to: date('Last day (included)') };

export const SetAvailabilityStep = z
  .object({
    ...common,
    type: z.literal('setAvailability').describe('A property employee changes availability; a delta push follows.'),
    connection: connection.optional,
    propertyId,
    spaceTypeCode,
    ...range,
    availability: z.number().int().min(0).nullable().describe('Rooms available each day; null goes back to normal.'),
  })
  .strict();

export const SetPriceStep = z
  .object({
    ...common,
    type: z.literal('setPrice').describe('A property employee changes a price; a delta push follows.'),
    connection: connection.optional,
    propertyId,
    ratePlanCode,
    spaceTypeCode,
    ...range,
    price: z.number().positive().nullable().describe('Price per night; null goes back to the base price.'),
  })
  .strict();

export const SetRestrictionStep = z
  .object({
    ...common,
    type: z.literal('setRestriction').describe('A property employee changes a restriction; a delta push follows.'),
    connection: connection.optional,
    propertyId,
    ratePlanCode,
    spaceTypeCode,
    ...range,
    state: z
      .array(z.union([z.literal(1), z.literal(2), z.literal(6), z.literal(7), z.literal(8)]))
      .nullable()
      .describe('Restriction states: 1 open, 2 closed, 6 closed to arrival, 7 to departure, 8 to stay; null removes them.'),
    minLos: z.number().int().min(1).nullable().optional().describe('Minimum length of stay in nights; null removes it.'),
    maxLos: z.number().int().min(1).nullable().optional().describe('Maximum length of stay in nights; null removes it.'),
  })
  .strict();

export const ConnectionStep = z
  .object({
    ...common,
    type: z.literal('connection').describe('Switches a connection; a change notification follows.'),
    connection: connection.required,
    action: z.enum(['enable', 'disable', 'delete']).describe('What happens to the connection.'),
  })
  .strict();

export const MappingStep = z
  .object({
    ...common,
    type: z.literal('mapping').describe('Maps or unmaps a rate × space pair, or (un)synchronizes a rate or a category.'),
    connection: connection.required,
    action: z.enum(['map', 'unmap', 'sync', 'unsync']).describe('map/unmap need ratePlanCode and spaceTypeCode; sync/unsync take one of them.'),
    ratePlanCode: ratePlanCode.optional(),
    spaceTypeCode: spaceTypeCode.optional(),
  })
  .strict();

export const ExpectReply = z
  .object({
    status: z.number().int().optional().describe('HTTP status the partner must answer (200 for the Channel Manager API).'),
    body: Expected.optional().describe('Partial body every reply must contain, e.g. {"success": true}; matchers allowed. Differences are reported under $.reply.'),
  })
  .strict()
  .optional()
  .describe('What every reply must look like.');

export const PushStep = z
  .object({
    ...common,
    type: z.literal('push').describe('mews-sim calls the partner and checks the reply.'),
    operation: z
      .enum(['updateAvailability', 'updatePrices', 'updateRestrictions', 'confirmGroup', 'changeNotificaton', 'processGroup', 'processAvailabilityBlock'])
      .describe('The channel manager endpoint to call.'),
    connection: connection.required,
    body: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('The message to send; clientToken, connectionToken, messageId and responseUrl are added when missing. Without it, an inventory push is built from the world for from..to.'),
    from: date('First day of an inventory push built from the world').optional(),
    to: date('Last day of an inventory push built from the world').optional(),
    expect: ExpectReply,
    capture,
  })
  .strict();

export const ExpectCallStep = z
  .object({
    ...common,
    type: z.literal('expectCall').describe('Waits for a call (or checks one came) and compares it with what is expected.'),
    direction: z.enum(['inbound', 'outbound']).default('inbound').describe('inbound: the partner calls mews-sim (default); outbound: mews-sim calls the partner.'),
    operation: z
      .enum([...new Set([...OPERATION_NAMES.inbound, ...OPERATION_NAMES.outbound])] as [string, ...string[]])
      .describe('Operation name as the journal records it: a Channel Manager API operation, a Connector API path, or (outbound) a channel manager endpoint or webhook.'),
    body: Expected.optional().describe('Partial request body the call must contain; matchers allowed. Differences are reported under $.request.'),
    response: Expected.optional().describe('Partial answer the call must have received (inbound: mews-sim\'s answer; outbound: the partner\'s). Differences are reported under $.response.'),
    status: z.number().int().min(0).max(599).optional().describe('HTTP status the call must have been answered with (0: no answer came). Differences are reported under $.status.'),
    within: duration.optional().describe('How long to wait for it (default: the scenario\'s timeout, 10s).'),
    never: z.boolean().optional().describe('Watch for the whole time and pass only if no such call comes.'),
    atMost: z.number().int().min(0).optional().describe('Watch for the whole time and pass only if at most this many such calls came (never = 0).'),
    count: z.number().int().min(0).optional().describe('Watch for the whole time and pass only if exactly this many such calls came.'),
    sinceStart: z.boolean().optional().describe('Look at calls made since the scenario (or, in a suite run, the suite) started, not only since this step started.'),
    since: z.string().optional().describe('Look at calls made since the step with this id started.'),
    keepWaiting: z.boolean().optional().describe('Keep waiting until the time is up even when the one call that came does not match (by default the step fails at once with the diff).'),
    instructions: z.string().optional().describe('What the person at the partner\'s side must do now; printed when the step starts waiting, and published as a prompt (GET /_sim/prompts).'),
    action: z.string().regex(/^[a-z][a-z0-9-]*$/).optional().describe('Machine-readable name of what the partner must do, for harnesses that follow prompts (e.g. "send-single-reservation").'),
    connection: connection.optional.describe('Only calls on this connection match; also named in the prompt.'),
    capture,
  })
  .strict();

export const FaultStep = z
  .object({
    ...common,
    type: z.literal('fault').describe('mews-sim misbehaves on the next calls the partner makes.'),
    api: z.enum(['channelManager', 'connector']).default('channelManager').describe('Which API misbehaves (default channelManager).'),
    operation: z.string().describe('Operation the fault applies to: a Channel Manager API operation name or a Connector API path.'),
    count: z.number().int().min(1).default(1).describe('How many calls get the fault (default 1).'),
    fault: FaultSchema.strict().describe('What happens instead of the normal answer.'),
  })
  .strict();

export const WaitStep = z
  .object({ ...common, type: z.literal('wait').describe('Pauses.'), duration: duration.describe('How long to pause: milliseconds or "500ms", "2s", "1m".') })
  .strict();

export const SetVariableStep = z
  .object({
    ...common,
    type: z.literal('set').describe('Sets variables for later steps.'),
    variables: z.record(z.string().regex(VARIABLE_NAME, 'a variable name: letters, digits and "_"'), z.unknown()).describe('Variable name → value.'),
  })
  .strict();

export const CheckErrorListStep = z
  .object({
    ...common,
    type: z
      .literal('checkErrorList')
      .describe('Checks a list of the partner\'s error codes and messages (a document, not a call): [{"code", "message", "situation"?}] or {"errors": [...]}.'),
    file: z.string().describe('Path of a JSON file with the list (relative to the working directory), usually "${SYSTEM_ERRORS_FILE}".'),
    mustCover: z
      .array(z.enum(['timeout', 'maintenance', 'downtime']))
      .optional()
      .describe('Situations the list must cover, each by an entry\'s "situation" (or "kind") or by what its message says (by meaning: "timed out", "outage", "scheduled work" count).'),
    mustMention: z.array(z.string()).optional().describe('Words at least one message must contain each (exact words; mustCover judges by meaning).'),
  })
  .strict();

export const PromptStep = z
  .object({
    ...common,
    type: z.literal('prompt').describe('Asks the partner to do something that makes no call (e.g. deactivate its connection) and waits for its "done" (POST /_sim/prompts/<id>/done).'),
    action: z.string().regex(/^[a-z][a-z0-9-]*$/).describe('Machine-readable name of what to do, e.g. "deactivate-connection".'),
    instructions: z.string().min(1).describe('What to do, in plain words (console and prompt).'),
    connection: connection.optional.describe('The connection it is about.'),
    within: duration.optional().describe('How long to wait for "done" (default: the scenario\'s timeout).'),
    optional: z.boolean().optional().describe('Pass even if nobody answers in time (the result says so).'),
  })
  .strict();

export const ReadBackStep = z
  .object({
    ...common,
    type: z
      .literal('readBack')
      .describe('Asks the partner to read back a few values it stored from Mews\'s pushes and compares them with what Mews sent; unanswered in time, the step passes marked "not read back".'),
    kind: z.enum(['availability', 'prices', 'restrictions']).describe('What to read back.'),
    connection: connection.required,
    ...range,
    sample: z.number().int().min(1).max(20).optional().describe('How many values to ask for (default 3).'),
    ratePlanCode: ratePlanCode.optional(),
    spaceTypeCode: spaceTypeCode.optional(),
    guestCount: z.number().int().min(1).optional().describe('Only this occupancy (prices).'),
    within: duration.optional().describe('How long to wait for the answer (default 10s).'),
  })
  .strict();

/** Every step type: adding one is adding its object here (the JSON Schema and the checks follow). */
export const STEP_TYPES = [SetAvailabilityStep, SetPriceStep, SetRestrictionStep, ConnectionStep, MappingStep, PushStep, ExpectCallStep, FaultStep, WaitStep, SetVariableStep, CheckErrorListStep, PromptStep, ReadBackStep] as const;

export const StepSchema = z.discriminatedUnion('type', [...STEP_TYPES]).meta({ id: 'ScenarioStep', description: 'One step; its "type" says which fields it takes.' });

export const ScenarioWorld = z
  .union([
    z.object({ builtin: z.literal('demo').describe('The demo world shipped with mews-sim.') }).strict(),
    z.object({ file: z.string().describe('Path of a world fixture, relative to the scenario file.') }).strict(),
    z
      .object({
        seed: z.number().int().describe('Seed of a generated world (the same seed gives the same world).'),
        size: z
          .object({
            properties: z.number().int().min(1).max(50).optional().describe('Number of properties.'),
            spaceTypesPerProperty: z.number().int().min(1).max(200).optional().describe('Space types of each property.'),
            ratePlansPerProperty: z.number().int().min(1).max(200).optional().describe('Rate plans of each property.'),
          })
          .strict()
          .optional()
          .describe('How big the generated world is.'),
      })
      .strict(),
    z.object({ fixture: WorldFixtureSchema.describe('A whole world fixture, inline (see world.schema.json).') }).strict(),
    z.object({ continue: z.literal(true).describe('Keep the state left by the previous scenario of the run (suites such as certification).') }).strict(),
  ])
  .meta({ id: 'ScenarioWorld', description: 'The world the scenario starts from (default: a fresh copy of the demo world).' });

export const ScenarioSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors.'),
    name: z.string().min(1).describe('Shown in the console and in every report.'),
    description: z.string().optional().describe('What is being checked, in plain words.'),
    requirement: z.enum(['required', 'recommended', 'optional']).optional().describe('For certification-style suites: how much the test matters.'),
    tags: z.array(z.string()).optional().describe('Free labels. The tag "certification" marks a scenario of the certification suite (run by `mews-sim certify`, refused by `run`).'),
    suite: z
      .literal('certification')
      .optional()
      .describe('"certification": the scenario belongs to the certification suite and needs what `mews-sim certify` sets up; `mews-sim run` refuses it.'),
    world: ScenarioWorld.default({ builtin: 'demo' }),
    partner: z
      .object({
        baseUrl: z.string().optional().describe('Base URL of the channel manager\'s endpoints; each operation is its name under it.'),
        operations: z.record(z.string(), z.string()).optional().describe('One URL per operation, e.g. {"confirmGroup": "http://…/confirm"}.'),
      })
      .strict()
      .optional()
      .describe('Partner endpoints; the runner\'s --partner-url is used when omitted.'),
    now: z.string().optional().describe('Start the simulated clock here (frozen), e.g. "2027-06-01T09:00:00Z"; relative dates count from it.'),
    variables: z.record(z.string().regex(VARIABLE_NAME, 'a variable name: letters, digits and "_"'), z.unknown()).optional().describe('Initial values for ${...}.'),
    timeout: duration.optional().describe('How long expectCall steps wait unless they say otherwise (default 10s).'),
    steps: z.array(StepSchema).min(1).describe('What happens, in order; the first failing step fails the scenario.'),
  })
  .strict()
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
