import type { z } from 'zod';
import type * as cm from '../channel-manager/schemas.js';
import type * as sent from '../openapi/webhooks.js';
import type { InboundOperation, OutboundOperation } from './operations.js';

/** Request bodies of the operations partners call that have a schema; other operations take any object. */
interface InboundBodies {
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
}

/** Bodies mews-sim sends (src/openapi/webhooks.ts). */
interface OutboundBodies {
  updateAvailability: z.output<typeof sent.UpdateAvailabilityMessage>;
  updatePrices: z.output<typeof sent.UpdatePricesMessage>;
  updateRestrictions: z.output<typeof sent.UpdateRestrictionsMessage>;
  confirmGroup: z.output<typeof cm.ConfirmGroupRequest>;
  changeNotificaton: z.output<typeof sent.ChangeNotificationMessage>;
  processGroup: z.output<typeof sent.MewsProcessGroupMessage>;
  processAvailabilityBlock: z.output<typeof sent.MewsAvailabilityBlockMessage>;
  generalWebhook: z.output<typeof sent.GeneralWebhookMessage>;
  integrationWebhook: z.output<typeof sent.IntegrationWebhookMessage>;
}

/** A journal matcher such as `{ $regex: '^M-' }` or `{ $type: 'string' }` (see the scenario guide). */
export type BodyMatcher = { [key: `$${string}`]: unknown };

/** A partial body: any subset of the keys, at any depth, each a value or a matcher. */
export type Expected<T> = BodyMatcher | (T extends readonly (infer E)[] ? Expected<E>[] : T extends object ? { [K in keyof T]?: Expected<T[K]> } : T);

export type InboundBody<Op extends InboundOperation> = Op extends keyof InboundBodies ? InboundBodies[Op] : Record<string, unknown>;
export type OutboundBody<Op extends OutboundOperation> = Op extends keyof OutboundBodies ? OutboundBodies[Op] : Record<string, unknown>;
