import type { World } from '../../engine/world.js';
import { stableId } from '../../world/ids.js';
import { getAll } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { ACCOUNTING_CATEGORIES, modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';

const STATIC_UTC = '2025-01-06T09:00:00Z';

export const getAllRateGroups = getAll('rateGroups/getAll', {
  summary: 'Rate groups of the given services (or ids).',
  collection: 'RateGroups',
  oneOf: [['ServiceIds', 'RateGroupIds']],
  items: ({ world, property }) => [
    {
      Id: modelOf(world, property).rateGroup.Id as string,
      ServiceId: modelOf(world, property).stayServiceId,
      IsActive: true,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
      Ordering: 0,
      Names: { [property.languageCode]: 'Default' },
      ShortNames: { [property.languageCode]: 'DEF' },
      Descriptions: {},
      ExternalIdentifier: 'default',
    },
  ],
  filters: { RateGroupIds: 'Id', ServiceIds: 'ServiceId', ExternalIdentifiers: 'ExternalIdentifier' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getAllBusinessSegments = getAll('businessSegments/getAll', {
  summary: 'Business segments of the enterprise.',
  collection: 'BusinessSegments',
  items: ({ world, property }) => modelOf(world, property).businessSegments,
  filters: { Ids: 'Id', ServiceIds: 'ServiceId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getAllResourceCategoryAssignments = getAll('resourceCategoryAssignments/getAll', {
  summary: 'Which resource (room, bed) belongs to which resource category.',
  collection: 'ResourceCategoryAssignments',
  items: ({ world, property }) =>
    [...modelOf(world, property).categoryOfResource].map(([resourceId, categoryId]) => ({
      Id: stableId(world.state.fixture.seed, 'resource-category-assignment', resourceId),
      IsActive: true,
      ResourceId: resourceId,
      CategoryId: categoryId,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
    })),
  filters: { ResourceCategoryIds: 'CategoryId', ResourceCategoryAssignmentIds: 'Id', ResourceIds: 'ResourceId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  extra({ body }) {
    if (body.ResourceCategoryIds.length === 0) throw invalidParameter('ResourceCategoryIds', 'at least one resource category id is required');
    return {};
  },
});

export const DEPARTMENTS = ['Front Office', 'Housekeeping', 'Maintenance', 'Food & Beverage'];

export const getAllDepartments = getAll('departments/getAll', {
  summary: 'Departments of the enterprise (front office, housekeeping, ...).',
  collection: 'Departments',
  items: ({ world, property, enterpriseId }) =>
    DEPARTMENTS.map((name) => ({ Id: stableId(world.state.fixture.seed, property.id, 'department', name), EnterpriseId: enterpriseId, IsActive: true, Name: name, CreatedUtc: STATIC_UTC, UpdatedUtc: STATIC_UTC })),
  filters: { DepartmentIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

export const getAllAccountingCategories = getAll('accountingCategories/getAll', {
  summary: 'Accounting categories of the enterprise.',
  collection: 'AccountingCategories',
  items: ({ world, property, enterpriseId }) =>
    ACCOUNTING_CATEGORIES.map((a) => ({
      Id: modelOf(world, property).accountingCategoryIdByCode.get(a.code)!,
      EnterpriseId: enterpriseId,
      IsActive: true,
      Name: a.name,
      Code: a.code,
      ExternalCode: null,
      LedgerAccountCode: null,
      PostingAccountCode: null,
      CostCenterCode: null,
      Classification: a.classification,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
    })),
  filters: { AccountingCategoryIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

/** The companies and travel agencies of every property, once each by name: the chain's company profiles. */
function chainCompanies(world: World) {
  const seen = new Set<string>();
  return world.state.fixture.properties.flatMap((p) => [...p.companies, ...p.travelAgencies]).filter((c) => !seen.has(c.name) && seen.add(c.name));
}

/**
 * Every company profile of the chain: the fixture's companies and travel agencies, then what
 * companies/add and companies/update stored (an update replaces the fixture's record).
 */
export function companyRecords(world: World): Entity[] {
  const seed = world.state.fixture.seed;
  const fixture = chainCompanies(world).map((c, i) => ({
      Id: stableId(seed, 'company', c.name),
      ChainId: stableId(seed, 'chain'),
      Name: c.name,
      MotherCompanyId: null,
      InvoicingEmail: c.email ?? null,
      WebsiteUrl: null,
      InvoiceDueInterval: null,
      Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false },
      CreditRating: { Basic: null },
      Department: null,
      DunsNumber: null,
      ReferenceIdentifier: null,
      AccountingCode: null,
      AdditionalTaxIdentifier: null,
      BillingCode: null,
      Contact: c.phone ?? null,
      ContactPerson: c.contact ?? null,
      Identifier: null,
      Iata: c.iata ?? null,
      IsActive: true,
      Notes: null,
      Number: i + 1,
      TaxIdentifier: null,
      Telephone: c.phone ?? null,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
      AddressId: null,
      MergeTargetId: null,
      ExternalIdentifier: c.id ?? null,
    }));
  const stored = entities(world).collection('companies');
  // A company merged into another is gone from every read.
  return [...fixture.filter((c) => !stored.has(c.Id)), ...[...stored.values()].filter((c) => !c.MergeTargetId)];
}

/** Ids of the chain's active companies (travel agencies included): what AccountId and CompanyId may name. */
export const chainCompanyIds = (world: World): Set<string> => new Set(companyRecords(world).filter((c) => c.IsActive).map((c) => c.Id));

export const getAllCompanies = getAll('companies/getAll', {
  summary: 'Company profiles of the chain: the companies and travel agencies the properties work with.',
  collection: 'Companies',
  items: ({ world }) => companyRecords(world),
  filters: { Ids: 'Id', ExternalIdentifiers: 'ExternalIdentifier', Names: 'Name', MotherCompanyIds: 'MotherCompanyId' },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc' },
});

/** Source types by channel name: the channel list carries names and codes only. */
function sourceType(name: string): string {
  if (/GDS/.test(name)) return 'GlobalDistributionSystem';
  if (/Direct|website/i.test(name)) return 'OnlineBookingEngine';
  if (/travel desk|agent/i.test(name)) return 'Agent';
  return 'OnlineTravelAgency';
}

export const getAllSources = getAll('sources/getAll', {
  summary: 'Reservation sources: the same channel list the Channel Manager API gives (getChannels).',
  collection: 'Sources',
  items: ({ world }) => world.state.channels.map((c) => ({ Id: stableId(world.state.fixture.seed, 'source', String(c.code)), Name: c.name, Type: sourceType(c.name), UpdatedUtc: STATIC_UTC, Code: c.code })),
  filters: { SourceIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

