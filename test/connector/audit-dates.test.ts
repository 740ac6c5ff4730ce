import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'date audit 1.0' };

/** Dates and time unit starts are days of the calendar: a year out of range or a day that does not exist is a 400, never a crash. */
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

  it('identity document dates are days of the calendar', async () => {
    const traveller = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Traveller', OverwriteExisting: false })).body.Id as string;
    for (const date of ['2031-02-30', '2031-02-30T00:00:00Z']) {
      expect(await send('identityDocuments/add', { IdentityDocuments: [{ CustomerId: traveller, Type: 'Passport', Number: 'P1', ExpirationDate: date }] })).toEqual({ status: 400, message: 'Invalid IdentityDocuments[0].ExpirationDate: an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ) is expected.' });
    }
    expect((await send('identityDocuments/add', { IdentityDocuments: [{ CustomerId: traveller, Type: 'Passport', Number: 'P1', ExpirationDate: '2031-02-28' }] })).status).toBe(200);
  });

  it.each(['0000-01-01T00:00:00Z', '0999-06-01T00:00:00Z', '+275760-09-13T00:00:00Z'])('a time unit start at %s is a 400', async (instant) => {
    const stay = ((await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 1 } })).body.Services[0].Id) as string;
    const units = { FirstTimeUnitStartUtc: instant, LastTimeUnitStartUtc: instant };
    const message = 'it is not the start of a time unit of a day from year 1000 to 9999.';
    expect(await send('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ ...units, Limit: 1 }] })).toEqual({ status: 400, message: `Invalid SetServiceOverbookingLimits[0].FirstTimeUnitStartUtc: ${message}` });
    expect(await send('serviceOverbookingLimits/clear', { ServiceId: stay, ClearServiceOverbookingLimits: [units] })).toEqual({ status: 400, message: `Invalid ClearServiceOverbookingLimits[0].FirstTimeUnitStartUtc: ${message}` });
  });
});
