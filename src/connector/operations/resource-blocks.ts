import { z } from 'zod';
import { dateInZone, dayOf } from '../../engine/dates.js';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { maxMonths } from '../builder.js';
import { modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { ids, interval, limitation, RequestBase } from './common.js';

/**
 * Resource blocks (out of order, internal use): a blocked room is not for sale, so adding or deleting
 * one changes availability, which channel managers get as a delta push.
 */
interface Block {
  Id: string;
  EnterpriseId: string;
  AssignedResourceId: string;
  IsActive: boolean;
  Type: 'OutOfOrder' | 'InternalUse';
  StartUtc: string;
  EndUtc: string;
  CreatedUtc: string;
  UpdatedUtc: string;
  DeletedUtc: string | null;
  Name: string;
  Notes: string | null;
}

export const blocks = (world: World, property: Property) => world.apiStateOf(`connector:resource-blocks:${property.id}`, () => [] as Block[]);
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

export const getAllResourceBlocks = defineConnectorOperation({
  path: 'resourceBlocks/getAll',
  summary: 'Resource blocks (out of order, internal use); active ones unless asked otherwise.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ResourceBlockIds: ids(),
    AssignedResourceIds: ids(),
    ActivityStates: z.array(z.enum(['Active', 'Deleted'])).nullish(),
    CollidingUtc: interval,
    CreatedUtc: interval,
    UpdatedUtc: interval,
    Limitation: limitation,
  }).meta({ id: 'ResourceBlocksGetAllRequest' }),
  collection: 'ResourceBlocks',
  handle({ world, property, body }) {
    const colliding = checkInterval('CollidingUtc', body.CollidingUtc, maxMonths('resourceBlocks/getAll', 'CollidingUtc'));
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('resourceBlocks/getAll', 'CreatedUtc'));
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('resourceBlocks/getAll', 'UpdatedUtc'));
    const states = body.ActivityStates?.length ? body.ActivityStates : ['Active'];
    const items = [...blocks(world, property)]
      .reverse()
      .filter(
        (b) =>
          states.includes(b.IsActive ? 'Active' : 'Deleted') &&
          (!body.ResourceBlockIds || body.ResourceBlockIds.includes(b.Id)) &&
          (!body.AssignedResourceIds || body.AssignedResourceIds.includes(b.AssignedResourceId)) &&
          inInterval(b.CreatedUtc, created) &&
          inInterval(b.UpdatedUtc, updated) &&
          (!colliding || (Date.parse(b.StartUtc) < colliding.end && Date.parse(b.EndUtc) > colliding.start)),
      );
    const { page, cursor } = paginate(items, body.Limitation);
    return { ResourceBlocks: page, Cursor: cursor };
  },
});

export const addResourceBlocks = defineConnectorOperation({
  path: 'resourceBlocks/add',
  summary: 'Blocks resources for an interval; their nights leave availability.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    ResourceBlocks: z
      .array(z.object({ ResourceId: z.string().min(1), Name: z.string().min(1), Type: z.enum(['OutOfOrder', 'InternalUse']), StartUtc: utc, EndUtc: utc, Notes: z.string().nullish() }))
      .min(1, 'at least one resource block is required')
      .max(1000, 'at most 1000 items'),
  }).meta({ id: 'ResourceBlocksAddRequest' }),
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    body.ResourceBlocks.forEach((b, i) => {
      if (!m.categoryOfResource.has(b.ResourceId)) throw invalidParameter(`ResourceBlocks[${i}].ResourceId`, `no resource ${b.ResourceId}.`);
      if (Date.parse(b.EndUtc) <= Date.parse(b.StartUtc)) throw invalidParameter(`ResourceBlocks[${i}].EndUtc`, 'it must be after StartUtc.');
    });
    const now = apiTime(world.clock.now().toISOString());
    const added = body.ResourceBlocks.map((b) => {
      const block: Block = {
        Id: world.state.uuid(),
        EnterpriseId: m.enterprise.Id as string,
        AssignedResourceId: b.ResourceId,
        IsActive: true,
        Type: b.Type,
        StartUtc: apiTime(new Date(b.StartUtc).toISOString()),
        EndUtc: apiTime(new Date(b.EndUtc).toISOString()),
        CreatedUtc: now,
        UpdatedUtc: now,
        DeletedUtc: null,
        Name: b.Name,
        Notes: b.Notes ?? null,
      };
      blocks(world, property).push(block);
      occupy(world, property, block, 1);
      return block;
    });
    return { ResourceBlocks: added };
  },
});

export const deleteResourceBlocks = defineConnectorOperation({
  path: 'resourceBlocks/delete',
  summary: 'Removes resource blocks; their nights are for sale again.',
  request: RequestBase.extend({ EnterpriseId: z.string().nullish(), ResourceBlockIds: z.array(z.string()).min(1, 'at least one id is required').max(1000, 'at most 1000 items') }).meta({
    id: 'ResourceBlocksDeleteRequest',
  }),
  handle({ world, property, body }) {
    const list = blocks(world, property);
    const found = body.ResourceBlockIds.map((id, i) => {
      const b = list.find((x) => x.Id === id && x.IsActive);
      if (!b) throw invalidParameter(`ResourceBlockIds[${i}]`, `no active resource block ${id}.`);
      return b;
    });
    const now = apiTime(world.clock.now().toISOString());
    for (const b of found) {
      b.IsActive = false;
      b.DeletedUtc = now;
      b.UpdatedUtc = now;
      occupy(world, property, b, -1);
    }
    return {};
  },
});
