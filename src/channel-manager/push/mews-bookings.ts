import { z } from 'zod';
import { addDays, dayOf, nightsBetween } from '../../engine/dates.js';
import { CommandError } from '../../engine/errors.js';
import type { World } from '../../engine/world.js';
import { round2 } from '../../world/inventory.js';
import type { Connection, Reservation, ReservationGroup } from '../../world/state.js';
import { connectionOf } from '../commands.js';
import { sendToPartner } from '../partner.js';
import { cmState } from '../state.js';

/**
 * Bookings and availability blocks made in Mews (at the front desk, by the revenue team), pushed to
 * the channel manager: processGroup with timeState and obfuscated card data, processAvailabilityBlock;
 * the partner confirms them through processGroupConfirmation / processAvailabilityBlockConfirmation,
 * whose codes are kept and sent back with every later change.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');

export const MewsBookingCommand = z
  .object({
    connection: z.string(),
    spaceTypeCode: z.string(),
    ratePlanCode: z.string(),
    from: date,
    to: date,
    adults: z.number().int().min(1).default(2),
    children: z.number().int().min(0).default(0),
    customer: z.object({ firstName: z.string().optional(), lastName: z.string(), email: z.string().optional() }).default({ firstName: 'Grace', lastName: 'Hopper' }),
    /** Attach a (masked) payment card, as for a guaranteed booking. */
    card: z.boolean().default(true),
  })
  .meta({ id: 'MewsBookingCommand' });

export const MewsBlockCommand = z
  .object({
    connection: z.string(),
    name: z.string().default('Group block'),
    spaceTypeCode: z.string(),
    ratePlanCode: z.string().optional(),
    start: date,
    end: date,
    count: z.number().int().min(1),
  })
  .meta({ id: 'MewsBlockCommand' });

interface PushedGroup {
  groupId: string;
  /** The channel manager's code for the group, from its processGroupConfirmation. */
  partnerCode?: string;
  partnerReservationCodes: Map<string, string>;
}

const pushedGroups = (world: World) => world.apiStateOf('channelManager:mews-bookings', () => new Map<string, PushedGroup>());

export async function createMewsBooking(world: World, cmd: z.output<typeof MewsBookingCommand>) {
  const connection = connectionOf(world, cmd.connection);
  const inv = world.state.inventory(connection.propertyId);
  if (!connection.spaceTypeCodes.includes(cmd.spaceTypeCode)) throw new CommandError(400, `Space type '${cmd.spaceTypeCode}' is not on this connection.`, '$.spaceTypeCode');
  if (!inv.rate(cmd.ratePlanCode)) throw new CommandError(400, `Unknown rate plan '${cmd.ratePlanCode}'.`, '$.ratePlanCode');
  const nights = nightsBetween(cmd.from, cmd.to);
  if (nights < 1) throw new CommandError(400, `'from' (${cmd.from}) must be before 'to' (${cmd.to}).`, '$.to');
  const now = world.clock.now().toISOString();
  const guests = cmd.adults + cmd.children;
  const amounts = Array.from({ length: nights }, (_, i) => {
    const points = inv.prices(cmd.ratePlanCode, cmd.spaceTypeCode, dayOf(cmd.from) + i);
    const p = points.find((x) => x.guestCount === guests) ?? points.at(-1)!;
    return { gross: p.grossAmount, net: p.netAmount };
  });
  const total = { gross: round2(amounts.reduce((s, a) => s + a.gross, 0)), net: round2(amounts.reduce((s, a) => s + a.net, 0)) };
  const group: ReservationGroup = {
    id: world.state.uuid(),
    propertyId: connection.propertyId,
    connectionToken: connection.token,
    currencyCode: inv.property.currencyCode,
    totalAmount: total,
    customer: cmd.customer,
    reservationIds: [],
    createdUtc: now,
    updatedUtc: now,
    ...(cmd.card && { paymentCard: { type: 1, obfuscatedNumber: '411111******1111', expireDate: '1230', holderName: `${cmd.customer.firstName ?? ''} ${cmd.customer.lastName}`.trim() } }),
  };
  const reservation: Reservation = {
    id: world.state.uuid(),
    groupId: group.id,
    propertyId: connection.propertyId,
    confirmationNumber: world.state.newConfirmationNumber(),
    state: 'Confirmed',
    spaceTypeCode: cmd.spaceTypeCode,
    ratePlanCode: cmd.ratePlanCode,
    from: cmd.from,
    to: cmd.to,
    guestCounts: [{ code: 'Adult', count: cmd.adults }, ...(cmd.children ? [{ code: 'Child', count: cmd.children }] : [])],
    amounts,
    totalAmount: total,
    extras: [],
    guests: [],
    createdUtc: now,
    updatedUtc: now,
  };
  group.reservationIds.push(reservation.id);
  world.state.addGroup(group);
  world.state.reservations.set(reservation.id, reservation);
  inv.book(cmd.spaceTypeCode, dayOf(cmd.from), dayOf(cmd.to), 1);
  world.state.changed({ type: 'availability', propertyId: connection.propertyId, spaceTypeCode: cmd.spaceTypeCode, from: cmd.from, to: cmd.to });
  world.state.changed({ type: 'reservation', propertyId: connection.propertyId, reservationIds: [reservation.id] });
  pushedGroups(world).set(group.id, { groupId: group.id, partnerReservationCodes: new Map() });
  const reply = await pushGroup(world, connection, group, 1);
  return { groupId: group.id, confirmationNumber: reservation.confirmationNumber, accepted: reply.accepted };
}

export async function cancelMewsBooking(world: World, groupId: string) {
  const group = world.state.groups.get(groupId);
  if (!group || !group.connectionToken) throw new CommandError(404, `No booking group '${groupId}'.`);
  const connection = connectionOf(world, group.connectionToken);
  const now = world.clock.now().toISOString();
  for (const id of group.reservationIds) {
    const r = world.state.reservations.get(id)!;
    if (r.state === 'Canceled') continue;
    r.state = 'Canceled';
    r.canceledUtc = now;
    r.updatedUtc = now;
    world.state.inventory(r.propertyId).book(r.spaceTypeCode, dayOf(r.from), dayOf(r.to), -1);
    world.state.changed({ type: 'availability', propertyId: r.propertyId, spaceTypeCode: r.spaceTypeCode, from: r.from, to: r.to });
  }
  group.updatedUtc = now;
  world.state.changed({ type: 'reservation', propertyId: group.propertyId, reservationIds: group.reservationIds });
  const reply = await pushGroup(world, connection, group, 3);
  return { groupId, accepted: reply.accepted };
}

async function pushGroup(world: World, connection: Connection, group: ReservationGroup, state: 1 | 2 | 3) {
  const messageId = cmState(world).newMessageId(world);
  const known = pushedGroups(world).get(group.id);
  const reservations = group.reservationIds.map((id) => {
    const r = world.state.reservations.get(id)!;
    const code = known?.partnerReservationCodes.get(r.confirmationNumber);
    return {
      ...(code && { code }),
      confirmationNumber: r.confirmationNumber,
      spaceTypeCode: r.spaceTypeCode,
      ratePlanCode: r.ratePlanCode,
      from: r.from,
      to: r.to,
      guestCounts: r.guestCounts,
      state: r.state === 'Canceled' ? 3 : state,
      timeState: r.state === 'Canceled' ? 4 : timeState(world, r),
      amounts: r.amounts,
      totalAmount: r.totalAmount,
      ...(group.paymentCard && {
        paymentCardData: { type: group.paymentCard.type, obfuscatedNumber: group.paymentCard.obfuscatedNumber, expireDate: group.paymentCard.expireDate, identifier: group.id, holderName: group.paymentCard.holderName },
      }),
    };
  });
  const body = {
    clientToken: world.state.partnerClientToken,
    connectionToken: connection.token,
    messageId,
    responseUrl: world.mewsUrl('/api/channelManager/v1/processGroupConfirmation'),
    ...(known?.partnerCode && { channelManagerId: known.partnerCode }),
    currencyCode: group.currencyCode,
    totalAmount: group.totalAmount,
    customer: group.customer,
    reservations,
  };
  const reply = await sendToPartner(world, connection, 'processGroup', body, { messageId });
  if (reply.accepted) {
    cmState(world).pending.set(messageId, { messageId, operation: 'processGroup', confirmWith: 'processGroupConfirmation', connectionToken: connection.token, sentAt: reply.result.entry.time, subject: group.id });
  }
  return reply;
}

/** Time state of a reservation by the world clock: confirmed (future), checked in, checked out. */
function timeState(world: World, r: Reservation): number {
  const today = world.clock.now().toISOString().slice(0, 10);
  if (today < r.from) return 1;
  if (today < r.to) return 2;
  return 3;
}

export async function createMewsBlock(world: World, cmd: z.output<typeof MewsBlockCommand>) {
  const connection = connectionOf(world, cmd.connection);
  const inv = world.state.inventory(connection.propertyId);
  if (!connection.spaceTypeCodes.includes(cmd.spaceTypeCode)) throw new CommandError(400, `Space type '${cmd.spaceTypeCode}' is not on this connection.`, '$.spaceTypeCode');
  if (nightsBetween(cmd.start, cmd.end) < 1) throw new CommandError(400, `'start' must be before 'end' (excluded).`, '$.end');
  const rate = cmd.ratePlanCode ?? connection.inventoryMappings.find((m) => m.spaceTypeCode === cmd.spaceTypeCode)?.ratePlanCode ?? inv.property.ratePlans[0].code;
  const state = cmState(world);
  const confirmationNumber = world.state.newConfirmationNumber();
  inv.book(cmd.spaceTypeCode, dayOf(cmd.start), dayOf(cmd.end), cmd.count);
  world.state.changed({ type: 'availability', propertyId: connection.propertyId, spaceTypeCode: cmd.spaceTypeCode, from: cmd.start, to: cmd.end });
  state.blocks.set(`${connection.propertyId}/mews-${confirmationNumber}`, {
    propertyId: connection.propertyId,
    code: `mews-${confirmationNumber}`,
    confirmationNumber,
    status: 'created',
    name: cmd.name,
    start: cmd.start,
    end: cmd.end,
    allocations: [{ spaceTypeCode: cmd.spaceTypeCode, start: cmd.start, end: cmd.end, count: cmd.count }],
    updatedUtc: world.clock.now().toISOString(),
  });
  const messageId = state.newMessageId(world);
  const prices = inv.prices(rate, cmd.spaceTypeCode, dayOf(cmd.start)).map((p) => ({ ...p, currencyCode: inv.property.currencyCode }));
  const body = {
    connectionToken: connection.token,
    messageId,
    responseUrl: world.mewsUrl('/api/channelManager/v1/processAvailabilityBlockConfirmation'),
    availabilityBlock: {
      code: null,
      confirmationNumber,
      status: 'Create',
      name: cmd.name,
      dates: { start: cmd.start, end: cmd.end },
      spaceCategories: [
        {
          start: cmd.start,
          end: cmd.end,
          spaceTypeCode: cmd.spaceTypeCode,
          allocatedSpaces: [{ start: cmd.start, end: cmd.end, count: cmd.count }],
          occupiedSpaces: [{ start: cmd.start, end: cmd.end, count: 0 }],
          rates: [{ start: cmd.start, end: cmd.end, currencyCode: inv.property.currencyCode, prices }],
        },
      ],
      booker: { firstName: 'Event', lastName: 'Organiser', email: null, title: null, telephone: null, nationalityCode: null, languageCode: null, address: null },
      company: null,
      notes: null,
      pickupType: 'AllInOneGroup',
      releaseStrategy: { type: 'Fixed', fixedDate: addDays(cmd.start, -7) },
    },
  };
  const reply = await sendToPartner(world, connection, 'processAvailabilityBlock', body, { messageId });
  if (reply.accepted) {
    state.pending.set(messageId, { messageId, operation: 'processAvailabilityBlock', confirmWith: 'processAvailabilityBlockConfirmation', connectionToken: connection.token, sentAt: reply.result.entry.time, subject: confirmationNumber });
  }
  return { confirmationNumber, accepted: reply.accepted };
}

/** Keeps the partner's codes from its processGroupConfirmation, to send them with later changes. */
export function rememberPartnerCodes(world: World, groupId: string, code: string, reservations: { code: string; confirmationNumber: string }[]): void {
  const known = pushedGroups(world).get(groupId);
  if (!known) return;
  known.partnerCode = code;
  for (const r of reservations) known.partnerReservationCodes.set(r.confirmationNumber, r.code);
  const group = world.state.groups.get(groupId);
  if (group) group.channelManagerId = code;
}
