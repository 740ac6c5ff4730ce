import type { z } from 'zod';
import { stableId } from '../../world/ids.js';
import { add, applyUpdateValues, getAll, operation, remove, stored, update, type Body, type Ctx, type UpdateSpec } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import type { ConnectorOperation } from '../operation.js';
import { BillingAutomationAssignmentTargetType, BillingAutomationBillAggregationType, BillingAutomationOrderItemConsumptionPeriodType, BillingAutomationPrepaymentType } from '../schemas.generated.js';
import { companyRecords } from './lists.js';

/**
 * Billing automations (and their payment plans) and the routing rules they replace: the rules that
 * say which of a reservation's items go to a company's bill. Kept as configured; ids chain to the
 * world's companies, services, rates, products and accounting categories.
 */

const profileOf = (ctx: Ctx) => stableId(ctx.world.state.fixture.seed, 'profile', 'integration');

function company(ctx: Ctx, id: string, at: string): void {
  if (!companyRecords(ctx.world).some((c) => c.Id === id && c.IsActive)) throw invalidParameter(at, `no company ${id}.`);
}

function service(ctx: Ctx, id: string, at: string): void {
  if (!modelOf(ctx.world, ctx.property).services.some((s) => s.Id === id)) throw invalidParameter(at, `no service ${id}.`);
}

/** Checks that each id of a list is one the enterprise has. */
function known(ids: string[] | null | undefined, all: Set<string>, at: string, what: string): void {
  ids?.forEach((id, i) => {
    if (!all.has(id)) throw invalidParameter(`${at}[${i}]`, `no ${what} ${id}.`);
  });
}

// The simulated enterprises sort no products into product categories.
const NO_CATEGORIES = new Set<string>();

function checkConditions(ctx: Ctx, a: Body, at: string, value = ''): void {
  const m = modelOf(ctx.world, ctx.property);
  known(a.RateIds?.Value ?? (value ? undefined : a.RateIds), new Set(m.rates.map((r) => r.Id)), `${at}.RateIds${value}`, 'rate');
  known(a.ProductIds?.Value ?? (value ? undefined : a.ProductIds), new Set(m.products.map((p) => p.Id)), `${at}.ProductIds${value}`, 'product');
  known(a.ProductCategoryIds?.Value ?? (value ? undefined : a.ProductCategoryIds), NO_CATEGORIES, `${at}.ProductCategoryIds${value}`, 'product category');
  const categories = new Set(m.accountingCategoryIdByCode.values());
  const assigned = (a.AccountingCategories?.Value ?? (value ? undefined : a.AccountingCategories)) as Body[] | undefined;
  known(assigned?.map((c) => c.AccountingCategoryId), categories, `${at}.AccountingCategories${value}`, 'accounting category');
}

function assignment(ctx: Ctx, automationId: string, a: Body, at: string): Entity {
  service(ctx, a.ServiceId, `${at}.ServiceId`);
  checkConditions(ctx, a, at);
  return {
    Id: ctx.world.state.uuid(),
    BillingAutomationId: automationId,
    ServiceId: a.ServiceId,
    RoutedItemTypes: a.RoutedItemTypes,
    RateIds: a.RateIds ?? [],
    ProductCategoryIds: a.ProductCategoryIds ?? [],
    ProductIds: a.ProductIds ?? [],
    AccountingCategoryAssignments: a.AccountingCategories ?? [],
  };
}

/** The documented rules between the assignment target, the aggregation and the trigger. */
function checkRules(e: Entity, at: string): void {
  if (e.AssignmentTargetType === 'NoCompany' && e.BillAggregationType !== 'AggregateByCustomer') throw invalidParameter(`${at}.BillAggregationType`, 'it must be AggregateByCustomer when AssignmentTargetType is NoCompany.');
  if (e.BillAggregationType !== 'AggregateByCustomer' && e.AssignmentTargetType !== 'CompanyAsOwner') throw invalidParameter(`${at}.AssignmentTargetType`, `it must be CompanyAsOwner when BillAggregationType is ${e.BillAggregationType}.`);
  if (e.TriggerType === 'Recurring' && !e.ProcessingStartOffset) throw invalidParameter(`${at}.ProcessingStartOffset`, 'it is required for a Recurring billing automation.');
  if (e.TriggerType === 'Recurring' && !e.OrderItemConsumptionPeriod) throw invalidParameter(`${at}.OrderItemConsumptionPeriod`, 'it is required for a Recurring billing automation.');
  const companies = e.CompaniesWithRelations as unknown[];
  if (!companies.length && e.AssignmentTargetType === 'CompanyAsOwner') throw invalidParameter(`${at}.CompaniesWithRelations`, 'it can be empty only when AssignmentTargetType is CompanyAsDetails or NoCompany.');
}

/** Update values of the documented enums; the table types them as plain strings. */
const UPDATE_ENUMS: [string, () => z.ZodType, boolean][] = [
  ['Prepayment', BillingAutomationPrepaymentType, true],
  ['AssignmentTargetType', BillingAutomationAssignmentTargetType, true],
  ['BillAggregationType', BillingAutomationBillAggregationType, true],
  ['OrderItemConsumptionPeriod', BillingAutomationOrderItemConsumptionPeriodType, false],
];

function checkUpdateEnums(u: Body, at: string): void {
  for (const [name, schema, required] of UPDATE_ENUMS) {
    if (!u[name] || !('Value' in u[name])) continue;
    const value = u[name].Value;
    if (value == null ? required : !schema().safeParse(value).success) throw invalidParameter(`${at}.${name}.Value`, value == null ? 'a billing automation keeps one; omit the update value to leave it.' : `${String(value)} is not a documented value.`);
  }
}

const automations = stored('billingAutomations');

export const getAllBillingAutomations = getAll('billingAutomations/getAll', {
  collection: 'BillingAutomations',
  items: automations,
  filters: {
    BillingAutomationIds: 'Id',
    EnterpriseIds: 'EnterpriseId',
    CompanyIds: (a, wanted) => (a.CompaniesWithRelations as { CompanyId: string }[]).some((c) => wanted.has(c.CompanyId)),
  },
  activity: 'Active',
  extra: (_ctx, page) => {
    page.forEach((a, i) => (page[i] = answer(a)));
    return {};
  },
});

const answer = ({ IsActive: _active, ...a }: Entity): Entity => a as Entity;

export const addBillingAutomations = add('billingAutomations/add', {
  kind: 'billingAutomations',
  input: (b) => b.BillingAutomations,
  build(ctx, a, i) {
    const at = `BillingAutomations[${i}]`;
    (a.CompaniesWithRelations ?? []).forEach((c: Body, j: number) => company(ctx, c.CompanyId, `${at}.CompaniesWithRelations[${j}].CompanyId`));
    const id = ctx.world.state.uuid();
    const e: Entity = {
      Id: id,
      EnterpriseId: ctx.enterpriseId,
      Name: a.Name,
      Description: a.Description ?? null,
      CompaniesWithRelations: a.CompaniesWithRelations ?? [],
      Prepayment: a.Prepayment,
      AssignmentTargetType: a.AssignmentTargetType,
      TriggerType: a.TriggerType,
      BillAggregationType: a.BillAggregationType,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      CreatorProfileId: profileOf(ctx),
      UpdaterProfileId: profileOf(ctx),
      ProcessingStartOffset: a.ProcessingStartOffset ?? null,
      OrderItemConsumptionPeriod: a.OrderItemConsumptionPeriod ?? null,
      Assignments: (a.Assignments as Body[]).map((x, j) => assignment(ctx, id, x, `${at}.Assignments[${j}]`)),
      IsActive: true,
    };
    checkRules(e, at);
    return e;
  },
  answer: (added) => ({ BillingAutomations: added.map(answer) }),
});

/** An update answering the changed entities in their documented shape. */
function updating(path: string, spec: UpdateSpec & { collection: string }, view: (e: Entity) => Entity): ConnectorOperation {
  const op = update(path, spec);
  return operation(path, {
    async handle(ctx) {
      const answer = (await op.handle(ctx)) as Record<string, Entity[]>;
      return { [spec.collection]: answer[spec.collection].map(view) };
    },
  });
}

export const updateBillingAutomations = updating('billingAutomations/update', {
  kind: 'billingAutomations',
  collection: 'BillingAutomations',
  input: (b) => b.BillingAutomationUpdates,
  id: (u, i) => [u.BillingAutomationId, `BillingAutomationUpdates[${i}].BillingAutomationId`],
  apply(ctx, e, u, i) {
    const at = `BillingAutomationUpdates[${i}]`;
    if (u.Name && !u.Name.Value) throw invalidParameter(`${at}.Name`, 'a billing automation must have a name.');
    checkUpdateEnums(u, at);
    applyUpdateValues(e, u, ['Name', 'Description', 'Prepayment', 'AssignmentTargetType', 'BillAggregationType', 'OrderItemConsumptionPeriod', 'ProcessingStartOffset']);
    if (u.Companies && 'Value' in u.Companies) {
      const companies = (u.Companies.Value ?? []) as Body[];
      companies.forEach((c, j) => company(ctx, c.CompanyId, `${at}.Companies.Value[${j}].CompanyId`));
      e.CompaniesWithRelations = companies;
    }
    e.UpdaterProfileId = profileOf(ctx);
    checkRules(e, at);
  },
}, answer);

export const updateBillingAutomationAssignments = operation('billingAutomations/updateAssignments', {
  handle(ctx) {
    const b = ctx.body;
    const found = automations(ctx).find((a) => a.Id === b.BillingAutomationId && a.IsActive);
    if (!found) throw invalidParameter('BillingAutomationId', `no billing automation ${b.BillingAutomationId}.`);
    const e: Entity = structuredClone(found);
    let list = e.Assignments as Entity[];
    const removed = new Set<string>(b.AssignmentIdsToRemove ?? []);
    (b.AssignmentIdsToRemove ?? []).forEach((id: string, i: number) => {
      if (!list.some((a) => a.Id === id)) throw invalidParameter(`AssignmentIdsToRemove[${i}]`, `no assignment ${id} of the billing automation.`);
    });
    (b.AssignmentsToUpdate ?? []).forEach((u: Body, i: number) => {
      const at = `AssignmentsToUpdate[${i}]`;
      const a = list.find((x) => x.Id === u.BillingAutomationAssignmentId);
      if (!a || removed.has(a.Id)) throw invalidParameter(`${at}.BillingAutomationAssignmentId`, `no assignment ${u.BillingAutomationAssignmentId} of the billing automation.`);
      checkConditions(ctx, u, at, '.Value');
      const types = a.RoutedItemTypes as Record<string, boolean>;
      for (const [k, v] of Object.entries((u.RoutedItemTypes ?? {}) as Record<string, { Value?: boolean | null } | null>)) if (v && 'Value' in v) types[k] = v.Value ?? false;
      for (const [field, param] of [['RateIds', 'RateIds'], ['ProductIds', 'ProductIds'], ['ProductCategoryIds', 'ProductCategoryIds'], ['AccountingCategoryAssignments', 'AccountingCategories']]) {
        if (u[param] && 'Value' in u[param]) a[field] = u[param].Value ?? [];
      }
    });
    list = list.filter((a) => !removed.has(a.Id));
    list.push(...(b.AssignmentsToAdd ?? []).map((a: Body, i: number) => assignment(ctx, e.Id, a, `AssignmentsToAdd[${i}]`)));
    if (list.length > 20) throw invalidParameter('AssignmentsToAdd', 'a billing automation has at most 20 assignments.');
    if (list.length === 0) throw invalidParameter('AssignmentIdsToRemove', 'a billing automation needs at least one assignment.');
    e.Assignments = list;
    e.UpdatedUtc = ctx.now;
    e.UpdaterProfileId = profileOf(ctx);
    entities(ctx.world).put('billingAutomations', e);
    return { EnterpriseId: ctx.enterpriseId, BillingAutomationId: e.Id, BillingAutomations: [answer(e)] };
  },
});

export const deleteBillingAutomations = remove('billingAutomations/delete', { kind: 'billingAutomations', ids: (b) => b.BillingAutomationIds, param: 'BillingAutomationIds' });

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export const addBillingAutomationPaymentPlan = operation('billingAutomationPaymentPlans/add', {
  handle(ctx) {
    const b = ctx.body;
    if (!automations(ctx).some((a) => a.Id === b.BillingAutomationId && a.IsActive)) throw invalidParameter('BillingAutomationId', `no billing automation ${b.BillingAutomationId}.`);
    if (!ctx.world.state.customers.has(b.CustomerId)) throw invalidParameter('CustomerId', `no customer ${b.CustomerId}.`);
    if (!Number.isInteger(b.PaymentOffsetDays) || b.PaymentOffsetDays < 0) throw invalidParameter('PaymentOffsetDays', 'it must be a whole number of days, not negative.');
    if (b.StartMonth != null && (!MONTH.test(b.StartMonth) || b.StartMonth <= ctx.now.slice(0, 7))) throw invalidParameter('StartMonth', 'it must be a month in the future, as YYYY-MM.');
    const r = b.PaymentRequest as Body;
    if (!r.PaymentMethods.length) throw invalidParameter('PaymentRequest.PaymentMethods', 'at least one payment method is required.');
    const unsupported = (r.PaymentMethods as string[]).find((m) => !['PaymentCard', 'SepaDirectDebit', 'All'].includes(m));
    if (unsupported) throw invalidParameter('PaymentRequest.PaymentMethods', `only PaymentCard and SepaDirectDebit are supported, not ${unsupported}.`);
    const expires = Date.parse(r.ExpirationDateUtc);
    const now = ctx.world.clock.now().getTime();
    if (Number.isNaN(expires) || expires <= now || expires > now + 30 * 86_400_000) throw invalidParameter('PaymentRequest.ExpirationDateUtc', 'it must be an ISO 8601 date-time within the next 30 days.');
    const id = ctx.world.state.uuid();
    const requestId = ctx.world.state.uuid();
    entities(ctx.world).put('billingAutomationPaymentPlans', {
      Id: id,
      EnterpriseId: ctx.enterpriseId,
      BillingAutomationId: b.BillingAutomationId,
      CustomerId: b.CustomerId,
      Name: b.Name,
      PaymentRequest: r,
      PaymentRequestId: requestId,
      PaymentOffsetDays: b.PaymentOffsetDays,
      StartMonth: b.StartMonth ?? null,
      CreatedUtc: ctx.now,
    });
    // A .test host never resolves: the page a customer would pay on is not simulated.
    return { PaymentRequestUrl: `https://pay.mews-sim.test/payment-requests/${requestId}` };
  },
});

// ---- routing rules ----

function checkRoute(e: Entity, at: string): void {
  if (e.RouteType === 'SelectedStayItems' && !e.SelectedStayItems) throw invalidParameter(`${at}.SelectedStayItems`, 'it is required when RouteType is SelectedStayItems.');
}

const routingRuleAnswer = ({ IsActive: _active, AssignmentTargetType: _target, ...r }: Entity): Entity => ({ ...r, SelectedStayItems: r.RouteType === 'SelectedStayItems' ? r.SelectedStayItems : null }) as Entity;

const listedRoutingRules = getAll('routingRules/getAll', {
  collection: 'RoutingRules',
  items: (ctx) => stored('routingRules')(ctx),
  filters: { RoutingRuleIds: 'Id', CompanyIds: 'CompanyId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  extra: (_ctx, page) => {
    page.forEach((r, i) => (page[i] = routingRuleAnswer(r)));
    return {};
  },
});

// Discontinued on 2027-01-10, so not among the collections worlds of any later date page through.
export const getAllRoutingRules: ConnectorOperation = Object.assign(listedRoutingRules, { collection: undefined });

export const addRoutingRules = add('routingRules/add', {
  kind: 'routingRules',
  input: (b) => b.RoutingRules,
  build(ctx, r, i) {
    const at = `RoutingRules[${i}]`;
    company(ctx, r.CompanyId, `${at}.CompanyId`);
    service(ctx, r.ServiceId, `${at}.ServiceId`);
    known(r.SelectedStayItems?.ProductCategoryIds, NO_CATEGORIES, `${at}.SelectedStayItems.ProductCategoryIds`, 'product category');
    const e: Entity = {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      CompanyId: r.CompanyId,
      CompanyRelation: r.CompanyRelation,
      Applicability: r.Applicability,
      RouteType: r.RouteType,
      ServiceId: r.ServiceId,
      SelectedStayItems: r.SelectedStayItems ? { Nights: r.SelectedStayItems.Nights, CityTax: r.SelectedStayItems.CityTax, ProductCategoryIds: r.SelectedStayItems.ProductCategoryIds ?? [] } : null,
      AssignmentTargetType: r.AssignmentTargetType ?? 'CompanyAsDetails',
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      IsActive: true,
    };
    checkRoute(e, at);
    return e;
  },
  answer: (added) => ({ RoutingRules: added.map(routingRuleAnswer) }),
});

export const updateRoutingRules = updating('routingRules/update', {
  kind: 'routingRules',
  collection: 'RoutingRules',
  input: (b) => b.RoutingRuleUpdates,
  id: (u, i) => [u.RoutingRuleId, `RoutingRuleUpdates[${i}].RoutingRuleId`],
  apply(ctx, e, u, i) {
    const at = `RoutingRuleUpdates[${i}]`;
    if (u.CompanyId?.Value) company(ctx, u.CompanyId.Value, `${at}.CompanyId`);
    if (u.ServiceId?.Value) service(ctx, u.ServiceId.Value, `${at}.ServiceId`);
    applyUpdateValues(e, u, ['CompanyId', 'ServiceId']);
    // These are plain enum values in the table, not update values.
    for (const f of ['CompanyRelation', 'Applicability', 'RouteType', 'AssignmentTargetType']) if (u[f] != null) e[f] = u[f];
    const s = u.SelectedStayItems as Body | null | undefined;
    if (s) {
      known(s.ProductCategoryIds?.Value, NO_CATEGORIES, `${at}.SelectedStayItems.ProductCategoryIds.Value`, 'product category');
      const items = (e.SelectedStayItems ?? { Nights: false, CityTax: false, ProductCategoryIds: [] }) as Body;
      if (s.Nights && 'Value' in s.Nights) items.Nights = s.Nights.Value ?? false;
      if (s.CityTax && 'Value' in s.CityTax) items.CityTax = s.CityTax.Value ?? false;
      if (s.ProductCategoryIds && 'Value' in s.ProductCategoryIds) items.ProductCategoryIds = s.ProductCategoryIds.Value ?? [];
      e.SelectedStayItems = items;
    }
    checkRoute(e, at);
  },
}, routingRuleAnswer);

export const deleteRoutingRules = remove('routingRules/delete', { kind: 'routingRules', ids: (b) => b.RoutingRuleIds, param: 'RoutingRuleIds' });
