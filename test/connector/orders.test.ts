import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'order tests 1.0' };
const net = { ...gross, AccessToken: CONNECTOR_DEMO.netAccessTokens[0] };

interface Item {
  Id: string;
  Type: string;
  ServiceOrderId: string;
  AccountId: string;
  AccountingState: string;
  UnitCount: number;
  UnitAmount: { Currency: string; GrossValue: number; NetValue: number; TaxValues: { Code: string; Value: number }[] };
  Amount: { GrossValue: number; NetValue: number };
  BillingName: string | null;
  ConsumedUtc: string;
  Data: unknown;
}

describe.each(TRANSPORTS)('Connector products, orders/add and orderItems/getAll (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let extras: string;
  let breakfast: { Id: string; Price: { GrossValue: number } };
  let owner: string;
  const items = async (filter: Record<string, unknown>, auth: Record<string, string> = gross): Promise<Item[]> => {
    const res = await t.post(`${C}/orderItems/getAll`, { ...auth, Limitation: { Count: 1000 }, ...filter });
    expect(res.status).toBe(200);
    return res.body.OrderItems;
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', deltaDelayMs: 5, changeNotifications: false, asyncDelayMs: 0 });
    const services = (await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 10 } })).body.Services;
    stay = services[0].Id;
    extras = services[1].Id;
    const products = await t.post(`${C}/products/getAll`, { ...gross, ServiceIds: [stay], Limitation: { Count: 10 } });
    expect(products.status).toBe(200);
    breakfast = products.body.Products.find((p: { ExternalIdentifier: string }) => p.ExternalIdentifier === 'BRK');
    owner = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Curie', OverwriteExisting: false })).body.Id;
  });
  afterAll(() => t.close());

  it('products/getAll lists the service products with a price, and requires ServiceIds', async () => {
    expect(breakfast).toMatchObject({ ServiceId: stay, ChargingMode: 'PerPersonPerTimeUnit', PostingMode: 'PerTimeUnit', Price: { Currency: 'GBP', GrossValue: 12.5 }, IsActive: true, Names: { 'en-GB': 'Breakfast' } });
    const none = await t.post(`${C}/products/getAll`, { ...gross, ServiceIds: [extras], Limitation: { Count: 10 } });
    expect(none.body.Products).toEqual([]);
    const missing = await t.post(`${C}/products/getAll`, { ...gross, Limitation: { Count: 10 } });
    expect(missing.status).toBe(400);
    expect(missing.body.Message).toMatch(/ServiceIds/);
  });

  it('orders/add posts product orders and custom items that orderItems/getAll returns by order, account and type', async () => {
    const categories = (await t.post(`${C}/accountingCategories/getAll`, { ...gross, Limitation: { Count: 10 } })).body.AccountingCategories;
    const bar = categories.find((c: { Code: string }) => c.Code === 'BRK').Id;
    const res = await t.post(`${C}/orders/add`, {
      ...gross,
      ServiceId: stay,
      AccountId: owner,
      ProductOrders: [{ ProductId: breakfast.Id, Count: 2, ExternalIdentifier: 'EXT-1' }],
      Items: [{ Name: 'Minibar', UnitCount: 3, UnitAmount: { Currency: 'GBP', TaxCodes: ['UK-S'], GrossValue: 4.5 }, AccountingCategoryId: bar }],
      ConsumptionUtc: '2027-01-09T20:00:00Z',
      Notes: 'Room service',
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ OrderId: expect.any(String) });
    const posted = await items({ ServiceOrderIds: [res.body.OrderId] });
    expect(posted).toHaveLength(2);
    const [product, custom] = [posted.find((i) => i.Type === 'ProductOrder')!, posted.find((i) => i.Type === 'CustomItem')!];
    expect(product).toMatchObject({ AccountId: owner, UnitCount: 2, UnitAmount: { GrossValue: 12.5 }, Amount: { GrossValue: 25 }, ConsumedUtc: '2027-01-09T20:00:00Z', Data: { Discriminator: 'Product', Product: { ProductId: breakfast.Id } } });
    expect(custom).toMatchObject({ BillingName: 'Minibar', UnitCount: 3, Amount: { GrossValue: 13.5 }, AccountingState: 'Open', Data: null });
    expect(custom.Amount.NetValue).toBeCloseTo(13.5 / 1.2, 2);
    expect((await items({ AccountIds: [owner], Types: ['CustomItem'] })).map((i) => i.Id)).toEqual([custom.Id]);
    expect(await items({ OrderItemIds: [product.Id] })).toEqual([product]);
  });

  it('orders/add refuses what Mews refuses, naming the parameter', async () => {
    const base = { ...gross, ServiceId: stay, AccountId: owner, Items: [{ Name: 'Towel', UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 5 } }] };
    const cases: [Record<string, unknown>, number, RegExp | undefined][] = [
      [{ AccountId: 'nobody' }, 400, /^Invalid AccountId/],
      [{ ServiceId: 'none' }, 400, /^Invalid ServiceId/],
      [{ Items: [] }, 400, /^Invalid ProductOrders/],
      [{ ProductOrders: [{ ProductId: 'no-such' }] }, 400, /^Invalid ProductOrders\[0\]\.ProductId/],
      [{ Items: [{ Name: 'Towel', UnitCount: 1, UnitAmount: { Currency: 'CZK', TaxCodes: [], GrossValue: 5 } }] }, 400, /^Invalid Items\[0\]\.UnitAmount\.Currency: the enterprise accepts GBP, EUR, USD/],
      [{ Items: [{ Name: 'Towel', UnitCount: 1, UnitAmount: { Currency: 'EUR', TaxCodes: [], GrossValue: 5 } }] }, 200, undefined],
      [{ Items: [{ Name: 'Towel', UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [] } }] }, 400, /^Invalid Items\[0\]\.UnitAmount\.GrossValue/],
      [{ LinkedReservationId: 'missing' }, 400, /^Invalid LinkedReservationId/],
      [{ BillId: 'bill' }, 400, /^Invalid BillId/],
      [{ ConsumptionUtc: '2027-01-01T00:00:00Z' }, 403, /editable history/],
      [{ Items: [{ Name: 'Gold', UnitCount: 1_000_000_000, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 1e27 } }] }, 400, /^Invalid Items\[0\]: the total amount is too large/],
      [{ Items: [{ Name: 'Gold', UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 1e300 } }] }, 400, /^Invalid Items\[0\]\.UnitAmount\.GrossValue: the number is outside the range of a decimal/],
    ];
    for (const [change, status, message] of cases) {
      const res = await t.post(`${C}/orders/add`, { ...base, ...change });
      expect({ change, status: res.status }).toEqual({ change, status });
      if (message) expect(res.body.Message).toMatch(message);
      else expect(res.body.Message).toBeUndefined();
    }
    const company = (await t.post(`${C}/companies/getAll`, { ...gross, Limitation: { Count: 1 } })).body.Companies[0].Id;
    const toCompany = await t.post(`${C}/orders/add`, { ...base, AccountId: company });
    expect(toCompany.status).toBe(200);
    expect((await items({ ServiceOrderIds: [toCompany.body.OrderId] }))[0]).toMatchObject({ AccountId: company, AccountType: 'Company' });
  });

  it('orderItems/getAll has a SpaceOrder per night of each reservation, follows cancellation, pages to the end and requires a filter', async () => {
    const adult = (await t.post(`${C}/ageCategories/getAll`, { ...gross, Limitation: { Count: 10 } })).body.AgeCategories[0].Id;
    const [category] = (await t.post(`${C}/resourceCategories/getAll`, { ...gross, ServiceIds: [stay], Limitation: { Count: 1 } })).body.ResourceCategories;
    const [rate] = (await t.post(`${C}/rates/getAll`, { ...gross, ServiceIds: [stay], Limitation: { Count: 1 } })).body.Rates;
    const added = await t.post(`${C}/reservations/add`, {
      ...gross,
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-02-01T15:00:00Z', EndUtc: '2027-02-08T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: owner, RequestedCategoryId: category.Id, RateId: rate.Id }],
    });
    const id = added.body.Reservations[0].Reservation.Id;
    const nights = await items({ ServiceOrderIds: [id] });
    expect(nights).toHaveLength(7);
    expect(nights.every((n) => n.Type === 'SpaceOrder' && n.AccountId === owner && n.AccountingState === 'Open' && n.UnitCount === 1)).toBe(true);
    expect(nights[0]).toMatchObject({ StartUtc: '2027-02-01T00:00:00Z', RevenueType: 'Service', Options: { CanceledWithReservation: false }, UnitAmount: { Currency: 'GBP', TaxValues: [{ Code: expect.any(String) }] } });

    const pages: Item[][] = [];
    let cursor: string | null | undefined;
    do {
      const res = await t.post(`${C}/orderItems/getAll`, { ...gross, ServiceOrderIds: [id], Limitation: { Count: 3, Cursor: cursor } });
      if (res.body.OrderItems.length) pages.push(res.body.OrderItems);
      cursor = res.body.OrderItems.length ? res.body.Cursor : null;
    } while (cursor);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 1]);
    expect(pages.flat()).toEqual(nights);

    await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: [id], Notes: 'change of plans' });
    const canceled = await items({ ServiceOrderIds: [id], AccountingStates: ['Canceled'] });
    expect(canceled).toHaveLength(7);
    expect(canceled[0]).toMatchObject({ CanceledUtc: '2027-01-10T08:00:00Z', Options: { CanceledWithReservation: true } });

    const unfiltered = await t.post(`${C}/orderItems/getAll`, { ...gross, Limitation: { Count: 10 } });
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.body.Message).toMatch(/^Invalid OrderItemIds/);
    const long = await t.post(`${C}/orderItems/getAll`, { ...gross, CreatedUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-06-01T00:00:00Z' }, Limitation: { Count: 10 } });
    expect(long.status).toBe(400);
    const byCreated = await items({ CreatedUtc: { StartUtc: '2027-01-10T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' } });
    expect(byCreated.length).toBeGreaterThanOrEqual(7);
  });

  it('prices items in a Net enterprise from NetValue', async () => {
    const usService = (await t.post(`${C}/services/getAll`, { ...net, Limitation: { Count: 1 } })).body.Services[0].Id;
    const guest = (await t.post(`${C}/customers/add`, { ...net, LastName: 'Meitner', OverwriteExisting: false })).body.Id;
    const res = await t.post(`${C}/orders/add`, { ...net, ServiceId: usService, AccountId: guest, Items: [{ Name: 'Valet', UnitCount: 1, UnitAmount: { Currency: 'USD', TaxCodes: ['US-MA'], NetValue: 40 } }] });
    expect(res.status).toBe(200);
    const [item] = await items({ ServiceOrderIds: [res.body.OrderId] }, net);
    expect(item.Amount).toMatchObject({ NetValue: 40, GrossValue: 44.7 });
  });
});
