import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'numbers 1.0' };

/** Mews's amounts and counts are decimals: a number no decimal holds is a 400 naming it, never an answer with nulls in it. */
describe.each(TRANSPORTS)('Numbers out of the decimal range (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => (t = await start({ now: '2027-01-10T08:00:00Z' })));
  afterAll(() => t.close());

  it('names the parameter of the first one', async () => {
    const customer = (await t.post(`${C}/customers/add`, { ...gross, LastName: 'Huge', OverwriteExisting: false })).body.Id;
    const r = await t.post(`${C}/payments/addExternal`, { ...gross, AccountId: customer, Amount: { Currency: 'GBP', GrossValue: 1e308, TaxCodes: [] }, Type: 'Cash' });
    expect(r.status).toBe(400);
    expect(r.body.Message).toBe('Invalid Amount.GrossValue: the number is outside the range of a decimal.');
    const list = await t.post(`${C}/orders/add`, { ...gross, ServiceId: 'x', AccountId: customer, Items: [{ Name: 'a', UnitCount: 1, UnitAmount: { Currency: 'GBP', GrossValue: -1e29, TaxCodes: [] } }] });
    expect(list.body.Message).toBe('Invalid Items[0].UnitAmount.GrossValue: the number is outside the range of a decimal.');
    const fine = await t.post(`${C}/payments/addExternal`, { ...gross, AccountId: customer, Amount: { Currency: 'GBP', GrossValue: 1e20, TaxCodes: [] }, Type: 'Cash' });
    expect(fine.status).toBe(200);
  });
});
