import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'interval audit 1.0' };

/** A time filter whose table gives no maximum has none; the exports' filter has the 180 days of its prose. */
describe.each(TRANSPORTS)('Connector time filters without a documented maximum (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };
  const months = (n: number) => ({ StartUtc: `2026-${String(13 - n).padStart(2, '0')}-01T00:00:00Z`, EndUtc: '2027-01-01T00:00:00Z' });

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    stay = (await send('services/getAll', { Limitation: { Count: 1 } })).body.Services[0].Id;
  });
  afterAll(() => t.close());

  it('restrictions/getAll and serviceOverbookingLimits/getAll take intervals longer than three months', async () => {
    await send('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2026-11-01T00:00:00Z', LastTimeUnitStartUtc: '2026-11-03T00:00:00Z', Limit: 2 }] });
    const limits = await send('serviceOverbookingLimits/getAll', { ServiceIds: [stay], CollidingUtc: months(6), Limitation: { Count: 10 } });
    expect(limits.status).toBe(200);
    expect(limits.body.ServiceOverbookingLimits).toHaveLength(1);
    expect((await send('restrictions/getAll', { ServiceIds: [stay], UpdatedUtc: months(6), Limitation: { Count: 10 } })).status).toBe(200);
    // A documented maximum still holds.
    expect((await send('creditCards/getAll', { UpdatedUtc: months(6), Limitation: { Count: 10 } })).message).toBe('Invalid UpdatedUtc: the interval is longer than the maximum of 3 months.');
  });

  it('exports/add takes an UpdatedUtc of up to 180 days', async () => {
    const added = await send('exports/add', { EntityType: 'Payment', Filters: { UpdatedUtc: { StartUtc: '2026-07-14T00:00:00Z', EndUtc: '2027-01-10T00:00:00Z' } } });
    expect(added.status).toBe(200);
    expect(added.body.Export).toMatchObject({ EntityType: 'Payment', Status: 'Pending' });
    expect((await send('exports/add', { EntityType: 'Reservation', Filters: { UpdatedUtc: { StartUtc: '2026-07-10T00:00:00Z', EndUtc: '2027-01-10T00:00:00Z' } } })).message).toBe('Invalid Filters.UpdatedUtc: the interval is longer than the maximum of 180 days.');
  });
});
