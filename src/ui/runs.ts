import { randomUUID } from 'node:crypto';
import type { World } from '../engine/world.js';
import type { ProgressEvent, ScenarioResult, StepResult } from '../scenarios/runner.js';

/** One scenario of a run, as it goes: its steps so far, and the step waiting now. */
export interface RunTest {
  runId?: string;
  name: string;
  file?: string;
  requirement?: string;
  status: 'running' | 'passed' | 'failed';
  durationMs?: number;
  steps: StepResult[];
  current?: { index: number; name: string; instructions?: string };
}

/** A scenario run (one test) or a certification run (the suite), kept for the dashboard. */
export interface RunRecord {
  id: string;
  kind: 'scenario' | 'certification';
  name: string;
  startedAt: string;
  finishedAt?: string;
  status: 'running' | 'passed' | 'failed';
  tests: RunTest[];
}

const KEEP = 50;

/**
 * The runs of a world, newest last, bounded. Fed by progress events, so a certification in
 * progress shows its checklist filling in. Kept outside the world's state: scenarios reset it.
 */
export class RunLog {
  private readonly runs: RunRecord[] = [];

  constructor(private readonly world: World) {}

  list(): RunRecord[] {
    return [...this.runs].reverse();
  }

  get(id: string): RunRecord | undefined {
    return this.runs.find((r) => r.id === id || r.tests.some((t) => t.runId === id));
  }

  /** Starts a run; the returned listener takes the runner's progress events. */
  start(kind: RunRecord['kind'], name: string): { record: RunRecord; onProgress: (e: ProgressEvent) => void; finish: () => void } {
    const record: RunRecord = { id: randomUUID(), kind, name, startedAt: this.world.clock.now().toISOString(), status: 'running', tests: [] };
    this.runs.push(record);
    if (this.runs.length > KEEP) this.runs.splice(0, this.runs.length - KEEP);
    const finish = () => {
      if (record.status !== 'running') return;
      record.finishedAt = this.world.clock.now().toISOString();
      record.status = record.tests.some((t) => t.status === 'failed' && (kind === 'scenario' || t.requirement !== 'optional')) ? 'failed' : 'passed';
    };
    const onProgress = (e: ProgressEvent) => {
      const test = record.tests[record.tests.length - 1];
      if (e.type === 'scenario-start') record.tests.push({ name: e.scenario, file: e.file, status: 'running', steps: [] });
      else if (e.type === 'step-start' && test) test.current = { index: e.index, name: e.name, ...(e.instructions && { instructions: e.instructions }) };
      else if (e.type === 'step-end' && test) {
        test.steps.push(e.step);
        delete test.current;
      } else if (e.type === 'scenario-end' && test) Object.assign(test, testOf(e.result));
    };
    return { record, onProgress, finish };
  }

  /** A finished scenario result (run elsewhere) as a run of its own. */
  add(result: ScenarioResult): RunRecord {
    const run = this.start(result.requirement ? 'certification' : 'scenario', result.name);
    run.record.tests.push(testOf(result));
    run.finish();
    return run.record;
  }
}

function testOf(result: ScenarioResult): RunTest {
  return {
    runId: result.runId,
    name: result.name,
    file: result.file,
    requirement: result.requirement,
    status: result.status,
    durationMs: result.durationMs,
    steps: result.steps,
  };
}

const logs = new WeakMap<World, RunLog>();

export function runLog(world: World): RunLog {
  let log = logs.get(world);
  if (!log) logs.set(world, (log = new RunLog(world)));
  return log;
}
