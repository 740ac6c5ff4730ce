import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'lifecycle tests 1.0' };

type Ids = { service: string; dbl: string; bar: string; nr: string; adult: string; rooms: string[]; breakfast: string; parking: string; late: string };

// The world clock is before 10 May 2025, when reservations/getAll (ver 2017-04-12) and reservations/getAllItems were discontinued.
describe.each(TRANSPORTS)('Connector reservation lifecycle and related reads (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let hook: TestPartner;
  let ids: Ids;
  let owner: string;
  let other: string;

  const post = (path: string, body: Record<string, unknown> = {}) => t.post(`${C}/${path}`, { ...gross, ...body });
  const book = async (from: string, to: string, extra: Record<string, unknown> = {}) => {
    const r = await post('reservations/add', {
      ServiceId: ids.service,
      Reservations: [{ StartUtc: `${from}T14:00:00Z`, EndUtc: `${to}T11:00:00Z`, PersonCounts: [{ AgeCategoryId: ids.adult, Count: 2 }], CustomerId: owner, RequestedCategoryId: ids.dbl, RateId: ids.bar, ...extra }],
    });
    expect(r.status).toBe(200);
    return r.body.Reservations[0].Reservation as { Id: string; Number: string; GroupId: string };
  };
  const listed = async (id: string) => (await post('reservations/getAll/2023-06-06', { ReservationIds: [id], Limitation: { Count: 1 } })).body.Reservations[0];
  const items = async (id: string) => (await post('orderItems/getAll', { ServiceOrderIds: [id], Limitation: { Count: 100 } })).body.OrderItems as Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any

  beforeAll(async () => {
    partner = await new TestPartner().start();
    hook = await new TestPartner().start();
    t = await start({ now: '2025-04-02T08:00:00Z', partner: { baseUrl: partner.url }, webhookUrl: `${hook.url}/hooks`, deltaDelayMs: 5, changeNotifications: false, asyncDelayMs: 0 });
    const get = async (path: string, extra: Record<string, unknown> = {}) => (await post(path, { Limitation: { Count: 100 }, ...extra })).body;
    const service = (await get('services/getAll')).Services[0].Id;
    const byExt = (list: { ExternalIdentifier: string; Id: string }[], code: string) => list.find((x) => x.ExternalIdentifier === code)!.Id;
    const cats = (await get('resourceCategories/getAll', { ServiceIds: [service] })).ResourceCategories;
    const rates = (await get('rates/getAll', { ServiceIds: [service] })).Rates;
    const ages = (await get('ageCategories/getAll')).AgeCategories;
    const products = (await get('products/getAll', { ServiceIds: [service] })).Products;
    const assignments = (await get('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [byExt(cats, 'DBL')] })).ResourceCategoryAssignments;
    ids = {
      service,
      dbl: byExt(cats, 'DBL'),
      bar: byExt(rates, 'BAR'),
      nr: byExt(rates, 'NR'),
      adult: byExt(ages, 'Adult'),
      rooms: assignments.map((a: { ResourceId: string }) => a.ResourceId),
      breakfast: byExt(products, 'BRK'),
      parking: byExt(products, 'PARK'),
      late: byExt(products, 'LATE'),
    };
    owner = (await post('customers/add', { LastName: 'Hopper', OverwriteExisting: false })).body.Id;
    other = (await post('customers/add', { LastName: 'Lamarr', OverwriteExisting: false })).body.Id;
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
    await hook.stop();
  });

  it('checks a reservation in and out: Confirmed → Started → Processed, refusing invalid transitions with 403', async () => {
    const r = await book('2025-04-02', '2025-04-03');
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(403); // no resource assigned yet
    expect((await post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: ids.rooms[0] } }] })).status).toBe(200);
    expect((await post('reservations/process', { ReservationId: r.Id })).status).toBe(403);
    await t.sim.idle();
    hook.reset();
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(200);
    const [call] = await hook.waitFor('hooks');
    expect(call.body.Events).toContainEqual({ Discriminator: 'ServiceOrderUpdated', Value: { Id: r.Id } });
    expect(await listed(r.Id)).toMatchObject({ State: 'Started', ActualStartUtc: '2025-04-02T08:00:00Z', Options: { OwnerCheckedIn: true, ConnectorCheckIn: true } });
    // Checked in before the scheduled 15:00 start: the 2017 version's StartUtc is the actual check-in.
    const v2017 = await post('reservations/getAll', { ServiceIds: [ids.service], ReservationIds: [r.Id], Extent: { Reservations: true }, Limitation: { Count: 1 } });
    expect(v2017.body.Reservations[0]).toMatchObject({ State: 'Started', StartUtc: '2025-04-02T08:00:00Z', Options: { OwnerCheckedIn: true } });
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(403);
    expect((await post('reservations/cancel', { ReservationIds: [r.Id], Notes: 'late' })).status).toBe(403);
    // Not before the departure day.
    expect((await post('reservations/process', { ReservationId: r.Id, AllowOpenBalance: true, Notes: 'Early.' })).status).toBe(403);
    const day = 86_400_000;
    t.sim.defaultWorld.clock.advance(day);
    // The night is still owed: checking out needs a zero balance or an explicit open balance with notes.
    expect((await post('reservations/process', { ReservationId: r.Id })).status).toBe(403);
    const noNotes = await post('reservations/process', { ReservationId: r.Id, AllowOpenBalance: true });
    expect(noNotes.body.Message).toMatch(/^Invalid Notes/);
    expect((await post('reservations/process', { ReservationId: r.Id, AllowOpenBalance: true, Notes: 'Company pays later.' })).status).toBe(200);
    expect(await listed(r.Id)).toMatchObject({ State: 'Processed', ActualEndUtc: '2025-04-03T08:00:00Z' });
    t.sim.defaultWorld.clock.advance(-day);
    const started = await post('reservations/getAll/2023-06-06', { ActualStartUtc: { StartUtc: '2025-04-02T00:00:00Z', EndUtc: '2025-04-03T00:00:00Z' }, Limitation: { Count: 10 } });
    expect(started.body.Reservations.map((x: { Id: string }) => x.Id)).toContain(r.Id);
    expect((await post('reservations/process', { ReservationId: r.Id, AllowOpenBalance: true, Notes: 'again' })).status).toBe(403);
    expect((await post('reservations/start', { ReservationId: 'nope' })).body.Message).toMatch(/^Invalid ReservationId/);
  });

  it('checks out without an open balance once the owner has paid', async () => {
    const payer = (await post('customers/add', { LastName: 'Meitner', OverwriteExisting: false })).body.Id;
    const r = await book('2025-04-02', '2025-04-03', { CustomerId: payer });
    await post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: ids.rooms[2] } }] });
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(200);
    const day = 86_400_000;
    t.sim.defaultWorld.clock.advance(day);
    try {
      const owed = (await items(r.Id)).reduce((n, i) => n + i.Amount.GrossValue, 0);
      expect((await post('payments/addExternal', { AccountId: payer, Amount: { Currency: 'GBP', GrossValue: owed - 1, TaxCodes: [] }, Type: 'Cash' })).status).toBe(200);
      expect((await post('reservations/process', { ReservationId: r.Id })).status).toBe(403);
      await post('payments/addExternal', { AccountId: payer, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] }, Type: 'Cash' });
      expect((await post('reservations/process', { ReservationId: r.Id })).status).toBe(200);
      expect((await listed(r.Id)).State).toBe('Processed');
    } finally {
      t.sim.defaultWorld.clock.advance(-day);
    }
  });

  it('counts a payment in another enabled currency at its GBP value when checking out', async () => {
    const payer = (await post('customers/add', { LastName: 'Noether', OverwriteExisting: false })).body.Id;
    const r = await book('2025-04-02', '2025-04-03', { CustomerId: payer });
    await post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: ids.rooms[3] } }] });
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(200);
    const day = 86_400_000;
    t.sim.defaultWorld.clock.advance(day);
    try {
      const owed = (await items(r.Id)).reduce((n, i) => n + i.Amount.GrossValue, 0);
      expect(owed).toBeGreaterThan(85);
      // 100 EUR is 85 GBP at the simulation's rate.
      expect((await post('payments/addExternal', { AccountId: payer, Amount: { Currency: 'EUR', GrossValue: 100, TaxCodes: [] }, Type: 'Cash' })).status).toBe(200);
      const rest = Math.round((owed - 85) * 100) / 100;
      expect((await post('reservations/process', { ReservationId: r.Id })).body.Message).toBe(`The balance of reservation ${r.Number}'s owner is ${rest} GBP, not zero; pay it or allow an open balance.`);
      await post('payments/addExternal', { AccountId: payer, Amount: { Currency: 'GBP', GrossValue: rest, TaxCodes: [] }, Type: 'Cash' });
      expect((await post('reservations/process', { ReservationId: r.Id })).status).toBe(200);
    } finally {
      t.sim.defaultWorld.clock.advance(-day);
    }
  });

  it('refuses malformed times with a 400 naming the parameter', async () => {
    const r = await book('2025-04-27', '2025-04-28');
    const cases: [string, Record<string, unknown>, string][] = [
      ['reservations/addProduct', { ReservationId: r.Id, ProductId: ids.late, Count: 1, StartUtc: 'soon', EndUtc: 'soon' }, 'StartUtc'],
      ['reservations/updateInterval', { ReservationId: r.Id, EndUtc: '2025-02-30', ChargeCancellationFee: false }, 'EndUtc'],
      ['reservations/getAll', { ServiceIds: [ids.service], StartUtc: 'x', EndUtc: 'y', Extent: { Reservations: true }, Limitation: { Count: 1 } }, 'StartUtc'],
      ['cancellationPolicies/getByRates', { RateIds: [ids.bar], ReservationStartUtc: 'today', ReservationEndUtc: '2025-04-28T11:00:00Z' }, 'ReservationStartUtc'],
    ];
    for (const [path, body, name] of cases) {
      const reply = await post(path, body);
      expect({ path, status: reply.status, message: reply.body.Message }).toEqual({ path, status: 400, message: expect.stringMatching(new RegExp(`^Invalid ${name}:`)) });
    }
  });

  it('refuses to start a reservation before its arrival day', async () => {
    const r = await book('2025-04-20', '2025-04-22');
    await post('reservations/update', { ReservationUpdates: [{ ReservationId: r.Id, AssignedResourceId: { Value: ids.rooms[1] } }] });
    expect((await post('reservations/start', { ReservationId: r.Id })).status).toBe(403);
  });

  it('confirms Optional reservations only', async () => {
    const optional = await book('2025-04-10', '2025-04-11', { State: 'Optional' });
    const confirmed = await book('2025-04-10', '2025-04-11');
    expect((await post('reservations/confirm', { ReservationIds: [optional.Id, confirmed.Id] })).status).toBe(403);
    expect((await listed(optional.Id)).State).toBe('Optional');
    const ok = await post('reservations/confirm', { ReservationIds: [optional.Id] });
    expect(ok.body).toEqual({ ReservationIds: [optional.Id] });
    expect((await listed(optional.Id)).State).toBe('Confirmed');
    expect((await post('reservations/confirm', { ReservationIds: ['nope'] })).body.Message).toMatch(/^Invalid ReservationIds\[0\]/);
  });

  it('adds products as order items of the reservation, on its bill, and cancels them', async () => {
    const r = await book('2025-04-05', '2025-04-07');
    const breakfast = await post('reservations/addProduct', { ReservationId: r.Id, ProductId: ids.breakfast, Count: 1 });
    expect(breakfast.status).toBe(200);
    expect(breakfast.body.ItemIds).toHaveLength(2); // one per night
    const late = await post('reservations/addProduct', { ReservationId: r.Id, ProductId: ids.late, Count: 1, UnitAmount: { Currency: 'GBP', GrossValue: 30, TaxCodes: [] } });
    expect(late.body.ItemIds).toHaveLength(1);
    const all = await items(r.Id);
    const products = all.filter((i) => i.Type === 'ProductOrder');
    expect(products).toHaveLength(3);
    // Breakfast is per person per night: two guests.
    expect(products.find((i) => i.Id === breakfast.body.ItemIds[0])).toMatchObject({ UnitCount: 2, UnitAmount: { GrossValue: 12.5 }, ServiceOrderId: r.Id, AccountId: owner });
    expect(products.find((i) => i.Id === late.body.ItemIds[0])).toMatchObject({ Amount: { GrossValue: 30 } });
    expect((await post('orderItems/cancel', { OrderItemIds: [late.body.ItemIds[0]] })).status).toBe(200);
    expect((await items(r.Id)).find((i) => i.Id === late.body.ItemIds[0])).toMatchObject({ AccountingState: 'Canceled', CanceledUtc: '2025-04-02T08:00:00Z' });
    expect((await post('orderItems/cancel', { OrderItemIds: [late.body.ItemIds[0]] })).status).toBe(403);
    const night = all.find((i) => i.Type === 'SpaceOrder')!;
    expect((await post('orderItems/cancel', { OrderItemIds: [night.Id] })).status).toBe(403);
    expect((await post('orderItems/cancel', { OrderItemIds: ['nope'] })).body.Message).toMatch(/^Invalid OrderItemIds\[0\]/);
    expect((await post('reservations/addProduct', { ReservationId: r.Id, ProductId: 'nope', Count: 1 })).body.Message).toMatch(/^Invalid ProductId/);
    // A once-charged product may fall on the departure day (London is on summer time: the day starts at 23:00 UTC).
    const departure = await post('reservations/addProduct', { ReservationId: r.Id, ProductId: ids.late, Count: 1, StartUtc: '2025-04-06T23:00:00Z', EndUtc: '2025-04-06T23:00:00Z' });
    expect(departure.status).toBe(200);
    const after = await post('reservations/addProduct', { ReservationId: r.Id, ProductId: ids.late, Count: 1, StartUtc: '2025-04-07T23:00:00Z', EndUtc: '2025-04-07T23:00:00Z' });
    expect(after.body.Message).toMatch(/^Invalid StartUtc/);
    const uneven = await post('reservations/addProduct', { ReservationId: r.Id, ProductId: ids.late, Count: 1, StartUtc: '2025-04-05T23:00:00Z', EndUtc: '2025-04-06T23:00:00Z' });
    expect(uneven.body.Message).toMatch(/^Invalid EndUtc/);
    const legacy = await post('reservations/getAllItems', { ReservationIds: [r.Id] });
    expect(legacy.body.Reservations[0].OrderItems.map((i: { Id: string }) => i.Id)).toEqual(expect.arrayContaining(breakfast.body.ItemIds));
    expect(legacy.body.Reservations[0].OrderItems.map((i: { Id: string }) => i.Id)).not.toContain(late.body.ItemIds[0]);
  });

  it('adds and removes companions within the person count', async () => {
    const r = await book('2025-04-08', '2025-04-09');
    const third = (await post('customers/add', { LastName: 'Curie', OverwriteExisting: false })).body.Id;
    const added = await post('reservations/addCompanion', { ReservationId: r.Id, CustomerId: other });
    expect(added.status).toBe(200);
    expect(typeof added.body.CompanionshipId).toBe('string');
    expect((await post('reservations/addCompanion', { ReservationId: r.Id, CustomerId: other })).status).toBe(403);
    expect((await post('reservations/addCompanion', { ReservationId: r.Id, CustomerId: owner })).status).toBe(200);
    expect((await post('reservations/addCompanion', { ReservationId: r.Id, CustomerId: third })).status).toBe(403); // two persons
    const v2017 = await post('reservations/getAll', { ServiceIds: [ids.service], ReservationIds: [r.Id], Extent: { Reservations: true }, Limitation: { Count: 1 } });
    expect(v2017.body.Reservations[0].CompanionIds).toEqual([other, owner]);
    const companionships = (await post('companionships/getAll', { ReservationIds: [r.Id], Extent: {}, Limitation: { Count: 10 } })).body.Companionships;
    expect(companionships.map((c: { CustomerId: string }) => c.CustomerId).sort()).toEqual([other, owner].sort());
    expect(companionships.map((c: { Id: string }) => c.Id)).toContain(added.body.CompanionshipId);
    expect((await post('reservations/deleteCompanion', { ReservationId: r.Id, CustomerId: other })).status).toBe(200);
    expect((await post('reservations/deleteCompanion', { ReservationId: r.Id, CustomerId: other })).body.Message).toMatch(/^Invalid CustomerId/);
    expect((await post('reservations/addCompanion', { ReservationId: r.Id, CustomerId: 'nope' })).body.Message).toMatch(/^Invalid CustomerId/);
  });

  it('moves a reservation interval with the availability check and a delta push, and changes its customer', async () => {
    const r = await book('2025-04-12', '2025-04-14');
    await t.sim.idle();
    partner.reset();
    const moved = await post('reservations/updateInterval', { ReservationId: r.Id, EndUtc: '2025-04-15T11:00:00Z', ChargeCancellationFee: false });
    expect(moved.status).toBe(200);
    expect(await listed(r.Id)).toMatchObject({ ScheduledEndUtc: '2025-04-15T11:00:00Z' });
    expect(await items(r.Id)).toHaveLength(3);
    const [push] = await partner.waitFor('updateAvailability');
    expect(JSON.stringify(push.body.availabilities)).toContain('2025-04-14');
    const tooLong = await post('reservations/updateInterval', { ReservationId: r.Id, EndUtc: '2025-04-11T11:00:00Z', ChargeCancellationFee: false });
    expect(tooLong.status).toBe(400);
    // Fill the category on the night after: moving into it is refused like reservations/update refuses it.
    for (let i = 0; i < 100; i++) {
      const more = await post('reservations/add', {
        ServiceId: ids.service,
        Reservations: [{ StartUtc: '2025-04-15T14:00:00Z', EndUtc: '2025-04-16T11:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }], CustomerId: other, RequestedCategoryId: ids.dbl, RateId: ids.bar }],
      });
      if (more.status === 403) break;
    }
    const crowded = await post('reservations/updateInterval', { ReservationId: r.Id, EndUtc: '2025-04-16T11:00:00Z', ChargeCancellationFee: false });
    expect(crowded.status).toBe(403);
    const unknown = await post('reservations/updateInterval', { ReservationId: 'nope', EndUtc: '2025-04-16T11:00:00Z', ChargeCancellationFee: false });
    expect(unknown.body.Message).toMatch(/^Invalid ReservationId/);
    expect(await listed(r.Id)).toMatchObject({ ScheduledEndUtc: '2025-04-15T11:00:00Z' });
    expect((await post('reservations/updateCustomer', { ReservationId: r.Id, CustomerId: other })).status).toBe(200);
    expect((await listed(r.Id)).AccountId).toBe(other);
    expect((await post('reservations/updateCustomer', { ReservationId: r.Id, CustomerId: 'nope' })).body.Message).toMatch(/^Invalid CustomerId/);
  });

  it('prices a reservation not yet made from the rates, like reservations/add would charge it', async () => {
    const params = { StartUtc: '2025-04-24T14:00:00Z', EndUtc: '2025-04-26T11:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 2 }], RequestedCategoryId: ids.dbl, RateId: ids.bar };
    const priced = await post('reservations/price', { ServiceId: ids.service, Reservations: [{ Identifier: 'a', ...params }] });
    expect(priced.status).toBe(200);
    const r = await book('2025-04-24', '2025-04-26');
    const charged = (await items(r.Id)).reduce((n, i) => n + i.Amount.GrossValue, 0);
    expect(priced.body.ReservationPrices[0]).toMatchObject({ Identifier: 'a', TotalAmount: { Currency: 'GBP', GrossValue: charged } });
    const withBreakfast = await post('reservations/price', { ServiceId: ids.service, Reservations: [{ ...params, ProductOrders: [{ ProductId: ids.breakfast }] }] });
    expect(withBreakfast.body.ReservationPrices[0].TotalAmount.GrossValue).toBeCloseTo(charged + 2 * 2 * 12.5, 2);
    const bad = await post('reservations/price', { ServiceId: ids.service, Reservations: [{ ...params, RateId: 'nope' }] });
    expect(bad.body.Message).toMatch(/^Invalid Reservations\[0\]\.RateId/);
  });

  it('serves the 2017 reservations/getAll from the same reservations, with its extent', async () => {
    const r = await book('2025-04-16', '2025-04-17');
    const v2017 = await post('reservations/getAll', {
      ServiceIds: [ids.service],
      StartUtc: '2025-04-16T00:00:00Z',
      EndUtc: '2025-04-17T00:00:00Z',
      TimeFilter: 'Start',
      Extent: { Reservations: true, ReservationGroups: true, Customers: true, Rates: true, OrderItems: true },
      Limitation: { Count: 50 },
    });
    expect(v2017.status).toBe(200);
    const found = v2017.body.Reservations.find((x: { Id: string }) => x.Id === r.Id);
    expect(found).toMatchObject({ Number: r.Number, State: 'Confirmed', CustomerId: owner, OwnerId: owner, RateId: ids.bar });
    expect(v2017.body.ReservationGroups.map((g: { Id: string }) => g.Id)).toContain(r.GroupId);
    expect(v2017.body.Customers.map((c: { Id: string }) => c.Id)).toContain(owner);
    expect(v2017.body.OrderItems.some((i: { OrderId: string }) => i.OrderId === r.Id)).toBe(true);
    const v2023 = await listed(r.Id);
    expect(found.StartUtc).toBe(v2023.ScheduledStartUtc);
    const noEnd = await post('reservations/getAll', { ServiceIds: [ids.service], States: ['Confirmed'], Extent: { Reservations: true }, Limitation: { Count: 5 } });
    expect(noEnd.body.Message).toMatch(/^Invalid StartUtc/);
  });

  it('answers channel manager details for channel manager bookings only, and lists reservation groups', async () => {
    await t.post(`${CM}/processGroup`, singleGroup({}, { from: '2027-03-10', to: '2027-03-12' }));
    await t.sim.idle();
    const pushed = (await post('reservations/getAll/2023-06-06', { ChannelNumbers: ['BDC-1001'], Limitation: { Count: 5 } })).body.Reservations[0];
    const own = await book('2025-04-18', '2025-04-19');
    const details = await post('reservations/getChannelManagerDetails', { ReservationIds: [pushed.Id, own.Id] });
    expect(details.status).toBe(200);
    expect(details.body.ChannelManagerDetails).toEqual([
      expect.objectContaining({ ReservationId: pushed.Id, RequestedRateCode: 'BAR', ChannelNumber: 'BDC-1001', ChannelManagerGroupNumber: 'CM-1001', ChannelManagerNumber: '01' }),
    ]);
    expect((await post('reservations/getChannelManagerDetails', { ReservationIds: ['nope'] })).body.Message).toMatch(/^Invalid ReservationIds\[0\]/);
    const name = details.body.ChannelManagerDetails[0].ChannelManagerName;
    expect(name).toEqual(expect.any(String));
    const v2017 = await post('reservations/getAll', { ServiceIds: [ids.service], ReservationIds: [pushed.Id], Extent: { Reservations: true }, Limitation: { Count: 1 } });
    expect(v2017.body.Reservations[0]).toMatchObject({ ChannelManager: name, ChannelManagerGroupNumber: 'CM-1001', ChannelManagerNumber: '01' });
    const groups = await post('reservationGroups/getAll', { ReservationGroupIds: [pushed.GroupId, own.GroupId], Limitation: { Count: 10 } });
    expect(groups.status).toBe(200);
    expect(groups.body.ReservationGroups.find((g: { Id: string }) => g.Id === pushed.GroupId)).toMatchObject({ ChannelManagerGroupNumber: 'CM-1001' });
    expect(groups.body.ReservationGroups.find((g: { Id: string }) => g.Id === own.GroupId)).toMatchObject({ ChannelManagerGroupNumber: null });
    expect((await post('reservationGroups/getAll', { Limitation: { Count: 10 } })).status).toBe(400);
  });
});
