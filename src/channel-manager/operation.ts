import type { z } from 'zod';
import type { World } from '../engine/world.js';
import type { Finding } from '../journal/entry.js';
import type { Connection } from '../world/state.js';

/** What an operation handler gets: the world, the validated body and the caller's connection. */
export interface CmContext<Body> {
  world: World;
  body: Body;
  /** The caller's connection, for operations that take a connectionToken. */
  connection: Connection;
  /** Findings to record with the call (deprecated fields, rule warnings). */
  findings: Finding[];
}

export type Auth = 'client' | 'connection';

export interface CmOperation<S extends z.ZodType = z.ZodType> {
  name: string;
  /** Request shape; the OpenAPI document and code-6 messages come from it. */
  request: S;
  /** Response shape for the OpenAPI document (the simple response when omitted). */
  response?: z.ZodType;
  auth: Auth;
  summary: string;
  /** Returns the response body. Throw CmError for an error answer. */
  handle(ctx: CmContext<z.output<S>>): Record<string, unknown> | Promise<Record<string, unknown>>;
}

export function defineOperation<S extends z.ZodType>(op: CmOperation<S>): CmOperation<S> {
  return op;
}
