import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'accounting audit 1.0' };

/** accountingItems/update moves an item to a bill and that bill's account, never to a bill of one account under another. */
describe.each(TRANSPORTS)('Connector accounting item moves (%s)', (_name, start) => {
  let t: Transport;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
  });
  afterAll(() => t.close());

  it('AccountId must be the account of the bill the item moves to', async () => {
    const stay = (await send('services/getAll', { Limitation: { Count: 1 } })).body.Services[0].Id;
    const guest = (await send('customers/add', { LastName: 'Guest', OverwriteExisting: false })).body.Id;
    const friend = (await send('customers/add', { LastName: 'Friend', OverwriteExisting: false })).body.Id;
    const third = (await send('customers/add', { LastName: 'Third', OverwriteExisting: false })).body.Id;
    await send('orders/add', { ServiceId: stay, AccountId: guest, Items: [{ Name: 'Dinner', UnitCount: 1, UnitAmount: { Currency: 'GBP', TaxCodes: [], GrossValue: 20 } }] });
    const item = (await send('orderItems/getAll', { AccountIds: [guest], Limitation: { Count: 10 } })).body.OrderItems[0].Id;
    const friendsBill = (await send('bills/add', { Bills: [{ AccountId: friend, Name: 'Friend pays' }] })).body.Bills[0].Id;

    const wrong = await send('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: item, AccountId: { Value: third }, BillId: { Value: friendsBill } }] });
    expect(wrong).toMatchObject({ status: 400, message: `Invalid AccountingItemUpdates[0].AccountId: bill ${friendsBill} is not a bill of ${third}.` });
    const bill = async (id: string) => (await send('bills/getAll', { BillIds: [id], Extent: { Items: true }, Limitation: { Count: 1 } })).body.Bills[0];
    expect((await bill(friendsBill)).OrderItems).toEqual([]);

    const moved = await send('accountingItems/update', { AccountingItemUpdates: [{ AccountingItemId: item, AccountId: { Value: friend }, BillId: { Value: friendsBill } }] });
    expect(moved.body.OrderItems[0]).toMatchObject({ Id: item, AccountId: friend, BillId: friendsBill });
    expect((await bill(friendsBill)).OrderItems.map((i: { Id: string; AccountId: string }) => [i.Id, i.AccountId])).toEqual([[item, friend]]);
  });
});
