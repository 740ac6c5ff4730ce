import { z } from 'zod';
import type { World } from '../../engine/world.js';
import { stableId } from '../../world/ids.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { maxMonths } from '../builder.js';
import { ACCOUNTING_CATEGORIES, modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { checkInterval, inInterval } from '../time.js';
import { entities, type Entity } from '../store.js';
import { activityStates, byActivity, byIds, ids, interval, limitation, RequestBase } from './common.js';

const STATIC_UTC = '2025-01-06T09:00:00Z';

export const getAllRateGroups = defineConnectorOperation({
  path: 'rateGroups/getAll',
  summary: 'Rate groups of the given services (or ids).',
  request: RequestBase.extend({ EnterpriseIds: ids(), RateGroupIds: ids(), ServiceIds: ids(), ExternalIdentifiers: ids(), UpdatedUtc: interval, ActivityStates: activityStates, Limitation: limitation }).meta({
    id: 'RateGroupsGetAllRequest',
  }),
  collection: 'RateGroups',
  handle({ world, property, body }) {
    if (!body.RateGroupIds && !body.ServiceIds) throw invalidParameter('ServiceIds', 'ServiceIds or RateGroupIds is required.');
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('rateGroups/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const lang = property.languageCode;
    let items = [
      {
        Id: m.rateGroup.Id as string,
        ServiceId: m.stayServiceId,
        IsActive: true,
        CreatedUtc: STATIC_UTC,
        UpdatedUtc: STATIC_UTC,
        Ordering: 0,
        Names: { [lang]: 'Default' },
        ShortNames: { [lang]: 'DEF' },
        Descriptions: {},
        ExternalIdentifier: 'default',
      },
    ];
    items = byActivity(byIds(byIds(byIds(items, 'Id', body.RateGroupIds), 'ServiceId', body.ServiceIds), 'ExternalIdentifier', body.ExternalIdentifiers), body.ActivityStates).filter((g) =>
      inInterval(g.UpdatedUtc, updated),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { RateGroups: page, Cursor: cursor };
  },
});

export const getAllBusinessSegments = defineConnectorOperation({
  path: 'businessSegments/getAll',
  summary: 'Business segments of the enterprise.',
  request: RequestBase.extend({ EnterpriseIds: ids(), Ids: ids(), ServiceIds: ids(), UpdatedUtc: interval, ActivityStates: activityStates, Limitation: limitation }).meta({ id: 'BusinessSegmentsGetAllRequest' }),
  collection: 'BusinessSegments',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('businessSegments/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const items = byActivity(byIds(byIds(m.businessSegments, 'Id', body.Ids), 'ServiceId', body.ServiceIds), body.ActivityStates).filter((b) => inInterval(b.UpdatedUtc as string, updated));
    const { page, cursor } = paginate(items, body.Limitation);
    return { BusinessSegments: page, Cursor: cursor };
  },
});

export const getAllResourceCategoryAssignments = defineConnectorOperation({
  path: 'resourceCategoryAssignments/getAll',
  summary: 'Which resource (room, bed) belongs to which resource category.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    ResourceCategoryAssignmentIds: ids(),
    ResourceCategoryIds: z.array(z.string()).min(1, 'at least one resource category id is required').max(1000, 'at most 1000 items'),
    UpdatedUtc: interval,
    ActivityStates: activityStates,
    ResourceIds: ids(),
    Limitation: limitation,
  }).meta({ id: 'ResourceCategoryAssignmentsGetAllRequest' }),
  collection: 'ResourceCategoryAssignments',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('resourceCategoryAssignments/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const seed = world.state.fixture.seed;
    const all = [...m.categoryOfResource].map(([resourceId, categoryId]) => ({
      Id: stableId(seed, 'resource-category-assignment', resourceId),
      IsActive: true,
      ResourceId: resourceId,
      CategoryId: categoryId,
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
    }));
    const items = byActivity(byIds(byIds(byIds(all, 'CategoryId', body.ResourceCategoryIds), 'Id', body.ResourceCategoryAssignmentIds), 'ResourceId', body.ResourceIds), body.ActivityStates).filter((a) =>
      inInterval(a.UpdatedUtc, updated),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { ResourceCategoryAssignments: page, Cursor: cursor };
  },
});

export const DEPARTMENTS = ['Front Office', 'Housekeeping', 'Maintenance', 'Food & Beverage'];

export const getAllDepartments = defineConnectorOperation({
  path: 'departments/getAll',
  summary: 'Departments of the enterprise (front office, housekeeping, ...).',
  request: RequestBase.extend({ EnterpriseIds: ids(), DepartmentIds: ids(), UpdatedUtc: interval, Limitation: limitation }).meta({ id: 'DepartmentsGetAllRequest' }),
  collection: 'Departments',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('departments/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const seed = world.state.fixture.seed;
    const all = DEPARTMENTS.map((name) => ({ Id: stableId(seed, property.id, 'department', name), EnterpriseId: m.enterprise.Id as string, IsActive: true, Name: name, CreatedUtc: STATIC_UTC, UpdatedUtc: STATIC_UTC }));
    const items = byIds(all, 'Id', body.DepartmentIds).filter((d) => inInterval(d.UpdatedUtc, updated));
    const { page, cursor } = paginate(items, body.Limitation);
    return { Departments: page, Cursor: cursor };
  },
});

export const getAllAccountingCategories = defineConnectorOperation({
  path: 'accountingCategories/getAll',
  summary: 'Accounting categories of the enterprise.',
  request: RequestBase.extend({ EnterpriseIds: ids(), AccountingCategoryIds: ids(), UpdatedUtc: interval, ActivityStates: activityStates, Limitation: limitation }).meta({ id: 'AccountingCategoriesGetAllRequest' }),
  collection: 'AccountingCategories',
  handle({ world, property, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('accountingCategories/getAll', 'UpdatedUtc'));
    const m = modelOf(world, property);
    const all = ACCOUNTING_CATEGORIES.map((a) => ({
      Id: m.accountingCategoryIdByCode.get(a.code)!,
      EnterpriseId: m.enterprise.Id as string,
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
    }));
    const items = byActivity(byIds(all, 'Id', body.AccountingCategoryIds), body.ActivityStates).filter((a) => inInterval(a.UpdatedUtc, updated));
    const { page, cursor } = paginate(items, body.Limitation);
    return { AccountingCategories: page, Cursor: cursor };
  },
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

export const getAllCompanies = defineConnectorOperation({
  path: 'companies/getAll',
  summary: 'Company profiles of the chain: the companies and travel agencies the properties work with.',
  request: RequestBase.extend({
    ChainIds: ids(),
    MotherCompanyIds: ids(),
    CreatedUtc: interval,
    UpdatedUtc: interval,
    Ids: ids(),
    ExternalIdentifiers: ids(),
    Names: ids(),
    ActivityStates: activityStates,
    Limitation: limitation,
  }).meta({ id: 'CompaniesGetAllRequest' }),
  collection: 'Companies',
  handle({ world, body }) {
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('companies/getAll', 'CreatedUtc'));
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('companies/getAll', 'UpdatedUtc'));
    const all = companyRecords(world);
    const items = byActivity(byIds(byIds(byIds(all, 'Id', body.Ids), 'ExternalIdentifier', body.ExternalIdentifiers), 'Name', body.Names), body.ActivityStates).filter(
      (c) => !body.MotherCompanyIds && inInterval(c.CreatedUtc as string, created) && inInterval(c.UpdatedUtc as string, updated),
    );
    const { page, cursor } = paginate(items, body.Limitation);
    return { Companies: page, Cursor: cursor };
  },
});

/** Source types by channel name: the channel list carries names and codes only. */
function sourceType(name: string): string {
  if (/GDS/.test(name)) return 'GlobalDistributionSystem';
  if (/Direct|website/i.test(name)) return 'OnlineBookingEngine';
  if (/travel desk|agent/i.test(name)) return 'Agent';
  return 'OnlineTravelAgency';
}

export const getAllSources = defineConnectorOperation({
  path: 'sources/getAll',
  summary: 'Reservation sources: the same channel list the Channel Manager API gives (getChannels).',
  request: RequestBase.extend({ SourceIds: ids(), UpdatedUtc: interval, Limitation: limitation }).meta({ id: 'SourcesGetAllRequest' }),
  collection: 'Sources',
  handle({ world, body }) {
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('sources/getAll', 'UpdatedUtc'));
    const seed = world.state.fixture.seed;
    const items = byIds(
      world.state.channels.map((c) => ({ Id: stableId(seed, 'source', String(c.code)), Name: c.name, Type: sourceType(c.name), UpdatedUtc: STATIC_UTC, Code: c.code })),
      'Id',
      body.SourceIds,
    ).filter((s) => inInterval(s.UpdatedUtc, updated));
    const { page, cursor } = paginate(items, body.Limitation);
    return { Sources: page, Cursor: cursor };
  },
});

