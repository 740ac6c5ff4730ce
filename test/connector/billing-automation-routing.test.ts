import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'routing 1.0' };
type Item = Record<string, unknown> & { Id: string };
const DAY = 86_400_000;

/** What an active billing automation routes: the items of reservations made for its companies go to the bill it names. */
describe.each(TRANSPORTS)('Billing automation routing (%s)', (_name, start) => {
  let t: Transport;
  const ids: Record<string, string> = {};
  const ok = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const types = (more: Record<string, boolean> = {}) => ({ SpaceOrder: true, CityTax: false, AllProducts: false, Deposits: false, AdditionalExpenses: false, AllCustomItems: false, ...more });
  const automate = async (more: Record<string, unknown>) =>
    (
      await ok('billingAutomations/add', {
        BillingAutomations: [{ Name: 'Corporate', Prepayment: 'All', AssignmentTargetType: 'CompanyAsOwner', TriggerType: 'Continuous', BillAggregationType: 'AggregateAll', Assignments: [{ ServiceId: ids.stay, RoutedItemTypes: types() }], ...more }],
      })
    ).BillingAutomations[0].Id as string;
  const book = async (extra: Record<string, unknown>, from = '2027-02-01', to = '2027-02-03') => {
    const customer = (await ok('customers/add', { LastName: `Guest ${Math.random()}`, OverwriteExisting: false })).Id as string;
    const r = (
      await ok('reservations/add', {
        ServiceId: ids.stay,
        Reservations: [{ StartUtc: `${from}T15:00:00Z`, EndUtc: `${to}T10:00:00Z`, PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: ids.category, RateId: ids.rate, ...extra }],
      })
    ).Reservations[0].Reservation as Item;
    return { customer, reservation: r.Id };
  };
  const itemsOf = async (reservation: string) => (await ok('orderItems/getAll', { ServiceOrderIds: [reservation], Limitation: { Count: 100 } })).OrderItems as Item[];
  const bill = async (id: string) => (await ok('bills/getAll', { BillIds: [id], Limitation: { Count: 1 } })).Bills[0] as Item;

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false, deltaPushes: false });
    ids.stay = (await ok('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    ids.category = (await ok('resourceCategories/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    ids.rate = (await ok('rates/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 1 } })).Rates[0].Id;
    ids.adult = (await ok('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    ids.product = (await ok('products/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 1 } })).Products[0].Id;
    const names = ['Owner Ltd', 'Details Ltd', 'Legacy Ltd', 'Monthly Ltd'];
    for (const name of names) ids[name] = (await ok('companies/add', { Name: name, Options: { Invoiceable: true, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } })).Companies[0].Id;
  });
  afterAll(() => t.close());

  const partner = (company: string) => [{ CompanyId: company, CompanyRelations: { PartnerCompany: true, TravelAgency: false } }];

  it('CompanyAsOwner: the nights of a reservation for the company go on one bill of the company, the guest associated; products stay', async () => {
    await automate({ CompaniesWithRelations: partner(ids['Owner Ltd']) });
    const { customer, reservation } = await book({ CompanyId: ids['Owner Ltd'], ProductOrders: [{ ProductId: ids.product, Count: 1 }] });
    const other = await book({ CompanyId: ids['Owner Ltd'] }, '2027-02-10', '2027-02-11');
    const items = await itemsOf(reservation);
    const nights = items.filter((i) => i.Type === 'SpaceOrder');
    const products = items.filter((i) => i.Type === 'ProductOrder');
    expect(nights).toHaveLength(2);
    expect(new Set(nights.map((i) => i.BillId)).size).toBe(1);
    expect(nights.every((i) => i.AccountId === ids['Owner Ltd'] && i.AccountType === 'Company')).toBe(true);
    expect(products.every((i) => i.AccountId === customer && i.BillId !== nights[0].BillId)).toBe(true);
    // AggregateAll: the other reservation's nights join the same bill.
    expect((await itemsOf(other.reservation))[0].BillId).toBe(nights[0].BillId);
    expect(await bill(nights[0].BillId as string)).toMatchObject({ AccountId: ids['Owner Ltd'], AccountType: 'Company', AssociatedAccountIds: [customer], State: 'Open' });
    // A reservation without the company is not routed.
    const plain = await book({});
    expect((await itemsOf(plain.reservation)).every((i) => i.AccountId === plain.customer)).toBe(true);
  });

  it('CompanyAsDetails: the guest owns the routed bill and the company is on it; AllProducts routes products too', async () => {
    await automate({ CompaniesWithRelations: partner(ids['Details Ltd']), AssignmentTargetType: 'CompanyAsDetails', BillAggregationType: 'AggregateByCustomer', Assignments: [{ ServiceId: ids.stay, RoutedItemTypes: types({ AllProducts: true }) }] });
    const { customer, reservation } = await book({ CompanyId: ids['Details Ltd'], ProductOrders: [{ ProductId: ids.product, Count: 1 }] });
    const items = await itemsOf(reservation);
    expect(new Set(items.map((i) => i.BillId)).size).toBe(1);
    expect(items.every((i) => i.AccountId === customer)).toBe(true);
    const routed = await bill(items[0].BillId as string);
    expect(routed).toMatchObject({ AccountId: customer, AccountType: 'Customer', AssociatedAccountIds: [ids['Details Ltd']] });
    expect((await ok('bills/getAll', { CustomerIds: [customer], Limitation: { Count: 10 } })).Bills.map((b: Item) => b.Id)).toContain(routed.Id);
  });

  it('Legacy routes only what came with the reservation; Recurring runs monthly in Mews, not here; a deleted automation stops routing', async () => {
    await automate({ CompaniesWithRelations: partner(ids['Legacy Ltd']), TriggerType: 'Legacy', Assignments: [{ ServiceId: ids.stay, RoutedItemTypes: types({ AllProducts: true }) }] });
    const { customer, reservation } = await book({ CompanyId: ids['Legacy Ltd'] }, '2027-01-10', '2027-01-12');
    t.sim.defaultWorld.clock.advance(DAY / 24);
    try {
      await ok('reservations/addProduct', { ReservationId: reservation, ProductId: ids.product, Count: 1 });
    } finally {
      t.sim.defaultWorld.clock.advance(-DAY / 24);
    }
    const items = await itemsOf(reservation);
    expect(items.filter((i) => i.Type === 'SpaceOrder').every((i) => i.AccountId === ids['Legacy Ltd'])).toBe(true);
    expect(items.filter((i) => i.Type === 'ProductOrder').every((i) => i.AccountId === customer)).toBe(true);

    const monthly = await automate({ CompaniesWithRelations: partner(ids['Monthly Ltd']), TriggerType: 'Recurring', ProcessingStartOffset: 'P0D', OrderItemConsumptionPeriod: 'SameMonth' });
    const recurring = await book({ CompanyId: ids['Monthly Ltd'] });
    expect((await itemsOf(recurring.reservation)).every((i) => i.AccountId === recurring.customer)).toBe(true);
    await ok('billingAutomations/update', { BillingAutomationUpdates: [{ BillingAutomationId: monthly, Name: { Value: 'Monthly' } }] });
    const owner = await automate({ Name: 'Second', CompaniesWithRelations: partner(ids['Monthly Ltd']) });
    expect((await itemsOf(recurring.reservation)).every((i) => i.AccountId === ids['Monthly Ltd'])).toBe(true);
    await ok('billingAutomations/delete', { BillingAutomationIds: [owner] });
    expect((await itemsOf(recurring.reservation)).every((i) => i.AccountId === recurring.customer)).toBe(true);
  });

  it('an automation listing no company applies to reservations of any company, and routes none without one', async () => {
    const any = (await ok('companies/add', { Name: 'Any Ltd', Options: { Invoiceable: true, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } })).Companies[0].Id as string;
    await automate({ CompaniesWithRelations: [], AssignmentTargetType: 'CompanyAsDetails', BillAggregationType: 'AggregateByCustomer' });
    const withCompany = await book({ CompanyId: any }, '2027-03-01', '2027-03-02');
    const [item] = await itemsOf(withCompany.reservation);
    expect(await bill(item.BillId as string)).toMatchObject({ AccountId: withCompany.customer, AssociatedAccountIds: [any] });
    const without = await book({}, '2027-03-05', '2027-03-06');
    const [plain] = await itemsOf(without.reservation);
    // On the guest's own open bill, where an order of theirs goes too.
    const { OrderId } = await ok('orders/add', { ServiceId: ids.stay, AccountId: without.customer, Items: [{ Name: 'Water', UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: 2, TaxCodes: ['UK-S'] } }] });
    expect(plain.BillId).toBe((await itemsOf(OrderId))[0].BillId);
  });
});
