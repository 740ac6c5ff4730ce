import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'card payment audit 1.0' };

/** A terminal card payment and a payment request name a bill as payments/addExternal does: any open bill of the account. */
describe.each(TRANSPORTS)('Connector card payments on a named bill (%s)', (_name, start) => {
  let t: Transport;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };
  const amount = (value: number) => ({ Currency: 'GBP', GrossValue: value, TaxCodes: [] });
  const card = (number: string) => ({ Type: 'MasterCard', Number: number, Expiration: '09/2031', Name: 'Card Holder' });

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it('a second open bill of the account takes the payment; a closed one is refused', async () => {
    const guest = (await send('customers/add', { LastName: 'Holder', OverwriteExisting: false })).body.Id;
    const bills = async () => (await send('bills/getAll', { CustomerIds: [guest], Extent: { Items: true }, Limitation: { Count: 10 } })).body.Bills as { Id: string; State: string; PaymentItems: { Id: string }[] }[];
    const second = (await send('bills/add', { Bills: [{ AccountId: guest, Name: 'Extras' }] })).body.Bills[0].Id;

    const paid = await send('payments/addCreditCard', { CustomerId: guest, BillId: second, Amount: amount(12), CreditCard: card('555555******4444') });
    expect(paid.status).toBe(200);
    const payment = (await send('payments/getAll', { AccountIds: [guest], Limitation: { Count: 10 } })).body.Payments[0];
    expect(payment).toMatchObject({ BillId: second, Data: { CreditCard: { CreditCardId: paid.body.CreditCardId } } });
    expect((await bills()).find((b) => b.Id === second)!.PaymentItems.map((p) => p.Id)).toEqual([payment.Id]);

    const request = await send('paymentRequests/add', { PaymentRequests: [{ AccountId: guest, Amount: { Currency: 'GBP', Value: 12 }, Type: 'Payment', Reason: 'Other', ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Extras', BillId: second }] });
    expect(request.status).toBe(200);

    // Closed as an invoice, the second bill takes nothing more.
    expect((await send('bills/close', { BillId: second, Type: 'Invoice' })).status).toBe(200);
    const refused = await send('payments/addCreditCard', { CustomerId: guest, BillId: second, Amount: amount(1), CreditCard: card('4444') });
    expect(refused).toMatchObject({ status: 400, message: `Invalid BillId: no open bill ${second} of the account.` });
    expect((await send('paymentRequests/add', { PaymentRequests: [{ AccountId: guest, Amount: { Currency: 'GBP', Value: 1 }, Type: 'Payment', Reason: 'Other', ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Late', BillId: second }] })).message).toBe(`Invalid PaymentRequests[0].BillId: no open bill ${second} of the account.`);
    expect((await send('payments/addCreditCard', { CustomerId: guest, Amount: amount(1), CreditCard: card('4444') })).status).toBe(200);
    const open = (await bills()).filter((b) => b.State === 'Open');
    expect(open.map((b) => b.PaymentItems.length)).toEqual([1]);
    expect(open[0].Id).not.toBe(second);
  });
});
