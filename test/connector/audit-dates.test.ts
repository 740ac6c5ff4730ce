import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'date audit 1.0' };

/** Date parameters of the finance reads are calendar dates: a year before 100 or a day that does not exist is a 400, never a crash. */
describe.each(TRANSPORTS)('Connector finance date parameters (%s)', (_name, start) => {
  let t: Transport;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string | undefined };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it.each([
    ['0000-01-01', '0000-01-02'],
    ['2026-02-30', '2026-03-01'],
  ])('%s to %s', async (from, to) => {
    expect(await send('ledgerBalances/getAll', { LedgerTypes: ['Revenue'], Date: { Start: from, End: to }, Limitation: { Count: 10 } })).toEqual({ status: 400, message: 'Invalid Date: Start must be a date (YYYY-MM-DD).' });
    expect(await send('exports/add', { EntityType: 'LedgerEntry', Filters: { LedgerEntryFilters: { Posting: { Start: from, End: to } } } })).toEqual({ status: 400, message: 'Invalid Filters.LedgerEntryFilters.Posting: Start and End must be dates (YYYY-MM-DD), End not before Start.' });
  });
});
