import { add, applyUpdateValues, getAll, operation, stored, update, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities } from '../store.js';
import { chainCompanyIds } from './lists.js';

/** Company (travel agency) contracts of the enterprise's services. */

const FIELDS = ['CommissionIncluded', 'Commission', 'ChannelManagerBusinessSegmentId', 'ChannelManagerAbsoluteAdjustment', 'ChannelManagerRelativeAdjustment', 'AccountingCode', 'InvoiceDueInterval', 'ContactPerson', 'ContactEmail', 'AdditionalContactInfo', 'Notes'];

function checkTerms(ctx: Ctx, c: Body, at: string): void {
  if (c.Commission != null && (c.Commission < 0 || c.Commission > 1)) throw invalidParameter(`${at}.Commission`, 'it must be between 0 and 1.');
  if (c.ChannelManagerRelativeAdjustment != null && (c.ChannelManagerRelativeAdjustment < -1 || c.ChannelManagerRelativeAdjustment > 1)) throw invalidParameter(`${at}.ChannelManagerRelativeAdjustment`, 'it must be between -1 and 1.');
  const segment = c.ChannelManagerBusinessSegmentId;
  if (segment && !modelOf(ctx.world, ctx.property).businessSegments.some((s) => s.Id === segment)) throw invalidParameter(`${at}.ChannelManagerBusinessSegmentId`, `no business segment ${segment}.`);
}

const serviceOf = (ctx: Ctx, id: string, at: string) => {
  if (!modelOf(ctx.world, ctx.property).services.some((s) => s.Id === id)) throw invalidParameter(at, `no service ${id}.`);
  return id;
};

export const getAllCompanyContracts = getAll('companyContracts/getAll', {
  collection: 'TravelAgencyContracts',
  items: stored('companyContracts'),
  filters: { CompanyContractIds: 'Id', CompanyIds: 'CompanyId', ServiceIds: 'ServiceId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const addCompanyContracts = add('companyContracts/add', {
  kind: 'companyContracts',
  collection: 'TravelAgencyContracts',
  input: (b) => b.TravelAgencyContracts,
  build(ctx, c, i) {
    const at = `TravelAgencyContracts[${i}]`;
    serviceOf(ctx, c.ServiceId, `${at}.ServiceId`);
    if (!chainCompanyIds(ctx.world).has(c.CompanyId)) throw invalidParameter(`${at}.CompanyId`, `no company ${c.CompanyId}.`);
    checkTerms(ctx, c, at);
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      ServiceId: c.ServiceId,
      CompanyId: c.CompanyId,
      IsActive: true,
      ...Object.fromEntries(FIELDS.map((f) => [f, c[f] ?? null])),
      Options: { IncludeCancellationFeeInCommissionEstimate: c.Options.IncludeCancellationFeeInCommissionEstimate, SkipAutomaticSettlement: c.Options.SkipAutomaticSettlement },
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
    };
  },
});

export const updateCompanyContracts = update('companyContracts/update', {
  kind: 'companyContracts',
  collection: 'TravelAgencyContracts',
  input: (b) => b.TravelAgencyContractUpdates,
  id: (u, i) => [u.TravelAgencyContractId, `TravelAgencyContractUpdates[${i}].TravelAgencyContractId`],
  apply(ctx, e, u, i) {
    applyUpdateValues(e, u, FIELDS);
    checkTerms(ctx, e, `TravelAgencyContractUpdates[${i}]`);
    const o = e.Options as Record<string, boolean>;
    for (const f of ['IncludeCancellationFeeInCommissionEstimate', 'SkipAutomaticSettlement']) if (u.Options?.[f] && 'Value' in u.Options[f]) o[f] = u.Options[f].Value ?? false;
  },
});

export const deleteCompanyContracts = operation('companyContracts/delete', {
  handle(ctx) {
    const services = new Set((ctx.body.ServiceIds as string[]).map((id, i) => serviceOf(ctx, id, `ServiceIds[${i}]`)));
    const mine = new Map(stored('companyContracts')(ctx).filter((c) => c.IsActive).map((c) => [c.Id, c]));
    const found = (ctx.body.TravelAgencyContractIds as string[]).map((id, i) => {
      const c = mine.get(id);
      if (!c || !services.has(c.ServiceId as string)) throw invalidParameter(`TravelAgencyContractIds[${i}]`, `no contract ${id} of the services given.`);
      return c;
    });
    for (const c of found) entities(ctx.world).put('companyContracts', { ...c, IsActive: false, UpdatedUtc: ctx.now });
    return {};
  },
});
