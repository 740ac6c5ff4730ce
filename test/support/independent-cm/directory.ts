import { Ledger } from './ledger.js';
import { callJson, int, isObject, list, num, text, type Json } from './wire.js';

/** A space category as the channel manager maps it. */
export interface MappedSpace {
  code: string;
  name: string;
  classification?: number;
}

export interface MappedRate {
  code: string;
  name: string;
  currency: string;
  synchronized: boolean;
}

export interface MappedProduct {
  code: string;
  pricing: number;
  gross?: number;
  net?: number;
}

/** One property connection: its mapping from getConfiguration and everything pushed on it. */
export interface Listing {
  token: string;
  label: string;
  propertyId: string;
  propertyName: string;
  /** Pricing mode of the property: 0 gross, 1 net. */
  pricingMode: number;
  spaces: Map<string, MappedSpace>;
  rates: Map<string, MappedRate>;
  /** `rate|space` pairs of inventoryMappings. */
  pairs: { rate: string; space: string }[];
  products: Map<string, MappedProduct>;
  productRates: { rate: string; product: string }[];
  /** Switched off in this channel manager (the property left it). */
  switchedOff: boolean;
  /** What Mews last told us about the connection on its side. */
  mewsSide: 'enabled' | 'disabled' | 'deleted';
  /** Why the configuration could not be read, if it could not. */
  configProblem?: string;
  ledger: Ledger;
}

export interface MewsAccount {
  mewsUrl: string;
  clientToken: string;
  email: string;
}

export function apiUrl(account: MewsAccount, operation: string): string {
  return `${account.mewsUrl.replace(/\/+$/, '')}/api/channelManager/v1/${operation}`;
}

/** The channel manager's list of connections, filled from getProperties and getConfiguration. */
export class Directory {
  readonly listings = new Map<string, Listing>();

  constructor(private readonly account: MewsAccount) {}

  /** Asks Mews for every property the employee can see and maps each connection. */
  async load(): Promise<void> {
    const answer = await callJson(apiUrl(this.account, 'getProperties'), { clientToken: this.account.clientToken, email: this.account.email });
    if (answer.status !== 200 || !isObject(answer.body) || answer.body.success === false) {
      throw new Error(`getProperties was refused (HTTP ${answer.status}): ${JSON.stringify(answer.body)}`);
    }
    const jobs: Promise<void>[] = [];
    for (const property of list(answer.body.properties)) {
      if (!isObject(property)) continue;
      for (const c of list(property.connections)) {
        if (!isObject(c) || !text(c.token)) continue;
        const token = c.token as string;
        const existing = this.listings.get(token);
        const listing: Listing = existing ?? {
          token,
          label: text(c.name) ?? token.slice(0, 8),
          propertyId: text(property.id) ?? '',
          propertyName: text(property.name) ?? '',
          pricingMode: 0,
          spaces: new Map(),
          rates: new Map(),
          pairs: [],
          products: new Map(),
          productRates: [],
          switchedOff: false,
          mewsSide: 'enabled',
          ledger: new Ledger(),
        };
        this.listings.set(token, listing);
        jobs.push(this.refresh(listing));
      }
    }
    await Promise.all(jobs);
  }

  /** Re-reads one connection's configuration (after a change notification). */
  async refresh(listing: Listing): Promise<void> {
    const answer = await callJson(apiUrl(this.account, 'getConfiguration'), {
      clientToken: this.account.clientToken,
      connectionToken: listing.token,
      extent: { includeProducts: true, includeAgeCategories: true },
    });
    const body = answer.body;
    if (answer.status !== 200 || !isObject(body) || body.success === false) {
      listing.configProblem = `getConfiguration answered HTTP ${answer.status}: ${JSON.stringify(body)}`;
      listing.mewsSide = 'disabled';
      return;
    }
    delete listing.configProblem;
    listing.mewsSide = 'enabled';
    applyConfiguration(listing, body);
  }
}

function applyConfiguration(listing: Listing, body: Json): void {
  const property = isObject(body.property) ? body.property : {};
  listing.pricingMode = int(property.pricingMode) ?? 0;
  if (text(property.name)) listing.propertyName = property.name as string;
  listing.spaces = new Map();
  for (const s of list(body.spaceCategories)) {
    if (!isObject(s) || !text(s.code)) continue;
    listing.spaces.set(s.code as string, { code: s.code as string, name: text(s.name) ?? '', classification: int(s.classification) });
  }
  listing.rates = new Map();
  for (const r of list(body.ratePlans)) {
    if (!isObject(r) || !text(r.code)) continue;
    listing.rates.set(r.code as string, { code: r.code as string, name: text(r.name) ?? '', currency: text(r.currencyCode) ?? 'EUR', synchronized: r.isSynchronized !== false });
  }
  listing.pairs = list(body.inventoryMappings)
    .filter(isObject)
    .map((m) => ({ rate: text(m.ratePlanCode) ?? '', space: text(m.spaceTypeCode) ?? '' }))
    .filter((p) => listing.rates.has(p.rate) && listing.spaces.has(p.space));
  listing.products = new Map();
  for (const p of list(body.products)) {
    if (!isObject(p) || !text(p.code)) continue;
    const unit = isObject(p.unitAmount) ? p.unitAmount : {};
    listing.products.set(p.code as string, { code: p.code as string, pricing: Number(p.pricing) || 1, gross: num(unit.grossValue), net: num(unit.netValue) });
  }
  listing.productRates = list(body.productMappings)
    .filter(isObject)
    .map((m) => ({ rate: text(m.ratePlanCode) ?? '', product: text(m.productCode) ?? '' }))
    .filter((m) => listing.rates.has(m.rate) && listing.products.has(m.product));
}
