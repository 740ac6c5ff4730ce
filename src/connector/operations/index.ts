import type { ConnectorOperation } from '../operation.js';
import * as accounting from './accounting.js';
import * as accounts from './accounts.js';
import * as addOps from './add.js';
import * as automations from './automations.js';
import * as availability from './availability.js';
import * as billState from './bill-state.js';
import * as billing from './billing.js';
import * as cancelOps from './cancel.js';
import * as cancellationPolicies from './cancellation-policies.js';
import * as cardPayments from './card-payments.js';
import * as catalog from './catalog.js';
import * as common from './common.js';
import * as companionships from './companionships.js';
import * as companyContracts from './company-contracts.js';
import * as configuration from './configuration.js';
import * as creditCards from './credit-cards.js';
import * as customers from './customers.js';
import * as devices from './devices.js';
import * as exportsOps from './exports.js';
import * as finance from './finance.js';
import * as identityDocuments from './identity-documents.js';
import * as lists from './lists.js';
import * as merge from './merge.js';
import * as messaging from './messaging.js';
import * as orders from './orders.js';
import * as outlets from './outlets.js';
import * as paymentRequests from './payment-requests.js';
import * as pricing from './pricing.js';
import * as products from './products.js';
import * as rates from './rates.js';
import * as reference from './reference.js';
import * as reservationActions from './reservation-actions.js';
import * as reservationGroups from './reservation-groups.js';
import * as reservations from './reservations.js';
import * as resourceAccessTokens from './resource-access-tokens.js';
import * as resourceBlocks from './resource-blocks.js';
import * as resourceCategories from './resource-categories.js';
import * as resourceFeatures from './resource-features.js';
import * as resourceUpdates from './resource-updates.js';
import * as restrictions from './restrictions.js';
import * as rules from './rules.js';
import * as serviceOverbookingLimits from './service-overbooking-limits.js';
import * as sourceAssignments from './source-assignments.js';
import * as tasks from './tasks.js';
import * as updateOps from './update.js';
import * as voucherCodes from './voucher-codes.js';

/** The operations a module exports (it may export helpers too). */
function operationsOf(module: Record<string, unknown>): ConnectorOperation[] {
  return Object.values(module).filter((x): x is ConnectorOperation => typeof x === 'object' && x !== null && 'path' in x);
}

/** Every Connector API operation served, at /api/connector/v1/<path>: whatever the modules of this folder export. */
export const CONNECTOR_OPERATIONS: ConnectorOperation[] = [
  ...operationsOf(accounting),
  ...operationsOf(accounts),
  ...operationsOf(addOps),
  ...operationsOf(automations),
  ...operationsOf(availability),
  ...operationsOf(billState),
  ...operationsOf(billing),
  ...operationsOf(cancelOps),
  ...operationsOf(cancellationPolicies),
  ...operationsOf(cardPayments),
  ...operationsOf(catalog),
  ...operationsOf(common),
  ...operationsOf(companionships),
  ...operationsOf(companyContracts),
  ...operationsOf(configuration),
  ...operationsOf(creditCards),
  ...operationsOf(customers),
  ...operationsOf(devices),
  ...operationsOf(exportsOps),
  ...operationsOf(finance),
  ...operationsOf(identityDocuments),
  ...operationsOf(lists),
  ...operationsOf(merge),
  ...operationsOf(messaging),
  ...operationsOf(orders),
  ...operationsOf(outlets),
  ...operationsOf(paymentRequests),
  ...operationsOf(pricing),
  ...operationsOf(products),
  ...operationsOf(rates),
  ...operationsOf(reference),
  ...operationsOf(reservationActions),
  ...operationsOf(reservationGroups),
  ...operationsOf(reservations),
  ...operationsOf(resourceAccessTokens),
  ...operationsOf(resourceBlocks),
  ...operationsOf(resourceCategories),
  ...operationsOf(resourceFeatures),
  ...operationsOf(resourceUpdates),
  ...operationsOf(restrictions),
  ...operationsOf(rules),
  ...operationsOf(serviceOverbookingLimits),
  ...operationsOf(sourceAssignments),
  ...operationsOf(tasks),
  ...operationsOf(updateOps),
  ...operationsOf(voucherCodes),
];

const seen = new Set<string>();
for (const op of CONNECTOR_OPERATIONS) {
  if (seen.has(op.path)) throw new Error(`${op.path} is served twice`);
  seen.add(op.path);
}
