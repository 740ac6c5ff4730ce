import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'card tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** Cards and the payments made with them: each shows in payments/getAll and the owner's bill; no card number beyond an obfuscated one. */
describe.each(TRANSPORTS)('Connector credit cards and card payments (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let customer: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const fail = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, message: r.body?.Message as string };
  };
  const payments = async () => (await post('payments/getAll', { AccountIds: [customer], Limitation: { Count: 100 } })).Payments as Item[];
  const bill = async () => (await post('bills/getAll', { CustomerIds: [customer], Extent: { Items: true }, Limitation: { Count: 10 } })).Bills[0];

  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
    await t.request('PUT', '/_sim/webhooks', { url: `${partner.url}/hooks` });
    customer = (await post('customers/add', { LastName: 'Cardholder', OverwriteExisting: false })).Id;
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('a tokenized card is listed, charged (a payment of payments/getAll and of the bill), then disabled', async () => {
    const { CreditCardId } = await post('creditCards/addTokenized', { CustomerId: customer, CreditCardData: { StorageData: 'pci-transaction-1', Expiration: '2029-04' } });
    const [card] = (await post('creditCards/getAll', { CustomerIds: [customer], Limitation: { Count: 10 } })).CreditCards;
    expect(card).toMatchObject({ Id: CreditCardId, CustomerId: customer, Kind: 'Gateway', State: 'Enabled', IsActive: true, Expiration: '04/2029', ObfuscatedNumber: null });
    expect(JSON.stringify(card)).not.toContain('pci-transaction-1');

    await t.sim.idle();
    partner.calls.length = 0;
    const { PaymentId } = await post('creditCards/charge', { CreditCardId, Amount: { Currency: 'GBP', GrossValue: 42, TaxCodes: [] }, Notes: 'Deposit', ReceiptIdentifier: 'R-1' });
    const payment = (await payments()).find((p) => p.Id === PaymentId)!;
    expect(payment).toMatchObject({ AccountId: customer, Type: 'CreditCardPayment', State: 'Charged', Identifier: 'R-1', Notes: 'Deposit', Amount: { GrossValue: 42, Currency: 'GBP' }, Data: { Discriminator: 'CreditCard', CreditCard: { CreditCardId } } });
    expect((await bill()).PaymentItems.map((p: Item) => p.Id)).toContain(PaymentId);
    const [hook] = await partner.waitFor('hooks');
    expect(hook.body.Events).toContainEqual({ Discriminator: 'PaymentUpdated', Value: { Id: PaymentId } });

    await post('creditCards/disable', { CreditCardId });
    expect((await post('creditCards/getAll', { CreditCardIds: [CreditCardId], Limitation: { Count: 10 } })).CreditCards[0]).toMatchObject({ State: 'Disabled', IsActive: false });
    expect(await fail('creditCards/charge', { CreditCardId, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] } })).toEqual({ status: 403, message: expect.stringMatching(/disabled/) });
    expect(await fail('creditCards/disable', { CreditCardId: 'no-card' })).toEqual({ status: 400, message: 'Invalid CreditCardId: no credit card no-card.' });
    expect(await fail('creditCards/addTokenized', { CustomerId: 'nobody', CreditCardData: { StorageData: 'x', Expiration: '2029-04' } })).toEqual({ status: 400, message: 'Invalid CustomerId: no customer nobody.' });
    expect((await fail('creditCards/addTokenized', { CustomerId: customer, CreditCardData: { StorageData: 'x', Expiration: '04/2029' } })).message).toMatch(/^Invalid CreditCardData.Expiration: /);
  });

  it('payments/addCreditCard keeps an obfuscated number only, a terminal card that cannot be charged or disabled', async () => {
    const { CreditCardId } = await post('payments/addCreditCard', {
      CustomerId: customer,
      Amount: { Currency: 'GBP', GrossValue: 15, TaxCodes: [] },
      CreditCard: { Type: 'Visa', Number: '411111******1111', Expiration: '12/2030', Name: 'A Cardholder' },
    });
    const card = (await post('creditCards/getAll', { CreditCardIds: [CreditCardId], Limitation: { Count: 10 } })).CreditCards[0];
    expect(card).toMatchObject({ Kind: 'Terminal', Type: 'Visa', ObfuscatedNumber: '411111******1111', Expiration: '12/2030' });
    expect(JSON.stringify(card)).not.toContain('A Cardholder');
    const payment = (await payments()).find((p) => (p.Data as { CreditCard?: { CreditCardId: string } }).CreditCard?.CreditCardId === CreditCardId)!;
    expect(payment).toMatchObject({ Type: 'CreditCardPayment', Amount: { GrossValue: 15 } });
    expect((await bill()).PaymentItems.find((p: Item) => p.Id === payment.Id).Data.Discriminator).toBe('CreditCard');
    // A full number never stays: what reaches the handler is masked, and more than 6 + 4 digits is refused.
    const full = await post('payments/addCreditCard', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] }, CreditCard: { Type: 'Visa', Number: '4111111111111111', Name: 'X' } });
    const stored = (await post('creditCards/getAll', { CreditCardIds: [full.CreditCardId], Limitation: { Count: 10 } })).CreditCards[0];
    expect(stored.ObfuscatedNumber).toBe('411111******1111');
    const journal = await t.request('GET', '/_sim/journal');
    expect(journal.status).toBe(200);
    expect(journal.text).toContain('411111******1111');
    expect(journal.text).not.toContain('4111111111111111');
    expect((await fail('payments/addCreditCard', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] }, CreditCard: { Type: 'Visa', Number: '41111111111', Name: 'X' } })).message).toMatch(/^Invalid CreditCard.Number: /);
    expect((await fail('payments/addCreditCard', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] }, CreditCard: { Type: 'Laser', Number: '1111', Name: 'X' } })).message).toMatch(/^Invalid CreditCard.Type: /);
    expect(await fail('creditCards/charge', { CreditCardId, Amount: { Currency: 'GBP', GrossValue: 1, TaxCodes: [] } })).toEqual({ status: 403, message: 'Only a gateway credit card can be charged.' });
    expect((await fail('creditCards/disable', { CreditCardId })).status).toBe(403);
  });

  it('alternative payments: iDEAL waits at the redirect, Apple Pay is charged; both are refundable, in part and to the end', async () => {
    const ideal = await post('payments/addAlternative', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 30, TaxCodes: [] }, Data: { Discriminator: 'Ideal', Ideal: { RedirectUrl: 'https://partner.example/return' } } });
    expect(ideal.NextAction).toEqual({ Discriminator: 'RedirectToUrl', Value: 'https://partner.example/return' });
    expect((await payments()).find((p) => p.Id === ideal.PaymentId)).toMatchObject({ Type: 'AlternativePayment', State: 'Pending', Data: { Discriminator: 'Alternative', Alternative: { Type: 'Ideal' } } });
    expect((await fail('payments/refund', { PaymentId: ideal.PaymentId, AccountId: customer, Reason: 'Changed plans' })).status).toBe(403);
    expect((await fail('payments/addAlternative', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 30, TaxCodes: [] }, Data: { Discriminator: 'SepaDirectDebit' } })).message).toMatch(/^Invalid Data.SepaDirectDebit: /);

    const apple = await post('payments/addAlternative', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 50, TaxCodes: [] }, Data: { Discriminator: 'ApplePay' } });
    expect(apple.NextAction).toBeNull();
    const part = await post('payments/refund', { PaymentId: apple.PaymentId, AccountId: customer, Reason: 'Room change', ValueToRefund: 20 });
    expect(part).toMatchObject({ PaymentId: apple.PaymentId, Type: 'AlternativePayment', Amount: { Currency: 'GBP', Value: 20 }, State: 'Charged' });
    const refund = (await post('payments/getAll', { PaymentIds: [part.RefundId], Limitation: { Count: 1 } })).Payments[0];
    expect(refund).toMatchObject({ Kind: 'Refund', AccountId: customer, Amount: { GrossValue: -20 }, Notes: 'Room change' });
    expect((await bill()).PaymentItems.map((p: Item) => p.Id)).toContain(part.RefundId);
    expect((await fail('payments/refund', { PaymentId: apple.PaymentId, AccountId: customer, Reason: 'Again', ValueToRefund: 31 })).message).toMatch(/^Invalid ValueToRefund: .*at most 30/);
    const rest = await post('payments/refund', { PaymentId: apple.PaymentId, AccountId: customer, Reason: 'Canceled stay' });
    expect(rest.Amount).toEqual({ Currency: 'GBP', Value: 30 });
    expect((await fail('payments/refund', { PaymentId: apple.PaymentId, AccountId: customer, Reason: 'Again' })).status).toBe(400);
    expect((await fail('payments/refund', { PaymentId: apple.PaymentId, AccountId: 'someone-else', Reason: 'x' })).message).toMatch(/^Invalid AccountId: /);

    const cash = await post('payments/addExternal', { AccountId: customer, Amount: { Currency: 'GBP', GrossValue: 5, TaxCodes: [] }, Type: 'Cash' });
    expect(await fail('payments/refund', { PaymentId: cash.ExternalPaymentId, AccountId: customer, Reason: 'x' })).toEqual({ status: 403, message: expect.stringMatching(/^Only a CreditCardPayment or AlternativePayment/) });
  });

  it('preauthorizations/getAllByCustomers answers the customers\' preauthorizations (none are placed through the API)', async () => {
    expect(await post('preauthorizations/getAllByCustomers', { CustomerIds: [customer] })).toEqual({ Preauthorizations: [] });
    expect(await fail('preauthorizations/getAllByCustomers', { CustomerIds: ['nobody'] })).toEqual({ status: 400, message: 'Invalid CustomerIds[0]: no customer nobody.' });
  });
});
