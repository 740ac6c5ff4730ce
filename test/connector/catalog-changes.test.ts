import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { auth, CM } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'catalog tests 1.0' };
type Item = Record<string, unknown> & { Id: string };
const march = { FirstTimeUnitStartUtc: '2027-03-01T00:00:00Z', LastTimeUnitStartUtc: '2027-03-03T00:00:00Z' };

/** Rates and resource categories a client adds, sets and deletes are the ones both APIs then show. */
describe.each(TRANSPORTS)('Connector rates and resource categories, added and deleted (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let group: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const rates = async (states?: string[]) => (await post('rates/getAll', { ServiceIds: [stay], ...(states && { ActivityStates: states }), Limitation: { Count: 100 } })).Rates as Item[];
  const categories = async (states?: string[]) => (await post('resourceCategories/getAll', { ServiceIds: [stay], ...(states && { ActivityStates: states }), Limitation: { Count: 100 } })).ResourceCategories as Item[];
  const configuration = async () => (await t.post(`${CM}/getConfiguration`, auth())).body;

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', deltaPushes: false, changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    group = (await post('rateGroups/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).RateGroups[0].Id;
  });
  afterAll(() => t.close());

  it('rates/add: the new rates list, price and show in the channel manager configuration without a mapping', async () => {
    const base = {
      ServiceId: stay,
      RateGroupId: group,
      Type: 'Public',
      Names: { 'en-GB': 'Spring Offer' },
      ShortNames: { 'en-GB': 'SPRING' },
      ExternalIdentifier: 'SPRING',
      PricingType: 'BaseRatePricing',
      Pricing: { BaseRatePricing: { Amount: { Currency: 'GBP', GrossValue: 178, TaxCodes: ['UK-S'] }, NegativeOccupancyAdjustment: -20, ExtraOccupancyAdjustment: 30 } },
    };
    const mappingsBefore = (await configuration()).inventoryMappings;
    const added = (await post('rates/add', { Rates: [base] })).Rates;
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ ServiceId: stay, GroupId: group, IsActive: true, IsEnabled: false, IsBaseRate: true, Type: 'Public', Names: { 'en-GB': 'Spring Offer' }, ExternalIdentifier: 'SPRING', UpdatedUtc: '2027-01-10T08:00:00Z' });
    const dependent = (await post('rates/add', { Rates: [{ ...base, ExternalIdentifier: 'SPRING-NR', Names: { 'en-GB': 'Spring non-refundable' }, PricingType: 'DependentRatePricing', Pricing: { DependentRatePricing: { BaseRateId: added[0].Id, RelativeAdjustment: -0.1, AbsoluteAdjustment: 0 } } }] })).Rates[0];
    expect(dependent).toMatchObject({ BaseRateId: added[0].Id, IsBaseRate: false });
    expect((await rates()).map((r) => r.Id)).toEqual(expect.arrayContaining([added[0].Id, dependent.Id]));

    const pricing = await post('rates/getPricing', { RateId: added[0].Id, ...march });
    // The base category costs what was asked (within the daily variation of the world's prices).
    expect(pricing.BaseAmountPrices[0].GrossValue).toBeGreaterThan(178 * 0.8);
    expect(pricing.BaseAmountPrices[0].GrossValue).toBeLessThan(178 * 1.25);
    expect(pricing).toMatchObject({ EmptyUnitAdjustment: -20, ExtraUnitAdjustment: 30 });
    const dependentPricing = await post('rates/getPricing', { RateId: 'eid:SPRING-NR', ...march });
    expect(dependentPricing.BasePrices[0]).toBeCloseTo(pricing.BasePrices[0] * 0.9, 0);
    expect(dependentPricing.RelativeAdjustment).toBeCloseTo(-0.1, 5);
    // Only root rates have prices of their own.
    const dependentPrice = await t.post(`${C}/rates/updatePrice`, { ...gross, RateId: dependent.Id, PriceUpdates: [{ Value: 100, ...march }] });
    expect(dependentPrice.status).toBe(403);

    const config = await configuration();
    expect(config.ratePlans).toContainEqual(expect.objectContaining({ code: 'SPRING', name: 'Spring Offer', rateType: 1, isSynchronized: true }));
    expect(config.inventoryMappings).toEqual(mappingsBefore);
  });

  it('rates/add refuses an unknown service, rate group, base rate and a taken external identifier', async () => {
    const base = { ServiceId: stay, RateGroupId: group, Type: 'Private', Names: { 'en-GB': 'X' }, PricingType: 'BaseRatePricing' };
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...base, ServiceId: '00000000-0000-0000-0000-000000000000' }, /^Invalid Rates\[0\]\.ServiceId/],
      [{ ...base, RateGroupId: 'nope' }, /^Invalid Rates\[0\]\.RateGroupId/],
      [{ ...base, PricingType: 'DependentRatePricing', Pricing: { DependentRatePricing: { BaseRateId: 'nope', RelativeAdjustment: 0, AbsoluteAdjustment: 0 } } }, /^Invalid Rates\[0\]\.Pricing\.DependentRatePricing\.BaseRateId/],
      [{ ...base, ExternalIdentifier: 'BAR' }, /^Invalid Rates\[0\]\.ExternalIdentifier/],
    ];
    for (const [rate, message] of cases) {
      const r = await t.post(`${C}/rates/add`, { ...gross, Rates: [rate] });
      expect({ status: r.status, message: r.body.Message }).toEqual({ status: 400, message: expect.stringMatching(message) });
    }
  });

  it('rates/set updates a rate matched by external identifier and adds an unmatched one', async () => {
    const set = await post('rates/set', {
      Rates: [
        { ExternalIdentifier: 'SPRING', ServiceId: stay, Type: 'Private', Names: { 'en-GB': 'Spring Offer (members)' }, PricingType: 'BaseRatePricing' },
        { ExternalIdentifier: 'SUMMER', ServiceId: stay, Type: 'Public', Names: { 'en-GB': 'Summer Offer' }, PricingType: 'BaseRatePricing', Pricing: { BaseRatePricing: { Amount: { Currency: 'GBP', GrossValue: 150, TaxCodes: [] } } } },
      ],
    });
    expect(set.Rates.map((r: Item) => [r.ExternalIdentifier, r.Names, r.Type, r.IsEnabled])).toEqual([
      ['SPRING', { 'en-GB': 'Spring Offer (members)' }, 'Private', true],
      ['SUMMER', { 'en-GB': 'Summer Offer' }, 'Public', true],
    ]);
    const listed = await rates();
    expect(listed.find((r) => r.ExternalIdentifier === 'SPRING')).toMatchObject({ Type: 'Private', Names: { 'en-GB': 'Spring Offer (members)' } });
    expect((await configuration()).ratePlans).toContainEqual(expect.objectContaining({ code: 'SPRING', name: 'Spring Offer (members)', rateType: 0 }));
    const wrongType = await t.post(`${C}/rates/set`, { ...gross, Rates: [{ ExternalIdentifier: 'SPRING', ServiceId: stay, Type: 'Private', Names: { 'en-GB': 'X' }, PricingType: 'DependentRatePricing' }] });
    expect(wrongType.body.Message).toMatch(/^Invalid Rates\[0\]\.PricingType/);
    const unknownId = await t.post(`${C}/rates/set`, { ...gross, Rates: [{ Id: '00000000-0000-0000-0000-000000000000', ServiceId: stay, Type: 'Private', Names: { 'en-GB': 'X' }, PricingType: 'BaseRatePricing' }] });
    expect(unknownId.body.Message).toMatch(/^Invalid Rates\[0\]\.Id/);
  });

  it('rates/updateCapacityOffset changes the occupancy adjustments rates/getPricing gives', async () => {
    await post('rates/updateCapacityOffset', { CapacityOffsetUpdates: [{ RateId: 'eid:SUMMER', NegativeOccupancyAdjustment: { Value: -12 }, ExtraOccupancyAdjustment: { Value: 18 } }] });
    expect(await post('rates/getPricing', { RateId: 'eid:SUMMER', ...march })).toMatchObject({ EmptyUnitAdjustment: -12, ExtraUnitAdjustment: 18 });
    const unknown = await t.post(`${C}/rates/updateCapacityOffset`, { ...gross, CapacityOffsetUpdates: [{ RateId: 'nope' }] });
    expect(unknown.body.Message).toMatch(/^Invalid CapacityOffsetUpdates\[0\]\.RateId/);
  });

  it('rates/delete: a base rate with live dependents is refused; a deleted rate leaves Active reads, pricing and the channel manager', async () => {
    const all = await rates();
    const spring = all.find((r) => r.ExternalIdentifier === 'SPRING')!;
    const springNr = all.find((r) => r.ExternalIdentifier === 'SPRING-NR')!;
    const refused = await t.post(`${C}/rates/delete`, { ...gross, RateIds: [spring.Id] });
    expect(refused.status).toBe(403);
    await post('rates/delete', { RateIds: [springNr.Id, spring.Id] });
    const active = (await rates(['Active'])).map((r) => r.Id);
    expect(active).not.toContain(spring.Id);
    expect((await rates(['Deleted'])).map((r) => r.Id).sort()).toEqual([spring.Id, springNr.Id].sort());
    expect((await rates()).find((r) => r.Id === spring.Id)).toMatchObject({ IsActive: false });
    const priced = await t.post(`${C}/rates/getPricing`, { ...gross, RateId: spring.Id, ...march });
    expect(priced.body.Message).toMatch(/^Invalid RateId/);
    expect((await configuration()).ratePlans.map((r: { code: string }) => r.code)).not.toContain('SPRING');
    const again = await t.post(`${C}/rates/delete`, { ...gross, RateIds: [spring.Id] });
    expect(again.body.Message).toMatch(/^Invalid RateIds\[0\]/);
  });

  it('resourceCategories/add, update and delete: listed, in availability and in the channel manager configuration', async () => {
    const added = (
      await post('resourceCategories/add', {
        ResourceCategories: [{ ServiceId: stay, Type: 'Apartment', Capacity: 4, ExtraCapacity: 1, Names: { 'en-GB': 'Loft' }, ShortNames: { 'en-GB': 'LOFT' }, Classification: 'Family', ExternalIdentifier: 'LOFT' }],
      })
    ).ResourceCategories[0];
    expect(added).toMatchObject({ ServiceId: stay, IsActive: true, Type: 'Apartment', Classification: 'Family', Names: { 'en-GB': 'Loft' }, Capacity: 4, ExtraCapacity: 1, ExternalIdentifier: 'LOFT' });
    expect((await categories()).map((c) => c.Id)).toContain(added.Id);
    const availability = await post('services/getAvailability/2024-01-22', { ServiceId: stay, ...march, Metrics: ['UsableResources'] });
    expect(availability.ResourceCategoryAvailabilities).toContainEqual({ ResourceCategoryId: added.Id, Metrics: { UsableResources: [0, 0, 0] } });
    const old = await post('services/getAvailability', { ServiceId: stay, ...march });
    expect(old.CategoryAvailabilities).toContainEqual({ CategoryId: added.Id, Availabilities: [0, 0, 0], Adjustments: [0, 0, 0] });
    expect((await post('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [added.Id], Limitation: { Count: 10 } })).ResourceCategoryAssignments).toEqual([]);
    const withLoft = await configuration();
    expect(withLoft.spaceCategories).toContainEqual(expect.objectContaining({ code: 'LOFT', name: 'Loft', spaceCount: 0, bedCount: 4, extraBedCount: 1 }));
    expect(withLoft.inventoryMappings.some((m: { spaceTypeCode: string }) => m.spaceTypeCode === 'LOFT')).toBe(false);

    const updated = (await post('resourceCategories/update', { ResourceCategoryUpdates: [{ ResourceCategoryId: added.Id, Names: { Value: { 'en-GB': 'Garden Loft' } }, Capacity: { Value: 3 }, Ordering: { Value: 9 } }] })).ResourceCategories[0];
    expect(updated).toMatchObject({ Id: added.Id, Names: { 'en-GB': 'Garden Loft' }, Capacity: 3, Ordering: 9 });
    expect((await categories()).find((c) => c.Id === added.Id)).toMatchObject({ Names: { 'en-GB': 'Garden Loft' }, Capacity: 3 });
    expect((await configuration()).spaceCategories).toContainEqual(expect.objectContaining({ code: 'LOFT', name: 'Garden Loft', bedCount: 3 }));
    const unknown = await t.post(`${C}/resourceCategories/update`, { ...gross, ResourceCategoryUpdates: [{ ResourceCategoryId: 'nope' }] });
    expect(unknown.body.Message).toMatch(/^Invalid ResourceCategoryUpdates\[0\]\.ResourceCategoryId/);

    const withRooms = (await categories())[0];
    const refused = await t.post(`${C}/resourceCategories/delete`, { ...gross, ResourceCategoryIds: [withRooms.Id] });
    expect(refused.status).toBe(403);
    await post('resourceCategories/delete', { ResourceCategoryIds: [added.Id] });
    expect((await categories(['Active'])).map((c) => c.Id)).not.toContain(added.Id);
    expect((await categories(['Deleted'])).map((c) => c.Id)).toEqual([added.Id]);
    const after = await post('services/getAvailability', { ServiceId: stay, ...march });
    expect(after.CategoryAvailabilities.map((c: { CategoryId: string }) => c.CategoryId)).not.toContain(added.Id);
    expect((await configuration()).spaceCategories.map((s: { code: string }) => s.code)).not.toContain('LOFT');
  });

  it('services/getAvailability (the older version) gives the same availability as the 2024-01-22 version, and adjustments', async () => {
    const category = (await categories(['Active']))[1].Id;
    await post('services/updateAvailability', { ServiceId: stay, AvailabilityUpdates: [{ ResourceCategoryId: category, FirstTimeUnitStartUtc: '2027-03-02T00:00:00Z', LastTimeUnitStartUtc: '2027-03-02T00:00:00Z', UnitCountAdjustment: { Value: 2 } }] });
    const old = await post('services/getAvailability', { ServiceId: stay, ...march });
    const current = await post('services/getAvailability/2024-01-22', { ServiceId: stay, ...march, Metrics: ['Occupied', 'UsableResources'] });
    expect(old.TimeUnitStartsUtc).toEqual(current.TimeUnitStartsUtc);
    const a = old.CategoryAvailabilities.find((c: { CategoryId: string }) => c.CategoryId === category);
    const m = current.ResourceCategoryAvailabilities.find((c: { ResourceCategoryId: string }) => c.ResourceCategoryId === category).Metrics;
    expect(a.Adjustments).toEqual([0, 2, 0]);
    expect(a.Availabilities).toEqual(m.UsableResources.map((u: number, i: number) => u - m.Occupied[i]));
    const bad = await t.post(`${C}/services/getAvailability`, { ...gross, ServiceId: 'nope', ...march });
    expect(bad.body.Message).toMatch(/^Invalid ServiceId/);
  });
});

describe.each(TRANSPORTS)('Connector rates/set toward channel managers (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('a new price of a mapped rate reaches the channel manager as a delta push; a new rate, unmapped, does not', async () => {
    const stay = (await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 1 } })).body.Services[0].Id;
    const unknownGroup = await t.post(`${C}/rates/add`, { ...gross, Rates: [{ ServiceId: stay, RateGroupId: 'eid:none', Type: 'Public', Names: { 'en-GB': 'Quiet' }, PricingType: 'BaseRatePricing' }] });
    expect(unknownGroup.body.Message).toMatch(/^Invalid Rates\[0\]\.RateGroupId/);
    const group = (await t.post(`${C}/rateGroups/getAll`, { ...gross, ServiceIds: [stay], Limitation: { Count: 1 } })).body.RateGroups[0].Id;
    const quiet = await t.post(`${C}/rates/add`, { ...gross, Rates: [{ ServiceId: stay, RateGroupId: group, ExternalIdentifier: 'QUIET', Type: 'Public', Names: { 'en-GB': 'Quiet' }, PricingType: 'BaseRatePricing' }] });
    expect(quiet.status).toBe(200);
    const set = await t.post(`${C}/rates/set`, {
      ...gross,
      Rates: [{ ExternalIdentifier: 'FLEX', ServiceId: stay, Type: 'Public', Names: { 'en-GB': 'Fully Flexible' }, PricingType: 'BaseRatePricing', Pricing: { BaseRatePricing: { Amount: { Currency: 'GBP', GrossValue: 300, TaxCodes: [] } } } }],
    });
    expect(set.status).toBe(200);
    const pushes = await partner.waitFor('updatePrices');
    expect(pushes[0].body.connectionToken).toBe(DEMO_TOKENS.grossConnection);
    await t.sim.idle();
    const codes = new Set(partner.calls.filter((c) => c.operation === 'updatePrices').flatMap((c) => (c.body.ratePrices as { ratePlanCode: string }[]).map((p) => p.ratePlanCode)));
    expect(codes).toEqual(new Set(['FLEX']));
  });
});
