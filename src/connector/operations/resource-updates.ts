import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { RequestBase } from './common.js';
import { apiTime } from '../time.js';
import { operation } from '../builder.js';

/** Changes made to resources through the API (housekeeping state, name, floor), layered on the model's resources. */
export interface ResourceChange {
  Name?: string;
  State?: string;
  FloorNumber?: string;
  LocationNotes?: string | null;
  UpdatedUtc: string;
}

export const resourceChanges = (world: World, property: Property) => world.apiStateOf(`connector:resource-changes:${property.id}`, () => new Map<string, ResourceChange>());

/** A resource with the changes made to it. */
export function withChanges(world: World, property: Property, r: Record<string, unknown> & { Id: string }): Record<string, unknown> & { Id: string } {
  const c = resourceChanges(world, property).get(r.Id);
  if (!c) return r;
  const data = r.Data as { Discriminator: string; Value: { FloorNumber: string; LocationNotes: string | null } };
  return {
    ...r,
    ...(c.Name !== undefined && { Name: c.Name }),
    ...(c.State !== undefined && { State: c.State }),
    UpdatedUtc: c.UpdatedUtc,
    Data: { ...data, Value: { ...data.Value, ...(c.FloorNumber !== undefined && { FloorNumber: c.FloorNumber }), ...(c.LocationNotes !== undefined && { LocationNotes: c.LocationNotes }) } },
  };
}

const update = z.object({ Value: z.string().nullable() }).nullish();
const STATES = ['Dirty', 'Clean', 'Inspected', 'OutOfService'];

export const updateResources = operation('resources/update', {
  summary: 'Updates resources: housekeeping state (not OutOfOrder), name, floor and location notes.',
  request: RequestBase.extend({
    ResourceUpdates: z
      .array(
        z.object({
          ResourceId: z.string().min(1),
          Name: update,
          ParentResourceId: update,
          Data: z.object({ Discriminator: z.enum(['Space', 'Object', 'Person']), Value: z.object({ FloorNumber: update, LocationNotes: update }) }).nullish(),
          State: update,
          StateReason: update,
        }),
      )
      .min(1, 'at least one update is required')
      .max(1000, 'at most 1000 items'),
  }).meta({ id: 'ResourcesUpdateRequest' }),
  handle({ world, property, body }) {
    const m = modelOf(world, property);
    const known = new Set(m.resources.map((r) => r.Id));
    body.ResourceUpdates.forEach((u, i) => {
      if (!known.has(u.ResourceId)) throw invalidParameter(`ResourceUpdates[${i}].ResourceId`, `no resource ${u.ResourceId}.`);
      if (u.State?.Value != null && !STATES.includes(u.State.Value)) {
        throw invalidParameter(`ResourceUpdates[${i}].State`, `${u.State.Value} is not a state that can be set (${STATES.join(', ')}; OutOfOrder comes from resource blocks).`);
      }
      if (u.Name && !u.Name.Value) throw invalidParameter(`ResourceUpdates[${i}].Name`, 'a resource needs a name.');
    });
    const now = apiTime(world.clock.now());
    const changes = resourceChanges(world, property);
    for (const u of body.ResourceUpdates) {
      const c = changes.get(u.ResourceId) ?? { UpdatedUtc: now };
      if (u.Name?.Value) c.Name = u.Name.Value;
      if (u.State?.Value) c.State = u.State.Value;
      if (u.Data?.Discriminator === 'Space') {
        if (u.Data.Value.FloorNumber?.Value != null) c.FloorNumber = u.Data.Value.FloorNumber.Value;
        if (u.Data.Value.LocationNotes) c.LocationNotes = u.Data.Value.LocationNotes.Value;
      }
      c.UpdatedUtc = now;
      changes.set(u.ResourceId, c);
    }
    // Announced without bumping the state version: no cached answer depends on these changes.
    world.state.emit('change', { type: 'resource', propertyId: property.id, resourceIds: body.ResourceUpdates.map((u) => u.ResourceId) });
    return {};
  },
});
