import { z } from 'zod';
import { addDays, dayOf } from '../engine/dates.js';
import { CommandError } from '../engine/errors.js';
import type { World } from '../engine/world.js';
import { toConnection, type Connection } from '../world/state.js';
import { pushEngine, type PushSummary } from './push/engine.js';
import { ChangeType, PUSH_KINDS } from './push/kinds.js';
import { notifyChange } from './push/notifications.js';

/**
 * What a property employee does in Mews, as commands for the admin API, the CLI and scenarios:
 * edit inventory, switch connections, map and unmap, push inventory. Every change goes through the
 * world state, so it produces delta pushes and change notifications like the real thing.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected yyyy-MM-dd');
const target = { connection: z.string().optional(), propertyId: z.string().optional() };
/** A rate × space pair of a property (by connection or id) for the days from..to, both included. */
const pairRange = { ...target, ratePlanCode: z.string(), spaceTypeCode: z.string(), from: date, to: date };

export const PushCommand = z
  .object({
    connection: z.string().optional(),
    kinds: z.array(z.enum(['availability', 'prices', 'restrictions'])).optional(),
    from: date,
    to: date,
  })
  .meta({ id: 'PushCommand' });

export const AvailabilityCommand = z
  .object({ ...target, spaceTypeCode: z.string(), from: date, to: date, availability: z.number().int().min(0).nullable() })
  .meta({ id: 'AvailabilityCommand' });

export const PriceCommand = z
  .object({
    ...pairRange,
    /** Price at default occupancy, in the property's pricing mode; null clears the edit. */
    price: z.number().positive().nullable().optional(),
    /** Explicit prices per guest count, e.g. {"1": 90, "2": 110}. */
    prices: z.record(z.string().regex(/^\d+$/), z.number().positive()).optional(),
  })
  .meta({ id: 'PriceCommand' });

export const RestrictionCommand = z
  .object({
    ...pairRange,
    /** Null clears the edit (back to the world's rules). */
    state: z.array(z.union([z.literal(1), z.literal(2), z.literal(6), z.literal(7), z.literal(8)])).min(1).nullable(),
    minLos: z.number().int().min(1).nullable().optional(),
    maxLos: z.number().int().min(1).nullable().optional(),
  })
  .meta({ id: 'RestrictionCommand' });

export const MappingCommand = z.object({ ratePlanCode: z.string(), spaceTypeCode: z.string() }).meta({ id: 'MappingCommand' });

export const CreateConnectionCommand = z
  .object({ propertyId: z.string(), token: z.string().min(8).optional(), name: z.string().optional(), spaceTypeCodes: z.array(z.string()).optional() })
  .meta({ id: 'CreateConnectionCommand' });

export const AddSpacesCommand = z.object({ spaceTypeCode: z.string(), count: z.number().int().min(1).max(1000) }).meta({ id: 'AddSpacesCommand' });

export async function pushInventory(world: World, cmd: z.output<typeof PushCommand>): Promise<PushSummary[]> {
  checkRange(cmd.from, cmd.to);
  const connections = cmd.connection ? [connectionOf(world, cmd.connection)] : [...world.state.connections.values()].filter((c) => c.active && !c.deleted);
  const out: PushSummary[] = [];
  for (const c of connections) out.push(...(await pushEngine(world).pushFull(c, cmd.from, cmd.to, cmd.kinds ?? PUSH_KINDS)));
  return out;
}

export function setAvailability(world: World, cmd: z.output<typeof AvailabilityCommand>) {
  const propertyId = propertyOf(world, cmd);
  const inv = world.state.inventory(propertyId);
  if (!inv.space(cmd.spaceTypeCode)) throw new CommandError(400, `Unknown space type '${cmd.spaceTypeCode}' in ${propertyId}.`, '$.spaceTypeCode');
  checkRange(cmd.from, cmd.to);
  inv.setAvailability(cmd.spaceTypeCode, dayOf(cmd.from), dayOf(cmd.to) + 1, cmd.availability);
  world.state.changed({ type: 'availability', propertyId, spaceTypeCode: cmd.spaceTypeCode, from: cmd.from, to: addDays(cmd.to, 1) });
  return { propertyId, ...cmd };
}

export function setPrice(world: World, cmd: z.output<typeof PriceCommand>) {
  const propertyId = propertyOf(world, cmd);
  const inv = world.state.inventory(propertyId);
  checkPair(inv, cmd.ratePlanCode, cmd.spaceTypeCode);
  checkRange(cmd.from, cmd.to);
  if (cmd.price === undefined && !cmd.prices) throw new CommandError(400, "Give 'price', 'prices' or \"price\": null to clear.", '$.price');
  const value = cmd.price === null ? null : { base: cmd.price ?? undefined, byGuests: cmd.prices && Object.fromEntries(Object.entries(cmd.prices).map(([k, v]) => [Number(k), v])) };
  inv.setPrice(cmd.ratePlanCode, cmd.spaceTypeCode, dayOf(cmd.from), dayOf(cmd.to) + 1, value);
  world.state.changed({ type: 'prices', propertyId, ratePlanCode: cmd.ratePlanCode, spaceTypeCode: cmd.spaceTypeCode, from: cmd.from, to: cmd.to });
  return { propertyId, ...cmd };
}

export function setRestriction(world: World, cmd: z.output<typeof RestrictionCommand>) {
  const propertyId = propertyOf(world, cmd);
  const inv = world.state.inventory(propertyId);
  checkPair(inv, cmd.ratePlanCode, cmd.spaceTypeCode);
  checkRange(cmd.from, cmd.to);
  if (cmd.minLos != null && cmd.maxLos != null && cmd.maxLos < cmd.minLos) throw new CommandError(400, 'maxLos must be at least minLos.', '$.maxLos');
  const value = cmd.state === null ? null : { state: cmd.state, minLos: cmd.minLos ?? undefined, maxLos: cmd.maxLos ?? undefined };
  inv.setRestriction(cmd.ratePlanCode, cmd.spaceTypeCode, dayOf(cmd.from), dayOf(cmd.to) + 1, value);
  world.state.changed({ type: 'restrictions', propertyId, ratePlanCode: cmd.ratePlanCode, spaceTypeCode: cmd.spaceTypeCode, from: cmd.from, to: cmd.to });
  return { propertyId, ...cmd };
}

export function createConnection(world: World, cmd: z.output<typeof CreateConnectionCommand>): Connection {
  const property = world.state.properties.get(cmd.propertyId);
  if (!property) throw new CommandError(404, `Unknown property '${cmd.propertyId}'.`, '$.propertyId');
  const token = cmd.token ?? `${world.state.uuid().replace(/-/g, '').toUpperCase()}-${world.state.uuid().replace(/-/g, '').toUpperCase().slice(0, 31)}`;
  if (world.state.connections.has(token)) throw new CommandError(409, `A connection with token '${token}' exists.`, '$.token');
  cmd.spaceTypeCodes?.forEach((s, i) => {
    if (!property.spaceCategories.some((c) => c.code === s)) throw new CommandError(400, `Unknown space type '${s}'.`, `$.spaceTypeCodes[${i}]`);
  });
  const connection = toConnection(property, { token, name: cmd.name, active: true, spaceTypeCodes: cmd.spaceTypeCodes, productMappings: [], unsynchronizedRates: [], unsynchronizedCategories: [], reservationsEnabled: true });
  world.state.connections.set(token, connection);
  world.state.changed({ type: 'connection', propertyId: property.id, token, change: 'created' });
  notifyChange(world, connection, ChangeType.Created);
  return connection;
}

export function setConnectionState(world: World, token: string, action: 'enable' | 'disable' | 'delete'): Connection {
  const c = connectionOf(world, token);
  if (c.deleted) throw new CommandError(409, `Connection '${token}' is deleted.`);
  if (action === 'enable') {
    // Enabling again is how a property recovers a connection the partner refused (3/8, 12-14).
    c.active = true;
    c.flagged = undefined;
    c.disabledPushes.clear();
  } else if (action === 'disable') c.active = false;
  else c.deleted = true;
  world.state.changed({ type: 'connection', propertyId: c.propertyId, token, change: action });
  notifyChange(world, c, action === 'enable' ? ChangeType.Activated : action === 'disable' ? ChangeType.Deactivated : ChangeType.Deleted);
  return c;
}

/** Maps or unmaps a rate × space pair, or (un)synchronizes a rate or category. */
export function changeMapping(world: World, token: string, action: 'map' | 'unmap', cmd: z.output<typeof MappingCommand>): Connection {
  const c = connectionOf(world, token);
  checkPair(world.state.inventory(c.propertyId), cmd.ratePlanCode, cmd.spaceTypeCode);
  if (!c.spaceTypeCodes.includes(cmd.spaceTypeCode)) throw new CommandError(400, `Space type '${cmd.spaceTypeCode}' is not covered by this connection.`, '$.spaceTypeCode');
  const exists = c.inventoryMappings.some((m) => m.ratePlanCode === cmd.ratePlanCode && m.spaceTypeCode === cmd.spaceTypeCode);
  if (action === 'map' && !exists) c.inventoryMappings.push({ ratePlanCode: cmd.ratePlanCode, spaceTypeCode: cmd.spaceTypeCode });
  if (action === 'unmap') c.inventoryMappings = c.inventoryMappings.filter((m) => !(m.ratePlanCode === cmd.ratePlanCode && m.spaceTypeCode === cmd.spaceTypeCode));
  if (action === 'map' ? !exists : exists) {
    world.state.changed({ type: 'connection', propertyId: c.propertyId, token, change: action });
    notifyChange(world, c, ChangeType.Updated);
  }
  return c;
}

export function setSynchronized(world: World, token: string, kind: 'rate' | 'category', code: string, synchronized: boolean): Connection {
  const c = connectionOf(world, token);
  const set = kind === 'rate' ? c.unsynchronizedRates : c.unsynchronizedCategories;
  const had = !set.has(code);
  if (synchronized) set.delete(code);
  else set.add(code);
  if (had !== synchronized) {
    world.state.changed({ type: 'connection', propertyId: c.propertyId, token, change: `${kind} ${code} ${synchronized ? 'synchronized' : 'unsynchronized'}` });
    notifyChange(world, c, ChangeType.Updated);
  }
  return c;
}

/** Adds spaces to a category (a new room is built): more availability and a change notification. */
export function addSpaces(world: World, propertyId: string, cmd: z.output<typeof AddSpacesCommand>) {
  const inv = world.state.inventories.get(propertyId);
  const space = inv?.space(cmd.spaceTypeCode);
  if (!inv || !space) throw new CommandError(404, `Unknown space type '${cmd.spaceTypeCode}' in '${propertyId}'.`, '$.spaceTypeCode');
  space.spaceCount += cmd.count;
  const today = world.clock.now().toISOString().slice(0, 10);
  world.state.changed({ type: 'availability', propertyId, spaceTypeCode: cmd.spaceTypeCode, from: today, to: addDays(today, 365) });
  for (const c of world.state.connections.values()) {
    if (c.propertyId === propertyId && c.spaceTypeCodes.includes(cmd.spaceTypeCode) && c.inventoryMappings.some((m) => m.spaceTypeCode === cmd.spaceTypeCode)) {
      notifyChange(world, c, ChangeType.Updated);
    }
  }
  return { propertyId, spaceTypeCode: cmd.spaceTypeCode, spaceCount: space.spaceCount };
}

export function connectionOf(world: World, token: string): Connection {
  const c = world.state.connections.get(token);
  if (!c) throw new CommandError(404, `Unknown connection '${token}'.`, '$.connection');
  return c;
}

function propertyOf(world: World, cmd: { connection?: string; propertyId?: string }): string {
  if (cmd.propertyId) {
    if (!world.state.properties.has(cmd.propertyId)) throw new CommandError(404, `Unknown property '${cmd.propertyId}'.`, '$.propertyId');
    return cmd.propertyId;
  }
  if (cmd.connection) return connectionOf(world, cmd.connection).propertyId;
  const ids = [...world.state.properties.keys()];
  if (ids.length === 1) return ids[0];
  throw new CommandError(400, `Name the property ('propertyId': one of ${ids.join(', ')}) or a 'connection'.`, '$.propertyId');
}

function checkPair(inv: ReturnType<World['state']['inventory']>, rate: string, space: string) {
  if (!inv.rate(rate)) throw new CommandError(400, `Unknown rate plan '${rate}' in ${inv.property.id}.`, '$.ratePlanCode');
  if (!inv.space(space)) throw new CommandError(400, `Unknown space type '${space}' in ${inv.property.id}.`, '$.spaceTypeCode');
}

function checkRange(from: string, to: string) {
  let a: number;
  let b: number;
  try {
    a = dayOf(from);
    b = dayOf(to);
  } catch (err) {
    throw new CommandError(400, (err as Error).message, '$.from');
  }
  if (a > b) throw new CommandError(400, `'from' (${from}) must not be after 'to' (${to}); both are included.`, '$.to');
  if (b - a > 3 * 366) throw new CommandError(400, 'A range may span at most three years.', '$.to');
}
