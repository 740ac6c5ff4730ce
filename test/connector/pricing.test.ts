import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { expressTransport, TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'pricing tests 1.0' };

describe.each(TRANSPORTS)('Connector rate pricing (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('rates/getPricing gives a price per day for the base and every category, in gross and net', async () => {
    const r = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:BAR', FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-07T00:00:00Z' });
    expect(r.status).toBe(200);
    expect(r.body.Currency).toBe('GBP');
    expect(r.body.TimeUnitStartsUtc).toHaveLength(7);
    expect(r.body.TimeUnitStartsUtc[0]).toBe('2027-03-01T00:00:00Z');
    expect(r.body.CategoryPrices).toHaveLength(6);
    const first = r.body.BaseAmountPrices[0];
    expect(first).toMatchObject({ Currency: 'GBP', GrossValue: expect.any(Number), NetValue: expect.any(Number), TaxValues: [{ Code: 'UK-S', Value: expect.any(Number) }] });
    expect(first.GrossValue).toBeCloseTo(first.NetValue * 1.2, 1);
    const summer = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:BAR', FirstTimeUnitStartUtc: '2027-06-30T23:00:00Z', LastTimeUnitStartUtc: '2027-07-01T23:00:00Z' });
    // In summer the London day starts at 23:00 UTC the evening before.
    expect(summer.body.TimeUnitStartsUtc).toEqual(['2027-06-30T23:00:00Z', '2027-07-01T23:00:00Z']);
  });

  it('rates/getPricing refuses an unknown rate and an interval over 367 days', async () => {
    const unknown = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:NOPE', FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-02T00:00:00Z' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/^Invalid RateId/);
    const long = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:BAR', FirstTimeUnitStartUtc: '2027-01-01T00:00:00Z', LastTimeUnitStartUtc: '2028-03-01T00:00:00Z' });
    expect(long.body.Message).toMatch(/longer than 367 days/);
  });

  it('rates/updatePrice changes the price read back, and reaches the channel manager as a delta push', async () => {
    const configs = await t.post(`${C}/resourceCategories/getAll`, {
      ...gross,
      ServiceIds: [(await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 10 } })).body.Services[0].Id],
      Limitation: { Count: 10 },
    });
    const dbl = configs.body.ResourceCategories.find((c: { ExternalIdentifier: string }) => c.ExternalIdentifier === 'DBL').Id;
    const r = await t.post(
      `${C}/rates/updatePrice`,
      // London is on summer time in April: its days start at 23:00 UTC.
      { ...gross, RateId: 'eid:FLEX', PriceUpdates: [{ CategoryId: dbl, Value: 155, FirstTimeUnitStartUtc: '2027-04-09T23:00:00Z', LastTimeUnitStartUtc: '2027-04-10T23:00:00Z' }] },
      { prefer: 'return=minimal' },
    );
    expect(r.status).toBe(204);
    const read = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:FLEX', FirstTimeUnitStartUtc: '2027-04-09T23:00:00Z', LastTimeUnitStartUtc: '2027-04-11T23:00:00Z' });
    const prices = read.body.CategoryPrices.find((c: { CategoryId: string }) => c.CategoryId === dbl).AmountPrices.map((a: { GrossValue: number }) => a.GrossValue);
    expect(prices.slice(0, 2)).toEqual([155, 155]);
    expect(prices[2]).not.toBe(155);
    const [push] = await partner.waitFor('updatePrices');
    expect(push.body.connectionToken).toBe(DEMO_TOKENS.grossConnection);
    expect(push.body.ratePrices).toEqual([expect.objectContaining({ ratePlanCode: 'FLEX', spaceTypeCode: 'DBL', from: '2027-04-10', to: '2027-04-11', prices: expect.arrayContaining([expect.objectContaining({ guestCount: 2, grossAmount: 155 })]) })]);
  });

  it('rates/updatePrice refuses an unknown category and a missing interval, naming the parameter', async () => {
    const bad = await t.post(`${C}/rates/updatePrice`, { ...gross, RateId: 'eid:BAR', PriceUpdates: [{ CategoryId: 'nope', Value: 10, FirstTimeUnitStartUtc: '2027-04-10T00:00:00Z', LastTimeUnitStartUtc: '2027-04-10T00:00:00Z' }] });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/^Invalid PriceUpdates\[0\]\.CategoryId/);
    const missing = await t.post(`${C}/rates/updatePrice`, { ...gross, RateId: 'eid:BAR', PriceUpdates: [{ Value: 10 }] });
    expect(missing.body.Message).toMatch(/^Invalid PriceUpdates\[0\]: FirstTimeUnitStartUtc/);
  });

  it('refuses a timestamp that is not the start of a time unit, and prices outside the editable window', async () => {
    const pricing = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: 'eid:FLEX', FirstTimeUnitStartUtc: '2027-04-10T00:00:00Z', LastTimeUnitStartUtc: '2027-04-11T23:00:00Z' });
    expect(pricing.status).toBe(400);
    expect(pricing.body.Message).toMatch(/^Invalid FirstTimeUnitStartUtc: it is not the start of a time unit; the day 2027-04-10 starts at 2027-04-09T23:00:00Z/);
    const update = (first: string, last: string) => t.post(`${C}/rates/updatePrice`, { ...gross, RateId: 'eid:BAR', PriceUpdates: [{ Value: 10, FirstTimeUnitStartUtc: first, LastTimeUnitStartUtc: last }] });
    const ahead = await update('2033-01-10T00:00:00Z', '2033-01-10T00:00:00Z');
    expect(ahead.body.Message).toMatch(/^Invalid PriceUpdates\[0\]\.LastTimeUnitStartUtc: it is more than 5 years ahead/);
    const old = await update('2026-12-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(old.body.Message).toMatch(/^Invalid PriceUpdates\[0\]\.FirstTimeUnitStartUtc: it is older than the enterprise's editable history/);
  });
});

describe('Connector services/getAvailability/2024-01-22', () => {
  it('reports occupancy from bookings of either API, per category and day', async () => {
    const t = await expressTransport({ now: '2027-01-10T08:00:00Z', asyncDelayMs: 0 });
    await t.post(`${CM}/processGroup`, singleGroup());
    await t.sim.idle();
    const services = await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 10 } });
    const stay = services.body.Services[0].Id;
    const r = await t.post(`${C}/services/getAvailability/2024-01-22`, { ...gross, ServiceId: stay, FirstTimeUnitStartUtc: '2027-03-09T00:00:00Z', LastTimeUnitStartUtc: '2027-03-12T00:00:00Z', Metrics: ['Occupied', 'ConfirmedReservations', 'ActiveResources'] });
    expect(r.status).toBe(200);
    expect(r.body.TimeUnitStartsUtc).toEqual(['2027-03-09T00:00:00Z', '2027-03-10T00:00:00Z', '2027-03-11T00:00:00Z', '2027-03-12T00:00:00Z']);
    const categories = await t.post(`${C}/resourceCategories/getAll`, { ...gross, ServiceIds: [stay], Limitation: { Count: 10 } });
    const dbl = categories.body.ResourceCategories.find((c: { ExternalIdentifier: string }) => c.ExternalIdentifier === 'DBL').Id;
    const metrics = r.body.ResourceCategoryAvailabilities.find((a: { ResourceCategoryId: string }) => a.ResourceCategoryId === dbl).Metrics;
    expect(metrics).toEqual({ Occupied: [0, 1, 1, 0], ConfirmedReservations: [0, 1, 1, 0], ActiveResources: [12, 12, 12, 12] });
    const bad = await t.post(`${C}/services/getAvailability/2024-01-22`, { ...gross, ServiceId: 'nope', FirstTimeUnitStartUtc: '2027-03-09T00:00:00Z', LastTimeUnitStartUtc: '2027-03-12T00:00:00Z', Metrics: ['Occupied'] });
    expect(bad.body.Message).toMatch(/^Invalid ServiceId/);
    await t.close();
  });
});
