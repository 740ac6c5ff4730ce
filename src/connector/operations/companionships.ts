import { stableId } from '../../world/ids.js';
import { getAll } from '../builder.js';
import { modelOf, reservationOwner, reservationView2017 } from '../model.js';
import { apiTime } from '../time.js';
import { customerView } from './customers.js';

/**
 * Companionships: the customers staying in the enterprise's reservations: its owner and the
 * companions reservations/addCompanion added (the same ids addCompanion answers).
 */
export const getAllCompanionships = getAll('companionships/getAll', {
  collection: 'Companionships',
  items(ctx) {
    const seed = ctx.world.state.fixture.seed;
    return [...ctx.world.state.reservations.values()]
      .filter((r) => r.propertyId === ctx.property.id)
      .reverse()
      .flatMap((r) => {
        const companions = [...new Set([reservationOwner(ctx.world, r), ...(r.details?.companionIds ?? [])])];
        return companions.map((customerId) => ({ Id: stableId(seed, 'companionship', r.id, customerId), CustomerId: customerId, ReservationGroupId: r.groupId, ReservationId: r.id, updated: apiTime(r.updatedUtc) }));
      });
  },
  filters: { CompanionshipIds: 'Id', ReservationIds: 'ReservationId', CustomerIds: 'CustomerId', ReservationGroupIds: 'ReservationGroupId' },
  times: { UpdatedUtc: 'updated' },
  oneOf: [['CompanionshipIds', 'ReservationIds', 'CustomerIds', 'ReservationGroupIds']],
  extra(ctx, page) {
    const e = ctx.body.Extent ?? {};
    const state = ctx.world.state;
    const m = modelOf(ctx.world, ctx.property);
    page.forEach((c, i) => (page[i] = { Id: c.Id, CustomerId: c.CustomerId, ReservationGroupId: c.ReservationGroupId, ReservationId: c.ReservationId }));
    const reservations = [...new Set(page.map((c) => c.ReservationId as string))].map((id) => state.reservations.get(id)!);
    const groups = [...new Set(page.map((c) => c.ReservationGroupId as string))];
    const customers = [...new Set(page.map((c) => c.CustomerId as string))].flatMap((id) => {
      const record = state.customers.get(id);
      return record ? [customerView(ctx.world, record)] : [];
    });
    return {
      Reservations: e.Reservations ? reservations.map((r) => reservationView2017(ctx.world, ctx.property, m, r)) : null,
      ReservationGroups: e.ReservationGroups ? groups.map((Id) => ({ Id, Name: null })) : null,
      Customers: e.Customers ? customers : null,
    };
  },
});
