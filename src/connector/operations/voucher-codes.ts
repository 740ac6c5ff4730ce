import { add, getAll, remove, stored, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { entities } from '../store.js';

/** Voucher codes: the values customers enter to book with a voucher (vouchers/add makes the voucher). */

const activeVoucher = (ctx: Ctx, id: string, at: string) => {
  const v = entities(ctx.world).get('vouchers', id);
  if (!v || v.EnterpriseId !== ctx.enterpriseId || !v.IsActive) throw invalidParameter(at, `no voucher ${id}.`);
};

function checkTime(value: string | null | undefined, at: string): void {
  if (value != null && Number.isNaN(Date.parse(value))) throw invalidParameter(at, 'an ISO 8601 date-time is expected.');
}

export const getAllVoucherCodes = getAll('voucherCodes/getAll', {
  collection: 'VoucherCodes',
  items: stored('voucherCodes'),
  filters: { VoucherIds: 'VoucherId', VoucherCodeIds: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

export const addVoucherCodes = add('voucherCodes/add', {
  kind: 'voucherCodes',
  collection: 'VoucherCodes',
  input: (b) => b.VoucherCodeParameters,
  build(ctx, c, i) {
    const at = `VoucherCodeParameters[${i}]`;
    activeVoucher(ctx, c.VoucherId, `${at}.VoucherId`);
    if (!c.Value.trim()) throw invalidParameter(`${at}.Value`, 'it must not be empty.');
    const earlier = (ctx.body.VoucherCodeParameters as { Value: string }[]).slice(0, i);
    if (stored('voucherCodes')(ctx).some((x) => x.IsActive && x.Value === c.Value) || earlier.some((x) => x.Value === c.Value)) throw invalidParameter(`${at}.Value`, `a voucher code ${c.Value} exists.`);
    checkTime(c.ValidityStartUtc, `${at}.ValidityStartUtc`);
    checkTime(c.ValidityEndUtc, `${at}.ValidityEndUtc`);
    if (c.ValidityStartUtc && c.ValidityEndUtc && Date.parse(c.ValidityEndUtc) < Date.parse(c.ValidityStartUtc)) throw invalidParameter(`${at}.ValidityEndUtc`, 'it must not be before ValidityStartUtc.');
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      VoucherId: c.VoucherId,
      Value: c.Value,
      ValidityStartUtc: c.ValidityStartUtc ?? null,
      ValidityEndUtc: c.ValidityEndUtc ?? null,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      IsActive: true,
      ActivityState: 'Active',
    };
  },
});

export const deleteVoucherCodes = remove('voucherCodes/delete', {
  kind: 'voucherCodes',
  ids: (b) => b.VoucherCodeIds,
  param: 'VoucherCodeIds',
  after: (ctx, deleted) => deleted.forEach((c) => entities(ctx.world).put('voucherCodes', { ...entities(ctx.world).get('voucherCodes', c.Id)!, ActivityState: 'Deleted' })),
});
