import { z } from 'zod';
import { addDays, dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { round2 } from '../../world/inventory.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { getAll, operation } from '../builder.js';
import { amountOf, modelOf, type ConnectorModel } from '../model.js';
import { apiTime, checkTimeUnitStart, localToUtc } from '../time.js';
import { RequestBase } from './common.js';

/** What Connector calls changed about the world's products: deletions and per-day price adjustments (gross). */
interface ProductChanges {
  deleted: Map<string, string>;
  /** Product id → local date → gross price. */
  prices: Map<string, Map<string, number>>;
}

const changesOf = (world: World, property: Property) =>
  world.apiStateOf(`connector:products:${property.id}`, (): ProductChanges => ({ deleted: new Map(), prices: new Map() }));

type Product = ConnectorModel['products'][number];

/** The enterprise's products as products/getAll shows them: deleted ones inactive. */
export function productsOf(world: World, property: Property, m: ConnectorModel): Product[] {
  const { deleted } = changesOf(world, property);
  if (deleted.size === 0) return m.products;
  return m.products.map((p) => (deleted.has(p.Id) ? { ...p, IsActive: false, UpdatedUtc: deleted.get(p.Id) } : p));
}

/** A product's gross unit price on a local date: the day's adjustment, else its price. */
export function productPrice(world: World, property: Property, product: Product, date: string): number {
  const adjusted = changesOf(world, property).prices.get(product.Id)?.get(date);
  return adjusted ?? (product.Price as { GrossValue: number }).GrossValue;
}

/** A product of the enterprise by id or "eid:<ExternalIdentifier>"; 400 naming `at` otherwise. */
export function findProduct(world: World, property: Property, id: string, at: string, active = true): Product {
  const m = modelOf(world, property);
  const p = productsOf(world, property, m).find((x) => x.Id === id || (id.startsWith('eid:') && x.ExternalIdentifier === id.slice(4)));
  if (!p || (active && !p.IsActive)) throw invalidParameter(at, `no product ${id} in this enterprise.`);
  return p;
}

/** A gross product amount as the Amount the API shows (product prices are gross in the world). */
const grossAmount = (property: Property, value: number) => amountOf({ ...property, pricingMode: 0 }, value);

/** Local dates of the day time units from the first to the last, both included, at most `max`. */
function unitDates(property: Property, first: string, last: string, max: number, at = ''): string[] {
  const tz = property.timeZoneIdentifier;
  checkTimeUnitStart(`${at}FirstTimeUnitStartUtc`, first, tz);
  checkTimeUnitStart(`${at}LastTimeUnitStartUtc`, last, tz);
  const from = dateInZone(Date.parse(first), tz);
  const days = dayOf(dateInZone(Date.parse(last), tz)) - dayOf(from) + 1;
  if (days < 1) throw invalidParameter(`${at}LastTimeUnitStartUtc`, 'it is before FirstTimeUnitStartUtc.');
  if (days > max) throw invalidParameter(`${at}LastTimeUnitStartUtc`, `the interval is longer than ${max} days.`);
  return Array.from({ length: days }, (_, i) => addDays(from, i));
}

const utc = z.iso.datetime({ offset: true });

export const getProductPricing = operation('products/getPricing', {
  summary: 'Prices of a product per day, with the adjustments products/updatePrice made.',
  request: RequestBase.extend({ ProductId: z.string().min(1), FirstTimeUnitStartUtc: utc, LastTimeUnitStartUtc: utc, EnterpriseIds: z.array(z.string()).max(1000).nullish() }).meta({
    id: 'ProductsGetPricingRequest',
  }),
  handle({ world, property, body }) {
    const product = findProduct(world, property, body.ProductId, 'ProductId', false);
    const dates = unitDates(property, body.FirstTimeUnitStartUtc, body.LastTimeUnitStartUtc, 100);
    return {
      ProductId: product.Id,
      TimeUnitStartsUtc: dates.map((d) => localToUtc(d, '00:00', property.timeZoneIdentifier)),
      BaseAmountPrices: dates.map((d) => grossAmount(property, productPrice(world, property, product, d))),
      // The world prices products alike for every age category.
      AgeCategoryPrices: [],
    };
  },
});

/** The enterprise's editable history interval (P0M3DT0H0M0S in configuration/get). */
const EDITABLE_HISTORY_DAYS = 3;

export const updateProductPrice = operation('products/updatePrice', {
  summary: 'Sets (or, without Value, removes) a product\'s price on days; later pricing and reservations/addProduct use it.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ProductId: z.string().min(1),
    PriceUpdates: z
      .array(z.object({ Value: z.number().nonnegative('a price cannot be negative').nullish(), FirstTimeUnitStartUtc: utc.nullish(), LastTimeUnitStartUtc: utc.nullish() }))
      .min(1, 'at least one price update is required')
      .max(100, 'at most 100 items'),
  }).meta({ id: 'ProductsUpdatePriceRequest' }),
  handle({ world, property, body }) {
    const product = findProduct(world, property, body.ProductId, 'ProductId');
    const today = dateInZone(world.clock.now().getTime(), property.timeZoneIdentifier);
    const updates = body.PriceUpdates.map((u, i) => {
      const at = `PriceUpdates[${i}].`;
      if (!u.FirstTimeUnitStartUtc) throw invalidParameter(`${at}FirstTimeUnitStartUtc`, 'it is required.');
      if (!u.LastTimeUnitStartUtc) throw invalidParameter(`${at}LastTimeUnitStartUtc`, 'it is required.');
      const dates = unitDates(property, u.FirstTimeUnitStartUtc, u.LastTimeUnitStartUtc, 367, at);
      if (dayOf(dates[0]) < dayOf(today) - EDITABLE_HISTORY_DAYS) throw new ConnectorError(403, `Prices older than the editable history interval (${EDITABLE_HISTORY_DAYS} days) cannot be updated.`);
      // Value is in the enterprise's pricing mode; the world keeps product prices gross.
      const gross = u.Value == null ? undefined : round2(property.pricingMode === 0 ? u.Value : u.Value * (1 + property.taxRate));
      return { dates, gross };
    });
    const prices = changesOf(world, property).prices;
    const days = prices.get(product.Id) ?? new Map<string, number>();
    prices.set(product.Id, days);
    for (const { dates, gross } of updates) for (const d of dates) if (gross === undefined) days.delete(d); else days.set(d, gross);
    return {};
  },
});

export const deleteProducts = operation('products/delete', {
  summary: 'Deletes products: products/getAll shows them inactive and they can no longer be ordered.',
  request: RequestBase.extend({ EnterpriseId: z.string().nullish(), ProductIds: z.array(z.string()).min(1, 'at least one product id is required').max(1000, 'at most 1000 items') }).meta({
    id: 'ProductsDeleteRequest',
  }),
  handle({ world, property, body }) {
    const found = body.ProductIds.map((id, i) => findProduct(world, property, id, `ProductIds[${i}]`));
    const now = apiTime(world.clock.now());
    const { deleted } = changesOf(world, property);
    for (const p of found) deleted.set(p.Id, now);
    return {};
  },
});

/** One product category per service that has products: the world groups its extras by service. */
function productCategories(world: World, property: Property) {
  const m = modelOf(world, property);
  return m.services
    .filter((s) => m.products.some((p) => p.ServiceId === s.Id))
    .map((s, i) => ({
      Id: m.products.find((p) => p.ServiceId === s.Id)!.CategoryId as string,
      EnterpriseId: m.enterprise.Id as string,
      ServiceId: s.Id as string,
      Names: s.Names,
      ShortNames: s.Names,
      Descriptions: {},
      ParentProductCategory: null,
      UpdatedUtc: s.UpdatedUtc,
      CreatedUtc: s.CreatedUtc,
      Ordering: i,
    }));
}

export const getAllProductCategories = getAll('productCategories/getAll', {
  collection: 'ProductCategories',
  items: (ctx) => productCategories(ctx.world, ctx.property),
  filters: { ProductCategoryIds: 'Id', ServiceIds: 'ServiceId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});
