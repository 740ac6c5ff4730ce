import { connectionOf, pushInventory } from '../../channel-manager/commands.js';
import { sendToPartner, type PartnerOperation } from '../../channel-manager/partner.js';
import { cmState } from '../../channel-manager/state.js';
import type { World } from '../../engine/world.js';
import type { JournalEntry } from '../../journal/entry.js';
import { formatMismatches, matchPartial, type Mismatch } from '../../journal/match.js';
import type { Step } from '../schema.js';
import { capture, StepFailure, type StepContext } from './context.js';

const CONFIRMED_BY: Partial<Record<string, string>> = {
  updateAvailability: 'processAvailabilityConfirmation',
  updatePrices: 'processRateConfirmation',
  updateRestrictions: 'processRestrictionConfirmation',
  processGroup: 'processGroupConfirmation',
  processAvailabilityBlock: 'processAvailabilityBlockConfirmation',
};

export async function push(world: World, step: Extract<Step, { type: 'push' }>, ctx: StepContext): Promise<string[]> {
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

