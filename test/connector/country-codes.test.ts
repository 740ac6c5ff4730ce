import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'countries 1.0' };

/** Country codes are ISO 3166-1 alpha-2, as countries/getAll lists them: `UK` for Great Britain is a 400 naming where it was sent. */
describe.each(TRANSPORTS)('Country codes (%s)', (_name, start) => {
  let t: Transport;
  let customer: string;
  const post = (path: string, body: Record<string, unknown>) => t.post(`${C}/${path}`, { ...gross, ...body });
  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z' });
    customer = (await post('customers/add', { LastName: 'Abroad', OverwriteExisting: false })).body.Id;
  });
  afterAll(() => t.close());

  it('are checked wherever a request sends one, update values included', async () => {
    const listed = new Set(((await post('countries/getAll', {})).body.Countries as { Code: string }[]).map((c) => c.Code));
    expect(listed.has('GB')).toBe(true);
    expect(listed.has('UK')).toBe(false);
    const cases: [string, Record<string, unknown>, string][] = [
      ['addresses/add', { Addresses: [{ AccountId: customer, Line1: '1 High Street', City: 'London', CountryCode: 'UK' }] }, 'Addresses[0].CountryCode'],
      ['customers/add', { LastName: 'Visitor', OverwriteExisting: false, NationalityCode: 'gb' }, 'NationalityCode'],
      ['customers/update', { CustomerId: customer, NationalityCode: 'XX' }, 'NationalityCode'],
      ['identityDocuments/add', { IdentityDocuments: [{ CustomerId: customer, Type: 'Passport', Number: 'P1', IssuingCountryCode: 'UK' }] }, 'IdentityDocuments[0].IssuingCountryCode'],
      ['accounts/update', { AccountUpdates: [{ Id: customer, Discriminator: 'Customer', Customer: { NationalityCode: { Value: 'UK' } } }] }, 'AccountUpdates[0].Customer.NationalityCode.Value'],
    ];
    for (const [path, body, at] of cases) {
      const r = await post(path, body);
      expect({ path, status: r.status, message: r.body.Message }).toEqual({ path, status: 400, message: `Invalid ${at}: ${JSON.stringify(body).match(/"(UK|gb|XX)"/)![1]} is not an ISO 3166-1 alpha-2 country code (countries/getAll lists them).` });
    }
    const fine = await post('addresses/add', { Addresses: [{ AccountId: customer, Line1: '1 High Street', City: 'London', CountryCode: 'GB', CountrySubdivisionCode: 'GB-ENG' }] });
    expect(fine.status).toBe(200);
    expect((await post('customers/update', { CustomerId: customer, NationalityCode: 'CZ' })).status).toBe(200);
  });
});
