import type { z } from 'zod';
import type * as cm from '../channel-manager/schemas.js';
import type { OperationName } from './operations.js';

/** Request bodies of the operations that have a schema; other operations take any object. */
interface KnownBodies {
  getProperties: z.input<typeof cm.GetPropertiesRequest>;
  getConfiguration: z.input<typeof cm.GetConfigurationRequest>;
  getChannels: z.input<typeof cm.GetChannelsRequest>;
  setInventory: z.input<typeof cm.SetInventoryRequest>;
  requestAriUpdate: z.input<typeof cm.RequestAriUpdateRequest>;
  processGroup: z.input<typeof cm.ProcessGroupRequest>;
  processGroupConfirmation: z.input<typeof cm.ProcessGroupConfirmationRequest>;
  processAvailabilityConfirmation: z.input<typeof cm.PushConfirmationRequest>;
  processRateConfirmation: z.input<typeof cm.PushConfirmationRequest>;
  processRestrictionConfirmation: z.input<typeof cm.PushConfirmationRequest>;
  processAvailabilityBlock: z.input<typeof cm.ProcessAvailabilityBlockRequest>;
  processAvailabilityBlockConfirmation: z.input<typeof cm.ProcessAvailabilityBlockConfirmationRequest>;
  confirmGroup: z.input<typeof cm.ConfirmGroupRequest>;
}

/** A journal matcher such as `{ $regex: '^M-' }` or `{ $type: 'string' }` (see the scenario guide). */
export type BodyMatcher = { [key: `$${string}`]: unknown };

/** A partial body: any subset of the keys, at any depth, each a value or a matcher. */
export type Expected<T> = BodyMatcher | (T extends readonly (infer E)[] ? Expected<E>[] : T extends object ? { [K in keyof T]?: Expected<T[K]> } : T);

export type OperationBody<Op extends OperationName> = Op extends keyof KnownBodies ? KnownBodies[Op] : Record<string, unknown>;
