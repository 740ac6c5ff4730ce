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

/** A dotted pattern ("a[].b") as steps: a key, and whether each item of the array under it is looked into. */
interface Step {
  key: string;
  each: boolean;
}
const patterns = new Map<string, { steps: Step[]; replacement: string }[]>();

function patternsOf(operation: string) {
  let list = patterns.get(operation);
  if (!list) {
    list = [...EVERYWHERE, ...(DEPRECATED[operation] ?? [])].map(({ path, replacement }) => ({
      steps: path.split('.').map((part) => (part.endsWith('[]') ? { key: part.slice(0, -2), each: true } : { key: part, each: false })),
      replacement,
    }));
    patterns.set(operation, list);
  }
  return list;
}

export function deprecatedFieldFindings(operation: string, body: Record<string, unknown>): Finding[] {
  const out: Finding[] = [];
  for (const { steps, replacement } of patternsOf(operation)) {
    const found: string[] = [];
    present(body, steps, 0, '', found);
    for (const where of found) {
      out.push({ severity: 'warning', kind: 'deprecated-field', path: where, message: `'${where}' is deprecated; use ${replacement}.` });
    }
  }
  return out;
}

/** Concrete paths where the pattern's steps from `at` on reach a value other than null/undefined, in document order. */
function present(value: unknown, steps: Step[], at: number, prefix: string, found: string[]): void {
  if (at === steps.length) {
    if (value !== undefined && value !== null) found.push(prefix);
    return;
  }
  if (!isPlainObject(value)) return;
  const { key, each } = steps[at];
  const child = value[key];
  if (child === undefined || child === null) return;
  const here = prefix ? `${prefix}.${key}` : key;
  if (!each) return present(child, steps, at + 1, here, found);
  if (!Array.isArray(child)) return;
  for (let i = 0; i < child.length; i++) present(child[i], steps, at + 1, `${here}[${i}]`, found);
}
