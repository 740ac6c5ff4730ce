import { dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import { maskCardNumber } from '../../journal/mask.js';
import { stableId } from '../../world/ids.js';
import type { Connection, Reservation, ReservationGroup } from '../../world/state.js';
import { CmErrorCode, type CmErrorItem } from '../errors.js';
import { isGroupCancellation, type GroupMessage } from './rules.js';

export type ApplyOutcome =
  | { ok: true; group: ReservationGroup; confirmations: { code: string; confirmationNumber: string }[] }
  | { ok: false; error: CmErrorItem };

/**
 * Processes an accepted processGroup message against the world, as Mews does after answering
 * the synchronous call: the whole group is replaced by the message (no diffs), reservations left
 * out or in state 3 are canceled, confirmation numbers are assigned once and kept.
 */
export function applyGroup(world: World, connection: Connection, msg: GroupMessage): ApplyOutcome {
  const state = world.state;
  const property = state.propertyOf(connection);
  const existing = state.groupByChannelManagerId(property.id, msg.channelManagerId);
  const cancelAll = isGroupCancellation(msg);
  if (cancelAll && !existing) {
    return fail(CmErrorCode.ReservationNotFound, `There is no booking with channelManagerId '${msg.channelManagerId}' to cancel.`);
  }
  const problem = checkAgainstWorld(world, connection, msg) ?? (existing && checkArrived(world, existing, msg, cancelAll));
  if (problem) return { ok: false, error: problem };

  const now = world.clock.now().toISOString();
  const inventory = state.inventory(property.id);
  const group: ReservationGroup = existing ?? {
    id: state.uuid(),
    propertyId: property.id,
    channelManagerId: msg.channelManagerId,
    reservationIds: [],
    createdUtc: now,
    updatedUtc: now,
  };
  if (!existing) state.addGroup(group);
  Object.assign(group, {
    connectionToken: connection.token,
    channelId: msg.channelId,
    updatedUtc: now,
    ...(msg.currencyCode != null && { currencyCode: msg.currencyCode }),
    ...(msg.totalAmount != null && { totalAmount: clean(msg.totalAmount) }),
    ...(msg.customer != null && { customer: msg.customer }),
    ...(msg.booker != null && { booker: msg.booker }),
    ...(msg.sources != null && { sources: msg.sources }),
    ...(msg.comments != null && { comments: msg.comments }),
    ...(msg.paymentType != null && { paymentType: msg.paymentType }),
    ...(msg.paymentCard != null && {
      paymentCard: {
        type: msg.paymentCard.type,
        obfuscatedNumber: maskCardNumber(msg.paymentCard.number),
        expireDate: msg.paymentCard.expireDate,
        ...(msg.paymentCard.holderName != null && { holderName: msg.paymentCard.holderName }),
      },
    }),
  });
  addNewSources(world, msg);
  if (msg.customer) {
    // The booking's guest becomes a customer profile (the reservation's account in the Connector API).
    const c = msg.customer;
    const customerId = stableId(state.fixture.seed, 'customer', group.id);
    const added = !state.customers.has(customerId);
    state.upsertCustomer(
      customerId,
      { title: c.title, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.telephone, nationalityCode: c.nationalityCode, languageCode: c.languageCode, loyaltyCode: c.loyaltyInfo?.membershipId ?? c.loyaltyCode },
      now,
    );
    state.changed({ type: 'customer', propertyId: property.id, customerIds: [customerId], added });
  }

  const byCode = new Map<string, Reservation>();
  for (const id of group.reservationIds) {
    const r = state.reservations.get(id)!;
    if (r.code !== undefined) byCode.set(r.code, r);
  }
  const inMessage = new Map((msg.reservations ?? []).map((r) => [r.code, r]));
  const touched = new Set<string>();

  // Left out of the message, or canceled in it: cancel.
  for (const [code, r] of byCode) {
    const incoming = inMessage.get(code);
    if (cancelAll || !incoming || incoming.state === 3) cancel(r);
  }
  if (!cancelAll) {
    for (const m of msg.reservations ?? []) {
      if (m.state === 3) continue;
      const before = byCode.get(m.code);
      // Checked in or out and unchanged (checkArrived refused any change): it stays as the property has it.
      if (before && arrived(before)) continue;
      if (before && before.state === 'Confirmed') release(before);
      const r: Reservation = before ?? {
        id: state.uuid(),
        groupId: group.id,
        propertyId: property.id,
        confirmationNumber: state.newConfirmationNumber(),
        code: m.code,
        state: 'Confirmed',
        spaceTypeCode: '',
        ratePlanCode: '',
        from: '',
        to: '',
        guestCounts: [],
        amounts: [],
        extras: [],
        guests: [],
        createdUtc: now,
        updatedUtc: now,
      };
      Object.assign(r, {
        state: 'Confirmed',
        spaceTypeCode: m.spaceTypeCode!,
        ratePlanCode: m.ratePlanCode!,
        from: m.from!,
        to: m.to!,
        guestCounts: m.guestCounts ?? guestCountsFromDeprecated(m.adultCount, m.childCount),
        amounts: (m.amounts ?? []).map(clean),
        totalAmount: m.totalAmount ? clean(m.totalAmount) : undefined,
        extras: m.extras ?? [],
        guests: m.guests ?? [],
        updatedUtc: now,
        canceledUtc: undefined,
      });
      if (!before) {
        state.reservations.set(r.id, r);
        group.reservationIds.push(r.id);
        byCode.set(m.code, r);
      }
      book(r);
    }
  }

  function cancel(r: Reservation) {
    if (r.state === 'Canceled') return;
    release(r);
    r.state = 'Canceled';
    r.canceledUtc = now;
    r.updatedUtc = now;
  }
  function release(r: Reservation) {
    inventory.book(r.spaceTypeCode, dayOf(r.from), dayOf(r.to), -1);
    touched.add(`${r.spaceTypeCode}|${r.from}|${r.to}`);
  }
  function book(r: Reservation) {
    inventory.book(r.spaceTypeCode, dayOf(r.from), dayOf(r.to), 1);
    touched.add(`${r.spaceTypeCode}|${r.from}|${r.to}`);
  }
  for (const key of touched) {
    const [spaceTypeCode, from, to] = key.split('|');
    state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode, from, to });
  }
  state.changed({ type: 'reservation', propertyId: property.id, reservationIds: [...byCode.values()].map((r) => r.id) });
  const confirmations = [...byCode.values()].map((r) => ({ code: r.code!, confirmationNumber: r.confirmationNumber }));
  return { ok: true, group, confirmations };
}

/** What only the world can tell: the connection knows the space types, rate plans and products. */
function checkAgainstWorld(world: World, connection: Connection, msg: GroupMessage): CmErrorItem | undefined {
  const property = world.state.propertyOf(connection);
  const spaces = new Set(connection.spaceTypeCodes);
  const rates = new Set(property.ratePlans.map((r) => r.code));
  const products = new Set(property.products.map((p) => p.code));
  for (const [i, r] of (msg.reservations ?? []).entries()) {
    if (r.state === 3) continue;
    if (r.spaceTypeCode && !spaces.has(r.spaceTypeCode)) {
      return { code: CmErrorCode.ProcessingError, categoryCode: r.spaceTypeCode, message: `reservations[${i}]: there is no space type with mapping code '${r.spaceTypeCode}' on this connection.` };
    }
    if (r.ratePlanCode && !rates.has(r.ratePlanCode)) {
      return { code: CmErrorCode.ProcessingError, rateCode: r.ratePlanCode, message: `reservations[${i}]: there is no rate plan with mapping code '${r.ratePlanCode}'.` };
    }
    for (const [j, x] of (r.extras ?? []).entries()) {
      if (!products.has(x.code)) {
        return { code: CmErrorCode.ProcessingError, message: `reservations[${i}].extras[${j}]: there is no product with mapping code '${x.code}'.` };
      }
    }
  }
  return undefined;
}

const arrived = (r: Reservation) => r.state === 'Started' || r.state === 'Processed';

/** The message's reservation as the world would keep it, to tell a modification from a re-sent unchanged one. */
function unchanged(r: Reservation, m: NonNullable<GroupMessage['reservations']>[number]): boolean {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  return (
    m.state !== 3 &&
    r.spaceTypeCode === m.spaceTypeCode &&
    r.ratePlanCode === m.ratePlanCode &&
    r.from === m.from &&
    r.to === m.to &&
    same(r.guestCounts, m.guestCounts ?? guestCountsFromDeprecated(m.adultCount, m.childCount)) &&
    same(r.amounts, (m.amounts ?? []).map(clean))
  );
}

/** A checked-in or checked-out reservation can no longer be modified or canceled by the channel manager: code 7. */
function checkArrived(world: World, group: ReservationGroup, msg: GroupMessage, cancelAll: boolean): CmErrorItem | undefined {
  const inMessage = new Map((msg.reservations ?? []).map((r) => [r.code, r]));
  for (const id of group.reservationIds) {
    const r = world.state.reservations.get(id)!;
    if (!arrived(r) || r.code === undefined) continue;
    const m = inMessage.get(r.code);
    if (cancelAll || !m || !unchanged(r, m)) {
      const how = r.state === 'Started' ? 'checked in' : 'checked out';
      return { code: CmErrorCode.ProcessingError, message: `Reservation '${r.code}' (${r.confirmationNumber}) is already ${how}; it can no longer be modified or canceled.` };
    }
  }
  return undefined;
}

function addNewSources(world: World, msg: GroupMessage) {
  for (const s of msg.sources ?? []) {
    if (s.code != null || world.state.channels.some((c) => c.name === s.name)) continue;
    const code = Math.max(0, ...world.state.channels.map((c) => c.code)) + 1;
    world.state.channels.push({ code, name: s.name });
  }
}

function guestCountsFromDeprecated(adults?: number | null, children?: number | null) {
  return [
    ...(adults ? [{ code: 'Adult', count: adults }] : []),
    ...(children ? [{ code: 'Child', count: children }] : []),
  ];
}

const clean = (a: { gross?: number | null; net?: number | null }) => ({
  ...(a.gross != null && { gross: a.gross }),
  ...(a.net != null && { net: a.net }),
});

const fail = (code: number, message: string): ApplyOutcome => ({ ok: false, error: { code, message } });
