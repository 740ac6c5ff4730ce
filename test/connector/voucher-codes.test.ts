import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'voucher code tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** Voucher codes and vouchers/delete: what add and delete change is what voucherCodes/getAll and vouchers/getAll show. */
describe.each(TRANSPORTS)('Connector voucher codes (%s)', (_name, start) => {
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
  const voucher = async (name: string) => (await post('vouchers/add', { VoucherParameters: [{ ServiceId: stay, Name: name, Type: 'Public' }] })).Vouchers[0].Id as string;

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
  });
  afterAll(() => t.close());

  it('codes are added to a voucher, listed, found by value in vouchers/getAll, and deleted', async () => {
    const id = await voucher('Spring');
    const codes = (await post('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'SPRING-1' }, { VoucherId: id, Value: 'SPRING-2', ValidityStartUtc: '2027-03-01T00:00:00Z', ValidityEndUtc: '2027-05-31T00:00:00Z' }] })).VoucherCodes as Item[];
    expect(codes[1]).toMatchObject({ VoucherId: id, Value: 'SPRING-2', ValidityStartUtc: '2027-03-01T00:00:00Z', IsActive: true });
    expect((await post('voucherCodes/getAll', { VoucherIds: [id], Limitation: { Count: 10 } })).VoucherCodes.map((c: Item) => c.Value).sort()).toEqual(['SPRING-1', 'SPRING-2']);
    const byValue = await post('vouchers/getAll', { ServiceIds: [stay], VoucherCodeValues: ['SPRING-2'], Extent: { Vouchers: true, VoucherCodes: true }, Limitation: { Count: 10 } });
    expect(byValue.Vouchers.map((v: Item) => v.Id)).toEqual([id]);
    expect(byValue.Vouchers[0]).not.toHaveProperty('codeValues');
    expect(byValue.VoucherCodes).toHaveLength(2);
    await post('voucherCodes/delete', { VoucherCodeIds: [codes[0].Id] });
    expect((await post('voucherCodes/getAll', { VoucherIds: [id], Limitation: { Count: 10 } })).VoucherCodes.map((c: Item) => c.Value)).toEqual(['SPRING-2']);
    expect((await post('vouchers/getAll', { ServiceIds: [stay], VoucherCodeValues: ['SPRING-1'], Extent: { Vouchers: true }, Limitation: { Count: 10 } })).Vouchers).toEqual([]);
    expect(await fail('voucherCodes/delete', { VoucherCodeIds: [codes[0].Id] })).toEqual({ status: 400, message: `Invalid VoucherCodeIds[0]: no voucherCodes ${codes[0].Id}.` });
  });

  it('vouchers/delete removes the voucher and its codes', async () => {
    const id = await voucher('Summer');
    await post('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'SUMMER' }] });
    await post('vouchers/delete', { VoucherIds: [id] });
    expect((await post('vouchers/getAll', { ServiceIds: [stay], VoucherIds: [id], Extent: { Vouchers: true }, Limitation: { Count: 10 } })).Vouchers).toEqual([]);
    expect((await post('vouchers/getAll', { ServiceIds: [stay], VoucherIds: [id], ActivityStates: ['Deleted'], Extent: { Vouchers: true }, Limitation: { Count: 10 } })).Vouchers[0].IsActive).toBe(false);
    expect((await post('voucherCodes/getAll', { VoucherIds: [id], Limitation: { Count: 10 } })).VoucherCodes).toEqual([]);
    expect(await fail('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'AGAIN' }] })).toEqual({ status: 400, message: `Invalid VoucherCodeParameters[0].VoucherId: no voucher ${id}.` });
    expect(await fail('vouchers/delete', { VoucherIds: [id] })).toEqual({ status: 400, message: `Invalid VoucherIds[0]: no vouchers ${id}.` });
  });

  it('a code value is unique and its validity must be ordered', async () => {
    const id = await voucher('Autumn');
    await post('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'AUTUMN' }] });
    expect(await fail('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'AUTUMN' }] })).toEqual({ status: 400, message: 'Invalid VoucherCodeParameters[0].Value: a voucher code AUTUMN exists.' });
    expect((await fail('voucherCodes/add', { VoucherCodeParameters: [{ VoucherId: id, Value: 'LATE', ValidityStartUtc: '2027-05-01T00:00:00Z', ValidityEndUtc: '2027-04-01T00:00:00Z' }] })).message).toMatch(/^Invalid VoucherCodeParameters\[0\].ValidityEndUtc: /);
  });
});
