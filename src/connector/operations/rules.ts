import { stableId } from '../../world/ids.js';
import { getAll, type Ctx } from '../builder.js';
import { modelOf } from '../model.js';
import { productsOf } from './products.js';

/**
 * rules/getAll: the world's rate-to-product mappings (a rate that includes a product, as the
 * connections' product mappings say) as rules: "rate equals R" adds product P.
 */
function rules(ctx: Ctx) {
  const m = modelOf(ctx.world, ctx.property);
  // A deleted product (products/delete) is no longer added.
  const active = new Set(productsOf(ctx.world, ctx.property, m).filter((p) => p.IsActive).map((p) => p.Id));
  const pairs = new Map<string, { rate: string; product: string }>();
  for (const c of ctx.world.state.connections.values()) {
    if (c.propertyId !== ctx.property.id) continue;
    for (const p of c.productMappings) pairs.set(`${p.ratePlanCode}|${p.productCode}`, { rate: p.ratePlanCode, product: p.productCode });
  }
  return [...pairs.values()]
    .filter((p) => m.rateIdByCode.has(p.rate) && active.has(m.productIdByCode.get(p.product)!))
    .map((p) => ({
      Id: stableId(ctx.world.state.fixture.seed, ctx.property.id, 'rule', p.rate, p.product),
      ServiceId: m.stayServiceId,
      EnterpriseId: ctx.enterpriseId,
      Conditions: { RateId: { Value: m.rateIdByCode.get(p.rate)!, ConditionType: 'Equals' } },
      CreatedUtc: '2025-01-06T09:00:00Z',
      UpdatedUtc: '2025-01-06T09:00:00Z',
      productId: m.productIdByCode.get(p.product)!,
      rateId: m.rateIdByCode.get(p.rate)!,
    }));
}

export const getAllRules = getAll('rules/getAll', {
  collection: 'Rules',
  items: (ctx) => rules(ctx).map(({ productId: _p, rateId: _r, ...rule }) => rule),
  filters: { Ids: 'Id', ServiceIds: 'ServiceId', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  extra(ctx, page) {
    const x = (ctx.body.Extent ?? {}) as Record<string, boolean | undefined>;
    const m = modelOf(ctx.world, ctx.property);
    const shown = new Set(page.map((r) => r.Id));
    const all = rules(ctx).filter((r) => shown.has(r.Id));
    const rateIds = new Set(all.map((r) => r.rateId));
    return {
      RuleActions: x.RuleActions ? all.map((r) => ({ Id: stableId(ctx.world.state.fixture.seed, r.Id, 'action'), RuleId: r.Id, Data: { Discriminator: 'Product', Value: { ActionType: 'Add', ProductId: r.productId } } })) : null,
      Rates: x.Rates ? m.rates.filter((r) => rateIds.has(r.Id)) : null,
      RateGroups: x.RateGroups ? [m.rateGroup] : null,
      ResourceCategories: x.ResourceCategories ? [] : null,
      BusinessSegments: x.BusinessSegments ? [] : null,
    };
  },
});
