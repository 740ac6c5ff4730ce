import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'document tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** Identity documents: add, update, delete and clear are what getAll shows, and each is a CustomerUpdated webhook. */
describe.each(TRANSPORTS)('Connector identity documents (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };
  const list = async (customers: string[], more: Record<string, unknown> = {}) => (await post('identityDocuments/getAll', { CustomerIds: customers, ...more, Limitation: { Count: 100 } })).IdentityDocuments as Item[];

  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
    await t.request('PUT', '/_sim/webhooks', { url: `${partner.url}/hooks` });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('add, getAll by customer and type, update, delete', async () => {
    const customer = (await post('customers/add', { LastName: 'Traveller', OverwriteExisting: false })).Id;
    await t.sim.idle();
    partner.calls.length = 0;
    const added = (await post('identityDocuments/add', { IdentityDocuments: [
      { CustomerId: customer, Type: 'Passport', Number: 'P1234567', ExpirationDate: '2031-05-01', IssuingCountryCode: 'GB' },
      { CustomerId: customer, Type: 'DriversLicense', Number: 'D-42' },
    ] })).IdentityDocuments as Item[];
    expect(added[0]).toEqual({ Id: expect.any(String), CustomerId: customer, Type: 'Passport', Number: 'P1234567', ExpirationDate: '2031-05-01T00:00:00Z', IssuanceDate: null, IssuingCountryCode: 'GB', IssuingCountrySubdivisionCode: null, IssuingCity: null, IdentityDocumentSupportNumber: null, IsVerified: false });
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toContainEqual({ Discriminator: 'CustomerUpdated', Value: { Id: customer } });
    expect((await list([customer])).map((d) => d.Id).sort()).toEqual(added.map((d) => d.Id).sort());
    expect((await list([customer], { Types: ['Passport'] })).map((d) => d.Id)).toEqual([added[0].Id]);

    const [updated] = (await post('identityDocuments/update', { IdentityDocuments: [{ Id: added[0].Id, Number: { Value: 'P7654321' }, IsVerified: { Value: true }, IssuingCity: { Value: 'London' } }] })).IdentityDocuments;
    expect(updated).toMatchObject({ Id: added[0].Id, Number: 'P7654321', IsVerified: true, IssuingCity: 'London', ExpirationDate: '2031-05-01T00:00:00Z' });
    expect((await list([customer], { IdentityDocumentIds: [added[0].Id] }))[0]).toEqual(updated);

    await post('identityDocuments/delete', { IdentityDocumentIds: [added[1].Id] });
    expect((await list([customer])).map((d) => d.Id)).toEqual([added[0].Id]);
    expect(await fail('identityDocuments/delete', { IdentityDocumentIds: [added[1].Id] })).toEqual({ status: 400, message: `Invalid IdentityDocumentIds[0]: no identity document ${added[1].Id}.` });
    expect(await fail('identityDocuments/update', { IdentityDocuments: [{ Id: added[1].Id, Number: { Value: 'x' } }] })).toEqual({ status: 400, message: `Invalid IdentityDocuments[0].Id: no identity document ${added[1].Id}.` });
  });

  it('dates are ISO 8601 dates or date-times, answered as the date at midnight UTC', async () => {
    const customer = (await post('customers/add', { LastName: 'Dated', OverwriteExisting: false })).Id;
    const [byDateTime, byDate, byOffset] = (await post('identityDocuments/add', { IdentityDocuments: [
      { CustomerId: customer, Type: 'Passport', Number: 'T1', ExpirationDate: '2040-10-24T00:00:00Z', IssuanceDate: '2024-10-24T00:00:00Z' },
      { CustomerId: customer, Type: 'IdentityCard', Number: 'T2', ExpirationDate: '2040-10-24', IssuanceDate: '2024-10-24' },
      { CustomerId: customer, Type: 'Visa', Number: 'T3', ExpirationDate: '2040-10-24T23:30:00.5-05:00', IssuanceDate: '2024-10-24T08:15+01:00' },
    ] })).IdentityDocuments as Item[];
    for (const d of [byDateTime, byDate, byOffset]) expect(d).toMatchObject({ ExpirationDate: '2040-10-24T00:00:00Z', IssuanceDate: '2024-10-24T00:00:00Z' });
    expect((await list([customer], { IdentityDocumentIds: [byOffset.Id] }))[0]).toMatchObject({ ExpirationDate: '2040-10-24T00:00:00Z', IssuanceDate: '2024-10-24T00:00:00Z' });

    const [updated] = (await post('identityDocuments/update', { IdentityDocuments: [{ Id: byDate.Id, ExpirationDate: { Value: '2041-01-31T00:00:00Z' }, IssuanceDate: { Value: '2025-01-31' } }] })).IdentityDocuments;
    expect(updated).toMatchObject({ Id: byDate.Id, ExpirationDate: '2041-01-31T00:00:00Z', IssuanceDate: '2025-01-31T00:00:00Z' });
    expect((await list([customer], { IdentityDocumentIds: [byDate.Id] }))[0]).toEqual(updated);
    const [cleared] = (await post('identityDocuments/update', { IdentityDocuments: [{ Id: byDate.Id, IssuanceDate: { Value: null } }] })).IdentityDocuments;
    expect(cleared).toMatchObject({ ExpirationDate: '2041-01-31T00:00:00Z', IssuanceDate: null });

    const expected = 'an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDThh:mm:ssZ) is expected.';
    for (const bad of ['24/10/2040', '2040-10-24 00:00:00Z', '2040-10-24T24:00:00Z', '2040-13-01T00:00:00Z', '2040-10-24Z', 'tomorrow']) {
      expect(await fail('identityDocuments/add', { IdentityDocuments: [{ CustomerId: customer, Type: 'Passport', Number: 'X', IssuanceDate: bad }] })).toEqual({ status: 400, message: `Invalid IdentityDocuments[0].IssuanceDate: ${expected}` });
      expect(await fail('identityDocuments/update', { IdentityDocuments: [{ Id: byDateTime.Id, ExpirationDate: { Value: bad } }] })).toEqual({ status: 400, message: `Invalid IdentityDocuments[0].ExpirationDate: ${expected}` });
    }
    expect((await list([customer], { IdentityDocumentIds: [byDateTime.Id] }))[0]).toMatchObject({ ExpirationDate: '2040-10-24T00:00:00Z' });
  });

  it('clear removes every document of the customers given, and only theirs', async () => {
    const [a, b] = [(await post('customers/add', { LastName: 'Clear A', OverwriteExisting: false })).Id, (await post('customers/add', { LastName: 'Clear B', OverwriteExisting: false })).Id];
    await post('identityDocuments/add', { IdentityDocuments: [{ CustomerId: a, Type: 'IdentityCard', Number: 'A1' }, { CustomerId: a, Type: 'Visa', Number: 'A2' }, { CustomerId: b, Type: 'Passport', Number: 'B1' }] });
    await post('identityDocuments/clear', { CustomerIds: [a] });
    expect(await list([a])).toEqual([]);
    expect((await list([b])).map((d) => d.Number)).toEqual(['B1']);
  });

  it('refuses unknown customers and malformed dates, naming the parameter', async () => {
    const customer = (await post('customers/add', { LastName: 'Strict', OverwriteExisting: false })).Id;
    expect(await fail('identityDocuments/add', { IdentityDocuments: [{ CustomerId: 'nobody', Type: 'Passport', Number: '1' }] })).toEqual({ status: 400, message: 'Invalid IdentityDocuments[0].CustomerId: no customer nobody.' });
    expect((await fail('identityDocuments/add', { IdentityDocuments: [{ CustomerId: customer, Type: 'Passport', Number: '1', ExpirationDate: '01/05/2031' }] })).message).toMatch(/^Invalid IdentityDocuments\[0\].ExpirationDate: /);
    expect(await fail('identityDocuments/getAll', { CustomerIds: ['nobody'], Limitation: { Count: 1 } })).toEqual({ status: 400, message: 'Invalid CustomerIds[0]: no customer nobody.' });
    expect(await fail('identityDocuments/clear', { CustomerIds: ['nobody'] })).toEqual({ status: 400, message: 'Invalid CustomerIds[0]: no customer nobody.' });
  });
});
