import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'payment audit 1.0' };

/** Payments of several kinds on one account: payments/getAll's Type filter picks one kind, and ids chain to refunds. */
describe.each(TRANSPORTS)('Connector payments by type (%s)', (_name, start) => {
  let t: Transport;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it('Type narrows payments/getAll to that payment type', async () => {
    const guest = (await send('customers/add', { LastName: 'Payer', OverwriteExisting: false })).body.Id;
    const amount = (value: number) => ({ Currency: 'GBP', GrossValue: value, TaxCodes: [] });
    const cash = (await send('payments/addExternal', { AccountId: guest, Amount: amount(10), Type: 'Cash' })).body.ExternalPaymentId;
    const card = (await send('creditCards/addTokenized', { CustomerId: guest, CreditCardData: { StorageData: 'audit-storage', Expiration: '2030-06' } })).body.CreditCardId;
    const charged = (await send('creditCards/charge', { CreditCardId: card, Amount: amount(30) })).body.PaymentId;
    const refund = (await send('payments/refund', { PaymentId: charged, AccountId: guest, Reason: 'Overcharged', ValueToRefund: 5 })).body.RefundId;
    const list = async (more: Record<string, unknown>) =>
      ((await send('payments/getAll', { AccountIds: [guest], ...more, Limitation: { Count: 100 } })).body.Payments as { Id: string; Type: string }[]).map((p) => p.Id).sort();

    expect(await list({})).toEqual([cash, charged, refund].sort());
    expect(await list({ Type: 'CreditCardPayment' })).toEqual([charged, refund].sort());
    expect(await list({ Type: 'ExternalPayment' })).toEqual([cash]);
    expect(await list({ Type: 'InvoicePayment' })).toEqual([]);
  });
});
