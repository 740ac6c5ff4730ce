import { connectionOf } from '../../channel-manager/commands.js';
import { priceItems, restrictionItems, syncedPairs, syncedSpaceTypes, type Pair } from '../../channel-manager/push/ari.js';
import { dayOf, toIsoDate, type DayNumber } from '../../engine/dates.js';
import { isPlainObject } from '../../engine/json.js';
import type { World } from '../../engine/world.js';
import type { Connection } from '../../world/state.js';
import { durationMs, type Step } from '../schema.js';
import { promptBoard, type ReadBackItem } from '../prompts.js';
import { StepFailure, type StepContext } from './context.js';
import type { PromptContext } from './prompt.js';

type ReadBackStep = Extract<Step, { type: 'readBack' }>;

/** What Mews pushed for one item: the value fields the partner's answer must carry. */
type Expected = Record<string, number | number[] | null>;

/**
 * "Data is updated in the channel manager extranet": asks the partner for a few values it stored
 * and compares them with what Mews pushed. Unanswered in time, the step passes with a note, so a
 * report never claims a read-back that did not happen.
 */
export async function readBack(world: World, step: ReadBackStep, ctx: StepContext, prompt: PromptContext): Promise<string[]> {
  const connection = connectionOf(world, step.connection);
  const samples = sample(world, connection, step);
  if (!samples.length) throw new StepFailure(`Nothing to read back: the connection has no synchronized ${step.kind === 'availability' ? 'space type' : 'rate × space pair'} matching the step.`);
  const within = Math.round(durationMs(step.within, 10_000) * ctx.timeoutFactor);
  const what = samples.map((s) => describe(s.item)).join('; ');
  const { answered } = promptBoard(world).open(
    {
      ...prompt,
      action: 'read-back',
      connection: connection.token,
      pricing: world.state.propertyOf(connection).pricingMode === 1 ? 'net' : 'gross',
      text: `Read back from your channel manager what it stored for connection ${connection.token}: ${what}. Post the values to POST /_sim/prompts/<id>/done as {"values": [...]}.`,
      readBack: samples.map((s) => s.item),
    },
    within,
  );
  const answer = await answered;
  if (answer === undefined) {
    ctx.notes.push(`not read back: nobody answered the read-back prompt within ${within} ms (${what})`);
    return [];
  }
  const values = isPlainObject(answer) && Array.isArray(answer.values) ? answer.values : [];
  const problems = samples.flatMap((s, i) => compare(s.item, s.expected, values[i], `$.values[${i}]`));
  if (problems.length) throw new StepFailure(`The values read back differ from what Mews pushed (${problems.length} difference(s)).`, problems.join('\n'));
  return [];
}

function sample(world: World, connection: Connection, step: ReadBackStep): { item: ReadBackItem; expected: Expected }[] {
  const from = dayOf(step.from);
  const to = dayOf(step.to);
  const count = step.sample ?? 3;
  const dayAt = (i: number): DayNumber => (count === 1 ? from : from + Math.round((i * (to - from)) / (count - 1)));
  const out: { item: ReadBackItem; expected: Expected }[] = [];
  if (step.kind === 'availability') {
    const spaces = syncedSpaceTypes(connection).filter((s) => !step.spaceTypeCode || s === step.spaceTypeCode);
    const inventory = world.state.inventory(connection.propertyId);
    for (let i = 0; i < count && spaces.length; i++) {
      const day = dayAt(i);
      const spaceTypeCode = spaces[(i * 7) % spaces.length];
      out.push({ item: { kind: 'availability', spaceTypeCode, date: toIsoDate(day) }, expected: { availability: inventory.availability(spaceTypeCode, day) } });
    }
    return out;
  }
  const pairs = syncedPairs(connection).filter((p) => (!step.ratePlanCode || p.ratePlanCode === step.ratePlanCode) && (!step.spaceTypeCode || p.spaceTypeCode === step.spaceTypeCode));
  for (let i = 0; i < count && pairs.length; i++) {
    const day = dayAt(i);
    const pair: Pair = pairs[(i * 7) % pairs.length];
    const base = { spaceTypeCode: pair.spaceTypeCode, ratePlanCode: pair.ratePlanCode, date: toIsoDate(day) };
    if (step.kind === 'restrictions') {
      const [r] = restrictionItems(world, connection, day, day, [pair]);
      out.push({ item: { kind: 'restriction', ...base }, expected: { state: r.state, minLos: r.minLos, maxLos: r.maxLos } });
    } else {
      const [p] = priceItems(world, connection, day, day, [pair]);
      const price = (step.guestCount && p.prices.find((x) => x.guestCount === step.guestCount)) || p.prices[(i * 3) % p.prices.length];
      if (!price) continue;
      out.push({ item: { kind: 'price', ...base, guestCount: price.guestCount }, expected: { grossAmount: price.grossAmount, netAmount: price.netAmount } });
    }
  }
  return out;
}

function compare(item: ReadBackItem, expected: Expected, answer: unknown, at: string): string[] {
  if (!isPlainObject(answer)) return [`${at}: no value was read back for ${describe(item)}`];
  if (item.kind === 'price') {
    const given = (['grossAmount', 'netAmount'] as const).filter((k) => typeof answer[k] === 'number');
    if (!given.length) return [`${at}: give grossAmount or netAmount for ${describe(item)}`];
    return given.filter((k) => Math.abs((answer[k] as number) - (expected[k] as number)) > 0.011).map((k) => `${at}.${k}: Mews pushed ${expected[k]}, the channel manager has ${answer[k]} (${describe(item)})`);
  }
  const out: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = answer[key] ?? null;
    const same = Array.isArray(want) ? Array.isArray(got) && [...got].sort().join() === [...want].sort().join() : got === want;
    if (!same) out.push(`${at}.${key}: Mews pushed ${JSON.stringify(want)}, the channel manager has ${JSON.stringify(got)} (${describe(item)})`);
  }
  return out;
}

function describe(item: ReadBackItem): string {
  const rate = item.ratePlanCode ? ` × ${item.ratePlanCode}` : '';
  const guests = item.guestCount ? `, ${item.guestCount} guest(s)` : '';
  return `${item.kind} of ${item.spaceTypeCode}${rate} on ${item.date}${guests}`;
}
