import { z } from 'zod';
import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import { round2 } from '../../world/inventory.js';
import type { Property } from '../../world/schema.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { amountOf, modelOf } from '../model.js';
import { checkTimeUnitStart, localToUtc } from '../time.js';
import { RequestBase } from './common.js';
import { catalogChanges } from './catalog.js';
import { activeRateCode } from './rates.js';
import { operation } from '../builder.js';

/** Days of a service with a daily time unit: at most 367 (rates.md). */
const MAX_DAYS = 367;

/** An active rate by its id or by "eid:<ExternalIdentifier>" (a hybrid identifier). */
const rateCode = (world: World, property: Property, id: string) => activeRateCode(world, property, id, 'RateId');

/** Local dates of the time units from the first to the last (both included). */
function unitDates(property: Property, first: string, last: string, at = ''): string[] {
  checkTimeUnitStart(`${at}FirstTimeUnitStartUtc`, first, property.timeZoneIdentifier);
  checkTimeUnitStart(`${at}LastTimeUnitStartUtc`, last, property.timeZoneIdentifier);
  const from = dateInZone(Date.parse(first), property.timeZoneIdentifier);
  const to = dateInZone(Date.parse(last), property.timeZoneIdentifier);
  const days = dayOf(to) - dayOf(from) + 1;
  if (days < 1) throw invalidParameter('LastTimeUnitStartUtc', 'it is before FirstTimeUnitStartUtc.');
  if (days > MAX_DAYS) throw invalidParameter('LastTimeUnitStartUtc', `the interval is longer than ${MAX_DAYS} days.`);
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

const utc = z.iso.datetime({ offset: true });
/** The enterprise's editable history interval (P0M3DT0H0M0S in configuration/get). */
const EDITABLE_HISTORY_DAYS = 3;

export const getRatePricing = operation('rates/getPricing', {
  summary: 'Prices of a rate per day: base price, every resource category, and the adjustments.',
  request: RequestBase.extend({ RateId: z.string().min(1), ProductId: z.string().nullish(), FirstTimeUnitStartUtc: utc, LastTimeUnitStartUtc: utc }).meta({ id: 'RatesGetPricingRequest' }),
  handle({ world, property, body }) {
    const code = rateCode(world, property, body.RateId);
    const m = modelOf(world, property);
    const inv = world.state.inventory(property.id);
    const dates = unitDates(property, body.FirstTimeUnitStartUtc, body.LastTimeUnitStartUtc);
    const categories = property.spaceCategories;
    const priceOf = (space: string, date: string) => {
      const s = inv.space(space)!;
      return inv.price(code, space, dayOf(date), Math.max(1, s.bedCount ?? 1)) ?? 0;
    };
    const base = categories[0];
    const baseAmounts = dates.map((d) => priceOf(base.code, d));
    const rate = inv.rate(code)!;
    const firstDay = baseAmounts[0] ?? 0;
    const changes = catalogChanges(world, property).rates.get(m.rateIdByCode.get(code)!) ?? {};
    const ageAdjustments = property.ageCategories
      .filter((a) => a.maximumAge != null && a.maximumAge < 18)
      .map((a) => ({ AgeCategoryId: m.ageCategoryIdByCode.get(a.code)!, AbsoluteValue: (a.maximumAge ?? 0) < 2 ? 0 : round2(firstDay * 0.25), Type: 'ExtraOccupancyAdjustment' }));
    return {
      Currency: property.currencyCode,
      TimeUnitStartsUtc: dates.map((d) => localToUtc(d, '00:00', property.timeZoneIdentifier)),
      BaseAmountPrices: baseAmounts.map((v) => amountOf(property, v)),
      CategoryPrices: categories.map((s) => ({ CategoryId: m.categoryIdByCode.get(s.code)!, AmountPrices: dates.map((d) => amountOf(property, priceOf(s.code, d))), Prices: dates.map((d) => round2(priceOf(s.code, d))) })),
      CategoryAdjustments: categories.slice(1).map((s) => ({
        CategoryId: m.categoryIdByCode.get(s.code)!,
        ParentCategoryId: m.categoryIdByCode.get(base.code)!,
        AbsoluteValue: 0,
        RelativeValue: round2(s.basePrice / base.basePrice - 1),
      })),
      AgeCategoryAdjustments: ageAdjustments,
      RelativeAdjustment: rate.baseRateCode ? round2(rate.priceFactor - 1) : 0,
      AbsoluteAdjustment: (changes.AbsoluteAdjustment as number | undefined) ?? 0,
      EmptyUnitAdjustment: (changes.NegativeOccupancyAdjustment as number | undefined) ?? -round2(firstDay * 0.15),
      ExtraUnitAdjustment: (changes.ExtraOccupancyAdjustment as number | undefined) ?? round2(firstDay * 0.25),
      BasePrices: baseAmounts.map(round2),
    };
  },
});

export const updateRatePrice = operation('rates/updatePrice', {
  summary: "Sets (or with no Value, removes) a rate's price for intervals, for one resource category or all; channel managers get the change as a delta push.",
  request: RequestBase.extend({
    RateId: z.string().min(1),
    ProductId: z.string().nullish(),
    PriceUpdates: z
      .array(z.object({ CategoryId: z.string().nullish(), Value: z.number().positive('Value must be positive').nullish(), FirstTimeUnitStartUtc: utc.nullish(), LastTimeUnitStartUtc: utc.nullish() }))
      .min(1, 'at least one price update is required')
      .max(1000, 'at most 1000 items'),
  }).meta({ id: 'RatesUpdatePriceRequest' }),
  handle({ world, property, body }) {
    const code = rateCode(world, property, body.RateId);
    const m = modelOf(world, property);
    const inv = world.state.inventory(property.id);
    if (inv.rate(code)!.baseRateCode) throw new ConnectorError(403, `The rate ${body.RateId} depends on a base rate: only root rates' prices can be updated.`);
    const codeOfCategory = new Map([...m.categoryIdByCode].map(([c, id]) => [id, c]));
    const base = property.spaceCategories[0];
    body.PriceUpdates.forEach((u, i) => {
      if (!u.FirstTimeUnitStartUtc || !u.LastTimeUnitStartUtc) throw invalidParameter(`PriceUpdates[${i}]`, 'FirstTimeUnitStartUtc and LastTimeUnitStartUtc are required.');
      if (u.CategoryId && !codeOfCategory.has(u.CategoryId)) throw invalidParameter(`PriceUpdates[${i}].CategoryId`, `no resource category ${u.CategoryId}.`);
    });
    const todayDate = dateInZone(world.clock.nowMs(), property.timeZoneIdentifier);
    const today = dayOf(todayDate);
    const fiveYearsAhead = dayOf(`${Number(todayDate.slice(0, 4)) + 5}${todayDate.slice(4).replace('-02-29', '-02-28')}`);
    const updates = body.PriceUpdates.map((u, i) => {
      const dates = unitDates(property, u.FirstTimeUnitStartUtc!, u.LastTimeUnitStartUtc!, `PriceUpdates[${i}].`);
      // Prices can be edited back to the editable history window (3 days) and up to 5 years ahead.
      if (dayOf(dates[0]) < today - EDITABLE_HISTORY_DAYS) throw invalidParameter(`PriceUpdates[${i}].FirstTimeUnitStartUtc`, `it is older than the enterprise's editable history of ${EDITABLE_HISTORY_DAYS} days.`);
      if (dayOf(dates[dates.length - 1]) > fiveYearsAhead) throw invalidParameter(`PriceUpdates[${i}].LastTimeUnitStartUtc`, 'it is more than 5 years ahead.');
      return { u, dates };
    });
    for (const { u, dates } of updates) {
      const from = dayOf(dates[0]);
      const to = dayOf(dates[dates.length - 1]) + 1;
      // Without a category the base price moves, and every category keeps its difference to it.
      const targets = u.CategoryId ? [codeOfCategory.get(u.CategoryId)!] : property.spaceCategories.map((s) => s.code);
      for (const space of targets) {
        const value = u.Value == null ? null : { base: u.CategoryId ? u.Value : round2((u.Value * inv.space(space)!.basePrice) / base.basePrice) };
        inv.setPrice(code, space, from, to, value);
        world.state.changed({ type: 'prices', propertyId: property.id, ratePlanCode: code, spaceTypeCode: space, from: dates[0], to: dates[dates.length - 1] });
      }
    }
    return {};
  },
});
