import type { ConnectorOperation } from '../operation.js';
import { getAllAgeCategories, getAllRates, getAllResourceCategories, getAllResources, getAllServices } from './catalog.js';
import { getAllEnterprises, getConfiguration } from './configuration.js';
import { getAllReservations, getAllReservations2017, getAllReservationItems, getChannelManagerDetails } from './reservations.js';
import { getRatePricing, updateRatePrice } from './pricing.js';
import { getServiceAvailability } from './availability.js';
import { cancelReservations } from './cancel.js';
import { addReservations } from './add.js';
import { updateReservations } from './update.js';
import { addOrder, cancelOrderItems, getAllOrderItems, getAllProductServiceOrders, getAllProducts } from './orders.js';
import { addCustomer, getAllCustomers, updateCustomer } from './customers.js';
import { clearRestrictions, getAllRestrictions, setRestrictions } from './restrictions.js';
import { addTask, getAllTasks } from './tasks.js';
import { updateResources } from './resource-updates.js';
import { addResourceBlocks, deleteResourceBlocks, getAllResourceBlocks } from './resource-blocks.js';
import { getAllAccountingCategories, getAllBusinessSegments, getAllCompanies, getAllDepartments, getAllRateGroups, getAllResourceCategoryAssignments, getAllSources } from './lists.js';

import { getAllCountries, getAllCurrencies, getAllLanguages, getAllTaxations, getAllTaxEnvironments, getLanguageTexts } from './reference.js';
import * as accounts from './accounts.js';
import * as billing from './billing.js';
import * as messaging from './messaging.js';
import * as reservationActions from './reservation-actions.js';
import * as reservationGroups from './reservation-groups.js';
import * as products from './products.js';
import * as cancellationPolicies from './cancellation-policies.js';
import * as rules from './rules.js';

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
  getAllReservations2017,
  getAllReservationItems,
  getChannelManagerDetails,
  cancelOrderItems,
  getAllProductServiceOrders,
  ...operationsOf(reservationActions),
  ...operationsOf(reservationGroups),
  ...operationsOf(products),
  ...operationsOf(cancellationPolicies),
  ...operationsOf(rules),
] as ConnectorOperation[];
