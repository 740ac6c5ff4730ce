import type { World } from '../../engine/world.js';
import type { JournalEntry } from '../../journal/entry.js';
import { formatMismatches, matchPartial } from '../../journal/match.js';
import { durationMs, type Step } from '../schema.js';
import { capture, StepFailure, type StepContext } from './context.js';

export async function expectCall(world: World, step: Extract<Step, { type: 'expectCall' }>, ctx: StepContext): Promise<string[]> {
  // "never" windows are not stretched: they say how long the partner is watched, not how long to wait for it.
  const limit = step.never ? 0 : step.atMost;
  const within = Math.round(durationMs(step.within, ctx.defaultTimeoutMs) * (limit !== undefined ? 1 : ctx.timeoutFactor));
  const since = step.sinceStart ? ctx.startSeq : ctx.seqBefore;
  const what = `${step.direction} ${step.operation}`;
  const judge = (e: JournalEntry) => [
    ...(step.body === undefined ? [] : matchPartial(step.body, e.request.body, '$.request')),
    ...(step.response === undefined ? [] : matchPartial(step.response, e.response?.body, '$.response')),
  ];
  const candidates = () => world.journal.find({ since, direction: step.direction, operation: step.operation, connection: step.connection }).filter((e) => e.api !== 'admin');
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

