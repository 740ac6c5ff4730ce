import { dateInZone } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { stableId } from '../../world/ids.js';
import { invalidParameter } from '../errors.js';
import { getAll, operation, type Ctx } from '../builder.js';
import { modelOf } from '../model.js';
import { checkUtc } from './common.js';

/**
 * Cancellation policies: the ones the world's rate plans carry (what getConfiguration of the Channel
 * Manager API shows), in Connector terms. The world keeps them per rate; the Connector API hangs them
 * on the rate group, so every policy names the enterprise's one rate group.
 */
const APPLICABILITY = { 1: 'Creation', 2: 'Start', 3: 'StartDate' } as const;

/** "[days]DT[hours]H[minutes]M" (Channel Manager API) as an ISO 8601 duration. */
function isoOffset(offset: string | undefined): string {
  const [, sign, d, h, min] = /^(-?)(\d+)DT(\d+)H(\d+)M$/.exec(offset ?? '0DT0H0M')!;
  return `${sign}P0M${Number(d)}DT${Number(h)}H${Number(min)}M0S`;
}

interface Policy {
  Id: string;
  rateCode: string;
  data: Record<string, unknown>;
}

function policies(world: World, property: Property): Policy[] {
  return property.ratePlans.flatMap((rate) =>
    (rate.cancellationPolicies ?? []).map((p, i) => ({
      Id: stableId(world.state.fixture.seed, property.id, 'cancellation-policy', rate.code, String(i)),
      rateCode: rate.code,
      data: {
        Applicability: APPLICABILITY[p.applicability],
        ApplicabilityOffset: isoOffset(p.offset),
        FeeMaximumTimeUnits: p.penalty.relative.nights ?? null,
        AbsoluteFee: { Currency: p.penalty.absolute.currencyCode, Value: p.penalty.absolute.amount },
        // The Channel Manager API's relative value is a fraction of the price (1 is all of it).
        RelativeFee: p.penalty.relative.value,
      },
    })),
  );
}

const STATIC_UTC = '2025-01-06T09:00:00Z';

export const getAllCancellationPolicies = getAll('cancellationPolicies/getAll', {
  collection: 'CancellationPolicies',
  items: (ctx) => {
    const m = modelOf(ctx.world, ctx.property);
    return policies(ctx.world, ctx.property).map((p) => ({
      Id: p.Id,
      EnterpriseId: ctx.enterpriseId,
      ServiceId: m.stayServiceId,
      RateGroupId: m.rateGroup.Id as string,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
      Applicability: p.data.Applicability,
      FeeExtent: ['TimeUnits'],
      ApplicabilityOffset: p.data.ApplicabilityOffset,
      FeeMaximumTimeUnits: p.data.FeeMaximumTimeUnits,
      AbsoluteFee: p.data.AbsoluteFee,
      RelativeFee: p.data.RelativeFee,
      IsActive: true,
    }));
  },
  filters: { ServiceIds: 'ServiceId', CancellationPolicyIds: 'Id', RateGroupIds: 'RateGroupId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  oneOf: [['CancellationPolicyIds', 'RateGroupIds', 'UpdatedUtc']],
});

const policyData = (p: Policy) => ({ ...p.data, FeeExtents: ['TimeUnits'] });

export const getCancellationPoliciesByReservations = operation('cancellationPolicies/getByReservations', {
  summary: 'The cancellation policies of each reservation: those of its rate.',
  handle(ctx: Ctx) {
    const all = policies(ctx.world, ctx.property);
    return {
      CancellationPolicies: (ctx.body.ReservationIds as string[]).map((id, i) => {
        const r = ctx.world.state.reservations.get(id);
        if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(`ReservationIds[${i}]`, `no reservation ${id} in this enterprise.`);
        return { ReservationId: id, Policies: all.filter((p) => p.rateCode === r.ratePlanCode).map(policyData) };
      }),
    };
  },
});

export const getCancellationPoliciesByRates = operation('cancellationPolicies/getByRates', {
  summary: 'The cancellation policies of each rate for a stay.',
  handle(ctx: Ctx) {
    const { body } = ctx;
    const m = modelOf(ctx.world, ctx.property);
    const tz = ctx.property.timeZoneIdentifier;
    checkUtc('ReservationStartUtc', body.ReservationStartUtc);
    checkUtc('ReservationEndUtc', body.ReservationEndUtc);
    if (dateInZone(Date.parse(body.ReservationEndUtc), tz) < dateInZone(Date.parse(body.ReservationStartUtc), tz)) throw invalidParameter('ReservationEndUtc', 'it is before ReservationStartUtc.');
    const codeOf = new Map([...m.rateIdByCode].map(([code, id]) => [id, code]));
    const all = policies(ctx.world, ctx.property);
    return {
      CancellationPolicies: (body.RateIds as string[]).map((id, i) => {
        const code = codeOf.get(id);
        if (!code) throw invalidParameter(`RateIds[${i}]`, `no rate ${id} in this enterprise.`);
        return { RateId: id, Policies: all.filter((p) => p.rateCode === code).map(policyData) };
      }),
    };
  },
});
