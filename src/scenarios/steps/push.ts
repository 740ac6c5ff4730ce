import { connectionOf, pushInventory } from '../../channel-manager/commands.js';
import { sendToPartner, type PartnerOperation } from '../../channel-manager/partner.js';
import { cmState } from '../../channel-manager/state.js';
import { isPlainObject } from '../../engine/json.js';
import type { World } from '../../engine/world.js';
import type { JournalEntry } from '../../journal/entry.js';
import { formatMismatches, matchPartial, type Mismatch } from '../../journal/match.js';
import type { Step } from '../schema.js';
import { capture, excerpt, StepFailure, waitForJournal, type StepContext } from './context.js';

/** The Mews-side operation the partner calls to confirm each push it answered with asyncConfirmation: true. */
export const CONFIRMED_BY: Partial<Record<string, string>> = {
  updateAvailability: 'processAvailabilityConfirmation',
  updatePrices: 'processRateConfirmation',
  updateRestrictions: 'processRestrictionConfirmation',
  processGroup: 'processGroupConfirmation',
  processAvailabilityBlock: 'processAvailabilityBlockConfirmation',
};

type PushStep = Extract<Step, { type: 'push' }>;

/**
 * Sends a message to the partner (the step's body, or an inventory push built from the world) and
 * judges it as Mews does: the verdict is the synchronous reply, or — when the partner promised one
 * with asyncConfirmation: true — its asynchronous confirmation, which must come in time.
 */
export async function push(world: World, step: PushStep, ctx: StepContext): Promise<string[]> {
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
      cmState(world).pending.set(String(body.messageId), { messageId: String(body.messageId), operation: step.operation, confirmWith, connectionToken: connection.token, sentAt: reply.result.entry.time, rates: ratesOf(body) });
    }
    replies = [reply.result.entry];
  } else {
    const kind = step.operation === 'updateAvailability' ? 'availability' : step.operation === 'updatePrices' ? 'prices' : 'restrictions';
    await pushInventory(world, { connection: connection.token, kinds: [kind], from: step.from!, to: step.to! });
    replies = world.journal.find({ since: ctx.seqBefore, direction: 'outbound', operation: step.operation });
    if (!replies.length) throw new StepFailure(`No ${step.operation} was sent: the connection has nothing to push (inactive, disabled pushes or no synchronized mapping).`);
  }
  const evidence = replies.map((e) => e.id);
  if (step.expect) {
    const deadline = performance.now() + Math.round(ctx.defaultTimeoutMs * ctx.timeoutFactor);
    for (const entry of replies) await judge(world, step, entry, deadline, evidence, ctx.signal);
  }
  capture(step.capture, replies.at(-1)?.response?.body, ctx.variables, 'reply');
  return evidence;
}

/** Checks one message: its HTTP status, then the confirmation it promised or its synchronous reply. */
async function judge(world: World, step: PushStep, entry: JournalEntry, deadline: number, evidence: string[], signal?: AbortSignal): Promise<void> {
  const expect = step.expect!;
  const reply = entry.response?.body;
  const what = `${step.operation} message '${entry.messageId ?? entry.id}' (${entry.id})`;
  if (expect.status !== undefined && entry.status !== expect.status) {
    const mismatch: Mismatch = { path: '$.status', expected: expect.status, actual: entry.status, reason: entry.failure ?? 'different status' };
    throw new StepFailure(`The partner's reply to ${what} is not as expected.`, formatMismatches([mismatch]), evidence);
  }
  const confirmWith = CONFIRMED_BY[step.operation];
  const promised = confirmWith && isPlainObject(reply) && reply.success === true && reply.asyncConfirmation === true;
  if (!promised) {
    const mismatches = expect.body === undefined ? [] : matchPartial(expect.body, reply, '$.reply');
    if (mismatches.length) throw new StepFailure(`The partner's reply to ${what} is not as expected. It answered: ${excerpt(reply ?? entry.failure ?? null)}`, formatMismatches(mismatches), evidence);
    return;
  }
  const isConfirmation = (e: JournalEntry) => e.direction === 'inbound' && e.operation === confirmWith && e.relatedMessageId === entry.messageId;
  const confirmation = await waitForJournal(world, () => world.journal.find({ since: entry.seq }).find(isConfirmation), Math.max(0, deadline - performance.now()), signal);
  if (!confirmation) {
    throw new StepFailure(
      `The partner answered ${what} with asyncConfirmation: true, but no ${confirmWith} with relatedMessageId '${entry.messageId}' came within the step's time.`,
      undefined,
      evidence,
    );
  }
  evidence.push(confirmation.id);
  if (confirmation.success === false) {
    throw new StepFailure(`Mews refused the partner's ${confirmWith} for ${what}: ${excerpt(confirmation.response?.body ?? null)}`, undefined, evidence);
  }
  const mismatches = expect.body === undefined ? [] : matchPartial(expect.body, confirmation.request.body, '$.confirmation');
  if (mismatches.length) {
    throw new StepFailure(`The partner's asynchronous confirmation (${confirmation.id}) of ${what} is not as expected. It reported: ${excerpt(confirmation.request.body)}`, formatMismatches(mismatches), evidence);
  }
}

function ratesOf(body: Record<string, unknown>): string[] {
  const items = [body.ratePrices, body.restrictions].find(Array.isArray) ?? [];
  return [...new Set(items.map((i) => (isPlainObject(i) ? i.ratePlanCode : undefined)).filter((r): r is string => typeof r === 'string'))];
}
