import { firstInJson } from '../engine/json.js';
import type { World } from '../engine/world.js';
import type { Property } from '../world/schema.js';
import { taxEnvironmentOf } from './model.js';

/** The rates Mews names in the tax environments of the world's countries, besides those the world's own rates and products use. */
const STANDARD: Record<string, { code: string; value: number }[]> = {
  UK: [
    { code: 'UK-S', value: 0.2 },
    { code: 'UK-R', value: 0.05 },
    { code: 'UK-Z', value: 0 },
  ],
};

/** Every tax rate code of an enterprise, with its value: its own, its products', then its environment's standard ones. */
export function taxRatesOf(p: Property): { code: string; value: number }[] {
  const out = new Map<string, number>([[p.taxCode, p.taxRate]]);
  for (const product of p.products ?? []) if (product.taxCode && !out.has(product.taxCode)) out.set(product.taxCode, product.taxCode.endsWith('-R') ? 0.05 : p.taxRate);
  for (const r of STANDARD[taxEnvironmentOf(p)] ?? []) if (!out.has(r.code)) out.set(r.code, r.value);
  return [...out].map(([code, value]) => ({ code, value }));
}

/** The tax codes an enterprise's amounts may name: those of every enterprise of its tax environment (taxations/getAll). */
export function taxCodesOf(world: World, p: Property): Set<string> {
  const env = taxEnvironmentOf(p);
  return new Set(world.state.fixture.properties.filter((q) => taxEnvironmentOf(q) === env).flatMap((q) => taxRatesOf(q).map((r) => r.code)));
}

/** The rates an amount's TaxCodes name, with their values (checked against the tax environment before). */
export function ratesNamed(world: World, p: Property, codes: readonly string[]): { code: string; value: number }[] {
  const env = taxEnvironmentOf(p);
  const all = new Map(world.state.fixture.properties.filter((q) => taxEnvironmentOf(q) === env).flatMap((q) => taxRatesOf(q).map((r) => [r.code, r.value] as const)));
  return codes.map((code) => ({ code, value: all.get(code) ?? 0 }));
}

/** An Amount of a value in the property's pricing mode, taxed at the given rates (none: untaxed). */
export function amountTaxedAt(p: Property, value: number, rates: readonly { code: string; value: number }[]) {
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const total = rates.reduce((sum, r) => sum + r.value, 0);
  const gross = p.pricingMode === 0 ? round2(value) : round2(value * (1 + total));
  const net = p.pricingMode === 0 ? round2(value / (1 + total)) : round2(value);
  const taxes = rates.map((r) => ({ Code: r.code, Value: round2(net * r.value) }));
  return {
    Currency: p.currencyCode,
    NetValue: net,
    GrossValue: gross,
    TaxValues: taxes,
    Breakdown: { Items: taxes.length ? taxes.map((t) => ({ TaxRateCode: t.Code, NetValue: net, TaxValue: t.Value })) : [{ TaxRateCode: null, NetValue: net, TaxValue: 0 }] },
  };
}

/**
 * The first problem of the Amount parameters' `TaxCodes` in a request, if any: a code the
 * enterprise's tax environment has not (its path, `Items[0].UnitAmount.TaxCodes[1]`), or several
 * codes with a `GrossValue` (one tax only can be taken out of a gross amount).
 */
export function taxCodeProblem(value: unknown, codes: () => Set<string>): { path: string; message: string } | undefined {
  return firstInJson(value, (v, path) => {
    const o = v as Record<string, unknown> | null;
    if (o === null || typeof o !== 'object' || !Array.isArray(o.TaxCodes)) return undefined;
    const at = path ? `${path}.TaxCodes` : 'TaxCodes';
    const known = codes();
    const bad = o.TaxCodes.findIndex((c) => typeof c === 'string' && !known.has(c));
    if (bad >= 0) return { path: `${at}[${bad}]`, message: `no tax rate ${String(o.TaxCodes[bad])} in the enterprise's tax environment (taxations/getAll lists ${[...known].join(', ')}).` };
    if (o.GrossValue != null && o.TaxCodes.length > 1) return { path: at, message: 'only one tax can be given with a GrossValue; send a NetValue for several.' };
    return undefined;
  });
}
