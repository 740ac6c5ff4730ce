import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { changeMapping, pushInventory, setAvailability, setConnectionState, setPrice, setRestriction, setSynchronized, connectionOf } from '../channel-manager/commands.js';
import { sendToPartner, type PartnerOperation } from '../channel-manager/partner.js';
import { cmState } from '../channel-manager/state.js';
import { CommandError } from '../engine/errors.js';
import type { PartnerEndpoints, World } from '../engine/world.js';
import type { JournalEntry } from '../journal/entry.js';
import { formatMismatches, matchPartial, type Mismatch } from '../journal/match.js';
import { demoWorld } from '../world/demo.js';
import { generateWorld } from '../world/generate.js';
import { loadWorldFile } from '../world/load.js';
import type { WorldFixture } from '../world/schema.js';
import { interpolate, readPath, UndefinedVariableError } from './interpolate.js';
import { durationMs, type Scenario, type Step } from './schema.js';
import { scenarioFile, type FileRoot } from './files.js';

export type StepStatus = 'passed' | 'failed' | 'skipped';

export interface StepResult {
  index: number;
  id: string;
  type: Step['type'];
  name: string;
  status: StepStatus;
  durationMs: number;
  message?: string;
  /** Expected vs actual, one line per difference. */
  diff?: string;
  /** Journal entries the step caused or matched. */
  entries: string[];
}

export interface ScenarioResult {
  runId: string;
  name: string;
  file?: string;
  description?: string;
  requirement?: string;
  status: 'passed' | 'failed';
  startedAt: string;
  durationMs: number;
  steps: StepResult[];
  variables: Record<string, unknown>;
  /** Every call of the run, in both directions (card data masked). */
  journal: JournalEntry[];
}

export type ProgressEvent =
  | { type: 'scenario-start'; scenario: string; file?: string }
  | { type: 'step-start'; scenario: string; index: number; name: string; instructions?: string }
  | { type: 'step-end'; scenario: string; step: StepResult }
  | { type: 'scenario-end'; result: ScenarioResult };

export interface RunOptions {
  file?: string;
  runId?: string;
  /** Partner endpoints when the scenario has none (the CLI's --partner-url). */
  partner?: PartnerEndpoints;
  onProgress?: (event: ProgressEvent) => void;
  env?: NodeJS.ProcessEnv;
  /** Variables shared by the scenarios of a suite: captured values flow from one to the next. */
  variables?: Record<string, unknown>;
  /** Journal sequence number at the start of the suite, for expectCall with sinceStart. */
  suiteStartSeq?: number;
  /** Multiplies every expectCall wait (a person at a terminal needs longer than a CI harness). */
  timeoutFactor?: number;
  /** Where the scenario may read files: anywhere when undefined (the CLI), nowhere when null (the admin API). */
  fileRoot?: FileRoot;
}

/** A failed expectation: the message and, when there is one, the diff. */
class StepFailure extends Error {
  constructor(
    message: string,
    readonly diff?: string,
    readonly entries: string[] = [],
  ) {
    super(message);
  }
}

/**
 * Runs one scenario against a world: sets the world up as the scenario says, then runs its steps
 * in order, stopping at the first failure. Every journal entry made meanwhile carries the run and step.
 */
export async function runScenario(world: World, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  const runId = options.runId ?? randomUUID();
  const started = performance.now();
  const startedAt = world.clock.now().toISOString();
  options.onProgress?.({ type: 'scenario-start', scenario: scenario.name, file: options.file });
  const variables: Record<string, unknown> = options.variables ?? {};
  Object.assign(variables, scenario.variables ?? {});
  const steps: StepResult[] = [];
  const startSeq = world.journal.lastSeq;
  let failed = false;
  try {
    setUp(world, scenario, options);
  } catch (err) {
    failed = true;
    steps.push(stepResult(0, { type: 'wait', duration: 0, id: 'setup', name: 'set up the world' } as Step, 'failed', 0, (err as Error).message));
  }
  for (const [i, raw] of scenario.steps.entries()) {
    const id = raw.id ?? `step-${i + 1}`;
    if (failed) {
      const skipped = stepResult(i, raw, 'skipped', 0);
      steps.push(skipped);
      options.onProgress?.({ type: 'step-end', scenario: scenario.name, step: skipped });
      continue;
    }
    world.setContext({ runId, stepId: id });
    const t0 = performance.now();
    const seqBefore = world.journal.lastSeq;
    options.onProgress?.({ type: 'step-start', scenario: scenario.name, index: i, name: raw.name ?? describeStep(raw), instructions: raw.type === 'expectCall' ? raw.instructions : undefined });
    let result: StepResult;
    try {
      const step = interpolate(raw, variables, today(world), options.env);
      const entries = await runStep(world, step, {
        variables,
        startSeq: options.suiteStartSeq ?? startSeq,
        seqBefore,
        defaultTimeoutMs: durationMs(scenario.timeout, 10_000),
        timeoutFactor: options.timeoutFactor ?? 1,
        fileRoot: options.fileRoot,
      });
      result = { ...stepResult(i, raw, 'passed', performance.now() - t0), entries };
    } catch (err) {
      failed = true;
      const f = err instanceof StepFailure ? err : undefined;
      const message = err instanceof CommandError || err instanceof UndefinedVariableError || f ? (err as Error).message : `internal error: ${(err as Error).message}`;
      result = { ...stepResult(i, raw, 'failed', performance.now() - t0, message), diff: f?.diff, entries: f?.entries ?? [] };
    }
    steps.push(result);
    options.onProgress?.({ type: 'step-end', scenario: scenario.name, step: result });
  }
  world.setContext({ runId });
  try {
    await world.tasks.idle(10_000);
  } catch {
    // Background work still running is reported by the journal; the verdict stands.
  }
  world.setContext({});
  const result: ScenarioResult = {
    runId,
    name: scenario.name,
    file: options.file,
    description: scenario.description,
    requirement: scenario.requirement,
    status: failed ? 'failed' : 'passed',
    startedAt,
    durationMs: round(performance.now() - started),
    steps,
    variables,
    journal: world.journal.find({ since: startSeq, runId }),
  };
  options.onProgress?.({ type: 'scenario-end', result });
  return result;
}

function setUp(world: World, scenario: Scenario, options: RunOptions): void {
  if (!('continue' in scenario.world)) world.reset(fixtureOf(scenario, options.file, options));
  world.faults.clear();
  const partner = scenario.partner ? interpolate(scenario.partner, scenario.variables ?? {}, today(world), options.env) : options.partner;
  if (partner) world.setPartner(partner);
  if (scenario.now) world.clock.set(scenario.now);
}

function fixtureOf(scenario: Scenario, file: string | undefined, options: RunOptions): WorldFixture {
  const w = scenario.world;
  if ('fixture' in w) return w.fixture;
  if ('file' in w) return loadWorldFile(scenarioFile(w.file, file ? dirname(file) : undefined, options.fileRoot));
  if ('seed' in w) return generateWorld({ seed: w.seed, ...w.size });
  return demoWorld();
}

const DOCUMENTED_CODES = new Set([1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

/** The partner's list of system errors: documented codes, clear messages, the situations asked for. */
function checkErrorList(step: Extract<Step, { type: 'checkErrorList' }>, fileRoot: FileRoot): string[] {
  let list: unknown;
  const path = scenarioFile(step.file, undefined, fileRoot);
  try {
    list = JSON.parse(readFileSync(path, 'utf8'));
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

interface StepContext {
  variables: Record<string, unknown>;
  startSeq: number;
  seqBefore: number;
  defaultTimeoutMs: number;
  timeoutFactor: number;
  fileRoot: FileRoot;
}

async function runStep(world: World, step: Step, ctx: StepContext): Promise<string[]> {
  switch (step.type) {
    case 'setAvailability':
      setAvailability(world, { connection: step.connection, propertyId: step.propertyId, spaceTypeCode: step.spaceTypeCode, from: step.from, to: step.to, availability: step.availability });
      return [];
    case 'setPrice':
      setPrice(world, { connection: step.connection, propertyId: step.propertyId, ratePlanCode: step.ratePlanCode, spaceTypeCode: step.spaceTypeCode, from: step.from, to: step.to, price: step.price });
      return [];
    case 'setRestriction':
      setRestriction(world, { ...step, state: step.state });
      return [];
    case 'connection':
      setConnectionState(world, step.connection, step.action);
      return [];
    case 'mapping':
      if (step.action === 'map' || step.action === 'unmap') changeMapping(world, step.connection, step.action, { ratePlanCode: step.ratePlanCode!, spaceTypeCode: step.spaceTypeCode! });
      else setSynchronized(world, step.connection, step.ratePlanCode ? 'rate' : 'category', (step.ratePlanCode ?? step.spaceTypeCode)!, step.action === 'sync');
      return [];
    case 'fault':
      world.faults.add(step.api, step.operation, step.count, step.fault);
      return [];
    case 'wait':
      await new Promise((r) => setTimeout(r, durationMs(step.duration, 0)));
      return [];
    case 'set':
      Object.assign(ctx.variables, step.variables);
      return [];
    case 'push':
      return push(world, step, ctx);
    case 'expectCall':
      return expectCall(world, step, ctx);
    case 'checkErrorList':
      return checkErrorList(step, ctx.fileRoot);
  }
}

const CONFIRMED_BY: Partial<Record<string, string>> = {
  updateAvailability: 'processAvailabilityConfirmation',
  updatePrices: 'processRateConfirmation',
  updateRestrictions: 'processRestrictionConfirmation',
  processGroup: 'processGroupConfirmation',
  processAvailabilityBlock: 'processAvailabilityBlockConfirmation',
};

async function push(world: World, step: Extract<Step, { type: 'push' }>, ctx: StepContext): Promise<string[]> {
  const connection = connectionOf(world, step.connection);
  let replies: JournalEntry[];
  if (step.body) {
    const messageId = cmState(world).newMessageId(world);
    const confirmWith = CONFIRMED_BY[step.operation];
    const body = {
      ...(step.operation !== 'processAvailabilityBlock' && { clientToken: world.state.partnerClientToken }),
      connectionToken: connection.token,
      ...(step.operation !== 'changeNotificaton' && step.operation !== 'confirmGroup' && { messageId }),
      ...(confirmWith && { responseUrl: world.mewsUrl(`/api/channelManager/v1/${confirmWith}`) }),
      ...step.body,
    };
    const reply = await sendToPartner(world, connection, step.operation as PartnerOperation, body, { messageId: body.messageId as string | undefined });
    if (reply.asyncConfirmation && confirmWith) {
      cmState(world).pending.set(String(body.messageId), { messageId: String(body.messageId), operation: step.operation, confirmWith, connectionToken: connection.token, sentAt: reply.result.entry.time });
    }
    replies = [reply.result.entry];
  } else {
    const kind = step.operation === 'updateAvailability' ? 'availability' : step.operation === 'updatePrices' ? 'prices' : 'restrictions';
    await pushInventory(world, { connection: connection.token, kinds: [kind], from: step.from!, to: step.to! });
    replies = world.journal.find({ since: ctx.seqBefore, direction: 'outbound', operation: step.operation });
    if (!replies.length) throw new StepFailure(`No ${step.operation} was sent: the connection has nothing to push (inactive, disabled pushes or no synchronized mapping).`);
  }
  const ids = replies.map((e) => e.id);
  if (step.expect) {
    for (const entry of replies) {
      const mismatches: Mismatch[] = [];
      if (step.expect.status !== undefined && entry.status !== step.expect.status) {
        mismatches.push({ path: '$.status', expected: step.expect.status, actual: entry.status, reason: entry.failure ?? 'different status' });
      }
      if (step.expect.body !== undefined) mismatches.push(...matchPartial(step.expect.body, entry.response?.body, '$.reply'));
      if (mismatches.length) throw new StepFailure(`The partner's reply to ${step.operation} (${entry.id}) is not as expected.`, formatMismatches(mismatches), ids);
    }
  }
  capture(step.capture, replies.at(-1)?.response?.body, ctx.variables, 'reply');
  return ids;
}

async function expectCall(world: World, step: Extract<Step, { type: 'expectCall' }>, ctx: StepContext): Promise<string[]> {
  // "never" windows are not stretched: they say how long the partner is watched, not how long to wait for it.
  const limit = step.never ? 0 : step.atMost;
  const within = Math.round(durationMs(step.within, ctx.defaultTimeoutMs) * (limit !== undefined ? 1 : ctx.timeoutFactor));
  const since = step.sinceStart ? ctx.startSeq : ctx.seqBefore;
  const what = `${step.direction} ${step.operation}`;
  const judge = (e: JournalEntry) => [
    ...(step.body === undefined ? [] : matchPartial(step.body, e.request.body, '$.request')),
    ...(step.response === undefined ? [] : matchPartial(step.response, e.response?.body, '$.response')),
  ];
  const candidates = () => world.journal.find({ since, direction: step.direction, operation: step.operation }).filter((e) => e.api !== 'admin');
  if (limit !== undefined) {
    // Watch the whole window, then count.
    await new Promise((r) => setTimeout(r, within));
    const seen = candidates().filter((e) => judge(e).length === 0);
    if (seen.length > limit) {
      const ids = seen.map((e) => e.id);
      throw new StepFailure(limit === 0 ? `Expected no ${what} within ${within} ms, but ${ids.join(', ')} came.` : `Expected at most ${limit} ${what}, but ${seen.length} came: ${ids.join(', ')}.`, undefined, ids);
    }
    return seen.map((e) => e.id);
  }
  const found = await waitFor(world, () => candidates().find((e) => judge(e).length === 0), within);
  if (!found) {
    const near = candidates()
      .map((e) => ({ e, m: judge(e) }))
      .sort((a, b) => a.m.length - b.m.length)[0];
    const seen = candidates().length;
    throw new StepFailure(
      `Expected ${what} within ${within} ms; ${seen ? `${seen} came, none matching` : 'none came'}.`,
      near ? `nearest: ${near.e.id}\n${formatMismatches(near.m)}` : undefined,
      near ? [near.e.id] : [],
    );
  }
  capture(step.capture, found.request.body, ctx.variables, 'call');
  return [found.id];
}

/** Resolves with the first match, or undefined after `ms`; wakes on every new journal entry. */
function waitFor(world: World, check: () => JournalEntry | undefined, ms: number): Promise<JournalEntry | undefined> {
  const now = check();
  if (now || ms === 0) return Promise.resolve(now);
  return new Promise((resolve) => {
    const done = (value: JournalEntry | undefined) => {
      clearTimeout(timer);
      unsubscribe();
      resolve(value);
    };
    const timer = setTimeout(() => done(check()), ms);
    const unsubscribe = world.journal.subscribe(() => {
      const hit = check();
      if (hit) done(hit);
    });
  });
}

function capture(spec: Record<string, string> | undefined, body: unknown, variables: Record<string, unknown>, what: string): void {
  for (const [name, path] of Object.entries(spec ?? {})) {
    const value = readPath(body, path);
    if (value === undefined) throw new StepFailure(`Cannot capture ${name}: the ${what} has nothing at ${path}.`);
    variables[name] = value;
  }
}

function stepResult(index: number, step: Step, status: StepStatus, ms: number, message?: string): StepResult {
  return { index, id: step.id ?? `step-${index + 1}`, type: step.type, name: step.name ?? describeStep(step), status, durationMs: round(ms), ...(message && { message }), entries: [] };
}

/** A plain-words title for a step without a name. */
export function describeStep(step: Step): string {
  switch (step.type) {
    case 'push':
      return `push ${step.operation}${step.body ? '' : ` ${step.from}..${step.to}`}`;
    case 'expectCall':
      return `${step.never ? 'expect no' : step.atMost !== undefined ? `expect at most ${step.atMost}` : 'expect'} ${step.direction} ${step.operation}`;
    case 'fault':
      return `fault on the next ${step.count} ${step.operation}`;
    case 'wait':
      return `wait ${step.duration}`;
    case 'set':
      return `set ${Object.keys(step.variables).join(', ')}`;
    case 'checkErrorList':
      return `check the error list ${step.file}`;
    case 'connection':
      return `${step.action} connection`;
    case 'mapping':
      return `${step.action} ${step.ratePlanCode ?? ''} ${step.spaceTypeCode ?? ''}`.trim();
    default:
      return `${step.type} ${'spaceTypeCode' in step ? step.spaceTypeCode : ''} ${'from' in step ? `${step.from}..${step.to}` : ''}`.trim();
  }
}

const today = (world: World) => world.clock.now().toISOString().slice(0, 10);
const round = (ms: number) => Math.round(ms * 100) / 100;
