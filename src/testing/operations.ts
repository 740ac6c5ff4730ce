/**
 * Every operation name the journal records, as literal types for the test-runner matchers. A test
 * checks these lists against the operations actually served and sent, so they cannot drift.
 */
export const CHANNEL_MANAGER_OPERATIONS = [
  'getProperties',
  'getConfiguration',
  'getChannels',
  'setInventory',
  'requestAriUpdate',
  'processGroup',
  'processGroupConfirmation',
  'processAvailabilityConfirmation',
  'processRateConfirmation',
  'processRestrictionConfirmation',
  'processAvailabilityBlock',
  'processAvailabilityBlockConfirmation',
] as const;

/** What the simulated Mews calls on the partner (channel manager and Connector webhooks). */
export const OUTBOUND_OPERATIONS = [
  'updateAvailability',
  'updatePrices',
  'updateRestrictions',
  'confirmGroup',
  'changeNotificaton',
  'processGroup',
  'processAvailabilityBlock',
  'processAvailabilityBlockConfirmation',
  'generalWebhook',
  'integrationWebhook',
] as const;

export const CONNECTOR_OPERATION_PATHS = [
  'configuration/get',
  'enterprises/getAll',
  'services/getAll',
  'services/getAvailability/2024-01-22',
  'resourceCategories/getAll',
  'resources/getAll',
  'rates/getAll',
  'ageCategories/getAll',
  'rateGroups/getAll',
  'sources/getAll',
  'businessSegments/getAll',
  'departments/getAll',
  'companies/getAll',
  'accountingCategories/getAll',
  'resourceCategoryAssignments/getAll',
  'resources/update',
  'resourceBlocks/getAll',
  'resourceBlocks/add',
  'resourceBlocks/delete',
  'tasks/getAll',
  'tasks/add',
  'reservations/getAll/2023-06-06',
  'reservations/add',
  'reservations/update',
  'reservations/cancel',
  'customers/getAll',
  'customers/add',
  'customers/update',
  'products/getAll',
  'orders/add',
  'orderItems/getAll',
  'rates/getPricing',
  'rates/updatePrice',
  'restrictions/getAll',
  'restrictions/set',
  'restrictions/clear',
] as const;

/** An operation a partner calls on mews-sim (Channel Manager API or Connector API). */
export type InboundOperation = (typeof CHANNEL_MANAGER_OPERATIONS)[number] | (typeof CONNECTOR_OPERATION_PATHS)[number];
/** An operation mews-sim calls on the partner. */
export type OutboundOperation = (typeof OUTBOUND_OPERATIONS)[number];
export type OperationName = InboundOperation | OutboundOperation;
