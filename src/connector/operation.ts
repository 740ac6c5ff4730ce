import type { z } from 'zod';
import type { World } from '../engine/world.js';
import type { Finding } from '../journal/entry.js';
import type { Property } from '../world/schema.js';

export interface ConnectorContext<Body> {
  world: World;
  body: Body;
  /** The enterprise the AccessToken reaches. */
  property: Property;
  findings: Finding[];
}

export interface ConnectorOperation<S extends z.ZodType = z.ZodType> {
  /** Path after /api/connector/v1/, exactly as documented (case-sensitive). */
  path: string;
  summary: string;
  request: S;
  response?: z.ZodType;
  /** For paginated operations: the collection whose emptiness makes `Prefer: return=minimal` answer 204. */
  collection?: string;
  handle(ctx: ConnectorContext<z.output<S>>): Record<string, unknown> | Promise<Record<string, unknown>>;
}
