import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'update tests 1.0' };

type Ids = { service: string; dbl: string; twn: string; bar: string; flex: string; adult: string; child: string; dblRooms: string[]; twnRoom: string; segment: string; company: string };

describe.each(TRANSPORTS)('Connector reservations/update and customers/update (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let hook: TestPartner;
  let ids: Ids;
  let owner: string;

  const book = async (from = '2027-03-01', to = '2027-03-03', rate?: string) => {
    const r = await t.post(`${C}/reservations/add`, {
      ...gross,
      ServiceId: ids.service,
      Reservations: [{ StartUtc: `${from}T14:00:00Z`, EndUtc: `${to}T11:00:00Z`, PersonCounts: [{ AgeCategoryId: ids.adult, Count: 2 }], CustomerId: owner, RequestedCategoryId: ids.dbl, RateId: rate ?? ids.bar }],
    });
    expect(r.status).toBe(200);
    return r.body.Reservations[0].Reservation as { Id: string; Number: string };
  };
  const update = (updates: Record<string, unknown>[], extra: Record<string, unknown> = {}) => t.post(`${C}/reservations/update`, { ...gross, ReservationUpdates: updates, ...extra });
  const listed = async (id: string) => (await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ReservationIds: [id], Limitation: { Count: 1 } })).body.Reservations[0];
  /** The reservation's nights as [StartUtc, gross amount], from its SpaceOrder order items. */
  const nights = async (id: string): Promise<[string, number][]> =>
    (await t.post(`${C}/orderItems/getAll`, { ...gross, ServiceOrderIds: [id], Limitation: { Count: 100 } })).body.OrderItems.map((i: { StartUtc: string; Amount: { GrossValue: number } }) => [i.StartUtc, i.Amount.GrossValue]);

  beforeAll(async () => {
    partner = await new TestPartner().start();
    hook = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, webhookUrl: `${hook.url}/hooks`, deltaDelayMs: 5, changeNotifications: false, asyncDelayMs: 0 });
    const get = async (path: string, extra: Record<string, unknown> = {}) => (await t.post(`${C}/${path}`, { ...gross, Limitation: { Count: 100 }, ...extra })).body;
    const service = (await get('services/getAll')).Services[0].Id;
    const byExt = (list: { ExternalIdentifier: string; Id: string }[], code: string) => list.find((x) => x.ExternalIdentifier === code)!.Id;
    const cats = (await get('resourceCategories/getAll', { ServiceIds: [service] })).ResourceCategories;
    const rates = (await get('rates/getAll', { ServiceIds: [service] })).Rates;
    const ages = (await get('ageCategories/getAll')).AgeCategories;
    const assignments = (await get('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [byExt(cats, 'DBL'), byExt(cats, 'TWN')] })).ResourceCategoryAssignments;
    const roomsOf = (cat: string) => assignments.filter((a: { CategoryId: string }) => a.CategoryId === cat).map((a: { ResourceId: string }) => a.ResourceId);
    ids = {
      service,
      dbl: byExt(cats, 'DBL'),
      twn: byExt(cats, 'TWN'),
      bar: byExt(rates, 'BAR'),
      flex: byExt(rates, 'FLEX'),
      adult: byExt(ages, 'Adult'),
      child: byExt(ages, 'Child'),
      dblRooms: roomsOf(byExt(cats, 'DBL')),
      twnRoom: roomsOf(byExt(cats, 'TWN'))[0],
      segment: (await get('businessSegments/getAll')).BusinessSegments[0].Id,
      company: (await get('companies/getAll', { Names: ['Northwind Traders Ltd'] })).Companies[0].Id,
    };
    owner = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Noether', OverwriteExisting: false })).body.Id;
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
    await hook.stop();
  });
  beforeEach(async () => {
    await t.sim.idle();
    partner.reset();
    hook.reset();
  });

  it('moves dates and category: getAll shows them, the nights are repriced, and channel managers get both availability deltas', async () => {
    const r = await book();
    const before = await nights(r.Id);
    expect(before.map(([start]) => start)).toEqual(['2027-03-01T00:00:00Z', '2027-03-02T00:00:00Z']);
    await t.sim.idle();
    partner.reset();
    const res = await update([{ ReservationId: r.Id, StartUtc: { Value: '2027-03-05T14:00:00Z' }, EndUtc: { Value: '2027-03-08T11:00:00Z' }, RequestedCategoryId: { Value: ids.twn } }]);
    expect(res.status).toBe(200);
    expect(res.body.Reservations[0]).toMatchObject({ Id: r.Id, Number: r.Number, StartUtc: '2027-03-05T15:00:00Z', EndUtc: '2027-03-08T12:00:00Z', RequestedCategoryId: ids.twn, Origin: 'Connector', UpdatedUtc: '2027-01-10T08:00:00Z' });
    expect(res.body).toMatchObject({ ReservationGroups: null, Cursor: null });
    // Stays run from the service's check-in (15:00) to check-out (12:00), London time.
    expect(await listed(r.Id)).toMatchObject({ ScheduledStartUtc: '2027-03-05T15:00:00Z', ScheduledEndUtc: '2027-03-08T12:00:00Z', RequestedResourceCategoryId: ids.twn });
    expect((await nights(r.Id)).map(([start]) => start)).toEqual(['2027-03-05T00:00:00Z', '2027-03-06T00:00:00Z', '2027-03-07T00:00:00Z']);
    const pushes = await partner.waitFor('updateAvailability');
    await t.sim.idle();
    const changed = partner.received('updateAvailability').flatMap((c) => (c.body as { availabilities: { spaceTypeCode: string; from: string; to: string; availability: number }[] }).availabilities);
    expect(pushes.length).toBeGreaterThan(0);
    expect(changed).toEqual(
      expect.arrayContaining([
        { spaceTypeCode: 'DBL', from: '2027-03-01', to: '2027-03-02', availability: 12 },
        { spaceTypeCode: 'TWN', from: '2027-03-05', to: '2027-03-07', availability: 5 },
      ]),
    );
    expect(partner.received('updateAvailability')[0].body).toMatchObject({ connectionToken: DEMO_TOKENS.grossConnection });
    const [call] = await hook.waitFor('hooks');
    expect(call.body.Events).toContainEqual({ Discriminator: 'ServiceOrderUpdated', Value: { Id: r.Id } });
  });

  it('reprices from the new rate, sets TimeUnitPrices (with a Reason), and keeps prices when Reprice is false', async () => {
    // London is on summer time: each night starts at 23:00 UTC the day before.
    const r = await book('2027-04-01', '2027-04-03');
    const bar = await nights(r.Id);
    expect(bar.map(([start]) => start)).toEqual(['2027-03-31T23:00:00Z', '2027-04-01T23:00:00Z']);
    await update([{ ReservationId: r.Id, RateId: { Value: ids.flex } }]);
    expect((await listed(r.Id)).RateId).toBe(ids.flex);
    const flex = await nights(r.Id);
    // Repriced as a new booking on the new rate would be.
    const fresh = await book('2027-04-01', '2027-04-03', ids.flex);
    expect(flex).toEqual(await nights(fresh.Id));
    expect(flex).not.toEqual(bar);

    const noReason = await update([{ ReservationId: r.Id, TimeUnitPrices: { Value: [{ Index: 0, Amount: { Currency: 'GBP', TaxCodes: ['UK-S'], GrossValue: 80 } }] } }]);
    expect(noReason.status).toBe(400);
    expect(noReason.body.Message).toMatch(/^Invalid Reason/);
    const priced = await update([{ ReservationId: r.Id, TimeUnitPrices: { Value: [{ Index: 1, Amount: { Currency: 'GBP', TaxCodes: ['UK-S'], GrossValue: 80 } }] } }], { Reason: 'Guest complaint' });
    expect(priced.status).toBe(200);
    expect((await nights(r.Id)).map(([, v]) => v)).toEqual([flex[0][1], 80]);
    await update([{ ReservationId: r.Id, PersonCounts: { Value: [{ AgeCategoryId: ids.adult, Count: 1 }, { AgeCategoryId: ids.child, Count: 1 }] } }], { Reprice: false });
    expect((await nights(r.Id)).map(([, v]) => v)).toEqual([flex[0][1], 80]);
    expect((await listed(r.Id)).PersonCounts).toEqual([
      { AgeCategoryId: ids.adult, Count: 1 },
      { AgeCategoryId: ids.child, Count: 1 },
    ]);
    const wrongCurrency = await update([{ ReservationId: r.Id, TimeUnitPrices: { Value: [{ Index: 0, Amount: { Currency: 'EUR', TaxCodes: [], GrossValue: 1 } }] } }], { Reason: 'x' });
    expect(wrongCurrency.status).toBe(400);
    const badIndex = await update([{ ReservationId: r.Id, TimeUnitPrices: { Value: [{ Index: 2, Amount: { Currency: 'GBP', TaxCodes: [], GrossValue: 1 } }] } }], { Reason: 'x' });
    expect(badIndex.status).toBe(400);
    expect(badIndex.body.Message).toMatch(/^Invalid ReservationUpdates\[0\]\.TimeUnitPrices\.Value\[0\]\.Index/);
  });

  it('sets and clears details: getAll shows them and filters by them; a locked resource needs unlocking first', async () => {
    const r = await book('2027-05-01', '2027-05-02');
    const [room, other] = ids.dblRooms;
    const set = await update([
      {
        ReservationId: r.Id,
        ChannelNumber: { Value: 'OTA-77' },
        Purpose: { Value: 'Business' },
        BusinessSegmentId: { Value: ids.segment },
        CompanyId: { Value: ids.company },
        BookerId: { Value: owner },
        AssignedResourceId: { Value: room },
        AssignedResourceLocked: { Value: true },
        Options: { OwnerCheckedIn: { Value: true } },
      },
    ]);
    expect(set.status).toBe(200);
    expect(set.body.Reservations[0]).toMatchObject({ ChannelNumber: 'OTA-77', Purpose: 'Business', CompanyId: ids.company, AssignedResourceId: room, AssignedResourceLocked: true, Options: { OwnerCheckedIn: true } });
    expect(await listed(r.Id)).toMatchObject({ ChannelNumber: 'OTA-77', Purpose: 'Business', BusinessSegmentId: ids.segment, PartnerCompanyId: ids.company, BookerId: owner, AssignedResourceId: room, AssignedResourceLocked: true });
    const byRoom = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, AssignedResourceIds: [room], PartnerCompanyIds: [ids.company], Limitation: { Count: 10 } });
    expect(byRoom.body.Reservations.map((x: { Id: string }) => x.Id)).toEqual([r.Id]);
    const byChannel = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ChannelNumbers: ['OTA-77'], Limitation: { Count: 10 } });
    expect(byChannel.body.Reservations.map((x: { Id: string }) => x.Id)).toEqual([r.Id]);

    const locked = await update([{ ReservationId: r.Id, AssignedResourceId: { Value: other } }]);
    expect(locked.status).toBe(403);
    const moved = await update([{ ReservationId: r.Id, AssignedResourceLocked: { Value: false }, AssignedResourceId: { Value: other } }]);
    expect(moved.body.Reservations[0]).toMatchObject({ AssignedResourceId: other, AssignedResourceLocked: false });
    const wrongCategory = await update([{ ReservationId: r.Id, AssignedResourceId: { Value: ids.twnRoom } }]);
    expect(wrongCategory.status).toBe(400);
    expect(wrongCategory.body.Message).toMatch(/^Invalid ReservationUpdates\[0\]\.AssignedResourceId\.Value: .*category/);

    const cleared = await update([{ ReservationId: r.Id, ChannelNumber: { Value: null }, CompanyId: {}, Purpose: null }]);
    expect(cleared.body.Reservations[0]).toMatchObject({ ChannelNumber: null, CompanyId: null, Purpose: 'Business' });
  });

  it('refuses bad updates with the parameter named, and changes nothing when one update of a batch fails', async () => {
    const a = await book('2027-06-01', '2027-06-02');
    const b = await book('2027-06-01', '2027-06-02');
    const cases: [Record<string, unknown>, number, RegExp][] = [
      [{ ReservationId: 'nope' }, 400, /^Invalid ReservationUpdates\[0\]\.ReservationId/],
      [{ ReservationId: a.Id, StartUtc: { Value: null } }, 400, /^Invalid ReservationUpdates\[0\]\.StartUtc\.Value: it cannot be cleared/],
      [{ ReservationId: a.Id, EndUtc: { Value: '2027-05-30T11:00:00Z' } }, 400, /^Invalid ReservationUpdates\[0\]\.EndUtc/],
      [{ ReservationId: a.Id, EndUtc: { Value: '2400-01-01T11:00:00Z' } }, 400, /^Invalid ReservationUpdates\[0\]\.EndUtc: the reservation is longer than/],
      [{ ReservationId: a.Id, RateId: { Value: 'no-rate' } }, 400, /^Invalid ReservationUpdates\[0\]\.RateId\.Value/],
      [{ ReservationId: a.Id, PersonCounts: { Value: [{ AgeCategoryId: 'x', Count: 1 }] } }, 400, /^Invalid ReservationUpdates\[0\]\.PersonCounts\.Value\[0\]\.AgeCategoryId/],
      [{ ReservationId: a.Id, Purpose: { Value: 'Holiday' } }, 400, /Purpose/],
      [{ ReservationId: a.Id, CreditCardId: { Value: 'card' } }, 400, /^Invalid ReservationUpdates\[0\]\.CreditCardId\.Value/],
      [{ ReservationId: a.Id, BookerId: { Value: 'ghost' } }, 400, /^Invalid ReservationUpdates\[0\]\.BookerId\.Value/],
    ];
    for (const [u, status, message] of cases) {
      const res = await update([u]);
      expect({ u, status: res.status }).toEqual({ u, status });
      expect(res.body.Message).toMatch(message);
    }
    const twice = await update([{ ReservationId: a.Id }, { ReservationId: a.Id }]);
    expect(twice.status).toBe(400);

    const batch = await update([
      { ReservationId: a.Id, ChannelNumber: { Value: 'KEPT?' } },
      { ReservationId: b.Id, RequestedCategoryId: { Value: 'missing' } },
    ]);
    expect(batch.status).toBe(400);
    expect(batch.body.Message).toMatch(/^Invalid ReservationUpdates\[1\]\.RequestedCategoryId/);
    expect((await listed(a.Id)).ChannelNumber).toBeNull();

    // Moving into a sold-out category is refused like an overbooking on reservations/add.
    const sold = await t.post(`${C}/reservations/add`, {
      ...gross,
      ServiceId: ids.service,
      CheckOverbooking: false,
      Reservations: Array.from({ length: 6 }, () => ({ StartUtc: '2027-06-01T14:00:00Z', EndUtc: '2027-06-02T11:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }], CustomerId: owner, RequestedCategoryId: ids.twn, RateId: ids.bar })),
    });
    expect(sold.status).toBe(200);
    const full = await update([{ ReservationId: a.Id, RequestedCategoryId: { Value: ids.twn } }]);
    expect(full.status).toBe(403);
    expect(full.body.Message).toContain('Not enough');

    await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: [b.Id], Notes: 'test' });
    const canceled = await update([{ ReservationId: b.Id, ChannelNumber: { Value: 'late' } }]);
    expect(canceled.status).toBe(403);
  });

  it('customers/update changes what is sent, leaves blank fields, refuses another profile\'s email, and sends CustomerUpdated', async () => {
    const added = await t.post(`${C}/customers/add`, {
      ...gross,
      FirstName: 'Emmy',
      LastName: 'Noether',
      Email: 'emmy@example.com',
      Phone: '+49 551 000',
      BirthDate: '1882-03-23',
      Sex: 'Female',
      Address: { Line1: 'Bunsenstraße 3', City: 'Göttingen', CountryCode: 'DE' },
      ItalianFiscalCode: 'NTHMMY82C63Z112X',
      OverwriteExisting: false,
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ BirthDate: '1882-03-23', Sex: 'Female', ItalianFiscalCode: 'NTHMMY82C63Z112X', Address: { Line1: 'Bunsenstraße 3', City: 'Göttingen', CountryCode: 'DE', Line2: null } });
    expect(added.body.AddressId).toBe(added.body.Address.Id);
    await t.post(`${C}/customers/add`, { ...gross, LastName: 'Hilbert', Email: 'david@example.com', OverwriteExisting: false });
    await t.sim.idle();
    hook.reset();

    const id = added.body.Id;
    const res = await t.post(`${C}/customers/update`, {
      ...gross,
      CustomerId: id,
      Title: 'Misses',
      FirstName: '',
      Phone: '+49 551 111',
      Occupation: 'Mathematician',
      Address: { City: 'Erlangen' },
      Classifications: ['Important'],
      ItalianFiscalCode: { Value: null },
      ItalianLotteryCode: { Value: 'LOT1' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      Id: id,
      Title: 'Misses',
      FirstName: 'Emmy',
      Phone: '+49 551 111',
      Email: 'emmy@example.com',
      Occupation: 'Mathematician',
      BirthDate: '1882-03-23',
      Address: { Line1: 'Bunsenstraße 3', City: 'Erlangen' },
      Classifications: ['Important'],
      ItalianFiscalCode: null,
      ItalianLotteryCode: 'LOT1',
    });
    const found = await t.post(`${C}/customers/getAll`, { ...gross, CustomerIds: [id], Extent: { Customers: true }, Limitation: { Count: 1 } });
    expect(found.body.Customers[0]).toEqual(res.body);
    const [call] = await hook.waitFor('hooks');
    expect(call.body.Events).toEqual([{ Discriminator: 'CustomerUpdated', Value: { Id: id } }]);

    const taken = await t.post(`${C}/customers/update`, { ...gross, CustomerId: id, Email: 'DAVID@example.com' });
    expect(taken.status).toBe(400);
    expect(taken.body.Message).toMatch(/^Invalid Email/);
    const own = await t.post(`${C}/customers/update`, { ...gross, CustomerId: id, Email: 'emmy@example.com' });
    expect(own.status).toBe(200);
    const missing = await t.post(`${C}/customers/update`, { ...gross, CustomerId: 'nobody', LastName: 'X' });
    expect(missing.status).toBe(400);
    expect(missing.body.Message).toMatch(/^Invalid CustomerId/);
    const badDate = await t.post(`${C}/customers/update`, { ...gross, CustomerId: id, BirthDate: '23/03/1882' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.Message).toMatch(/BirthDate/);
    const badClass = await t.post(`${C}/customers/update`, { ...gross, CustomerId: id, Classifications: ['Famous'] });
    expect(badClass.status).toBe(400);
    const longLottery = await t.post(`${C}/customers/update`, { ...gross, CustomerId: id, ItalianLotteryCode: { Value: 'X'.repeat(16) } });
    expect(longLottery.status).toBe(400);
  });
});
