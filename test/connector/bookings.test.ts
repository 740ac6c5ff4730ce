import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'booking tests 1.0' };

describe.each(TRANSPORTS)('Connector customers and reservations/add (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let ids: { service: string; dbl: string; bar: string; adv: string; adult: string };
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false, asyncDelayMs: 0 });
    const service = (await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 10 } })).body.Services[0].Id;
    const cats = (await t.post(`${C}/resourceCategories/getAll`, { ...gross, ServiceIds: [service], Limitation: { Count: 10 } })).body.ResourceCategories;
    const rates = (await t.post(`${C}/rates/getAll`, { ...gross, ServiceIds: [service], Limitation: { Count: 10 } })).body.Rates;
    const ages = (await t.post(`${C}/ageCategories/getAll`, { ...gross, Limitation: { Count: 10 } })).body.AgeCategories;
    const byExt = (list: { ExternalIdentifier: string; Id: string }[], code: string) => list.find((x) => x.ExternalIdentifier === code)!.Id;
    ids = { service, dbl: byExt(cats, 'DBL'), bar: byExt(rates, 'BAR'), adv: byExt(rates, 'ADV'), adult: byExt(ages, 'Adult') };
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('customers/add creates a profile, refuses a duplicate email unless told to overwrite; customers/getAll finds it', async () => {
    const added = await t.post(`${C}/customers/add`, { ...gross, FirstName: 'Grace', LastName: 'Hopper', Email: 'grace@example.com', OverwriteExisting: false, Options: ['SendMarketingEmails'] });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ LastName: 'Hopper', Email: 'grace@example.com', Number: expect.stringMatching(/^\d+$/), IsActive: true, HasOtaEmail: false, Options: ['SendMarketingEmails'], PreferredSpaceFeatures: [] });
    const dup = await t.post(`${C}/customers/add`, { ...gross, LastName: 'Hopper', Email: 'GRACE@example.com', OverwriteExisting: false });
    expect(dup.status).toBe(400);
    const over = await t.post(`${C}/customers/add`, { ...gross, FirstName: 'Admiral', LastName: 'Hopper', Email: 'grace@example.com', OverwriteExisting: true });
    expect(over.body).toMatchObject({ Id: added.body.Id, FirstName: 'Admiral' });
    const found = await t.post(`${C}/customers/getAll`, { ...gross, Emails: ['grace@example.com'], Extent: { Customers: true }, Limitation: { Count: 10 } });
    expect(found.body.Customers.map((c: { Id: string }) => c.Id)).toEqual([added.body.Id]);
    const unfiltered = await t.post(`${C}/customers/getAll`, { ...gross, Extent: { Customers: true }, Limitation: { Count: 10 } });
    expect(unfiltered.status).toBe(400);
    expect(unfiltered.body.Message).toMatch(/^Invalid CustomerIds/);
  });

  it('a channel-manager booking creates the guest as the reservation account', async () => {
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-ACC', messageId: 'acc-1', channelId: 'OTA-ACC' }));
    await t.sim.idle();
    const res = (await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ChannelNumbers: ['OTA-ACC'], Limitation: { Count: 5 } })).body.Reservations[0];
    const customer = await t.post(`${C}/customers/getAll`, { ...gross, CustomerIds: [res.AccountId], Extent: { Customers: true }, Limitation: { Count: 5 } });
    expect(customer.body.Customers[0]).toMatchObject({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
  });

  it('reservations/add books a group, answers the reservations, and the channel manager gets the availability delta', async () => {
    const owner = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Turing', OverwriteExisting: false })).body.Id;
    partner.calls.length = 0;
    const r = await t.post(`${C}/reservations/add`, {
      ...gross,
      ServiceId: ids.service,
      Reservations: [{ Identifier: 'r1', StartUtc: '2027-05-01T14:00:00Z', EndUtc: '2027-05-03T11:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 2 }], CustomerId: owner, RequestedCategoryId: ids.dbl, RateId: ids.bar }],
    });
    expect(r.status).toBe(200);
    const added = r.body.Reservations[0];
    expect(added).toMatchObject({ Identifier: 'r1', Reservation: { State: 'Confirmed', Origin: 'Connector', OwnerId: owner, RequestedCategoryId: ids.dbl, RateId: ids.bar, StartUtc: '2027-05-01T14:00:00Z', EndUtc: '2027-05-03T11:00:00Z' } });
    const listed = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ReservationIds: [added.Reservation.Id], Limitation: { Count: 5 } });
    expect(listed.body.Reservations[0]).toMatchObject({ AccountId: owner, Number: added.Reservation.Number });
    const [push] = await partner.waitFor('updateAvailability');
    expect(push.body).toMatchObject({ connectionToken: DEMO_TOKENS.grossConnection, availabilities: [{ spaceTypeCode: 'DBL', from: '2027-05-01', to: '2027-05-02', availability: 11 }] });
  });

  it('reservations/add refuses a private rate without a voucher, overbooking, and unknown ids (403 / 400)', async () => {
    const owner = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Lamarr', OverwriteExisting: false })).body.Id;
    const base = { StartUtc: '2027-06-01T14:00:00Z', EndUtc: '2027-06-02T11:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }], CustomerId: owner, RequestedCategoryId: ids.dbl, RateId: ids.bar };
    const privateRate = await t.post(`${C}/reservations/add`, { ...gross, ServiceId: ids.service, Reservations: [{ ...base, RateId: ids.adv }] });
    expect(privateRate.status).toBe(403);
    const tooMany = await t.post(`${C}/reservations/add`, { ...gross, ServiceId: ids.service, Reservations: Array.from({ length: 13 }, () => base) });
    expect(tooMany.status).toBe(403);
    expect(tooMany.body.Message).toContain('Not enough');
    const allowed = await t.post(`${C}/reservations/add`, { ...gross, ServiceId: ids.service, CheckOverbooking: false, Reservations: Array.from({ length: 13 }, () => base) });
    expect(allowed.status).toBe(200);
    const endless = await t.post(`${C}/reservations/add`, { ...gross, ServiceId: ids.service, CheckOverbooking: false, Reservations: [{ ...base, EndUtc: '3027-06-02T11:00:00Z' }] });
    expect(endless.status).toBe(400);
    expect(endless.body.Message).toMatch(/^Invalid Reservations\[0\]\.EndUtc: the reservation is longer than/);
    const unknown = await t.post(`${C}/reservations/add`, { ...gross, ServiceId: ids.service, Reservations: [{ ...base, CustomerId: 'nobody' }] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/^Invalid Reservations\[0\]\.CustomerId/);
  });
});
