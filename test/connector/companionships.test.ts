import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'companionship tests 1.0' };

/** Companionships: the customer of each reservation, by reservation, customer or group, with the extents asked for. */
describe.each(TRANSPORTS)('Connector companionships (%s)', (_name, start) => {
  let t: Transport;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it('a reservation added for a customer has that customer as its companion', async () => {
    const customer = (await post('customers/add', { LastName: 'Companion', OverwriteExisting: false })).Id;
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const category = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-02-01T15:00:00Z', EndUtc: '2027-02-03T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: category, RateId: rate }],
    });
    const reservation = booked.Reservations[0].Reservation;
    const found = await post('companionships/getAll', { ReservationIds: [reservation.Id], Extent: { Customers: true, Reservations: true, ReservationGroups: true }, Limitation: { Count: 10 } });
    expect(found.Companionships).toEqual([{ Id: expect.any(String), CustomerId: customer, ReservationGroupId: reservation.GroupId, ReservationId: reservation.Id }]);
    expect(found.Customers.map((c: { Id: string }) => c.Id)).toEqual([customer]);
    expect(found.Reservations.map((r: { Id: string }) => r.Id)).toEqual([reservation.Id]);
    expect(found.ReservationGroups).toEqual([{ Id: reservation.GroupId, Name: null }]);
    const byCustomer = await post('companionships/getAll', { CustomerIds: [customer], Extent: {}, Limitation: { Count: 10 } });
    expect(byCustomer).toMatchObject({ Companionships: found.Companionships, Customers: null, Reservations: null, ReservationGroups: null });
    expect((await post('companionships/getAll', { ReservationGroupIds: [reservation.GroupId], Extent: {}, Limitation: { Count: 10 } })).Companionships).toEqual(found.Companionships);
    expect((await post('companionships/getAll', { CompanionshipIds: [found.Companionships[0].Id], Extent: {}, Limitation: { Count: 10 } })).Companionships).toEqual(found.Companionships);
  });

  it('one of the id filters is required; UpdatedUtc alone is not enough', async () => {
    const r = await t.post(`${C}/companionships/getAll`, { ...gross, Extent: {}, UpdatedUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 10 } });
    expect(r.status).toBe(400);
    expect(r.body.Message).toMatch(/^Invalid CompanionshipIds: /);
  });
});
