import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import type { Reservation } from '../../world/state.js';
import { stableId } from '../../world/ids.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { apiTime } from '../time.js';

/**
 * Billing automations at work: a reservation's items that an active automation routes go to the
 * bill it names (the company's, or the customer's with the company on it) instead of the owner's
 * open bill. Continuous automations route every item, as they would on each reservation action;
 * Legacy ones only what was posted with the reservation; Recurring ones run monthly in Mews and
 * are not run here. docs/fidelity.md says what is decided where the docs are silent.
 */

/** Where a routed item goes: the bill, its owner, and the account shown on it beside the owner. */
export interface Route {
  billId: string;
  accountId: string;
  accountType: 'Customer' | 'Company';
  associated: string[];
}

interface RoutableItem {
  Id: string;
  Type?: unknown;
  ServiceOrderId?: unknown;
  AccountId: string;
  AccountingCategoryId?: unknown;
  CreatedUtc?: unknown;
  Data?: unknown;
}

/** The routed bills seen so far, by id: bills/getAll shows their owner and associated account. */
export const routedBills = (world: World, property: Property): Map<string, Route> => world.apiStateOf(`connector:routed-bills:${property.id}`, () => new Map<string, Route>());

const ITEM_TYPES: Record<string, string> = { SpaceOrder: 'SpaceOrder', ProductOrder: 'AllProducts', CustomItem: 'AllCustomItems' };

/** Whether an assignment's item types and conditions take the item. */
function assignmentTakes(a: Entity, item: RoutableItem, rateId: string | undefined): boolean {
  const rates = (a.RateIds as string[] | undefined) ?? [];
  if (rates.length && (!rateId || !rates.includes(rateId))) return false;
  const types = (a.RoutedItemTypes ?? {}) as Record<string, boolean>;
  const kind = ITEM_TYPES[String(item.Type)];
  if (kind && types[kind]) return true;
  const productId = (item.Data as { Product?: { ProductId?: string } } | null)?.Product?.ProductId;
  if (item.Type === 'ProductOrder' && productId && ((a.ProductIds as string[] | undefined) ?? []).includes(productId)) return true;
  const byCategory = ((a.AccountingCategoryAssignments as { AccountingCategoryId: string; ItemTypes?: { Products?: boolean; CustomItems?: boolean } }[] | undefined) ?? []).find(
    (c) => c.AccountingCategoryId === item.AccountingCategoryId,
  );
  return Boolean(byCategory && ((item.Type === 'ProductOrder' && byCategory.ItemTypes?.Products) || (item.Type === 'CustomItem' && byCategory.ItemTypes?.CustomItems)));
}

/** The company of the reservation an automation applies to, if it applies (null: it applies with no company). */
function companyFor(automation: Entity, r: Reservation): string | null | undefined {
  const listed = (automation.CompaniesWithRelations as { CompanyId: string; CompanyRelations?: { PartnerCompany?: boolean; TravelAgency?: boolean } }[] | undefined) ?? [];
  const partner = r.details?.companyId;
  const agency = r.details?.travelAgencyId;
  const hit = listed.find((c) => (c.CompanyRelations?.PartnerCompany && c.CompanyId === partner) || (c.CompanyRelations?.TravelAgency && c.CompanyId === agency));
  if (hit) return hit.CompanyId;
  // Only CompanyAsDetails and NoCompany automations may list no company: they apply to every reservation.
  return listed.length ? undefined : (partner ?? agency ?? null);
}

/** The route of a reservation's item, if an automation takes it. */
export function routeOf(world: World, property: Property, item: RoutableItem): Route | undefined {
  const store = entities(world);
  if (!store.collection('billingAutomations').size || typeof item.ServiceOrderId !== 'string') return undefined;
  const r = world.state.reservations.get(item.ServiceOrderId);
  if (!r || r.propertyId !== property.id) return undefined;
  const m = modelOf(world, property);
  const rateId = m.rateIdByCode.get(r.ratePlanCode);
  for (const automation of store.list('billingAutomations')) {
    if (!automation.IsActive || automation.EnterpriseId !== m.enterprise.Id || automation.Prepayment !== 'All') continue;
    if (automation.TriggerType === 'Recurring') continue;
    // Legacy: applied when the reservation was created; what is posted later stays on the owner's bill.
    if (automation.TriggerType === 'Legacy' && String(item.CreatedUtc ?? '') > apiTime(r.createdUtc)) continue;
    const company = companyFor(automation, r);
    if (company === undefined) continue;
    const assignments = (automation.Assignments as Entity[] | undefined) ?? [];
    if (!assignments.some((a) => a.ServiceId === m.stayServiceId && assignmentTakes(a, item, rateId))) continue;
    const route = routeTo(world, property, automation, r, item.AccountId, company);
    if (route) {
      routedBills(world, property).set(route.billId, route);
      return route;
    }
  }
  return undefined;
}

function routeTo(world: World, property: Property, automation: Entity, r: Reservation, customerId: string, company: string | null): Route | undefined {
  const seed = world.state.fixture.seed;
  const target = automation.AssignmentTargetType;
  if (target === 'CompanyAsOwner') {
    if (!company) return undefined;
    const by: Record<string, string[]> = { OnePerReservation: [r.id], AggregateByCustomer: [customerId], AggregateAll: [], AggregatePerReservationGroup: [r.groupId] };
    const key = by[String(automation.BillAggregationType)] ?? [];
    return { billId: stableId(seed, property.id, 'routed-bill', automation.Id, company, ...key), accountId: company, accountType: 'Company', associated: [customerId] };
  }
  if (target === 'CompanyAsDetails') {
    return company ? { billId: stableId(seed, property.id, 'routed-bill', automation.Id, customerId, company), accountId: customerId, accountType: 'Customer', associated: [company] } : undefined;
  }
  return { billId: stableId(seed, property.id, 'routed-bill', automation.Id, customerId), accountId: customerId, accountType: 'Customer', associated: [] };
}
