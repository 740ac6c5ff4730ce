import { z } from 'zod';
import { dayOf } from '../../engine/dates.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { operation } from '../builder.js';

/**
 * reservations/cancel: cancels every listed reservation or none. The freed nights reach channel
 * managers as a delta availability push, and webhook subscribers get ServiceOrderUpdated.
 */
export const cancelReservations = operation('reservations/cancel', {
  summary: 'Cancels reservations (all or none); availability goes back to sale.',
  request: z
    .object({
      ClientToken: z.string(),
      AccessToken: z.string(),
      Client: z.string(),
      LanguageCode: z.string().nullish(),
      CultureCode: z.string().nullish(),
      EnterpriseId: z.string().nullish(),
      ReservationIds: z.array(z.string()).min(1, 'at least one reservation id is required').max(1000, 'at most 1000 items'),
      PostCancellationFee: z.boolean().nullish(),
      SendEmail: z.boolean().nullish(),
      Notes: z.string({ message: 'the reason for the cancellation is required' }).min(1, 'the reason for the cancellation is required'),
    })
    .meta({ id: 'ReservationsCancelRequest' }),
  handle({ world, property, body }) {
    const state = world.state;
    const reservations = body.ReservationIds.map((id, i) => {
      const r = state.reservations.get(id);
      if (!r || r.propertyId !== property.id) throw invalidParameter(`ReservationIds[${i}]`, `no reservation ${id} in this enterprise.`);
      return r;
    });
    const done = reservations.find((r) => r.state === 'Canceled');
    // A business rule, not a malformed request: the reservation exists but cannot be canceled (403).
    if (done) throw new ConnectorError(403, `Reservation ${done.confirmationNumber} is already canceled and cannot be canceled again.`);
    const arrived = reservations.find((r) => r.state === 'Started' || r.state === 'Processed');
    if (arrived) throw new ConnectorError(403, `Reservation ${arrived.confirmationNumber} is ${arrived.state.toLowerCase()} (the guest checked in) and cannot be canceled.`);
    const now = world.clock.now().toISOString();
    const inventory = state.inventory(property.id);
    for (const r of reservations) {
      r.state = 'Canceled';
      r.canceledUtc = now;
      r.updatedUtc = now;
      inventory.book(r.spaceTypeCode, dayOf(r.from), dayOf(r.to), -1);
      state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: r.spaceTypeCode, from: r.from, to: r.to });
    }
    state.changed({ type: 'reservation', propertyId: property.id, reservationIds: reservations.map((r) => r.id) });
    return { ReservationIds: reservations.map((r) => r.id) };
  },
});
