import { getAll } from '../builder.js';
import { apiTime } from '../time.js';

/** reservationGroups/getAll: the groups reservations/add and channel manager bookings made. */
export const getAllReservationGroups = getAll('reservationGroups/getAll', {
  collection: 'ReservationGroups',
  items: (ctx) =>
    [...ctx.world.state.groups.values()]
      .filter((g) => g.propertyId === ctx.property.id)
      .map((g) => {
        const fromChannelManager = g.channelManagerId !== undefined && g.connectionToken !== undefined;
        return {
          Id: g.id,
          Name: g.name ?? null,
          ChannelManager: fromChannelManager ? (ctx.world.state.connections.get(g.connectionToken!)?.name ?? null) : null,
          ChannelManagerGroupNumber: fromChannelManager ? g.channelManagerId! : null,
          EnterpriseId: ctx.enterpriseId,
          UpdatedUtc: apiTime(g.updatedUtc),
        };
      })
      .reverse(),
  filters: { ReservationGroupIds: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  oneOf: [['ReservationGroupIds', 'UpdatedUtc']],
});
