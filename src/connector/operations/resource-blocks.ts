import { z } from 'zod';
import { dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { add, getAll, remove, stored } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { apiTime } from '../time.js';
import { RequestBase } from './common.js';

/**
 * Resource blocks (out of order, internal use): a blocked room is not for sale, so adding or deleting
 * one changes availability, which channel managers get as a delta push.
 */
type Block = Entity & { AssignedResourceId: string; Type: 'OutOfOrder' | 'InternalUse'; StartUtc: string; EndUtc: string };

/** The resource blocks of an enterprise, deleted ones included. */
export const blocks = (world: World, property: Property): Block[] => {
  const enterpriseId = modelOf(world, property).enterprise.Id;
  return entities(world).list('resourceBlocks').filter((b) => b.EnterpriseId === enterpriseId) as Block[];
};
const utc = z.iso.datetime({ offset: true });

/** Books (or releases) the nights a block covers in its resource's category. */
function occupy(world: World, property: Property, block: Block, sign: 1 | -1): void {
  const m = modelOf(world, property);
  const categoryId = m.categoryOfResource.get(block.AssignedResourceId)!;
  const code = [...m.categoryIdByCode].find(([, id]) => id === categoryId)![0];
  const tz = property.timeZoneIdentifier;
  const from = dateInZone(Date.parse(block.StartUtc), tz);
  // A block ending at midnight does not cover that night.
  const endInstant = Date.parse(block.EndUtc) - 1;
  const last = dateInZone(endInstant, tz);
  if (dayOf(last) < dayOf(from)) return;
  world.state.inventory(property.id).book(code, dayOf(from), dayOf(last) + 1, sign);
  world.state.changed({ type: 'availability', propertyId: property.id, spaceTypeCode: code, from, to: dateInZone(Date.parse(block.EndUtc), tz) });
  world.state.changed({ type: 'resourceBlock', propertyId: property.id, resourceBlockIds: [block.Id] });
}

export const getAllResourceBlocks = getAll('resourceBlocks/getAll', {
  summary: 'Resource blocks (out of order, internal use); active ones unless asked otherwise.',
  collection: 'ResourceBlocks',
  items: stored('resourceBlocks'),
  activity: 'Active',
  filters: { ResourceBlockIds: 'Id', AssignedResourceIds: 'AssignedResourceId' },
  times: {
    CreatedUtc: 'CreatedUtc',
    UpdatedUtc: 'UpdatedUtc',
    CollidingUtc: (b, range) => Date.parse(b.StartUtc as string) < range.end && Date.parse(b.EndUtc as string) > range.start,
  },
});

export const addResourceBlocks = add('resourceBlocks/add', {
  summary: 'Blocks resources for an interval; their nights leave availability.',
  // Stricter than the table: datetimes must parse, and the list must not be empty.
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ResourceBlocks: z
      .array(z.object({ ResourceId: z.string().min(1), Name: z.string().min(1), Type: z.enum(['OutOfOrder', 'InternalUse']), StartUtc: utc, EndUtc: utc, Notes: z.string().nullish() }))
      .min(1, 'at least one resource block is required')
      .max(1000, 'at most 1000 items'),
  }).meta({ id: 'ResourceBlocksAddRequest' }),
  kind: 'resourceBlocks',
  collection: 'ResourceBlocks',
  input: (body) => body.ResourceBlocks,
  build({ world, property, enterpriseId, now }, b, i) {
    if (!modelOf(world, property).categoryOfResource.has(b.ResourceId)) throw invalidParameter(`ResourceBlocks[${i}].ResourceId`, `no resource ${b.ResourceId}.`);
    if (Date.parse(b.EndUtc) <= Date.parse(b.StartUtc)) throw invalidParameter(`ResourceBlocks[${i}].EndUtc`, 'it must be after StartUtc.');
    return {
      Id: world.state.uuid(),
      EnterpriseId: enterpriseId,
      AssignedResourceId: b.ResourceId,
      IsActive: true,
      Type: b.Type,
      StartUtc: apiTime(b.StartUtc),
      EndUtc: apiTime(b.EndUtc),
      CreatedUtc: now,
      UpdatedUtc: now,
      DeletedUtc: null,
      Name: b.Name,
      Notes: b.Notes ?? null,
    };
  },
  after: ({ world, property }, added) => added.forEach((b) => occupy(world, property, b as Block, 1)),
});

export const deleteResourceBlocks = remove('resourceBlocks/delete', {
  summary: 'Removes resource blocks; their nights are for sale again.',
  request: RequestBase.extend({ EnterpriseId: z.string().nullish(), ResourceBlockIds: z.array(z.string()).min(1, 'at least one id is required').max(1000, 'at most 1000 items') }).meta({
    id: 'ResourceBlocksDeleteRequest',
  }),
  kind: 'resourceBlocks',
  ids: (body) => body.ResourceBlockIds,
  param: 'ResourceBlockIds',
  after: ({ world, property }, deleted) => deleted.forEach((b) => occupy(world, property, b as Block, -1)),
});
