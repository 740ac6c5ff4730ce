import type { z } from 'zod';
import { dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Connection } from '../../world/state.js';
import { CmError, CmErrorCode, SIMPLE_SUCCESS, type CmErrorItem } from '../errors.js';
import { defineOperation } from '../operation.js';
import { sendToPartner } from '../partner.js';
import { checkPaymentCard } from '../reservations/cards.js';
import { ProcessAvailabilityBlockRequest } from '../schemas.js';
import { cmState, type AvailabilityBlock } from '../state.js';

type BlockMessage = z.output<typeof ProcessAvailabilityBlockRequest>;

/**
 * processAvailabilityBlock: the channel manager creates, updates or cancels an allotment. Allocated
 * spaces are taken out of availability; Mews answers asynchronously with the block's confirmation
 * number.
 */
export const processAvailabilityBlock = defineOperation({
  name: 'processAvailabilityBlock',
  summary: 'Push an availability block (allotment): created, updated or canceled. Confirmed asynchronously.',
  request: ProcessAvailabilityBlockRequest,
  auth: 'connection',
  handle({ world, body, connection, findings }) {
    const block = body.availabilityBlock;
    const property = world.state.propertyOf(connection);
    const errors: CmErrorItem[] = [];
    const rule = (message: string, extra: Partial<CmErrorItem> = {}) => errors.push({ code: CmErrorCode.ProcessingError, message, ...extra });
    const start = dayOf(block.dates.start);
    const end = dayOf(block.dates.end);
    if (start >= end) rule(`availabilityBlock.dates: start (${block.dates.start}) must be before end (${block.dates.end}); end is excluded.`);
    if (block.releaseStrategy.type === 'fixed' && !block.releaseStrategy.fixedDate) {
      errors.push({ code: CmErrorCode.ValidationError, message: "Missing 'availabilityBlock.releaseStrategy.fixedDate' (required when type is Fixed)." });
    }
    if (block.releaseStrategy.type === 'rolling' && !block.releaseStrategy.offset) {
      errors.push({ code: CmErrorCode.ValidationError, message: "Missing 'availabilityBlock.releaseStrategy.offset' (required when type is Rolling)." });
    }
    if (!property.ratePlans.some((r) => r.code === block.originalRateCode)) {
      rule(`availabilityBlock.originalRateCode '${block.originalRateCode}' is not a rate plan of this property.`, { rateCode: block.originalRateCode });
    }
    block.spaceCategories.forEach((sc, i) => {
      const at = `availabilityBlock.spaceCategories[${i}]`;
      if (!connection.spaceTypeCodes.includes(sc.spaceTypeCode)) {
        rule(`${at}: there is no space type with mapping code '${sc.spaceTypeCode}' on this connection.`, { categoryCode: sc.spaceTypeCode });
      }
      for (const [j, a] of [...sc.allocatedSpaces, ...(sc.rates ?? [])].entries()) {
        if (dayOf(a.start) >= dayOf(a.end) || dayOf(a.start) < start || dayOf(a.end) > end) {
          rule(`${at}: interval ${j + 1} (${a.start}..${a.end}) must be non-empty and inside the block's dates.`);
        }
      }
    });
    if (block.paymentCard) errors.push(...checkPaymentCard(block.paymentCard, world.clock.nowMs(), findings));
    const state = cmState(world);
    const key = `${property.id}/${block.code}`;
    const known = state.blocks.get(key);
    if (block.status !== 'created' && !known) {
      errors.push({ code: CmErrorCode.ReservationNotFound, message: `There is no availability block with code '${block.code}' to ${block.status === 'updated' ? 'update' : 'cancel'}.` });
    }
    if (known && block.confirmationNumber && block.confirmationNumber !== known.confirmationNumber) {
      rule(`availabilityBlock.confirmationNumber '${block.confirmationNumber}' does not match block '${block.code}' (${known.confirmationNumber}).`);
    }
    if (block.status === 'created' && known && known.status !== 'canceled') {
      findings.push({ severity: 'warning', kind: 'block-exists', message: `Block '${block.code}' already exists; it is replaced.` });
    }
    if (errors.length) throw new CmError(errors);
    world.tasks.schedule('processAvailabilityBlock', () => applyAndConfirm(world, connection, body), world.options.asyncDelayMs);
    return { ...SIMPLE_SUCCESS };
  },
});

async function applyAndConfirm(world: World, connection: Connection, msg: BlockMessage): Promise<void> {
  const state = cmState(world);
  const property = world.state.propertyOf(connection);
  const inventory = world.state.inventory(property.id);
  const input = msg.availabilityBlock;
  const key = `${property.id}/${input.code}`;
  const previous = state.blocks.get(key);
  const touch = (a: AvailabilityBlock['allocations'][number], sign: number) => {
    inventory.book(a.spaceTypeCode, dayOf(a.start), dayOf(a.end), sign * a.count);
    world.state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: a.spaceTypeCode, from: a.start, to: a.end });
  };
  if (previous && previous.status !== 'canceled') previous.allocations.forEach((a) => touch(a, -1));
  const block: AvailabilityBlock = {
    propertyId: property.id,
    code: input.code,
    confirmationNumber: previous?.confirmationNumber ?? world.state.newConfirmationNumber(),
    status: input.status,
    name: input.name,
    start: input.dates.start,
    end: input.dates.end,
    allocations: input.spaceCategories.flatMap((sc) => sc.allocatedSpaces.map((a) => ({ spaceTypeCode: sc.spaceTypeCode, ...a }))),
    updatedUtc: world.clock.now().toISOString(),
  };
  if (block.status !== 'canceled') block.allocations.forEach((a) => touch(a, 1));
  state.blocks.set(key, block);
  await sendToPartner(
    world,
    connection,
    'processAvailabilityBlockConfirmation',
    {
      clientToken: world.state.partnerClientToken,
      connectionToken: connection.token,
      messageId: msg.messageId,
      code: block.code,
      confirmationNumber: block.confirmationNumber,
      success: true,
      errors: null,
    },
    { relatedMessageId: msg.messageId },
  );
}

