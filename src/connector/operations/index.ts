import type { ConnectorOperation } from '../operation.js';
import { getAllAgeCategories, getAllRates, getAllResourceCategories, getAllResources, getAllServices } from './catalog.js';
import { getAllEnterprises, getConfiguration } from './configuration.js';
import { getAllReservations } from './reservations.js';
import { getRatePricing, updateRatePrice } from './pricing.js';
import { getServiceAvailability, getServiceAvailabilityOld } from './availability.js';
import { cancelReservations } from './cancel.js';
import { addReservations } from './add.js';
import { updateReservations } from './update.js';
import { addOrder, getAllOrderItems, getAllProducts } from './orders.js';
import { addCustomer, addCustomerFile, getAllCustomers, getCustomerRelationships, getCustomersOpenItems, mergeCustomers, updateCustomer } from './customers.js';
import { clearRestrictions, getAllRestrictions, setRestrictions } from './restrictions.js';
import { addTask, getAllTasks } from './tasks.js';
import { updateResources } from './resource-updates.js';
import { addResourceBlocks, deleteResourceBlocks, getAllResourceBlocks } from './resource-blocks.js';
import { getAllAccountingCategories, getAllBusinessSegments, getAllCompanies, getAllDepartments, getAllRateGroups, getAllResourceCategoryAssignments, getAllSources } from './lists.js';

import { getAllCountries, getAllCurrencies, getAllLanguages, getAllTaxations, getAllTaxEnvironments, getLanguageTexts } from './reference.js';
import * as accounts from './accounts.js';
import * as billing from './billing.js';
import * as messaging from './messaging.js';
import * as accounting from './accounting.js';
import * as automations from './automations.js';
import * as finance from './finance.js';
import * as outlets from './outlets.js';
import * as exportsModule from './exports.js';
import * as creditCards from './credit-cards.js';
import * as cardPayments from './card-payments.js';
import * as paymentRequests from './payment-requests.js';
import * as identityDocuments from './identity-documents.js';
import * as companyContracts from './company-contracts.js';
import * as companionships from './companionships.js';
import * as voucherCodes from './voucher-codes.js';
import * as rates from './rates.js';
import * as resourceCategories from './resource-categories.js';
import * as resourceFeatures from './resource-features.js';
import * as serviceOverbookingLimits from './service-overbooking-limits.js';
import * as sourceAssignments from './source-assignments.js';
import * as resourceAccessTokens from './resource-access-tokens.js';
import * as devices from './devices.js';

/** The operations a module exports (it may export helpers too). */
function operationsOf(module: Record<string, unknown>): ConnectorOperation[] {
  return Object.values(module).filter((x): x is ConnectorOperation => typeof x === 'object' && x !== null && 'path' in x);
}

/** Every Connector API operation served, at /api/connector/v1/<path>. */
export const CONNECTOR_OPERATIONS: ConnectorOperation[] = [
  getConfiguration,
  getAllEnterprises,
  getAllServices,
  getServiceAvailability,
  getServiceAvailabilityOld,
  getAllResourceCategories,
  getAllResources,
  getAllRates,
  getAllAgeCategories,
  getAllRateGroups,
  getAllSources,
  getAllBusinessSegments,
  getAllDepartments,
  getAllCompanies,
  getAllAccountingCategories,
  getAllResourceCategoryAssignments,
  updateResources,
  getAllResourceBlocks,
  addResourceBlocks,
  deleteResourceBlocks,
  getAllTasks,
  addTask,
  getAllReservations,
  addReservations,
  updateReservations,
  cancelReservations,
  getAllCustomers,
  addCustomer,
  updateCustomer,
  getCustomerRelationships,
  getCustomersOpenItems,
  addCustomerFile,
  mergeCustomers,
  getAllProducts,
  addOrder,
  getAllOrderItems,
  getRatePricing,
  updateRatePrice,
  getAllRestrictions,
  setRestrictions,
  clearRestrictions,
  getAllCountries,
  getAllCurrencies,
  getAllLanguages,
  getLanguageTexts,
  getAllTaxEnvironments,
  getAllTaxations,
  ...operationsOf(accounts),
  ...operationsOf(billing),
  ...operationsOf(messaging),
  ...operationsOf(accounting),
  ...operationsOf(automations),
  ...operationsOf(finance),
  ...operationsOf(outlets),
  ...operationsOf(exportsModule),
  ...operationsOf(creditCards),
  ...operationsOf(cardPayments),
  ...operationsOf(paymentRequests),
  ...operationsOf(identityDocuments),
  ...operationsOf(companyContracts),
  ...operationsOf(companionships),
  ...operationsOf(voucherCodes),
  ...operationsOf(rates),
  ...operationsOf(resourceCategories),
  ...operationsOf(resourceFeatures),
  ...operationsOf(serviceOverbookingLimits),
  ...operationsOf(sourceAssignments),
  ...operationsOf(resourceAccessTokens),
  ...operationsOf(devices),
] as ConnectorOperation[];
