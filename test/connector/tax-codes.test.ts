import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'tax codes 1.0' };

/** TaxCodes of Amount parameters name tax rates of the enterprise's tax environment (taxations/getAll); one only with a GrossValue. */
describe.each(TRANSPORTS)('Tax codes (%s)', (_name, start) => {
  let t: Transport;
  const ids: Record<string, string> = {};
  const post = (path: string, body: Record<string, unknown>) => t.post(`${C}/${path}`, { ...gross, ...body });
  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z' });
    ids.stay = (await post('services/getAll', { Limitation: { Count: 1 } })).body.Services[0].Id;
    ids.customer = (await post('customers/add', { LastName: 'Taxed', OverwriteExisting: false })).body.Id;
    ids.category = (await post('resourceCategories/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 1 } })).body.ResourceCategories[0].Id;
    ids.rate = (await post('rates/getAll', { ServiceIds: [ids.stay], Limitation: { Count: 1 } })).body.Rates[0].Id;
    ids.adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).body.AgeCategories[0].Id;
  });
  afterAll(() => t.close());

  it('a code the tax environment has not, or several with a GrossValue, is a 400 naming where it was sent', async () => {
    const rates = (await post('taxations/getAll', {})).body.TaxRates as { Code: string; TaxationCode: string; Value: number }[];
    expect(rates.filter((r) => r.TaxationCode === 'UK').map((r) => [r.Code, r.Value])).toEqual(expect.arrayContaining([['UK-S', 0.2], ['UK-R', 0.05], ['UK-Z', 0]]));
    const order = (amount: Record<string, unknown>) => post('orders/add', { ServiceId: ids.stay, AccountId: ids.customer, Items: [{ Name: 'Towel', UnitCount: 1, UnitAmount: { Currency: 'GBP', ...amount } }] });
    const unknown = await order({ GrossValue: 5, TaxCodes: ['US-DC-G'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/^Invalid Items\[0\]\.UnitAmount\.TaxCodes\[0\]: no tax rate US-DC-G in the enterprise's tax environment \(taxations\/getAll lists UK-S, /);
    expect((await order({ GrossValue: 5, TaxCodes: ['UK-S', 'UK-R'] })).body.Message).toBe('Invalid Items[0].UnitAmount.TaxCodes: only one tax can be given with a GrossValue; send a NetValue for several.');
    expect((await order({ NetValue: 5, TaxCodes: ['UK-S', 'UK-R'] })).status).toBe(200);
    expect((await order({ GrossValue: 5, TaxCodes: ['UK-Z'] })).status).toBe(200);
    const stay = await post('reservations/add', {
      ServiceId: ids.stay,
      Reservations: [
        { StartUtc: '2027-02-01T15:00:00Z', EndUtc: '2027-02-02T10:00:00Z', PersonCounts: [{ AgeCategoryId: ids.adult, Count: 1 }], CustomerId: ids.customer, RequestedCategoryId: ids.category, RateId: ids.rate, TimeUnitAmount: { Currency: 'GBP', GrossValue: 80, TaxCodes: ['XX-1'] } },
      ],
    });
    expect({ status: stay.status, message: stay.body.Message?.split(':')[0] }).toEqual({ status: 400, message: 'Invalid Reservations[0].TimeUnitAmount.TaxCodes[0]' });
  });

  it("an item is taxed at the rates its TaxCodes name: UK-Z untaxed, UK-R at 5 %, several added up from a NetValue", async () => {
    const item = async (amount: Record<string, unknown>) => {
      const { OrderId } = (await post('orders/add', { ServiceId: ids.stay, AccountId: ids.customer, Items: [{ Name: 'Item', UnitCount: 2, UnitAmount: { Currency: 'GBP', ...amount } }] })).body;
      return (await post('orderItems/getAll', { ServiceOrderIds: [OrderId], Limitation: { Count: 1 } })).body.OrderItems[0].Amount;
    };
    expect(await item({ GrossValue: 10, TaxCodes: ['UK-Z'] })).toMatchObject({ GrossValue: 20, NetValue: 20, TaxValues: [{ Code: 'UK-Z', Value: 0 }] });
    expect(await item({ GrossValue: 10.5, TaxCodes: ['UK-R'] })).toMatchObject({ GrossValue: 21, NetValue: 20, TaxValues: [{ Code: 'UK-R', Value: 1 }] });
    expect(await item({ GrossValue: 12, TaxCodes: ['UK-S'] })).toMatchObject({ GrossValue: 24, NetValue: 20, TaxValues: [{ Code: 'UK-S', Value: 4 }] });
    // The gross enterprise keeps gross values: a NetValue becomes gross at the rates' sum.
    expect(await item({ NetValue: 10, TaxCodes: ['UK-S', 'UK-R'] })).toMatchObject({ GrossValue: 25, NetValue: 20, TaxValues: [{ Code: 'UK-S', Value: 4 }, { Code: 'UK-R', Value: 1 }] });
    expect(await item({ GrossValue: 10, TaxCodes: [] })).toMatchObject({ GrossValue: 20, NetValue: 20, TaxValues: [] });
  });
});
