import { dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import { stableId } from '../../world/ids.js';
import type { Property, SpaceCategory } from '../../world/schema.js';
import { getAll, operation } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { categoryViews } from './catalog.js';
import { blocks } from './resource-blocks.js';
import { withChanges } from './resource-updates.js';

/**
 * Resource features and what a resource is like today: features follow from each space category's
 * classification (a twin room has twin beds), the occupancy state from reservations, resource blocks
 * and housekeeping states of the world.
 */

const STATIC_UTC = '2025-01-06T09:00:00Z';

/** The feature a space category's resources have, by the category's classification. */
function featureOf(s: SpaceCategory): string {
  if (s.classification === 14) return 'TwinBeds';
  if (s.classification === 16 || s.classification === 8) return 'SharedBathroom';
  if (s.classification === 4 || s.classification === 11) return 'DoubleBed';
  return 'PrivateBathroom';
}

const featureId = (world: World, property: Property, classification: string) => stableId(world.state.fixture.seed, property.id, 'resource-feature', classification);

export const getAllResourceFeatures = getAll('resourceFeatures/getAll', {
  collection: 'ResourceFeatures',
  items: (ctx) => {
    const m = modelOf(ctx.world, ctx.property);
    const names: Record<string, string> = { TwinBeds: 'Twin beds', SharedBathroom: 'Shared bathroom', DoubleBed: 'Double bed', PrivateBathroom: 'Private bathroom' };
    return [...new Set(ctx.property.spaceCategories.map(featureOf))].map((c) => ({
      Id: featureId(ctx.world, ctx.property, c),
      ServiceId: m.stayServiceId,
      IsActive: true,
      Classification: c,
      Names: { [ctx.property.languageCode]: names[c] },
      ShortNames: {},
      Descriptions: {},
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
    }));
  },
  filters: { ServiceIds: 'ServiceId', ResourceFeatureIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getAllResourceFeatureAssignments = getAll('resourceFeatureAssignments/getAll', {
  collection: 'ResourceFeatureAssignments',
  items: (ctx) => {
    const { world, property } = ctx;
    const m = modelOf(world, property);
    const codeOf = new Map([...m.categoryIdByCode].map(([code, id]) => [id, code]));
    return m.resources.map((r) => {
      const space = world.state.inventory(property.id).space(codeOf.get(m.categoryOfResource.get(r.Id)!)!)!;
      const feature = featureId(world, property, featureOf(space));
      return { Id: stableId(world.state.fixture.seed, property.id, 'resource-feature-assignment', r.Id), IsActive: true, ResourceId: r.Id, FeatureId: feature, CreatedUtc: STATIC_UTC, UpdatedUtc: STATIC_UTC };
    });
  },
  filters: { ResourceFeatureIds: 'FeatureId', ResourceFeatureAssignmentIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getResourcesOccupancyState = operation('resources/getOccupancyState', {
  handle(ctx) {
    const { world, property, body } = ctx;
    const m = modelOf(world, property);
    const categories = new Map(categoryViews(world, property).map((c) => [c.Id, c]));
    const wanted = body.ResourceCategoryIds as string[];
    if (!wanted.length) throw invalidParameter('ResourceCategoryIds', 'at least one resource category id is required.');
    wanted.forEach((id, i) => {
      if (!categories.get(id) || categories.get(id)!.IsActive === false) throw invalidParameter(`ResourceCategoryIds[${i}]`, `no resource category ${id} in this enterprise.`);
    });
    const nowMs = world.clock.nowMs();
    const today = dayOf(dateInZone(nowMs, property.timeZoneIdentifier));
    // Today's occupant of each resource: a block now, else a reservation staying tonight.
    const occupancy = new Map<string, string>();
    for (const r of world.state.reservations.values()) {
      const at = r.details?.assignedResourceId;
      if (r.propertyId !== property.id || !at || (r.state !== 'Confirmed' && r.state !== 'Optional')) continue;
      if (dayOf(r.from) <= today && today < dayOf(r.to)) occupancy.set(at, r.details?.assignedResourceLocked ? 'ReservedLocked' : 'Reserved');
    }
    for (const b of blocks(world, property)) {
      if (b.IsActive && Date.parse(b.StartUtc) <= nowMs && nowMs < Date.parse(b.EndUtc)) occupancy.set(b.AssignedResourceId, b.Type);
    }
    const states = body.ResourceStates as string[] | null | undefined;
    const occupancies = body.OccupancyStates as string[] | null | undefined;
    return {
      ResourceCategoryOccupancyStates: wanted.map((categoryId) => ({
        ResourceCategoryId: categoryId,
        ResourceOccupancyStates: m.resources
          .filter((r) => m.categoryOfResource.get(r.Id) === categoryId)
          .map((r) => ({ ResourceId: r.Id, ResourceState: withChanges(world, property, r).State as string, OccupancyState: occupancy.get(r.Id) ?? 'Vacant' }))
          .filter((s) => (!states?.length || states.includes(s.ResourceState)) && (!occupancies?.length || occupancies.includes(s.OccupancyState))),
      })),
    };
  },
});
