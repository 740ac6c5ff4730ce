import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'automation audit 1.0' };

/** Billing automation rules of the docs' prose: documented enum values only, and a company owner needs companies. */
describe.each(TRANSPORTS)('Connector billing automation rules (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let company: string;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };
  const routed = { SpaceOrder: true, CityTax: false, AllProducts: false, Deposits: false, AdditionalExpenses: false, AllCustomItems: false };
  const automation = (more: Record<string, unknown>) => ({ Name: 'Audit', Prepayment: 'Prepaid', AssignmentTargetType: 'CompanyAsOwner', TriggerType: 'Continuous', BillAggregationType: 'OnePerReservation', Assignments: [{ ServiceId: stay, RoutedItemTypes: routed }], ...more });

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    stay = (await send('services/getAll', { Limitation: { Count: 1 } })).body.Services[0].Id;
    company = (await send('companies/getAll', { Limitation: { Count: 1 } })).body.Companies[0].Id;
  });
  afterAll(() => t.close());

  it('an update value outside the documented enum, or null for a required field, is a 400 and changes nothing', async () => {
    const added = await send('billingAutomations/add', { BillingAutomations: [automation({ CompaniesWithRelations: [{ CompanyId: company, CompanyRelations: { PartnerCompany: true, TravelAgency: false } }] })] });
    expect(added.status).toBe(200);
    const id = added.body.BillingAutomations[0].Id;
    const updateWith = (values: Record<string, unknown>) => send('billingAutomations/update', { BillingAutomationUpdates: [{ BillingAutomationId: id, ...values }] });
    expect(await updateWith({ Prepayment: { Value: 'Sometimes' } })).toMatchObject({ status: 400, message: 'Invalid BillingAutomationUpdates[0].Prepayment.Value: Sometimes is not a documented value.' });
    expect((await updateWith({ Prepayment: { Value: null } })).message).toMatch(/^Invalid BillingAutomationUpdates\[0\]\.Prepayment\.Value: /);
    expect((await updateWith({ BillAggregationType: { Value: 'AggregateByMoon' } })).message).toMatch(/^Invalid BillingAutomationUpdates\[0\]\.BillAggregationType\.Value: /);
    expect((await updateWith({ OrderItemConsumptionPeriod: { Value: 'NextYear' } })).message).toMatch(/^Invalid BillingAutomationUpdates\[0\]\.OrderItemConsumptionPeriod\.Value: /);
    const [stored] = (await send('billingAutomations/getAll', { BillingAutomationIds: [id], Limitation: { Count: 1 } })).body.BillingAutomations;
    expect(stored).toMatchObject({ Prepayment: 'Prepaid', BillAggregationType: 'OnePerReservation', OrderItemConsumptionPeriod: null });
    // A documented value is taken, and null for the optional period clears it.
    expect((await updateWith({ Prepayment: { Value: 'All' }, OrderItemConsumptionPeriod: { Value: null } })).body.BillingAutomations[0]).toMatchObject({ Prepayment: 'All', OrderItemConsumptionPeriod: null });
  });

  it('companies can be empty only when the assignment target is CompanyAsDetails or NoCompany', async () => {
    expect(await send('billingAutomations/add', { BillingAutomations: [automation({})] })).toMatchObject({ status: 400, message: 'Invalid BillingAutomations[0].CompaniesWithRelations: it can be empty only when AssignmentTargetType is CompanyAsDetails or NoCompany.' });
    expect((await send('billingAutomations/add', { BillingAutomations: [automation({ AssignmentTargetType: 'NoCompany', BillAggregationType: 'AggregateByCustomer' })] })).status).toBe(200);
    const owned = await send('billingAutomations/add', { BillingAutomations: [automation({ CompaniesWithRelations: [{ CompanyId: company, CompanyRelations: { PartnerCompany: true, TravelAgency: false } }] })] });
    const id = owned.body.BillingAutomations[0].Id;
    expect((await send('billingAutomations/update', { BillingAutomationUpdates: [{ BillingAutomationId: id, Companies: { Value: [] } }] })).message).toBe('Invalid BillingAutomationUpdates[0].CompaniesWithRelations: it can be empty only when AssignmentTargetType is CompanyAsDetails or NoCompany.');
  });
});
