import type { World } from '../../engine/world.js';
import type { JournalEntry } from '../../journal/entry.js';
import { formatMismatches, matchPartial, type Mismatch } from '../../journal/match.js';
import { durationMs, type Step } from '../schema.js';
import { capture, sleep, StepFailure, waitForJournal, type StepContext } from './context.js';

type ExpectCall = Extract<Step, { type: 'expectCall' }>;

/** How long the step watches or waits, in ms ("never", "atMost" and "count" windows are not stretched). */
export function expectCallWindowMs(step: ExpectCall, ctx: Pick<StepContext, 'defaultTimeoutMs' | 'timeoutFactor'>): number {
  return Math.round(durationMs(step.within, ctx.defaultTimeoutMs) * (watchLimit(step) !== undefined ? 1 : ctx.timeoutFactor));
}

/** What the step waits for, in words, for the console: "inbound processGroup with a body like {…}". */
export function expectCallWaitsFor(step: ExpectCall): string {
  const parts: string[] = [];
  if (step.body !== undefined) parts.push(`with a body like ${short(step.body)}`);
  if (step.response !== undefined) parts.push(`answered with ${short(step.response)}`);
  if (step.status !== undefined) parts.push(`HTTP ${step.status}`);
  const limit = watchLimit(step);
  const mode = step.never ? 'watching that no' : step.count !== undefined ? `counting (exactly ${step.count})` : limit !== undefined ? `watching (at most ${limit})` : 'waiting for';
  return `${mode} ${step.direction} ${step.operation}${parts.length ? ` ${parts.join(', ')}` : ''}`;
}

const watchLimit = (step: ExpectCall) => (step.never ? 0 : (step.atMost ?? step.count));
const short = (v: unknown) => {
  const text = JSON.stringify(v) ?? 'nothing';
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
};

export async function expectCall(world: World, step: ExpectCall, ctx: StepContext): Promise<string[]> {
  const within = expectCallWindowMs(step, ctx);
  const since = step.since !== undefined ? (ctx.stepStarts?.get(step.since) ?? ctx.startSeq) : step.sinceStart ? ctx.startSeq : ctx.seqBefore;
  const what = `${step.direction} ${step.operation}`;
  const judge = (e: JournalEntry): Mismatch[] => {
    try {
      return [
        ...(step.status === undefined || e.status === step.status ? [] : [{ path: '$.status', expected: step.status, actual: e.status, reason: e.failure ?? 'different status' }]),
        ...(step.body === undefined ? [] : matchPartial(step.body, e.request.body, '$.request')),
        ...(step.response === undefined ? [] : matchPartial(step.response, e.response?.body, '$.response')),
      ];
    } catch (err) {
      // Matching must never take the run down: whatever went wrong is this call's mismatch.
      return [{ path: '$', expected: step.body, actual: undefined, reason: `cannot be checked: ${(err as Error).message}` }];
    }
  };
  const candidates = () => world.journal.find({ since, direction: step.direction, operation: step.operation, connection: step.connection }).filter((e) => e.api !== 'admin');
  const limit = watchLimit(step);
  if (limit !== undefined) {
    // Watch the whole window, then count.
    await sleep(within, ctx.signal);
    const seen = candidates().filter((e) => judge(e).length === 0);
    const ids = seen.map((e) => e.id);
    if (step.count !== undefined && seen.length !== step.count) {
      const near = nearest(candidates(), judge);
      throw new StepFailure(
        `Expected exactly ${step.count} ${what} within ${within} ms, but ${seen.length} came${ids.length ? `: ${ids.join(', ')}` : ''}.`,
        seen.length < step.count && near ? `nearest: ${near.e.id}\n${formatMismatches(near.m)}` : undefined,
        ids.length ? ids : near ? [near.e.id] : [],
      );
    }
    if (seen.length > limit) {
      throw new StepFailure(limit === 0 ? `Expected no ${what} within ${within} ms, but ${ids.join(', ')} came.` : `Expected at most ${limit} ${what}, but ${seen.length} came: ${ids.join(', ')}.`, undefined, ids);
    }
    return ids;
  }
  const outcome = await waitForJournal<Outcome>(
    world,
    () => {
      const all = candidates();
      const found = all.find((e) => judge(e).length === 0);
      if (found) return { found };
      // The one call of this kind that came since the step started does not match: say so now,
      // not after the whole wait (unless the step says another may still come).
      const arrived = all.filter((e) => e.seq > ctx.seqBefore);
      if (!step.keepWaiting && arrived.length === 1 && all.length === arrived.length) return { wrong: arrived[0] };
      return undefined;
    },
    within,
    ctx.signal,
  );
  if (outcome && 'wrong' in outcome) {
    const e = outcome.wrong;
    throw new StepFailure(
      `The ${what} that came (${e.id}) does not match; failed at once (add "keepWaiting": true to wait for another call).`,
      `${e.id}\n${formatMismatches(judge(e))}`,
      [e.id],
    );
  }
  if (!outcome) {
    const all = candidates();
    const near = nearest(all, judge);
    throw new StepFailure(
      `Expected ${what} within ${within} ms; ${all.length ? `${all.length} came, none matching` : 'none came'}.`,
      near ? `nearest: ${near.e.id}\n${formatMismatches(near.m)}` : undefined,
      near ? [near.e.id] : [],
    );
  }
  capture(step.capture, outcome.found.request.body, ctx.variables, 'call');
  return [outcome.found.id];
}

function nearest(entries: JournalEntry[], judge: (e: JournalEntry) => Mismatch[]): { e: JournalEntry; m: Mismatch[] } | undefined {
  return entries.map((e) => ({ e, m: judge(e) })).sort((a, b) => a.m.length - b.m.length)[0];
}

type Outcome = { found: JournalEntry } | { wrong: JournalEntry };
