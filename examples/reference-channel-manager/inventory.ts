import type { MewsClient } from './mews.js';

/** What the channel manager knows of one connection: the codes it mapped from getConfiguration. */
export interface KnownConnection {
  token: string;
  spaceTypes: Set<string>;
  ratePlans: Set<string>;
  pricingMode: number;
  currencyCode: string;
  productMappings: { ratePlanCode: string; productCode: string }[];
}

/** Loads every connection an employee email can see; a connection Mews refuses (inactive) is not set up. */
export async function loadConnections(mews: MewsClient, email: string): Promise<Map<string, KnownConnection>> {
  const known = new Map<string, KnownConnection>();
  const props = await mews.call('getProperties', { email });
  const properties = (props.properties ?? []) as { connections?: { token: string }[] }[];
  for (const p of properties) {
    for (const c of p.connections ?? []) {
      const config = await mews.call('getConfiguration', { connectionToken: c.token, extent: { includeProducts: true } });
      if (!config.success) continue;
      const rates = config.ratePlans as { code: string; currencyCode: string }[];
      known.set(c.token, {
        token: c.token,
        spaceTypes: new Set((config.spaceCategories as { code: string }[]).map((s) => s.code)),
        ratePlans: new Set(rates.map((r) => r.code)),
        pricingMode: (config.property as { pricingMode: number }).pricingMode,
        currencyCode: rates[0]?.currencyCode ?? 'EUR',
        productMappings: (config.productMappings ?? []) as KnownConnection['productMappings'],
      });
    }
  }
  return known;
}

type Price = { grossAmount: number; netAmount: number };
type Restriction = { state: number[]; minLos: number | null; maxLos: number | null };

/**
 * What the channel manager's extranet shows: the values Mews pushed, per connection, code and day
 * (push ranges include their `to` day). Read-backs answer from here.
 */
export class Extranet {
  private readonly availability = new Map<string, number>();
  private readonly prices = new Map<string, Price>();
  private readonly restrictions = new Map<string, Restriction>();

  store(token: string, field: string, items: Record<string, unknown>[]): void {
    for (const item of items) {
      for (const date of days(String(item.from), String(item.to))) {
        const space = `${token}|${String(item.spaceTypeCode)}`;
        if (field === 'availabilities') this.availability.set(`${space}|${date}`, Number(item.availability));
        if (field === 'restrictions') this.restrictions.set(`${space}|${String(item.ratePlanCode)}|${date}`, { state: item.state as number[], minLos: (item.minLos as number) ?? null, maxLos: (item.maxLos as number) ?? null });
        if (field === 'ratePrices') {
          for (const p of (item.prices ?? []) as (Price & { guestCount: number })[]) {
            this.prices.set(`${space}|${String(item.ratePlanCode)}|${date}|${p.guestCount}`, { grossAmount: p.grossAmount, netAmount: p.netAmount });
          }
        }
      }
    }
  }

  /** Answers one read-back item of a prompt with what is stored (nothing stored: the value fields are null). */
  read(token: string, item: { kind: string; spaceTypeCode: string; ratePlanCode?: string; date: string; guestCount?: number }): Record<string, unknown> {
    const space = `${token}|${item.spaceTypeCode}`;
    if (item.kind === 'availability') return { ...item, availability: this.availability.get(`${space}|${item.date}`) ?? null };
    if (item.kind === 'restriction') return { ...item, ...(this.restrictions.get(`${space}|${item.ratePlanCode}|${item.date}`) ?? { state: null, minLos: null, maxLos: null }) };
    return { ...item, ...(this.prices.get(`${space}|${item.ratePlanCode}|${item.date}|${item.guestCount}`) ?? { grossAmount: null, netAmount: null }) };
  }
}

function* days(from: string, to: string): Generator<string> {
  const end = Date.parse(to);
  for (let t = Date.parse(from); t <= end; t += 86_400_000) yield new Date(t).toISOString().slice(0, 10);
}
