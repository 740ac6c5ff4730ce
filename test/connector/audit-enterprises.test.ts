import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'enterprise audit 1.0' };
const elsewhere = '00000000-0000-4000-8000-000000000001';

/** EnterpriseIds is a filter like the others: ids of enterprises the token does not reach select nothing. */
describe.each(TRANSPORTS)('Connector EnterpriseIds filters (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let enterprise: string;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    const service = (await send('services/getAll', { Limitation: { Count: 1 } })).Services[0];
    stay = service.Id;
    enterprise = service.EnterpriseId;
    await send('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-02-01T00:00:00Z', LastTimeUnitStartUtc: '2027-02-03T00:00:00Z', Limit: 2 }] });
  });
  afterAll(() => t.close());

  it.each([
    ['serviceOverbookingLimits/getAll', 'ServiceOverbookingLimits', () => ({ ServiceIds: [stay] })],
    ['resourceFeatures/getAll', 'ResourceFeatures', () => ({ ServiceIds: [stay] })],
    ['ledgerBalances/getAll', 'LedgerBalances', () => ({ Date: { Start: '2027-01-08', End: '2027-01-09' }, LedgerTypes: ['Revenue'] })],
  ])('%s', async (path, collection, filters) => {
    const list = async (ids?: string[]) => (await send(path, { ...filters(), ...(ids && { EnterpriseIds: ids }), Limitation: { Count: 100 } }))[collection] as unknown[];
    const all = await list();
    expect(all.length).toBeGreaterThan(0);
    expect(await list([enterprise])).toEqual(all);
    expect(await list([elsewhere])).toEqual([]);
  });
});
