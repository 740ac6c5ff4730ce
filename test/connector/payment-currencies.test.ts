import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'payment currency tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/**
 * Payments and payment requests in any currency the enterprise has enabled (GBP, EUR and USD for the
 * gross demo enterprise): each keeps its currency, and bill balances count it in GBP at the rates
 * exchangeRates/getAll lists.
 */
describe.each(TRANSPORTS)('Connector payments in enabled currencies (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };
  const amount = (Currency: string, GrossValue: number) => ({ Currency, GrossValue, TaxCodes: [] });
  const customer = async (name: string) => (await post('customers/add', { LastName: name, OverwriteExisting: false })).Id as string;

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', deltaPushes: false, changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
  });
  afterAll(() => t.close());

  it('the enterprise enables GBP (its own), EUR and USD, with exchange rates to GBP', async () => {
    const config = await post('configuration/get');
    expect(config.Enterprise.Currencies.map((c: { Currency: string }) => c.Currency).sort()).toEqual(['EUR', 'GBP', 'USD']);
    const { ExchangeRates } = await post('exchangeRates/getAll');
    expect(ExchangeRates).toEqual(expect.arrayContaining([expect.objectContaining({ SourceCurrency: 'EUR', TargetCurrency: 'GBP', Value: 0.85 }), expect.objectContaining({ SourceCurrency: 'USD', TargetCurrency: 'GBP' })]));
  });

  it('payments keep their currency; the bill balance counts them in GBP; a refund is in the currency of its payment', async () => {
    const guest = await customer('Traveller');
    await post('orders/add', { ServiceId: stay, AccountId: guest, Items: [{ Name: 'Dinner', UnitCount: 1, UnitAmount: amount('GBP', 100) }] });
    const external = (await post('payments/addExternal', { AccountId: guest, Amount: amount('EUR', 50), Type: 'Cash' })).ExternalPaymentId;
    const { CreditCardId } = await post('creditCards/addTokenized', { CustomerId: guest, CreditCardData: { StorageData: 'tok_1', Expiration: '2030-12' } });
    const charged = (await post('creditCards/charge', { CreditCardId, Amount: amount('USD', 27) })).PaymentId;
    await post('payments/addCreditCard', { CustomerId: guest, Amount: amount('EUR', 10), CreditCard: { Type: 'Visa', Number: '4111********1111', Name: 'T' } });
    const alternative = (await post('payments/addAlternative', { CustomerId: guest, Amount: amount('USD', 5.4), Data: { Discriminator: 'ApplePay' } })).PaymentId;

    const payments = (await post('payments/getAll', { AccountIds: [guest], Limitation: { Count: 10 } })).Payments as Item[];
    const byId = new Map(payments.map((p) => [p.Id, p]));
    expect(byId.get(external)).toMatchObject({ Amount: { Currency: 'EUR', GrossValue: 50 } });
    expect(byId.get(charged)).toMatchObject({ Amount: { Currency: 'USD', GrossValue: 27 } });
    expect(byId.get(alternative)).toMatchObject({ Amount: { Currency: 'USD', GrossValue: 5.4 } });
    expect(payments.find((p) => p.Type === 'CreditCardPayment' && p.Id !== charged)).toMatchObject({ Amount: { Currency: 'EUR', GrossValue: 10 } });

    const refund = await post('payments/refund', { PaymentId: charged, AccountId: guest, Reason: 'Overcharged', ValueToRefund: 10 });
    expect(refund).toMatchObject({ PaymentId: charged, Amount: { Currency: 'USD', Value: 10 } });
    expect((await fail('payments/refund', { PaymentId: charged, AccountId: guest, Reason: 'Again', ValueToRefund: 17.01 })).message).toBe('Invalid ValueToRefund: it must be more than 0 and at most 17, what is left to refund.');

    // 100 GBP less 50 EUR (42.50), 27 USD (21.25), 10 EUR (8.50) and 5.40 USD (4.25), plus the 10 USD refund (7.87).
    const [bill] = (await post('bills/getAll', { CustomerIds: [guest], Limitation: { Count: 10 } })).Bills as Item[];
    expect(await fail('bills/close', { BillId: bill.Id, Type: 'Receipt' })).toEqual({ status: 403, message: `Bill ${bill.Id} has a balance of 31.37 GBP; only a bill with a zero balance can be closed as a Receipt.` });
    await post('payments/addExternal', { AccountId: guest, Amount: amount('GBP', 31.37), Type: 'Cash' });
    expect((await post('bills/close', { BillId: bill.Id, Type: 'Receipt' })).Bills[0]).toMatchObject({ Id: bill.Id, State: 'Closed' });
  });

  it('payment requests take any enabled currency and keep it', async () => {
    const guest = await customer('Requested');
    const request = (Currency: string) => ({ AccountId: guest, Amount: { Currency, Value: 80 }, Type: 'Payment', Reason: 'Prepayment', ExpirationUtc: '2027-01-20T00:00:00Z', Description: 'Prepayment' });
    const added = (await post('paymentRequests/add', { PaymentRequests: [request('EUR'), request('USD'), request('GBP')] })).PaymentRequests as Item[];
    expect(added.map((r) => (r.Amount as { Currency: string }).Currency)).toEqual(['EUR', 'USD', 'GBP']);
    expect(added[0]).toMatchObject({ Amount: { Currency: 'EUR', GrossValue: 80, NetValue: 80 } });
    const listed = (await post('paymentRequests/getAll', { PaymentRequestIds: [added[0].Id], Limitation: { Count: 1 } })).PaymentRequests;
    expect(listed[0].Amount).toMatchObject({ Currency: 'EUR', GrossValue: 80 });
  });

  it('a currency the enterprise has not enabled is a 400 naming it, for every payment and payment request', async () => {
    const guest = await customer('Refused');
    const { CreditCardId } = await post('creditCards/addTokenized', { CustomerId: guest, CreditCardData: { StorageData: 'tok_2', Expiration: '2030-12' } });
    const message = 'the enterprise accepts payments in GBP, EUR, USD.';
    expect(await fail('payments/addExternal', { AccountId: guest, Amount: amount('JPY', 1000), Type: 'Cash' })).toEqual({ status: 400, message: `Invalid Amount.Currency: ${message}` });
    expect(await fail('creditCards/charge', { CreditCardId, Amount: amount('CZK', 100) })).toEqual({ status: 400, message: `Invalid Amount.Currency: ${message}` });
    expect(await fail('payments/addCreditCard', { CustomerId: guest, Amount: amount('CHF', 1), CreditCard: { Type: 'Visa', Number: '1111', Name: 'T' } })).toEqual({ status: 400, message: `Invalid Amount.Currency: ${message}` });
    expect(await fail('payments/addAlternative', { CustomerId: guest, Amount: amount('SEK', 1), Data: { Discriminator: 'ApplePay' } })).toEqual({ status: 400, message: `Invalid Amount.Currency: ${message}` });
    expect(await fail('paymentRequests/add', { PaymentRequests: [{ AccountId: guest, Amount: { Currency: 'JPY', Value: 80 }, Type: 'Payment', Reason: 'Prepayment', ExpirationUtc: '2027-01-20T00:00:00Z', Description: 'x' }] })).toEqual({ status: 400, message: `Invalid PaymentRequests[0].Amount.Currency: ${message}` });
    expect((await post('payments/getAll', { AccountIds: [guest], Limitation: { Count: 10 } })).Payments).toEqual([]);
  });
});
