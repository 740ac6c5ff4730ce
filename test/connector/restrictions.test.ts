import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'restriction tests 1.0' };
const allDays = { Monday: true, Tuesday: true, Wednesday: true, Thursday: true, Friday: true, Saturday: true, Sunday: true };
// London is on UTC in winter: local midnight is 00:00Z.
const at = (date: string) => `${date}T00:00:00Z`;

describe.each(TRANSPORTS)('Connector restrictions (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let service: string;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false });
    service = (await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 5 } })).body.Services[0].Id;
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });
  const list = async () => (await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], Origin: 'Integration', Limitation: { Count: 100 } })).body.Restrictions;
  const set = (data: object[]) => t.post(`${C}/restrictions/set`, { ...gross, ServiceId: service, Data: data });
  const base = { Type: 'Stay', ExactRateId: 'eid:FLEX', ResourceCategoryId: 'eid:DBL', Days: allDays };

  it('set stores a restriction, getAll returns it, and the channel manager gets the delta', async () => {
    const r = await set([{ ...base, StartUtc: at('2027-02-01'), EndUtc: at('2027-02-10'), MinLength: 'P0M2DT0H0M0S' }]);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({});
    const [only] = await list();
    expect(only).toMatchObject({ Origin: 'Integration', Conditions: { Type: 'Stay', StartUtc: at('2027-02-01'), EndUtc: at('2027-02-10'), Days: expect.arrayContaining(['Monday', 'Sunday']) }, Exceptions: { MinLength: 'P0M2DT0H0M0S' } });
    const pushes = await partner.waitFor('updateRestrictions');
    const items = pushes.flatMap((p) => p.body.restrictions).filter((x: { ratePlanCode: string; spaceTypeCode: string }) => x.ratePlanCode === 'FLEX' && x.spaceTypeCode === 'DBL');
    expect(items).toContainEqual({ spaceTypeCode: 'DBL', ratePlanCode: 'FLEX', from: '2027-02-01', to: '2027-02-10', state: [1], minLos: 2, maxLos: null });
  });

  it('set with other exceptions inside the interval splits the old restriction; the same ones merge', async () => {
    await set([{ ...base, StartUtc: at('2027-02-04'), EndUtc: at('2027-02-05') }]);
    const parts = (await list()).map((r: { Conditions: { StartUtc: string; EndUtc: string }; Exceptions: { MinLength: string | null } }) => [r.Conditions.StartUtc.slice(0, 10), r.Conditions.EndUtc.slice(0, 10), r.Exceptions.MinLength]);
    expect(parts.sort()).toEqual([
      ['2027-02-01', '2027-02-03', 'P0M2DT0H0M0S'],
      ['2027-02-04', '2027-02-05', null],
      ['2027-02-06', '2027-02-10', 'P0M2DT0H0M0S'],
    ]);
    await set([{ ...base, StartUtc: at('2027-02-04'), EndUtc: at('2027-02-05'), MinLength: 'P0M2DT0H0M0S' }]);
    expect(await list()).toHaveLength(1);
    const closed = await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], Origin: 'Integration', ExactRateIds: ['nope'], Limitation: { Count: 10 } });
    expect(closed.body.Restrictions).toHaveLength(0);
  });

  it('clear cuts the interval out, keeping the parts outside', async () => {
    const r = await t.post(`${C}/restrictions/clear`, { ...gross, ServiceId: service, Data: [{ ...base, StartUtc: at('2027-02-03'), EndUtc: at('2027-02-08') }] });
    expect(r.status).toBe(200);
    const parts = (await list()).map((x: { Conditions: { StartUtc: string; EndUtc: string } }) => [x.Conditions.StartUtc.slice(0, 10), x.Conditions.EndUtc.slice(0, 10)]);
    expect(parts.sort()).toEqual([
      ['2027-02-01', '2027-02-02'],
      ['2027-02-09', '2027-02-10'],
    ]);
    // Clear matches conditions exactly: without the category it removes nothing here.
    await t.post(`${C}/restrictions/clear`, { ...gross, ServiceId: service, Data: [{ Type: 'Stay', ExactRateId: 'eid:FLEX', Days: allDays }] });
    expect(await list()).toHaveLength(2);
  });

  it("lists the property's own rules as User restrictions, apart from or together with the integration's", async () => {
    const rates = (await t.post(`${C}/rates/getAll`, { ...gross, ServiceIds: [service], Limitation: { Count: 100 } })).body.Rates;
    const rate = (code: string) => rates.find((r: { ExternalIdentifier: string }) => r.ExternalIdentifier === code).Id;
    const user = (await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], Origin: 'User', Limitation: { Count: 100 } })).body.Restrictions;
    // The demo property: BAR needs 2 nights on Fridays and Saturdays, NR closes to arrival on Sundays, LONG needs 5 to 28 nights.
    expect(user).toEqual([
      expect.objectContaining({ Origin: 'User', Conditions: expect.objectContaining({ Type: 'Stay', ExactRateId: rate('BAR'), Days: ['Friday', 'Saturday'], StartUtc: null, EndUtc: null }), Exceptions: expect.objectContaining({ MinLength: 'P0M2DT0H0M0S', MaxLength: null }) }),
      expect.objectContaining({ Origin: 'User', Conditions: expect.objectContaining({ Type: 'Start', ExactRateId: rate('NR'), Days: ['Sunday'] }), Exceptions: expect.objectContaining({ MinLength: null }) }),
      expect.objectContaining({ Origin: 'User', Conditions: expect.objectContaining({ Type: 'Stay', ExactRateId: rate('LONG'), Days: expect.arrayContaining(['Monday', 'Sunday']) }), Exceptions: expect.objectContaining({ MinLength: 'P0M5DT0H0M0S', MaxLength: 'P0M28DT0H0M0S' }) }),
    ]);
    const all = (await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], Limitation: { Count: 100 } })).body.Restrictions;
    expect(all).toHaveLength(user.length + (await list()).length);
    const bar = (await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], Origin: 'User', ExactRateIds: [rate('BAR')], Limitation: { Count: 100 } })).body.Restrictions;
    expect(bar.map((r: { Id: string }) => r.Id)).toEqual([user[0].Id]);
    const createdNow = (await t.post(`${C}/restrictions/getAll`, { ...gross, ServiceIds: [service], CreatedUtc: { StartUtc: '2027-01-10T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 100 } })).body.Restrictions;
    expect(createdNow.every((r: { Origin: string }) => r.Origin === 'Integration')).toBe(true);
    expect(createdNow.length).toBeGreaterThan(0);
  });

  it('keeps a restriction of any length, working out its effect only over the dates channel managers are pushed', async () => {
    // (Before, five centuries of days were worked out one by one: the call outlived the test's time limit.)
    const r = await set([{ ...base, ExactRateId: 'eid:LONG', StartUtc: at('2027-06-01'), EndUtc: at('2527-06-01') }]);
    expect(r.status).toBe(200);
    const [kept] = (await list()).filter((x: { Conditions: { EndUtc: string } }) => x.Conditions.EndUtc?.startsWith('2527-05-31'));
    // London summer time: local midnight is 23:00 UTC the day before.
    expect(kept.Conditions).toMatchObject({ StartUtc: '2027-05-31T23:00:00Z', EndUtc: '2527-05-31T23:00:00Z' });
  });

  it('refuses an unknown rate, a wrong service and a malformed duration, naming the parameter', async () => {
    expect((await set([{ ...base, ExactRateId: 'eid:NOPE' }])).body.Message).toMatch(/^Invalid Data\[0\]\.ExactRateId/);
    expect((await t.post(`${C}/restrictions/set`, { ...gross, ServiceId: 'nope', Data: [base] })).body.Message).toMatch(/^Invalid ServiceId/);
    expect((await set([{ ...base, MinLength: 'two days' }])).body.Message).toMatch(/^Invalid Data\[0\]\.MinLength/);
  });
});
