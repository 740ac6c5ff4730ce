import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'voucher audit 1.0' };

/** A voucher code's value is one customers type in: no two active codes share it, even when added in one call. */
describe.each(TRANSPORTS)('Connector voucher code values (%s)', (_name, start) => {
  let t: Transport;
  let voucher: string;
  const send = async (path: string, body: Record<string, unknown>) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    return { status: r.status, body: r.body, message: r.body?.Message as string | undefined };
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    const stay = (await send('services/getAll', { Limitation: { Count: 1 } })).body.Services[0].Id;
    voucher = (await send('vouchers/add', { VoucherParameters: [{ ServiceId: stay, Name: 'Audit voucher', Type: 'Public' }] })).body.Vouchers[0].Id;
  });
  afterAll(() => t.close());

  it('a value given twice in one voucherCodes/add is a 400 and adds nothing', async () => {
    const twice = await send('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: voucher, Value: 'SPRING' }, { VoucherId: voucher, Value: 'SPRING' }] });
    expect(twice).toMatchObject({ status: 400, message: 'Invalid VoucherCodeParameters[1].Value: a voucher code SPRING exists.' });
    expect((await send('voucherCodes/getAll', { VoucherIds: [voucher], Limitation: { Count: 10 } })).body.VoucherCodes).toEqual([]);
    const once = await send('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: voucher, Value: 'SPRING' }, { VoucherId: voucher, Value: 'SUMMER' }] });
    expect(once.body.VoucherCodes.map((c: { Value: string }) => c.Value)).toEqual(['SPRING', 'SUMMER']);
  });
});
