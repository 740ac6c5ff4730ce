import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CM, auth } from '../support/fixtures.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'product tests 1.0' };

describe.each(TRANSPORTS)('Connector products, product service orders, cancellation policies and rules (%s)', (_name, start) => {
  let t: Transport;
  let service: string;
  let extras: string;
  let products: { Id: string; ExternalIdentifier: string; CategoryId: string }[];
  let rates: { Id: string; ExternalIdentifier: string; GroupId: string }[];
  const post = (path: string, body: Record<string, unknown> = {}) => t.post(`${C}/${path}`, { ...gross, ...body });
  const product = (code: string) => products.find((p) => p.ExternalIdentifier === code)!;
  const rate = (code: string) => rates.find((r) => r.ExternalIdentifier === code)!;

  beforeAll(async () => {
    t = await start({ now: '2026-12-02T08:00:00Z', changeNotifications: false, asyncDelayMs: 0 });
    const services = (await post('services/getAll', { Limitation: { Count: 10 } })).body.Services;
    service = services[0].Id;
    extras = services[1].Id;
    products = (await post('products/getAll', { ServiceIds: [service], Limitation: { Count: 100 } })).body.Products;
    rates = (await post('rates/getAll', { ServiceIds: [service], Limitation: { Count: 100 } })).body.Rates;
  });
  afterAll(async () => {
    await t.close();
  });

  it('prices a product per day and follows products/updatePrice', async () => {
    const parking = product('PARK');
    const first = '2026-12-10T00:00:00Z';
    const before = await post('products/getPricing', { ProductId: parking.Id, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: '2026-12-12T00:00:00Z' });
    expect(before.status).toBe(200);
    expect(before.body.TimeUnitStartsUtc).toEqual(['2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z', '2026-12-12T00:00:00Z']);
    expect(before.body.BaseAmountPrices.map((a: { GrossValue: number }) => a.GrossValue)).toEqual([15, 15, 15]);
    const set = await post('products/updatePrice', { ProductId: parking.Id, PriceUpdates: [{ Value: 20, FirstTimeUnitStartUtc: '2026-12-11T00:00:00Z', LastTimeUnitStartUtc: '2026-12-11T00:00:00Z' }] });
    expect(set.status).toBe(200);
    const after = await post('products/getPricing', { ProductId: parking.Id, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: '2026-12-12T00:00:00Z' });
    expect(after.body.BaseAmountPrices.map((a: { GrossValue: number }) => a.GrossValue)).toEqual([15, 20, 15]);
    // Orders consumed on the adjusted day take its price.
    const customer = (await post('customers/add', { LastName: 'Somerville', OverwriteExisting: false })).body.Id;
    const order = await post('orders/add', { ServiceId: service, AccountId: customer, ConsumptionUtc: '2026-12-11T10:00:00Z', ProductOrders: [{ ProductId: parking.Id }] });
    const ordered = (await post('orderItems/getAll', { ServiceOrderIds: [order.body.OrderId], Limitation: { Count: 10 } })).body.OrderItems[0];
    expect(ordered.UnitAmount.GrossValue).toBe(20);
    await post('products/updatePrice', { ProductId: parking.Id, PriceUpdates: [{ FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: '2026-12-12T00:00:00Z' }] });
    const cleared = await post('products/getPricing', { ProductId: parking.Id, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: '2026-12-12T00:00:00Z' });
    expect(cleared.body.BaseAmountPrices.map((a: { GrossValue: number }) => a.GrossValue)).toEqual([15, 15, 15]);
    const old = await post('products/updatePrice', { ProductId: parking.Id, PriceUpdates: [{ Value: 1, FirstTimeUnitStartUtc: '2026-11-01T00:00:00Z', LastTimeUnitStartUtc: '2026-11-01T00:00:00Z' }] });
    expect(old.status).toBe(403);
    const notMidnight = await post('products/getPricing', { ProductId: parking.Id, FirstTimeUnitStartUtc: '2026-12-10T05:00:00Z', LastTimeUnitStartUtc: '2026-12-12T00:00:00Z' });
    expect(notMidnight.body.Message).toMatch(/^Invalid FirstTimeUnitStartUtc/);
    expect((await post('products/getPricing', { ProductId: 'nope', FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: first })).body.Message).toMatch(/^Invalid ProductId/);
  });

  it('lists the product categories the products name', async () => {
    const r = await post('productCategories/getAll', { ServiceIds: [service], Limitation: { Count: 10 } });
    expect(r.status).toBe(200);
    expect(r.body.ProductCategories.map((c: { Id: string }) => c.Id)).toEqual([product('BRK').CategoryId]);
    expect((await post('productCategories/getAll', { ServiceIds: [extras], Limitation: { Count: 10 } })).body.ProductCategories).toEqual([]);
  });

  it('deletes products: inactive in products/getAll and no longer orderable', async () => {
    const late = product('LATE');
    const customer = (await post('customers/add', { LastName: 'Turing', OverwriteExisting: false })).body.Id;
    expect((await post('products/delete', { ProductIds: [late.Id] })).status).toBe(200);
    const listed = (await post('products/getAll', { ServiceIds: [service], ProductIds: [late.Id], Limitation: { Count: 10 } })).body;
    expect(listed.Products[0]).toMatchObject({ Id: late.Id, IsActive: false });
    expect(listed.CustomerProducts).toEqual([]);
    const order = await post('orders/add', { ServiceId: service, AccountId: customer, ProductOrders: [{ ProductId: late.Id }] });
    expect(order.body.Message).toMatch(/^Invalid ProductOrders\[0\]\.ProductId/);
    expect((await post('products/delete', { ProductIds: [late.Id] })).body.Message).toMatch(/^Invalid ProductIds\[0\]/);
  });

  it('lists the orders orders/add made as product service orders, Canceled once their items are', async () => {
    const customer = (await post('customers/add', { LastName: 'Hamilton', OverwriteExisting: false })).body.Id;
    const cats = (await post('resourceCategories/getAll', { ServiceIds: [service], Limitation: { Count: 100 } })).body.ResourceCategories;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 10 } })).body.AgeCategories[0].Id;
    const booked = await post('reservations/add', {
      ServiceId: service,
      Reservations: [{ StartUtc: '2026-12-14T14:00:00Z', EndUtc: '2026-12-15T11:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: cats[0].Id, RateId: rate('BAR').Id }],
    });
    const reservation = booked.body.Reservations[0].Reservation.Id;
    const order = await post('orders/add', { ServiceId: service, AccountId: customer, LinkedReservationId: reservation, ProductOrders: [{ ProductId: product('PARK').Id }] });
    expect(order.status).toBe(200);
    const linked = await post('productServiceOrders/getAll', { ServiceIds: [service], LinkedReservationIds: [reservation], Limitation: { Count: 10 } });
    expect(linked.body.ProductServiceOrders).toEqual([expect.objectContaining({ Id: order.body.OrderId, LinkedReservationId: reservation })]);
    const list = async () => (await post('productServiceOrders/getAll', { ServiceIds: [service], AccountIds: [customer], Limitation: { Count: 10 } })).body.ProductServiceOrders;
    expect(await list()).toEqual([expect.objectContaining({ Id: order.body.OrderId, AccountId: customer, State: 'Confirmed', Origin: 'Connector' })]);
    const item = (await post('orderItems/getAll', { ServiceOrderIds: [order.body.OrderId], Limitation: { Count: 10 } })).body.OrderItems[0];
    expect((await post('orderItems/cancel', { OrderItemIds: [item.Id] })).status).toBe(200);
    expect(await list()).toEqual([expect.objectContaining({ Id: order.body.OrderId, State: 'Canceled', CancelledUtc: '2026-12-02T08:00:00Z' })]);
  });

  it('answers the rate plans\' cancellation policies as getConfiguration shows them', async () => {
    const config = await t.post(`${CM}/getConfiguration`, auth());
    const barPolicies = config.body.ratePlans.find((r: { code: string }) => r.code === 'BAR').cancellationPolicies;
    const byRates = await post('cancellationPolicies/getByRates', { RateIds: [rate('BAR').Id, rate('LONG').Id], ReservationStartUtc: '2026-12-10T14:00:00Z', ReservationEndUtc: '2026-12-12T11:00:00Z' });
    expect(byRates.status).toBe(200);
    const [bar, long] = byRates.body.CancellationPolicies;
    expect(long).toEqual({ RateId: rate('LONG').Id, Policies: [] });
    expect(bar.Policies).toHaveLength(barPolicies.length);
    expect(bar.Policies[0]).toMatchObject({ Applicability: 'Start', ApplicabilityOffset: '-P0M1DT0H0M0S', FeeMaximumTimeUnits: barPolicies[0].penalty.relative.nights, RelativeFee: barPolicies[0].penalty.relative.value });
    expect((await post('cancellationPolicies/getByRates', { RateIds: ['nope'], ReservationStartUtc: '2026-12-10T14:00:00Z', ReservationEndUtc: '2026-12-12T11:00:00Z' })).body.Message).toMatch(/^Invalid RateIds\[0\]/);

    const cats = (await post('resourceCategories/getAll', { ServiceIds: [service], Limitation: { Count: 100 } })).body.ResourceCategories;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 10 } })).body.AgeCategories[0].Id;
    const customer = (await post('customers/add', { LastName: 'Franklin', OverwriteExisting: false })).body.Id;
    const booked = await post('reservations/add', {
      ServiceId: service,
      Reservations: [{ StartUtc: '2026-12-10T14:00:00Z', EndUtc: '2026-12-11T11:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: cats[0].Id, RateId: rate('NR').Id }],
    });
    const id = booked.body.Reservations[0].Reservation.Id;
    const byReservation = await post('cancellationPolicies/getByReservations', { ReservationIds: [id] });
    expect(byReservation.body.CancellationPolicies[0]).toMatchObject({ ReservationId: id, Policies: [expect.objectContaining({ Applicability: 'Creation', RelativeFee: 1 })] });
    expect((await post('cancellationPolicies/getByReservations', { ReservationIds: ['nope'] })).body.Message).toMatch(/^Invalid ReservationIds\[0\]/);

    const all = await post('cancellationPolicies/getAll', { ServiceIds: [service], RateGroupIds: [rate('BAR').GroupId], Limitation: { Count: 100 } });
    expect(all.status).toBe(200);
    const withPolicies = config.body.ratePlans.reduce((n: number, r: { cancellationPolicies?: unknown[] }) => n + (r.cancellationPolicies?.length ?? 0), 0);
    expect(all.body.CancellationPolicies).toHaveLength(withPolicies);
    expect((await post('cancellationPolicies/getAll', { ServiceIds: [service], Limitation: { Count: 100 } })).status).toBe(400);
  });

  it('lists the rate-includes-product mappings as rules', async () => {
    const r = await post('rules/getAll', { ServiceIds: [service], Extent: { RuleActions: true, Rates: true }, Limitation: { Count: 10 } });
    expect(r.status).toBe(200);
    expect(r.body.Rules).toEqual([expect.objectContaining({ ServiceId: service, Conditions: { RateId: { Value: rate('BB').Id, ConditionType: 'Equals' } } })]);
    expect(r.body.RuleActions).toEqual([expect.objectContaining({ RuleId: r.body.Rules[0].Id, Data: { Discriminator: 'Product', Value: { ActionType: 'Add', ProductId: product('BRK').Id } } })]);
    expect(r.body.Rates.map((x: { Id: string }) => x.Id)).toEqual([rate('BB').Id]);
    await post('products/delete', { ProductIds: [product('BRK').Id] });
    expect((await post('rules/getAll', { ServiceIds: [service], Extent: {}, Limitation: { Count: 10 } })).body.Rules).toEqual([]);
  });
});
