import { stableId } from '../../world/ids.js';
import { getAll, interval, operation, type Ctx } from '../builder.js';
import { paginate, type Limitation } from '../pagination.js';
import { apiTime, inInterval } from '../time.js';

/**
 * Which sources (channels) a booking came from: the sources a channel manager sent with the
 * reservation group, the first primary one marked so. Bookings made in Mews itself have none.
 */

interface Assignment {
  Id: string;
  ReservationGroupId: string;
  SourceId: string;
  IsPrimary: boolean;
  UpdatedUtc: string;
}

function assignments(ctx: Ctx): Assignment[] {
  const seed = ctx.world.state.fixture.seed;
  const out: Assignment[] = [];
  for (const g of ctx.world.state.groups.values()) {
    if (g.propertyId !== ctx.property.id || !g.sources?.length) continue;
    const sources = g.sources as { code: number; isPrimary?: boolean }[];
    const primary = Math.max(0, sources.findIndex((s) => s.isPrimary));
    sources.forEach((s, i) =>
      out.push({ Id: stableId(seed, 'source-assignment', g.id, String(s.code)), ReservationGroupId: g.id, SourceId: stableId(seed, 'source', String(s.code)), IsPrimary: i === primary, UpdatedUtc: apiTime(g.updatedUtc) }),
    );
  }
  return out.reverse();
}

export const getAllSourceAssignments = operation('sourceAssignments/getAll', {
  collection: 'SourceAssignments',
  handle(ctx) {
    const updated = interval('sourceAssignments/getAll', ctx, 'UpdatedUtc');
    const groups = ctx.body.ReservationGroupIds as string[] | null | undefined;
    const enterprises = ctx.body.EnterpriseIds as string[] | null | undefined;
    const items = (enterprises && !enterprises.includes(ctx.enterpriseId) ? [] : assignments(ctx)).filter((a) => (!groups || groups.includes(a.ReservationGroupId)) && inInterval(a.UpdatedUtc, updated));
    const limitation = ctx.body.Limitation as Limitation;
    const { page, cursor } = paginate(items, limitation);
    // The Cursor is required here: an empty page keeps the one asked with.
    return { SourceAssignments: page.map(({ UpdatedUtc: _, ...a }) => a), Cursor: cursor ?? limitation.Cursor ?? '' };
  },
});

export const getAllSourceAssignments20240920 = getAll('sourceAssignments/getAll/2024-09-20', {
  collection: 'SourceAssignments',
  items: (ctx) =>
    assignments(ctx).flatMap((a) =>
      (ctx.world.state.groups.get(a.ReservationGroupId)?.reservationIds ?? []).map((r) => ({
        Id: stableId(ctx.world.state.fixture.seed, 'source-assignment', r, a.SourceId),
        ReservationId: r,
        SourceId: a.SourceId,
        IsPrimary: a.IsPrimary,
        UpdatedUtc: a.UpdatedUtc,
      })),
    ),
  filters: { ReservationIds: 'ReservationId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});
