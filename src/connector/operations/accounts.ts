import { stableId } from '../../world/ids.js';
import { add, applyUpdateValues, getAll, operation, remove, stored, update, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { companyRecords } from './lists.js';
import { customerView } from './customers.js';

/**
 * Accounts (customers and companies) and what hangs off them: addresses, notes, loyalty programs,
 * tiers and memberships, vouchers. Ids chain: an address or note names an account any API created.
 */

const chainId = (ctx: Ctx) => stableId(ctx.world.state.fixture.seed, 'chain');
const integrationProfile = (ctx: Ctx) => ({ Discriminator: 'Integration', EnterpriseProfile: { ProfileId: stableId(ctx.world.state.fixture.seed, 'profile', 'integration') } });

/** Customer or Company, for an account id either API knows; 400 naming the parameter otherwise. */
export function accountType(ctx: Ctx, id: string, at: string): 'Customer' | 'Company' {
  if (ctx.world.state.customers.has(id)) return 'Customer';
  if (companyRecords(ctx.world).some((c) => c.Id === id && c.IsActive)) return 'Company';
  throw invalidParameter(at, `no customer or company ${id}.`);
}

/** A change to a customer's account data is a CustomerUpdated webhook. */
function customersChanged(ctx: Ctx, items: Entity[]): void {
  const ids = [...new Set(items.filter((i) => i.AccountType === 'Customer').map((i) => i.AccountId as string))];
  if (ids.length) ctx.world.state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: ids, added: false });
}

// ---- addresses ----

export const getAllAddresses = getAll('addresses/getAll', {
  collection: 'Addresses',
  items: stored('addresses'),
  filters: { AccountIds: 'AccountId', AddressIds: 'Id', ChainIds: 'ChainId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  oneOf: [['AccountIds', 'AddressIds']],
});

export const addAddresses = add('addresses/add', {
  kind: 'addresses',
  collection: 'Addresses',
  input: (b) => b.Addresses,
  build: (ctx, a, i) => ({
    Id: ctx.world.state.uuid(),
    AccountId: a.AccountId,
    ChainId: chainId(ctx),
    AccountType: accountType(ctx, a.AccountId, `Addresses[${i}].AccountId`),
    Line1: a.Line1 ?? null,
    Line2: a.Line2 ?? null,
    City: a.City ?? null,
    PostalCode: a.PostalCode ?? null,
    CountryCode: a.CountryCode ?? null,
    CountrySubdivisionCode: a.CountrySubdivisionCode ?? null,
    Latitude: a.Latitude ?? null,
    Longitude: a.Longitude ?? null,
    UpdatedUtc: ctx.now,
    IsActive: true,
  }),
  after: customersChanged,
});

// ---- account notes ----

export const getAllAccountNotes = getAll('accountNotes/getAll', {
  collection: 'AccountNotes',
  items: stored('accountNotes'),
  filters: { AccountIds: 'AccountId', AccountNoteIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  oneOf: [['AccountIds', 'AccountNoteIds']],
});

export const addAccountNotes = add('accountNotes/add', {
  kind: 'accountNotes',
  collection: 'AccountNotes',
  input: (b) => b.AccountNotes,
  build: (ctx, n, i) => ({
    Id: ctx.world.state.uuid(),
    AccountId: n.AccountId,
    Content: n.Content,
    AccountType: accountType(ctx, n.AccountId, `AccountNotes[${i}].AccountId`),
    Classifications: n.Classifications,
    IsActive: true,
    CreatorProfile: integrationProfile(ctx),
    UpdaterProfile: integrationProfile(ctx),
    UpdatedUtc: ctx.now,
  }),
  after: customersChanged,
});

// ---- companies ----

const COMPANY_FIELDS = ['Name', 'MotherCompanyId', 'InvoicingEmail', 'WebsiteUrl', 'InvoiceDueInterval', 'Department', 'DunsNumber', 'ReferenceIdentifier', 'AccountingCode', 'AdditionalTaxIdentifier', 'BillingCode', 'Contact', 'ContactPerson', 'Identifier', 'Iata', 'Notes', 'TaxIdentifier', 'Telephone', 'ExternalIdentifier'];

export const addCompany = operation('companies/add', {
  handle(ctx) {
    const b = ctx.body;
    if (!b.Name?.trim()) throw invalidParameter('Name', 'it must not be empty.');
    if (companyRecords(ctx.world).some((c) => c.IsActive && c.Name === b.Name)) throw invalidParameter('Name', `a company named ${b.Name} exists.`);
    const company: Entity = {
      ...Object.fromEntries(COMPANY_FIELDS.map((f) => [f, b[f] ?? null])),
      Id: ctx.world.state.uuid(),
      ChainId: chainId(ctx),
      Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false, ...b.Options },
      CreditRating: { Basic: b.CreditRating?.Basic ?? null },
      IsActive: true,
      Number: companyRecords(ctx.world).length + 1,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      AddressId: null,
      MergeTargetId: null,
    };
    if (b.Address) {
      const address = { Id: ctx.world.state.uuid(), AccountId: company.Id, ChainId: chainId(ctx), AccountType: 'Company', Latitude: null, Longitude: null, Line1: null, Line2: null, City: null, PostalCode: null, CountryCode: null, CountrySubdivisionCode: null, ...b.Address, UpdatedUtc: ctx.now, IsActive: true };
      entities(ctx.world).put('addresses', address);
      company.AddressId = address.Id;
    }
    entities(ctx.world).put('companies', company);
    return { Companies: [company], Cursor: company.Id };
  },
});

export const updateCompany = operation('companies/update', {
  handle(ctx) {
    const b = ctx.body;
    const found = companyRecords(ctx.world).find((c) => c.Id === b.CompanyId && c.IsActive);
    if (!found) throw invalidParameter('CompanyId', `no company ${b.CompanyId}.`);
    const company: Entity = structuredClone(found);
    applyUpdateValues(company, b, COMPANY_FIELDS);
    if (b.Options) for (const [k, v] of Object.entries(b.Options as Record<string, { Value?: boolean } | null>)) if (v && 'Value' in v) (company.Options as Record<string, unknown>)[k] = v.Value ?? false;
    if (b.CreditRating?.Basic) (company.CreditRating as Record<string, unknown>).Basic = b.CreditRating.Basic.Value ?? null;
    company.UpdatedUtc = ctx.now;
    entities(ctx.world).put('companies', company);
    return { Companies: [company], Cursor: company.Id };
  },
});

export const deleteCompanies = operation('companies/delete', {
  handle(ctx) {
    const all = companyRecords(ctx.world);
    const found = (ctx.body.CompanyIds as string[]).map((id, i) => {
      const c = all.find((x) => x.Id === id && x.IsActive);
      if (!c) throw invalidParameter(`CompanyIds[${i}]`, `no active company ${id}.`);
      return c;
    });
    for (const c of found) entities(ctx.world).put('companies', { ...c, IsActive: false, UpdatedUtc: ctx.now });
    return {};
  },
});

// ---- customers/search ----

export const searchCustomers = operation('customers/search', {
  handle(ctx) {
    const { Name, ResourceId } = ctx.body;
    const needle = (Name as string | null)?.toLowerCase();
    const customers = [...ctx.world.state.customers.values()].filter((c) => !needle || `${c.firstName ?? ''} ${c.lastName}`.toLowerCase().includes(needle) || c.lastName.toLowerCase().includes(needle));
    const byResource = ResourceId ? new Set([...ctx.world.state.reservations.values()].filter((r) => r.details?.assignedResourceId === ResourceId && r.customerId).map((r) => r.customerId!)) : undefined;
    if (ResourceId && !modelOf(ctx.world, ctx.property).categoryOfResource.has(ResourceId)) throw invalidParameter('ResourceId', `no resource ${ResourceId}.`);
    return {
      Customers: customers.filter((c) => !byResource || byResource.has(c.id)).slice(0, 1000).map((c) => ({ Customer: customerView(ctx.world, c), Reservation: null })),
      Documents: ctx.body.Extent?.Documents ? [] : null,
    };
  },
});

// ---- loyalty programs, tiers, memberships ----

export const getAllLoyaltyPrograms = getAll('loyaltyPrograms/getAll', {
  collection: 'LoyaltyPrograms',
  items: stored('loyaltyPrograms'),
  filters: { LoyaltyProgramIds: 'Id', ChainIds: 'ChainId', Codes: 'Code' },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

export const addLoyaltyPrograms = add('loyaltyPrograms/add', {
  kind: 'loyaltyPrograms',
  collection: 'LoyaltyPrograms',
  input: (b) => b.LoyaltyPrograms,
  build(ctx, p, i) {
    if (stored('loyaltyPrograms')(ctx).some((x) => x.IsActive && x.Code === p.Code)) throw invalidParameter(`LoyaltyPrograms[${i}].Code`, `a loyalty program with code ${p.Code} exists.`);
    return { Id: ctx.world.state.uuid(), ChainId: chainId(ctx), Name: p.Name, Code: p.Code, Type: p.Type, Subscription: p.Subscription, IsActive: true, CreatedUtc: ctx.now, UpdatedUtc: ctx.now };
  },
});

export const updateLoyaltyPrograms = update('loyaltyPrograms/update', {
  kind: 'loyaltyPrograms',
  collection: 'LoyaltyPrograms',
  input: (b) => b.LoyaltyProgramUpdates,
  id: (u, i) => [u.LoyaltyProgramId, `LoyaltyProgramUpdates[${i}].LoyaltyProgramId`],
  apply: (_ctx, e, u) => applyUpdateValues(e, u, ['Name', 'Type', 'Subscription']),
});

export const deleteLoyaltyPrograms = remove('loyaltyPrograms/delete', { kind: 'loyaltyPrograms', ids: (b) => b.LoyaltyProgramIds, param: 'LoyaltyProgramIds' });

function program(ctx: Ctx, id: string, at: string): Entity {
  const p = entities(ctx.world).get('loyaltyPrograms', id);
  if (!p || !p.IsActive) throw invalidParameter(at, `no loyalty program ${id}.`);
  return p;
}

export const getAllLoyaltyTiers = getAll('loyaltyTiers/getAll', {
  collection: 'LoyaltyTiers',
  items: stored('loyaltyTiers'),
  filters: { LoyaltyProgramIds: 'LoyaltyProgramId', LoyaltyTierIds: 'Id', ChainIds: 'ChainId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

export const addLoyaltyTiers = add('loyaltyTiers/add', {
  kind: 'loyaltyTiers',
  collection: 'LoyaltyTiers',
  input: (b) => b.LoyaltyTiers,
  build(ctx, t, i) {
    program(ctx, t.LoyaltyProgramId, `LoyaltyTiers[${i}].LoyaltyProgramId`);
    return { Id: ctx.world.state.uuid(), ChainId: chainId(ctx), LoyaltyProgramId: t.LoyaltyProgramId, Name: t.Name, Code: t.Code, Ordering: t.Ordering, IsActive: true, UpdatedUtc: ctx.now };
  },
});

export const updateLoyaltyTiers = update('loyaltyTiers/update', {
  kind: 'loyaltyTiers',
  collection: 'LoyaltyTiers',
  input: (b) => b.LoyaltyTierUpdates,
  id: (u, i) => [u.LoyaltyTierId, `LoyaltyTierUpdates[${i}].LoyaltyTierId`],
  apply: (_ctx, e, u) => applyUpdateValues(e, u, ['Name', 'Code', 'Ordering']),
});

export const deleteLoyaltyTiers = remove('loyaltyTiers/delete', { kind: 'loyaltyTiers', ids: (b) => b.LoyaltyTierIds, param: 'LoyaltyTierIds' });

export const getAllLoyaltyMemberships = getAll('loyaltyMemberships/getAll', {
  collection: 'LoyaltyMemberships',
  items: stored('loyaltyMemberships'),
  filters: {
    LoyaltyMembershipIds: 'Id',
    AccountIds: 'AccountId',
    LoyaltyProgramIds: 'LoyaltyProgramId',
    MembershipStates: 'State',
    MembershipNumbers: 'MembershipNumber',
    ProviderMembershipIds: 'ProviderMembershipId',
    Codes: 'Code',
    ChainIds: 'ChainId',
  },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

const MEMBERSHIP_FIELDS = ['LoyaltyProgramId', 'State', 'IsPrimary', 'MembershipNumber', 'ProviderMembershipId', 'Points', 'ExpirationDate', 'Url', 'LoyaltyTierId', 'Code'];

export const addLoyaltyMemberships = add('loyaltyMemberships/add', {
  kind: 'loyaltyMemberships',
  collection: 'LoyaltyMemberships',
  input: (b) => b.LoyaltyMemberships,
  build(ctx, m, i) {
    const at = `LoyaltyMemberships[${i}]`;
    accountType(ctx, m.AccountId, `${at}.AccountId`);
    program(ctx, m.LoyaltyProgramId, `${at}.LoyaltyProgramId`);
    if (m.LoyaltyTierId && entities(ctx.world).get('loyaltyTiers', m.LoyaltyTierId)?.LoyaltyProgramId !== m.LoyaltyProgramId) throw invalidParameter(`${at}.LoyaltyTierId`, `no tier ${m.LoyaltyTierId} in loyalty program ${m.LoyaltyProgramId}.`);
    return {
      Id: ctx.world.state.uuid(),
      ChainId: chainId(ctx),
      AccountId: m.AccountId,
      LoyaltyProgramId: m.LoyaltyProgramId,
      State: m.State ?? 'New',
      IsPrimary: m.IsPrimary,
      ProviderMembershipId: null,
      MembershipNumber: m.MembershipNumber ?? null,
      Points: m.Points ?? null,
      ExpirationDate: m.ExpirationDate ?? null,
      Url: m.Url ?? null,
      LoyaltyTierId: m.LoyaltyTierId ?? null,
      CreatorProfile: integrationProfile(ctx),
      UpdaterProfile: integrationProfile(ctx),
      Code: m.Code ?? null,
      IsActive: true,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
    };
  },
  after: (ctx, added) => customersChanged(ctx, added.map((m) => ({ ...m, AccountType: ctx.world.state.customers.has(m.AccountId as string) ? 'Customer' : 'Company' }))),
});

export const updateLoyaltyMemberships = update('loyaltyMemberships/update', {
  kind: 'loyaltyMemberships',
  collection: 'LoyaltyMemberships',
  input: (b) => b.LoyaltyMembershipUpdates,
  id: (u, i) => [u.LoyaltyMembershipId, `LoyaltyMembershipUpdates[${i}].LoyaltyMembershipId`],
  apply(ctx, e, u, i) {
    if (u.LoyaltyProgramId?.Value) program(ctx, u.LoyaltyProgramId.Value, `LoyaltyMembershipUpdates[${i}].LoyaltyProgramId`);
    applyUpdateValues(e, u, MEMBERSHIP_FIELDS);
    e.UpdaterProfile = integrationProfile(ctx);
  },
});

export const deleteLoyaltyMemberships = remove('loyaltyMemberships/delete', { kind: 'loyaltyMemberships', ids: (b) => b.LoyaltyMembershipIds, param: 'LoyaltyMembershipIds' });

// ---- vouchers ----

export const addVouchers = add('vouchers/add', {
  kind: 'vouchers',
  collection: 'Vouchers',
  input: (b) => b.VoucherParameters,
  build(ctx, v, i) {
    const at = `VoucherParameters[${i}]`;
    const m = modelOf(ctx.world, ctx.property);
    if (!m.services.some((s) => s.Id === v.ServiceId)) throw invalidParameter(`${at}.ServiceId`, `no service ${v.ServiceId}.`);
    (v.AssignedRateIds ?? []).forEach((r: string, j: number) => {
      if (!m.rates.some((x) => x.Id === r)) throw invalidParameter(`${at}.AssignedRateIds[${j}]`, `no rate ${r}.`);
    });
    if (v.Type !== 'Public' && !v.CompanyId) throw invalidParameter(`${at}.CompanyId`, `it is required for a ${v.Type} voucher.`);
    if (v.CompanyId) accountType(ctx, v.CompanyId, `${at}.CompanyId`);
    return {
      Id: ctx.world.state.uuid(),
      ServiceId: v.ServiceId,
      EnterpriseId: ctx.enterpriseId,
      Name: v.Name,
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      Type: v.Type,
      CompanyId: v.Type === 'PartnerCompany' ? v.CompanyId : null,
      TravelAgencyId: v.Type === 'TravelAgency' ? v.CompanyId : null,
      OccupiableIntervalStartUtc: v.OccupiableIntervalStartUtc ?? null,
      OccupiableIntervalEndUtc: v.OccupiableIntervalEndUtc ?? null,
      ExternalIdentifier: v.ExternalIdentifier ?? null,
      IsActive: true,
      ActivityState: 'Active',
      AssignedRateIds: v.AssignedRateIds ?? [],
    };
  },
});

// ---- the rest of the accounts' CRUD: declarations over the same store ----

export const updateAddresses = update('addresses/update', {
  kind: 'addresses',
  collection: 'Addresses',
  input: (b) => b.AddressUpdates,
  id: (u, i) => [u.AddressId, `AddressUpdates[${i}].AddressId`],
  apply: (_ctx, e, u) => applyUpdateValues(e, u, ['Line1', 'Line2', 'City', 'PostalCode', 'CountryCode', 'CountrySubdivisionCode']),
  after: customersChanged,
});

export const deleteAddresses = remove('addresses/delete', { kind: 'addresses', ids: (b) => b.AddressIds, param: 'AddressIds', after: customersChanged });

export const updateAccountNotes = update('accountNotes/update', {
  kind: 'accountNotes',
  collection: 'AccountNotes',
  input: (b) => b.AccountNoteUpdates,
  id: (u, i) => [u.AccountNoteId, `AccountNoteUpdates[${i}].AccountNoteId`],
  apply(ctx, e, u) {
    applyUpdateValues(e, u, ['Content']);
    // Classifications: each flag given as {Value} switches that classification on or off.
    const flags = (u.Classifications ?? {}) as Record<string, { Value?: boolean | null } | null>;
    const set = new Set(e.Classifications as string[]);
    for (const [name, flag] of Object.entries(flags)) {
      if (flag && 'Value' in flag && flag.Value) set.add(name);
      else if (flag && 'Value' in flag) set.delete(name);
    }
    e.Classifications = [...set];
    e.UpdaterProfile = integrationProfile(ctx);
  },
  after: customersChanged,
});

export const deleteAccountNotes = remove('accountNotes/delete', { kind: 'accountNotes', ids: (b) => b.AccountNoteIds, param: 'AccountNoteIds', after: customersChanged });

export const getAllVouchers = getAll('vouchers/getAll', {
  collection: 'Vouchers',
  items: stored('vouchers'),
  filters: { ServiceIds: 'ServiceId', VoucherIds: 'Id', CompanyIds: (v, wanted) => wanted.has(v.CompanyId as string) || wanted.has(v.TravelAgencyId as string), ExternalIdentifiers: 'ExternalIdentifier', EnterpriseIds: 'EnterpriseId' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  extra(ctx, page) {
    const e = ctx.body.Extent ?? {};
    const assignments = page.flatMap((v) => (v.AssignedRateIds as string[]).map((RateId) => ({ VoucherId: v.Id, RateId })));
    const companyIds = new Set(page.flatMap((v) => [v.CompanyId, v.TravelAgencyId]).filter(Boolean));
    if (ctx.body.VoucherCodeValues) page.length = 0; // no voucher codes are kept
    return {
      ...(!e.Vouchers && { Vouchers: null }),
      VoucherCodes: e.VoucherCodes ? [] : null,
      VoucherAssignments: e.VoucherAssignments ? assignments : null,
      Rates: null,
      Companies: e.Companies ? companyRecords(ctx.world).filter((c) => companyIds.has(c.Id)) : null,
    };
  },
});

export const updateVouchers = update('vouchers/update', {
  kind: 'vouchers',
  collection: 'Vouchers',
  input: (b) => b.VoucherUpdates,
  id: (u, i) => [u.VoucherId, `VoucherUpdates[${i}].VoucherId`],
  apply(ctx, e, u, i) {
    const at = `VoucherUpdates[${i}]`;
    if (u.Type?.Value && !['Public', 'PartnerCompany', 'TravelAgency'].includes(u.Type.Value)) throw invalidParameter(`${at}.Type`, `no voucher type ${u.Type.Value}.`);
    if (u.CompanyId?.Value) accountType(ctx, u.CompanyId.Value, `${at}.CompanyId`);
    const rates = u.AssignedRateIds?.Value as string[] | null | undefined;
    const m = modelOf(ctx.world, ctx.property);
    rates?.forEach((r, j) => {
      if (!m.rates.some((x) => x.Id === r)) throw invalidParameter(`${at}.AssignedRateIds.Value[${j}]`, `no rate ${r}.`);
    });
    applyUpdateValues(e, u, ['Name', 'Type', 'OccupiableIntervalStartUtc', 'OccupiableIntervalEndUtc', 'ExternalIdentifier']);
    if (u.AssignedRateIds && 'Value' in u.AssignedRateIds) e.AssignedRateIds = rates ?? [];
    if (u.CompanyId && 'Value' in u.CompanyId) [e.CompanyId, e.TravelAgencyId] = e.Type === 'TravelAgency' ? [null, u.CompanyId.Value ?? null] : [u.CompanyId.Value ?? null, null];
  },
});
