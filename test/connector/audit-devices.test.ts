import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'device audit 1.0' };

/** A payment terminal command names the customer's bill and payment request by ids that chain; others are a 400. */
describe.each(TRANSPORTS)('Connector payment terminal command ids (%s)', (_name, start) => {
  let t: Transport;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it('BillId and PaymentRequestId must be the customer\'s', async () => {
    const terminal = ((await send('devices/getAll', {})).body.Devices as { Id: string; Type: string }[]).find((d) => d.Type === 'PaymentTerminal')!.Id;
    const guest = (await send('customers/add', { LastName: 'Terminal', OverwriteExisting: false })).body.Id;
    const other = (await send('customers/add', { LastName: 'Other', OverwriteExisting: false })).body.Id;
    const bill = (await send('bills/add', { Bills: [{ AccountId: guest }] })).body.Bills[0].Id;
    const othersBill = (await send('bills/add', { Bills: [{ AccountId: other }] })).body.Bills[0].Id;
    const request = (await send('paymentRequests/add', { PaymentRequests: [{ AccountId: guest, Amount: { Currency: 'GBP', Value: 20 }, Type: 'Payment', Reason: 'Other', ExpirationUtc: '2027-02-01T00:00:00Z', Description: 'Deposit' }] })).body.PaymentRequests[0].Id;
    const pay = (more: Record<string, unknown>) => send('commands/addPaymentTerminal', { TerminalId: terminal, CustomerId: guest, Type: 'Payment', Amount: { Currency: 'GBP', Value: 20 }, ...more });

    const ok = await pay({ BillId: bill, PaymentRequestId: request });
    expect(ok.status).toBe(200);
    const [command] = (await send('commands/getAllByIds', { CommandIds: [ok.body.CommandId], Limitation: { Count: 1 } })).body.Commands;
    expect(command.Data).toMatchObject({ AccountId: guest, BillId: bill });
    expect(await pay({ BillId: othersBill })).toMatchObject({ status: 400, message: `Invalid BillId: no open bill ${othersBill} of the account.` });
    expect(await pay({ BillId: 'no-bill' })).toMatchObject({ status: 400, message: 'Invalid BillId: no open bill no-bill of the account.' });
    expect(await pay({ PaymentRequestId: 'no-request' })).toMatchObject({ status: 400, message: 'Invalid PaymentRequestId: no payment request no-request of the customer.' });
  });
});
