import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'cross-operation tests 1.0' };
type Item = Record<string, unknown> & { Id: string };
const DAY = 86_400_000;

/** What one operation leaves in the world, the next one (of either API) acts on. */
describe.each(TRANSPORTS)('Connector operations acting on what others changed (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const ids: Record<string, string> = {};
  let rooms: string[];
  const post = (path: string, body: Record<string, unknown> = {}) => t.post(`${C}/${path}`, { ...gross, ...body });
  const ok = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await post(path, body);
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const reservation = (from: string, to: string, extra: Record<string, unknown> = {}) => ({
    StartUtc: `${from}T15:00:00Z`,
    EndUtc: `${to}T11:00:00Z`,
    PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }],
    CustomerId: ids.customer,
    RequestedCategoryId: ids.dbl,
    RateId: ids.bar,
    ...extra,
  });
  const book = async (from: string, to: string, extra: Record<string, unknown> = {}) =>
    (await ok('reservations/add', { ServiceId: ids.stay, Reservations: [reservation(from, to, extra)] })).Reservations[0].Reservation as Item;

  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaPushes: false, changeNotifications: false, asyncDelayMs: 0 });
    ids.stay = (await ok('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const byCode = (list: Item[], code: string) => list.find((x) => x.ExternalIdentifier === code)!;
    const categories = (await ok('resourceCategories/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 100 } })).ResourceCategories;
    const rates = (await ok('rates/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 100 } })).Rates;
    ids.dbl = byCode(categories, 'DBL').Id;
    ids.bar = byCode(rates, 'BAR').Id;
    ids.group = byCode(rates, 'BAR').GroupId as string;
    ids.adult = (await ok('ageCategories/getAll', { Limitation: { Count: 100 } })).AgeCategories.find((a: Item) => a.ExternalIdentifier === 'Adult').Id;
    ids.customer = (await ok('customers/add', { LastName: 'Noether', OverwriteExisting: false })).Id;
    rooms = (await ok('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [ids.dbl], Limitation: { Count: 100 } })).ResourceCategoryAssignments.map((a: Item) => a.ResourceId as string);
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('a deleted rate or resource category is refused by reservations/add and reservations/update (400 naming the parameter)', async () => {
    const [rate] = (
      await ok('rates/add', {
        Rates: [
          {
            ServiceId: ids.stay,
            RateGroupId: ids.group,
            Type: 'Public',
            Names: { 'en-GB': 'Winter' },
            ShortNames: { 'en-GB': 'WINTER' },
            ExternalIdentifier: 'WINTER',
            PricingType: 'BaseRatePricing',
            Pricing: { BaseRatePricing: { Amount: { Currency: 'GBP', GrossValue: 150, TaxCodes: ['UK-S'] }, NegativeOccupancyAdjustment: 0, ExtraOccupancyAdjustment: 0 } },
          },
        ],
      })
    ).Rates;
    const onRate = await book('2027-02-01', '2027-02-02', { RateId: rate.Id });
    await ok('rates/delete', { RateIds: [rate.Id] });
    const added = await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-02-01', '2027-02-02', { RateId: rate.Id })] });
    expect([added.status, added.body.Message]).toEqual([400, expect.stringMatching(/^Invalid Reservations\[0\]\.RateId/)]);
    const byCode = await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-02-01', '2027-02-02', { RateId: 'eid:WINTER' })] });
    expect(byCode.body.Message).toMatch(/^Invalid Reservations\[0\]\.RateId/);
    const other = await book('2027-02-01', '2027-02-02');
    const updated = await post('reservations/update', { ReservationUpdates: [{ ReservationId: other.Id, RateId: { Value: rate.Id } }] });
    expect([updated.status, updated.body.Message]).toEqual([400, expect.stringMatching(/^Invalid ReservationUpdates\[0\]\.RateId\.Value/)]);
    // The reservation that had the rate keeps it and can still change other things.
    const kept = (await ok('reservations/update', { ReservationUpdates: [{ ReservationId: onRate.Id, ChannelNumber: { Value: 'KEPT-1' } }] })).Reservations[0];
    expect(kept.RateId).toBe(rate.Id);

    const category = (
      await ok('resourceCategories/add', {
        ResourceCategories: [{ ServiceId: ids.stay, Type: 'Apartment', Capacity: 2, ExtraCapacity: 0, Names: { 'en-GB': 'Attic' }, ShortNames: { 'en-GB': 'ATTIC' }, Classification: 'Family', ExternalIdentifier: 'ATTIC' }],
      })
    ).ResourceCategories[0];
    await ok('resourceCategories/delete', { ResourceCategoryIds: [category.Id] });
    const noCategory = await post('reservations/add', { ServiceId: ids.stay, CheckOverbooking: false, Reservations: [reservation('2027-02-01', '2027-02-02', { RequestedCategoryId: category.Id })] });
    expect([noCategory.status, noCategory.body.Message]).toEqual([400, expect.stringMatching(/^Invalid Reservations\[0\]\.RequestedCategoryId/)]);
    const moved = await post('reservations/update', { ReservationUpdates: [{ ReservationId: other.Id, RequestedCategoryId: { Value: category.Id } }] });
    expect([moved.status, moved.body.Message]).toEqual([400, expect.stringMatching(/^Invalid ReservationUpdates\[0\]\.RequestedCategoryId\.Value/)]);
  });

  it('processGroup on a rate deleted through the Connector API (unsynchronized then) still books it, as unsynchronized rates map reservations', async () => {
    const [rate] = (
      await ok('rates/add', {
        Rates: [
          {
            ServiceId: ids.stay,
            RateGroupId: ids.group,
            Type: 'Public',
            Names: { 'en-GB': 'Autumn' },
            ShortNames: { 'en-GB': 'AUTUMN' },
            ExternalIdentifier: 'AUTUMN',
            PricingType: 'BaseRatePricing',
            Pricing: { BaseRatePricing: { Amount: { Currency: 'GBP', GrossValue: 150, TaxCodes: ['UK-S'] }, NegativeOccupancyAdjustment: 0, ExtraOccupancyAdjustment: 0 } },
          },
        ],
      })
    ).Rates;
    await ok('rates/delete', { RateIds: [rate.Id] });
    partner.reset();
    const sent = await t.post(`${CM}/processGroup`, singleGroup({ messageId: 'deleted-rate', channelManagerId: 'CM-DELETED-RATE' }, { ratePlanCode: 'AUTUMN' }));
    expect(sent.body.success).toBe(true);
    await t.sim.idle();
    const [confirm] = await partner.waitFor('confirmGroup');
    expect(confirm.body.error).toBeUndefined();
    const listed = (await ok('reservations/getAll/2023-06-06', { Numbers: [confirm.body.reservations[0].confirmationNumber], Limitation: { Count: 1 } })).Reservations[0];
    expect(listed.RateId).toBe(rate.Id);
  });

  it('reservations/add allows overbooking up to the service overbooking limit of the days', async () => {
    const availability = (await ok('services/getAvailability', { ServiceId: ids.stay, FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-01T00:00:00Z' })).CategoryAvailabilities.find(
      (c: { CategoryId: string }) => c.CategoryId === ids.dbl,
    ).Availabilities[0] as number;
    const free = Array.from({ length: availability }, () => reservation('2027-03-01', '2027-03-02'));
    await ok('reservations/add', { ServiceId: ids.stay, Reservations: free });
    const over = () => post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-03-01', '2027-03-02'), reservation('2027-03-01', '2027-03-02')] });
    expect((await over()).status).toBe(403);
    await ok('serviceOverbookingLimits/set', { ServiceId: ids.stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-01T00:00:00Z', Limit: 2 }] });
    expect((await over()).status).toBe(200);
    // The two overbookings used the limit up.
    expect((await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-03-01', '2027-03-02')] })).status).toBe(403);
    // A stay reaching a day without a limit is still refused there.
    await ok('serviceOverbookingLimits/set', { ServiceId: ids.stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-01T00:00:00Z', Limit: 3 }] });
    await ok('reservations/add', { ServiceId: ids.stay, Reservations: free.map(() => reservation('2027-03-02', '2027-03-03')) });
    expect((await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-03-01', '2027-03-03')] })).status).toBe(403);
    expect((await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-03-01', '2027-03-02')] })).status).toBe(200);
  });

  it('reservations/update moves a stay onto a full day only within the overbooking limit of that day', async () => {
    const [day, next] = ['2027-03-10', '2027-03-11'];
    const availability = (await ok('services/getAvailability', { ServiceId: ids.stay, FirstTimeUnitStartUtc: `${day}T00:00:00Z`, LastTimeUnitStartUtc: `${day}T00:00:00Z` })).CategoryAvailabilities.find(
      (c: { CategoryId: string }) => c.CategoryId === ids.dbl,
    ).Availabilities[0] as number;
    await ok('reservations/add', { ServiceId: ids.stay, Reservations: Array.from({ length: availability }, () => reservation(day, next)) });
    const [a, b] = [await book('2027-03-20', '2027-03-21'), await book('2027-03-20', '2027-03-21')];
    const move = (r: Item) => post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, StartUtc: { Value: `${day}T15:00:00Z` }, EndUtc: { Value: `${next}T11:00:00Z` } }] });
    expect((await move(a)).status).toBe(403);
    await ok('serviceOverbookingLimits/set', { ServiceId: ids.stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: `${day}T00:00:00Z`, LastTimeUnitStartUtc: `${day}T00:00:00Z`, Limit: 1 }] });
    expect((await move(a)).status).toBe(200);
    // The one overbooking the limit allows is taken.
    expect((await move(b)).status).toBe(403);
  });

  it('reservations/add keeps what the reservation parameters name, products and night prices included, or books nothing', async () => {
    const booker = (await ok('customers/add', { LastName: 'Booker', OverwriteExisting: false })).Id;
    const card = (await ok('creditCards/addTokenized', { CustomerId: booker, CreditCardData: { StorageData: 'pci-booker', Expiration: '2030-01' } })).CreditCardId;
    const [company, agency] = (await ok('companies/getAll', { Limitation: { Count: 2 } })).Companies.map((c: Item) => c.Id);
    const segment = (await ok('businessSegments/getAll', { Limitation: { Count: 1 } })).BusinessSegments[0].Id;
    const block = (await ok('availabilityBlocks/add', { AvailabilityBlocks: [{ ServiceId: ids.stay, TemplateRateId: ids.bar, FirstTimeUnitStartUtc: '2027-05-01T00:00:00Z', LastTimeUnitStartUtc: '2027-05-02T00:00:00Z', State: 'Confirmed', Name: 'Tour' }] })).AvailabilityBlocks[0].Id;
    const product = (await ok('products/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 10 } })).Products[0] as Item;
    const room = rooms[2];
    const full = {
      BookerId: booker,
      CreditCardId: card,
      CompanyId: company,
      TravelAgencyId: agency,
      BusinessSegmentId: segment,
      AvailabilityBlockId: block,
      AssignedResourceId: room,
      AssignedResourceLocked: true,
      ReleasedUtc: '2027-04-20T12:00:00Z',
      TimeUnitPrices: [{ Index: 1, Amount: { Currency: 'GBP', GrossValue: 99, TaxCodes: ['UK-S'] } }],
      ProductOrders: [{ ProductId: product.Id, Count: 1 }],
    };
    const added = (await ok('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-05-01', '2027-05-03', full)] })).Reservations[0].Reservation as Item;
    expect(added).toMatchObject({ CompanyId: company, TravelAgencyId: agency, BusinessSegmentId: segment, AvailabilityBlockId: block, AssignedResourceId: room, AssignedResourceLocked: true, CreditCardId: card, ReleasedUtc: '2027-04-20T12:00:00Z' });
    const items = (await ok('orderItems/getAll', { ServiceOrderIds: [added.Id], Limitation: { Count: 100 } })).OrderItems as Item[];
    expect(items.filter((i) => i.Type === 'SpaceOrder').map((i) => (i.Amount as { GrossValue: number }).GrossValue)[1]).toBe(99);
    expect(items.some((i) => i.Type === 'ProductOrder' && (i.Data as { Product?: { ProductId: string } } | null)?.Product?.ProductId === product.Id)).toBe(true);
    const count = async () => (await ok('reservations/getAll/2023-06-06', { ServiceIds: [ids.stay], Limitation: { Count: 1000 } })).Reservations.length as number;
    const before = await count();
    const refused: [Record<string, unknown>, string][] = [
      [{ CompanyId: 'nope' }, 'Invalid Reservations[0].CompanyId: no company nope.'],
      [{ CreditCardId: card, BookerId: null }, `Invalid Reservations[0].CreditCardId: no credit card ${card} of the reservation's owner or booker.`],
      [{ AssignedResourceLocked: true }, 'Invalid Reservations[0].AssignedResourceLocked: a reservation without an assigned resource cannot be locked.'],
      [{ TimeUnitPrices: [{ Index: 2, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] } }] }, 'Invalid Reservations[0].TimeUnitPrices[0].Index: the reservation has 2 night(s); the index must be below that.'],
      [{ ProductOrders: [{ ProductId: 'nothing' }] }, 'Invalid Reservations[0].ProductOrders[0].ProductId'],
    ];
    for (const [change, message] of refused) {
      const r = await post('reservations/add', { ServiceId: ids.stay, Reservations: [reservation('2027-05-01', '2027-05-03', change)] });
      expect({ status: r.status, message: r.body.Message.slice(0, message.length) }).toEqual({ status: 400, message });
    }
    expect(await count()).toBe(before);
  });

  it('orders/add posts to any open bill of the account, one bills/add opened too', async () => {
    const added = (await ok('bills/add', { Bills: [{ AccountId: ids.customer, Name: 'Minibar' }] })).Bills[0];
    const { OrderId } = await ok('orders/add', { ServiceId: ids.stay, AccountId: ids.customer, BillId: added.Id, Items: [{ Name: 'Water', UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: 3, TaxCodes: ['UK-S'] } }] });
    const items = (await ok('orderItems/getAll', { ServiceOrderIds: [OrderId], Limitation: { Count: 10 } })).OrderItems;
    expect(items.map((i: Item) => i.BillId)).toEqual([added.Id]);
    const theirs = (await ok('bills/add', { Bills: [{ AccountId: (await ok('customers/add', { LastName: 'Somebody', OverwriteExisting: false })).Id }] })).Bills[0];
    const refused = await post('orders/add', { ServiceId: ids.stay, AccountId: ids.customer, BillId: theirs.Id, Items: [{ Name: 'Water', UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: 3, TaxCodes: ['UK-S'] } }] });
    expect(refused.body.Message).toMatch(/^Invalid BillId/);
  });

  it('reservations/process with CloseBills closes the owner’s closable bills as bills/close does', async () => {
    const owner = (await ok('customers/add', { LastName: 'Franklin', OverwriteExisting: false })).Id;
    const r = await book('2027-01-10', '2027-01-11', { CustomerId: owner });
    await ok('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: rooms[rooms.length - 1] } }] });
    await ok('reservations/start', { ReservationId: r.Id });
    t.sim.defaultWorld.clock.advance(DAY);
    try {
      const owed = (await ok('orderItems/getAll', { ServiceOrderIds: [r.Id], Limitation: { Count: 10 } })).OrderItems.reduce((n: number, i: { Amount: { GrossValue: number } }) => n + i.Amount.GrossValue, 0);
      await ok('payments/addExternal', { AccountId: owner, Amount: { Currency: 'GBP', GrossValue: owed, TaxCodes: [] }, Type: 'Cash' });
      await ok('reservations/process', { ReservationId: r.Id, CloseBills: true });
      const closed = (await ok('bills/getAll', { CustomerIds: [owner], Limitation: { Count: 10 } })).Bills.filter((b: Item) => b.State === 'Closed');
      expect(closed).toHaveLength(1);
      expect(closed[0]).toMatchObject({ Type: 'Receipt', Number: expect.any(String) });
      const items = (await ok('orderItems/getAll', { ServiceOrderIds: [r.Id], Limitation: { Count: 10 } })).OrderItems;
      expect(items.every((i: Item) => i.AccountingState === 'Closed' && i.BillId === closed[0].Id)).toBe(true);
    } finally {
      t.sim.defaultWorld.clock.advance(-DAY);
    }
  });

  it('processGroup cannot modify or cancel a reservation checked in through the Connector API: confirmGroup error code 7', async () => {
    const group = (extra: Record<string, unknown> = {}, reservation: Record<string, unknown> = {}) =>
      singleGroup({ channelManagerId: 'CM-ARRIVED', ...extra }, { from: '2027-01-10', to: '2027-01-12', ...reservation });
    partner.reset();
    await t.post(`${CM}/processGroup`, group({ messageId: 'arrived-1' }));
    await t.sim.idle();
    const [created] = await partner.waitFor('confirmGroup');
    const number = created.body.reservations[0].confirmationNumber;
    const r = (await ok('reservations/getAll/2023-06-06', { Numbers: [number], Limitation: { Count: 1 } })).Reservations[0];
    await ok('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: rooms[rooms.length - 2] } }] });
    await ok('reservations/start', { ReservationId: r.Id });
    const refusedWith = async (message: Record<string, unknown>) => {
      partner.reset();
      expect((await t.post(`${CM}/processGroup`, message)).body.success).toBe(true);
      await t.sim.idle();
      return (await partner.waitFor('confirmGroup'))[0].body.error;
    };
    const changed = await refusedWith(group({ messageId: 'arrived-2' }, { to: '2027-01-13', amounts: [{ gross: 120 }, { gross: 130 }, { gross: 0 }] }));
    expect(changed).toMatchObject({ code: 7, message: expect.stringContaining('checked in') });
    expect(await refusedWith(group({ messageId: 'arrived-3', reservations: [] }))).toMatchObject({ code: 7 });
    const after = (await ok('reservations/getAll/2023-06-06', { ReservationIds: [r.Id], Limitation: { Count: 1 } })).Reservations[0];
    expect(after).toMatchObject({ State: 'Started', ScheduledEndUtc: r.ScheduledEndUtc });
    // The same group sent again unchanged is confirmed and leaves it checked in.
    expect(await refusedWith(group({ messageId: 'arrived-4' }))).toBeUndefined();
    expect((await ok('reservations/getAll/2023-06-06', { ReservationIds: [r.Id], Limitation: { Count: 1 } })).Reservations[0].State).toBe('Started');
  });

  it('Currency converts the item costs of orderItems/getAll at the exchangeRates/getAll rates', async () => {
    const r = await book('2027-04-01', '2027-04-02');
    const { ExchangeRates } = await ok('exchangeRates/getAll', {});
    const eur = ExchangeRates.find((x: { SourceCurrency: string }) => x.SourceCurrency === 'EUR').Value as number;
    const own = (await ok('orderItems/getAll', { ServiceOrderIds: [r.Id], Limitation: { Count: 10 } })).OrderItems[0];
    const inEur = (await ok('orderItems/getAll', { ServiceOrderIds: [r.Id], Currency: 'EUR', Limitation: { Count: 10 } })).OrderItems[0];
    expect(inEur.Amount.Currency).toBe('EUR');
    expect(inEur.Amount.GrossValue).toBeCloseTo(own.Amount.GrossValue / eur, 1);
    const unknown = await post('orderItems/getAll', { ServiceOrderIds: [r.Id], Currency: 'XYZ', Limitation: { Count: 10 } });
    expect(unknown.body.Message).toMatch(/^Invalid Currency/);
  });

  it("reservations/update takes a card of the reservation's owner and an availability block of the service, and no other", async () => {
    const r = await book('2027-04-10', '2027-04-12');
    const card = (await ok('creditCards/addTokenized', { CustomerId: ids.customer, CreditCardData: { StorageData: 'pci-update', Expiration: '2030-01' } })).CreditCardId;
    const stranger = (await ok('customers/add', { LastName: 'Stranger', OverwriteExisting: false })).Id;
    const theirs = (await ok('creditCards/addTokenized', { CustomerId: stranger, CreditCardData: { StorageData: 'pci-other', Expiration: '2030-01' } })).CreditCardId;
    const block = (await ok('availabilityBlocks/add', { AvailabilityBlocks: [{ ServiceId: ids.stay, TemplateRateId: ids.bar, FirstTimeUnitStartUtc: '2027-04-10T00:00:00Z', LastTimeUnitStartUtc: '2027-04-11T00:00:00Z', State: 'Confirmed', Name: 'Team' }] })).AvailabilityBlocks[0].Id;
    const update = (change: Record<string, unknown>) => post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, ...change }] });
    expect((await update({ CreditCardId: { Value: card }, AvailabilityBlockId: { Value: block } })).status).toBe(200);
    expect((await update({ CreditCardId: { Value: theirs } })).body.Message).toBe(`Invalid ReservationUpdates[0].CreditCardId.Value: no credit card ${theirs} of the reservation's owner or booker.`);
    await ok('creditCards/disable', { CreditCardId: card });
    expect((await update({ CreditCardId: { Value: card } })).status).toBe(400);
    await ok('availabilityBlocks/delete', { AvailabilityBlockIds: [block] });
    expect((await update({ AvailabilityBlockId: { Value: block } })).body.Message).toBe(`Invalid ReservationUpdates[0].AvailabilityBlockId.Value: no availability block ${block}.`);
  });
});

/** The reservation reads discontinued on 2025-05-10, in a world from before then. */
describe.each(TRANSPORTS)('Currency in the older reservation reads (%s)', (_name, start) => {
  let t: Transport;
  afterAll(() => t.close());

  it('reservations/getAll (2017) and reservations/getAllItems convert the item costs as orderItems/getAll does', async () => {
    t = await start({ now: '2025-04-02T08:00:00Z', deltaPushes: false, changeNotifications: false });
    const ok = async (path: string, body: Record<string, unknown> = {}) => {
      const r = await t.post(`${C}/${path}`, { ...gross, ...body });
      expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
      return r.body;
    };
    const stay = (await ok('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const category = (await ok('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).ResourceCategories.find((c: Item) => c.ExternalIdentifier === 'DBL').Id;
    const rate = (await ok('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).Rates.find((x: Item) => x.ExternalIdentifier === 'BAR').Id;
    const adult = (await ok('ageCategories/getAll', { Limitation: { Count: 100 } })).AgeCategories.find((a: Item) => a.ExternalIdentifier === 'Adult').Id;
    const customer = (await ok('customers/add', { LastName: 'Curie', OverwriteExisting: false })).Id;
    const r = (
      await ok('reservations/add', {
        ServiceId: stay,
        Reservations: [{ StartUtc: '2025-04-10T14:00:00Z', EndUtc: '2025-04-11T10:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: category, RateId: rate }],
      })
    ).Reservations[0].Reservation;
    const inEur = (await ok('orderItems/getAll', { ServiceOrderIds: [r.Id], Currency: 'EUR', Limitation: { Count: 10 } })).OrderItems[0];
    expect(inEur.Amount.Currency).toBe('EUR');
    const v2017 = await ok('reservations/getAll', { ServiceIds: [stay], ReservationIds: [r.Id], Currency: 'EUR', Extent: { OrderItems: true }, Limitation: { Count: 1 } });
    expect(v2017.OrderItems[0].Amount).toMatchObject({ Currency: 'EUR', GrossValue: inEur.Amount.GrossValue });
    const items = (await ok('reservations/getAllItems', { ReservationIds: [r.Id], Currency: 'EUR' })).Reservations[0].OrderItems;
    expect(items[0].Amount).toMatchObject({ Currency: 'EUR', GrossValue: inEur.Amount.GrossValue });
  });
});
