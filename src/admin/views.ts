import type { World } from '../engine/world.js';
import { cmState } from '../channel-manager/state.js';
import { integrations } from '../connector/integrations.js';
import type { Connection } from '../world/state.js';

/** What a person (or the CLI banner) needs to know about a world: tokens, properties, connections. */
export function worldSummary(world: World) {
  const state = world.state;
  return {
    name: world.name,
    clientToken: state.clientToken,
    employees: [...state.employees.keys()],
    clock: { now: world.clock.now().toISOString(), frozen: world.clock.frozen },
    partner: world.options.partner,
    journal: { size: world.journal.size, evicted: world.journal.evicted, maxEntries: world.journal.maxEntries },
    connectorClientTokens: state.fixture.connectorClientTokens,
    properties: [...state.properties.values()].map((p) => ({
      id: p.id,
      name: p.name,
      pricingMode: p.pricingMode === 0 ? 'gross' : 'net',
      currencyCode: p.currencyCode,
      connectorAccessTokens: integrations(world)
        .list()
        .filter((i) => i.property.id === p.id && i.state === 'Enabled')
        .map((i) => i.accessToken),
      connections: [...state.connections.values()]
        .filter((c) => c.propertyId === p.id)
        .map((c) => ({ token: c.token, name: c.name, active: c.active && !c.deleted, spaceTypeCodes: c.spaceTypeCodes })),
    })),
  };
}

export function connectionView(c: Connection) {
  return {
    ...c,
    unsynchronizedRates: [...c.unsynchronizedRates],
    unsynchronizedCategories: [...c.unsynchronizedCategories],
    disabledPushes: [...c.disabledPushes],
  };
}

/** The world's changeable state as JSON: connections, reservations, blocks, manual inventory edits. */
export function snapshotOf(world: World) {
  const state = world.state;
  return {
    world: world.name,
    takenAt: world.clock.now().toISOString(),
    version: state.version,
    connections: [...state.connections.values()].map(connectionView),
    groups: [...state.groups.values()],
    reservations: [...state.reservations.values()],
    channels: state.channels,
    availabilityBlocks: [...cmState(world).blocks.values()],
    pendingPushes: [...cmState(world).pending.values()],
    inventoryOverrides: Object.fromEntries([...state.inventories].map(([id, inv]) => [id, inv.overrides()])),
  };
}
