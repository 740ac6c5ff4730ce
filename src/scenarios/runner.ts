import { randomUUID } from 'node:crypto';
import { basename, dirname } from 'node:path';
import { changeMapping, setAvailability, setConnectionState, setPrice, setRestriction, setSynchronized } from '../channel-manager/commands.js';
import { CommandError } from '../engine/errors.js';
import type { PartnerEndpoints, World } from '../engine/world.js';
import type { JournalEntry } from '../journal/entry.js';
import { demoWorld } from '../world/demo.js';
import { loadWorldFile } from '../world/load.js';
import type { WorldFixture } from '../world/schema.js';
import { interpolate, UndefinedVariableError } from './interpolate.js';
import { durationMs, type Scenario, type Step } from './schema.js';
import { sleep, StepFailure, type StepContext } from './steps/context.js';
import { checkErrorList } from './steps/error-list.js';
import { expectCall, expectCallWaitsFor, expectCallWindowMs } from './steps/expect-call.js';
import { askPartner, promptForCall, type PromptContext } from './steps/prompt.js';
import { push } from './steps/push.js';
import { readBack } from './steps/read-back.js';
import { scenarioFile, type FileRoot } from './files.js';

/** aborted: the run was stopped (SIGINT/SIGTERM) while the step was in progress. */
export type StepStatus = 'passed' | 'failed' | 'skipped' | 'aborted';

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
  /** Passed, but with something a reader must know (e.g. "not read back"). */
  note?: string;
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
  /** The steps' notes: a pass that is not the whole story (e.g. values not read back). */
  notes?: string[];
  /** Set when the run was stopped before the scenario finished (its status is then "failed"). */
  aborted?: string;
}

export type ProgressEvent =
  | { type: 'scenario-start'; scenario: string; file?: string }
  | {
      type: 'step-start';
      scenario: string;
      index: number;
      name: string;
      instructions?: string;
      /** For steps that wait for the partner: what they wait for, in words, and for how long. */
      waitsFor?: string;
      waitMs?: number;
    }
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
  /** Why a variable has no value, when the suite knows (e.g. the test that would have captured it failed). */
  explainMissing?: (variable: string) => string | undefined;
  /** Stops the run: the step in progress is marked aborted, the rest skipped. */
  signal?: AbortSignal;
  /** Where the scenario may read files: anywhere when undefined (the CLI), nowhere when null (the admin API). */
  fileRoot?: FileRoot;
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
  const stepStarts = new Map<string, number>();
  let failed = false;
  try {
    await setUp(world, scenario, options);
  } catch (err) {
    failed = true;
    steps.push(stepResult(0, { type: 'wait', duration: 0, id: 'setup', name: 'set up the world' } as Step, 'failed', 0, (err as Error).message));
  }
  for (const [i, raw] of scenario.steps.entries()) {
    const id = raw.id ?? `step-${i + 1}`;
    if (failed || options.signal?.aborted) {
      const skipped = stepResult(i, raw, 'skipped', 0);
      steps.push(skipped);
      options.onProgress?.({ type: 'step-end', scenario: scenario.name, step: skipped });
      continue;
    }
    world.setContext({ runId, stepId: id });
    const t0 = performance.now();
    const seqBefore = world.journal.lastSeq;
    stepStarts.set(id, seqBefore);
    const ctx: StepContext = {
      variables,
      startSeq: options.suiteStartSeq ?? startSeq,
      seqBefore,
      defaultTimeoutMs: durationMs(scenario.timeout, 10_000),
      timeoutFactor: options.timeoutFactor ?? 1,
      stepStarts,
      signal: options.signal,
      notes: [],
      fileRoot: options.fileRoot,
    };
    let step: Step | undefined;
    let startError: unknown;
    try {
      step = interpolate(raw, variables, today(world), options.env);
    } catch (err) {
      startError = err;
    }
    // Names show values, never "${...}"; a variable with no value shows as <name>.
    const shown: Step = { ...raw, name: (raw.name ?? describeStep(raw)).replace(/\$\{([^}]+)\}/g, (_m, name: string) => (name in variables ? String(variables[name]) : `<${name}>`)) };
    const instructions = step?.type === 'expectCall' || step?.type === 'prompt' ? step.instructions : undefined;
    const waits = step?.type === 'expectCall' ? { waitsFor: expectCallWaitsFor(step), waitMs: expectCallWindowMs(step, ctx) } : {};
    options.onProgress?.({ type: 'step-start', scenario: scenario.name, index: i, name: shown.name ?? describeStep(shown), instructions, ...waits });
    const prompt = { test: scenario.name, ...(options.file && { scenario: basename(options.file).replace(/\.json$/, '') }), step: id };
    let closePrompt: ((passed: boolean) => void) | undefined;
    let result: StepResult;
    try {
      if (startError) throw startError;
      if (step!.type === 'expectCall' && step!.instructions && !step!.never && step!.atMost === undefined && step!.count === undefined) closePrompt = promptForCall(world, step!, ctx, prompt);
      const entries = await untilAborted(runStep(world, step!, ctx, prompt), options.signal);
      closePrompt?.(true);
      result = { ...stepResult(i, shown, 'passed', performance.now() - t0), entries, ...(ctx.notes.length && { note: ctx.notes.join('; ') }) };
    } catch (err) {
      closePrompt?.(false);
      failed = true;
      const f = err instanceof StepFailure ? err : undefined;
      const missing = err instanceof UndefinedVariableError && err.variable ? options.explainMissing?.(err.variable) : undefined;
      const message =
        err instanceof Aborted ? err.message : (missing ?? (err instanceof CommandError || err instanceof UndefinedVariableError || f ? (err as Error).message : `internal error: ${(err as Error).message}`));
      result = { ...stepResult(i, shown, err instanceof Aborted ? 'aborted' : 'failed', performance.now() - t0, message), diff: f?.diff, entries: f?.entries ?? [] };
    }
    if (options.signal?.aborted && result.status === 'passed' && raw.type === 'expectCall') {
      // A watch cut short proves nothing.
      failed = true;
      result = { ...result, status: 'aborted', message: abortMessage(options.signal) };
    }
    steps.push(result);
    options.onProgress?.({ type: 'step-end', scenario: scenario.name, step: result });
  }
  world.setContext({ runId });
  try {
    // Finish the work the run caused (pushes, confirmations); timers that only watch for a missing
    // confirmation are not waited for: the step that needed it has judged already.
    if (!options.signal?.aborted) await world.tasks.idle(10_000, { workOnly: true });
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
    status: failed || options.signal?.aborted ? 'failed' : 'passed',
    ...(options.signal?.aborted && { aborted: abortMessage(options.signal) }),
    startedAt,
    durationMs: round(performance.now() - started),
    steps,
    variables,
    journal: world.journal.find({ since: startSeq, runId }),
    ...(steps.some((s) => s.note) && { notes: steps.flatMap((s) => (s.note ? [`${s.name}: ${s.note}`] : [])) }),
  };
  options.onProgress?.({ type: 'scenario-end', result });
  return result;
}

/** The run was stopped while a step was in progress. */
class Aborted extends Error {}

const abortMessage = (signal: AbortSignal) => `aborted: the run was stopped (${String(signal.reason ?? 'signal')}) while this step was in progress`;

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) return Promise.reject(new Aborted(abortMessage(signal)));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new Aborted(abortMessage(signal)));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

async function setUp(world: World, scenario: Scenario, options: RunOptions): Promise<void> {
  if (!('continue' in scenario.world)) world.reset(await fixtureOf(scenario, options.file, options));
  world.faults.clear();
  const partner = scenario.partner ? interpolate(scenario.partner, scenario.variables ?? {}, today(world), options.env) : options.partner;
  if (partner) world.setPartner(partner);
  if (scenario.now) world.clock.set(scenario.now);
}

async function fixtureOf(scenario: Scenario, file: string | undefined, options: RunOptions): Promise<WorldFixture> {
  const w = scenario.world;
  if ('fixture' in w) return w.fixture;
  if ('file' in w) return loadWorldFile(scenarioFile(w.file, file ? dirname(file) : undefined, options.fileRoot));
  if ('seed' in w) return (await import('../world/generate.js')).generateWorld({ seed: w.seed, ...w.size });
  return demoWorld();
}

async function runStep(world: World, step: Step, ctx: StepContext, prompt: PromptContext): Promise<string[]> {
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
      await sleep(durationMs(step.duration, 0), ctx.signal);
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
    case 'prompt':
      return askPartner(world, step, ctx, prompt);
    case 'readBack':
      return readBack(world, step, ctx, prompt);
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
      return `${step.never ? 'expect no' : step.count !== undefined ? `expect exactly ${step.count}` : step.atMost !== undefined ? `expect at most ${step.atMost}` : 'expect'} ${step.direction} ${step.operation}`;
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
    case 'prompt':
      return `ask the partner: ${step.action}`;
    case 'readBack':
      return `read back ${step.kind} ${step.from}..${step.to}`;
    default:
      return `${step.type} ${'spaceTypeCode' in step ? step.spaceTypeCode : ''} ${'from' in step ? `${step.from}..${step.to}` : ''}`.trim();
  }
}

const today = (world: World) => world.clock.now().toISOString().slice(0, 10);
const round = (ms: number) => Math.round(ms * 100) / 100;
