import type { World } from '../engine/world.js';

/** A stored Connector entity: the documented fields, by their documented names. */
export type Entity = Record<string, unknown> & { Id: string };

/**
 * The entities Connector operations add, update and delete (addresses, account notes, loyalty
 * programs, ...), one collection per kind, per world (a reset empties it). Kept in insertion order;
 * getAll answers newest first.
 */
export class EntityStore {
  private readonly kinds = new Map<string, Map<string, Entity>>();

  collection(kind: string): Map<string, Entity> {
    let c = this.kinds.get(kind);
    if (!c) this.kinds.set(kind, (c = new Map()));
    return c;
  }

  list(kind: string): Entity[] {
    return [...this.collection(kind).values()];
  }

  get(kind: string, id: string): Entity | undefined {
    return this.collection(kind).get(id);
  }

  put(kind: string, entity: Entity): Entity {
    this.collection(kind).set(entity.Id, entity);
    return entity;
  }
}

export const entities = (world: World): EntityStore => world.apiStateOf('connector:entities', () => new EntityStore());
