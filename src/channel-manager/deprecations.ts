import type { Finding } from '../journal/entry.js';
import { isPlainObject } from '../engine/json.js';

/**
 * Deprecated request fields, from the docs' deprecations page: accepted, but each use is recorded
 * as a finding so a certification review sees it.
 */
const DEPRECATED: Record<string, { path: string; replacement: string }[]> = {
  processGroup: [
    { path: 'channel', replacement: 'sources' },
    { path: 'company.iata', replacement: 'travelAgency.iata' },
    { path: 'customer.loyaltyCode', replacement: 'customer.loyaltyInfo' },
    { path: 'booker.loyaltyCode', replacement: 'booker.loyaltyInfo' },
    { path: 'paymentCard.code', replacement: 'paymentCard.type' },
    { path: 'reservations[].adultCount', replacement: 'reservations[].guestCounts' },
    { path: 'reservations[].childCount', replacement: 'reservations[].guestCounts' },
    { path: 'reservations[].guests[].loyaltyCode', replacement: 'loyaltyInfo' },
    { path: 'reservations[].distributor', replacement: 'sources' },
  ],
  processAvailabilityBlock: [
    { path: 'availabilityBlock.spaceCategories[].rates[].grossAmount', replacement: 'prices' },
    { path: 'availabilityBlock.booker.loyaltyCode', replacement: 'loyaltyInfo' },
    { path: 'availabilityBlock.dates.releasedDate', replacement: 'releaseStrategy.fixedDate' },
  ],
};
const EVERYWHERE = [
  { path: 'accessToken', replacement: 'clientToken' },
  { path: 'connectionCode', replacement: 'connectionToken' },
];

export function deprecatedFieldFindings(operation: string, body: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const { path, replacement } of [...EVERYWHERE, ...(DEPRECATED[operation] ?? [])]) {
    for (const where of present(body, path.split('.'), '')) {
      out.push({ severity: 'warning', kind: 'deprecated-field', path: where, message: `'${where}' is deprecated; use ${replacement}.` });
    }
  }
  return out;
}

/** Concrete paths where a dotted pattern ("a[].b") has a value other than null/undefined. */
function present(value: unknown, parts: string[], prefix: string): string[] {
  if (parts.length === 0) return value === undefined || value === null ? [] : [prefix];
  const [head, ...rest] = parts;
  if (!isPlainObject(value)) return [];
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  const child = value[key];
  const here = prefix ? `${prefix}.${key}` : key;
  if (!isArray) return present(child, rest, here);
  if (!Array.isArray(child)) return [];
  return child.flatMap((item, i) => present(item, rest, `${here}[${i}]`));
}
