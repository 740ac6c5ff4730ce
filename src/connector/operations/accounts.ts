import { stableId } from '../../world/ids.js';
import type { CustomerExtraField, CustomerRecord } from '../../world/state.js';
import { add, applyUpdateValues, getAll, operation, remove, stored, update, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { entities, type Entity } from '../store.js';
import { companyRecords } from './lists.js';
import { accountType } from './account-type.js';
import { attachFile, customerView } from './customers.js';
import { checkMerge, mergeAccounts } from './merge.js';

/**
 * Accounts (customers and companies) and what hangs off them: addresses, notes, loyalty programs,
 * tiers and memberships, vouchers. Ids chain: an address or note names an account any API created.
 */

const chainId = (ctx: Ctx) => stableId(ctx.world.state.fixture.seed, 'chain');
const integrationProfile = (ctx: Ctx) => ({ Discriminator: 'Integration', EnterpriseProfile: { ProfileId: stableId(ctx.world.state.fixture.seed, 'profile', 'integration') } });


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
  // Each voucher with the values of its active codes, for VoucherCodeValues (dropped from the answer).
  items: (ctx) => {
    const codes = stored('voucherCodes')(ctx).filter((c) => c.IsActive);
    return stored('vouchers')(ctx).map((v) => ({ ...v, codeValues: codes.filter((c) => c.VoucherId === v.Id).map((c) => c.Value) }));
  },
  filters: {
    ServiceIds: 'ServiceId',
    VoucherIds: 'Id',
    CompanyIds: (v, wanted) => wanted.has(v.CompanyId as string) || wanted.has(v.TravelAgencyId as string),
    ExternalIdentifiers: 'ExternalIdentifier',
    EnterpriseIds: 'EnterpriseId',
    VoucherCodeValues: (v, wanted) => (v.codeValues as string[]).some((value) => wanted.has(value)),
  },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
  extra(ctx, page) {
    const e = ctx.body.Extent ?? {};
    const assignments = page.flatMap((v) => (v.AssignedRateIds as string[]).map((RateId) => ({ VoucherId: v.Id, RateId })));
    const companyIds = new Set(page.flatMap((v) => [v.CompanyId, v.TravelAgencyId]).filter(Boolean));
    const ids = new Set(page.map((v) => v.Id));
    page.forEach(({ codeValues: _values, ...v }, i) => (page[i] = v));
    return {
      ...(!e.Vouchers && { Vouchers: null }),
      VoucherCodes: e.VoucherCodes ? stored('voucherCodes')(ctx).filter((c) => c.IsActive && ids.has(c.VoucherId as string)) : null,
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

export const deleteVouchers = remove('vouchers/delete', {
  kind: 'vouchers',
  ids: (b) => b.VoucherIds,
  param: 'VoucherIds',
  // A deleted voucher's codes go with it.
  after(ctx, deleted) {
    const ids = new Set(deleted.map((v) => v.Id));
    for (const c of stored('voucherCodes')(ctx)) if (ids.has(c.VoucherId as string) && c.IsActive) entities(ctx.world).put('voucherCodes', { ...c, IsActive: false, ActivityState: 'Deleted', UpdatedUtc: ctx.now });
  },
});

// ---- accounts/update ----

const CUSTOMER_CLASSIFICATIONS = ['PaymasterAccount', 'Blocklist', 'Media', 'LoyaltyProgram', 'PreviousComplaint', 'Returning', 'Staff', 'FriendOrFamily', 'TopManagement', 'Important', 'VeryImportant', 'Problematic', 'Cashlist', 'DisabledPerson', 'Military', 'Airline', 'HealthCompliant', 'InRoom', 'WaitingForRoom', 'Student'];
const CUSTOMER_OPTIONS = ['SendMarketingEmails', 'Invoiceable', 'BillAddressObjection'];
const COMPANY_CLASSIFICATIONS = ['Corporate', 'Internal', 'Private', 'OnlineTravelAgency', 'GlobalDistributionSystem', 'Marketing', 'Inactive', 'GovernmentEntity'];
/** Customer update parameter → the profile field it sets. */
const CUSTOMER_RECORD_FIELDS: Record<string, keyof CustomerRecord> = { Email: 'email', Notes: 'notes', LastName: 'lastName', FirstName: 'firstName', Telephone: 'phone', LoyaltyCode: 'loyaltyCode', NationalityCode: 'nationalityCode', CompanyId: 'companyId', Title: 'title', PreferredLanguageCode: 'languageCode' };
/** Customer update parameter → the further personal field it sets. */
const CUSTOMER_EXTRAS: Record<string, CustomerExtraField> = { TaxIdentifier: 'TaxIdentificationNumber', SecondLastName: 'SecondLastName', BirthPlace: 'BirthPlace', Occupation: 'Occupation', CarRegistrationNumber: 'CarRegistrationNumber', DietaryRequirements: 'DietaryRequirements', BirthDate: 'BirthDate', Sex: 'Sex' };
const LEGAL_IDS: Record<string, CustomerExtraField> = { ItDestinationCode: 'ItalianDestinationCode', ItFiscalCode: 'ItalianFiscalCode', ItLotteryCode: 'ItalianLotteryCode' };
/** Company update parameter → the company field it sets. */
const COMPANY_UPDATE_FIELDS: Record<string, string> = {
  Email: 'InvoicingEmail', TaxIdentifier: 'TaxIdentifier', BillingCode: 'BillingCode', AccountingCode: 'AccountingCode', Notes: 'Notes', Name: 'Name', MotherCompanyId: 'MotherCompanyId', WebsiteUrl: 'WebsiteUrl',
  InvoiceDueInterval: 'InvoiceDueInterval', Department: 'Department', DunsNumber: 'DunsNumber', ReferenceId: 'ReferenceIdentifier', ExternalIdentifier: 'ExternalIdentifier', AdditionalTaxIdentifier: 'AdditionalTaxIdentifier',
  Contact: 'Contact', ContactPerson: 'ContactPerson', FiscalIdentifier: 'Identifier', Iata: 'Iata', Telephone: 'Telephone',
};

const given = (u: Body | null | undefined): u is { Value?: unknown } => u != null && typeof u === 'object' && 'Value' in u;
const flags = (names: string[], on: (name: string) => boolean) => Object.fromEntries(names.map((n) => [n, on(n)]));

/** Switches the flags an update gives ({Value: true|false}) in a list of names. */
function toggle(list: string[], update: Body | null | undefined, aliases: Record<string, string> = {}): string[] {
  const set = new Set(list);
  for (const [name, v] of Object.entries(update ?? {})) {
    if (!given(v as Body)) continue;
    const n = aliases[name] ?? name;
    if ((v as { Value?: boolean }).Value) set.add(n);
    else set.delete(n);
  }
  return [...set];
}

/** What accounts hold beyond the profile tables (codes, company classifications, source). */
const extrasOf = (ctx: Ctx, id: string): Entity => entities(ctx.world).get('accountExtras', id) ?? { Id: id };

function customerAccount(ctx: Ctx, c: CustomerRecord): Body {
  const v = customerView(ctx.world, c);
  const x = c.extras ?? {};
  const classes = new Set(c.classifications);
  return {
    ChainId: v.ChainId, CreatedUtc: v.CreatedUtc, UpdatedUtc: v.UpdatedUtc, UpdaterProfileId: v.UpdaterProfileId,
    Email: v.Email, TaxIdentifier: v.TaxIdentificationNumber, BillingCode: v.BillingCode, AccountingCode: v.AccountingCode, Notes: v.Notes, LastName: v.LastName, FirstName: v.FirstName,
    SecondLastName: v.SecondLastName, BirthPlace: v.BirthPlace, Telephone: v.Phone, Occupation: v.Occupation, CarRegistrationNumber: v.CarRegistrationNumber, DietaryRequirements: v.DietaryRequirements,
    LoyaltyCode: v.LoyaltyCode, NationalityCode: v.NationalityCode, CompanyId: v.CompanyId, BirthDate: v.BirthDate, Sex: v.Sex, Title: v.Title, PreferredLanguageCode: v.PreferredLanguageCode,
    Options: flags(CUSTOMER_OPTIONS, (o) => c.options.includes(o)),
    Classifications: { ...flags(CUSTOMER_CLASSIFICATIONS, (n) => classes.has(n)), Blocklist: classes.has('Blocklist') || classes.has('Blacklist'), Blacklist: classes.has('Blocklist') || classes.has('Blacklist') },
    LegalEntityIdentifiers: { ItDestinationCode: x.ItalianDestinationCode ?? null, ItFiscalCode: x.ItalianFiscalCode ?? null, ItLotteryCode: x.ItalianLotteryCode ?? null },
  };
}

function companyAccount(ctx: Ctx, c: Entity): Body {
  const x = extrasOf(ctx, c.Id);
  return {
    ...Object.fromEntries(Object.entries(COMPANY_UPDATE_FIELDS).map(([param, field]) => [param, c[field] ?? null])),
    ChainId: c.ChainId, CreatedUtc: c.CreatedUtc, UpdatedUtc: c.UpdatedUtc, UpdaterProfileId: integrationProfile(ctx).EnterpriseProfile.ProfileId,
    CreditRatingBasic: (c.CreditRating as { Basic?: string | null } | undefined)?.Basic ?? null,
    SourceId: x.SourceId ?? null,
    Classifications: flags(COMPANY_CLASSIFICATIONS, (n) => ((x.Classifications as string[] | undefined) ?? []).includes(n)),
    Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false, ...(c.Options as object) },
  };
}

function updateCustomerAccount(ctx: Ctx, id: string, u: Body, at: string): Body {
  const state = ctx.world.state;
  const existing = state.customers.get(id);
  if (!existing) throw invalidParameter(`${at}.Id`, `no customer ${id}.`);
  const record: CustomerRecord = structuredClone(existing);
  const extras: Record<string, string> = { ...record.extras };
  const value = (name: string) => (u[name] as { Value?: string | null }).Value ?? null;
  for (const [param, field] of Object.entries(CUSTOMER_RECORD_FIELDS)) if (given(u[param])) (record as unknown as Record<string, unknown>)[field] = value(param);
  for (const [param, field] of Object.entries(CUSTOMER_EXTRAS)) if (given(u[param])) extras[field] = value(param) as string;
  for (const [param, field] of Object.entries(LEGAL_IDS)) if (given(u.LegalEntityIdentifiers?.[param])) extras[field] = u.LegalEntityIdentifiers[param].Value as string;
  for (const k of Object.keys(extras)) if (extras[k] == null || extras[k] === '') delete extras[k];
  record.extras = extras;
  if (!record.lastName) throw invalidParameter(`${at}.Customer.LastName`, 'a customer keeps a last name.');
  if (given(u.Title) && record.title && !['Mister', 'Miss', 'Misses'].includes(record.title)) throw invalidParameter(`${at}.Customer.Title`, 'it must be one of Mister, Miss, Misses.');
  if (given(u.Sex) && extras.Sex && !['Male', 'Female'].includes(extras.Sex)) throw invalidParameter(`${at}.Customer.Sex`, 'it must be Male or Female.');
  if (given(u.BirthDate) && extras.BirthDate && !/^\d{4}-\d{2}-\d{2}$/.test(extras.BirthDate)) throw invalidParameter(`${at}.Customer.BirthDate`, 'a date in ISO 8601 format (YYYY-MM-DD) is expected.');
  if (record.companyId && given(u.CompanyId)) accountType(ctx, record.companyId, `${at}.Customer.CompanyId`);
  if (record.email && given(u.Email)) {
    const owner = [...state.customers.values()].find((c) => c.id !== id && c.email?.toLowerCase() === record.email!.toLowerCase());
    if (owner) throw invalidParameter(`${at}.Customer.Email`, `another customer profile already has the email ${record.email}.`);
  }
  record.options = toggle(record.options, u.Options);
  record.classifications = toggle(record.classifications.map((c) => (c === 'Blacklist' ? 'Blocklist' : c)), u.Classifications, { Blacklist: 'Blocklist' });
  const codes = extrasOf(ctx, id);
  for (const f of ['BillingCode', 'AccountingCode']) if (given(u[f])) codes[f] = value(f);
  entities(ctx.world).put('accountExtras', codes);
  const saved = state.upsertCustomer(id, record, ctx.world.clock.now().toISOString());
  return customerAccount(ctx, saved);
}

function updateCompanyAccount(ctx: Ctx, id: string, u: Body, at: string): Body {
  const found = companyRecords(ctx.world).find((c) => c.Id === id && c.IsActive);
  if (!found) throw invalidParameter(`${at}.Id`, `no company ${id}.`);
  const company: Entity = structuredClone(found);
  for (const [param, field] of Object.entries(COMPANY_UPDATE_FIELDS)) if (given(u[param])) company[field] = (u[param] as { Value?: unknown }).Value ?? null;
  if (!String(company.Name ?? '').trim()) throw invalidParameter(`${at}.Company.Name`, 'a company keeps a name.');
  if (given(u.Name) && companyRecords(ctx.world).some((c) => c.IsActive && c.Id !== id && c.Name === company.Name)) throw invalidParameter(`${at}.Company.Name`, `a company named ${company.Name} exists.`);
  if (company.MotherCompanyId && given(u.MotherCompanyId) && !companyRecords(ctx.world).some((c) => c.IsActive && c.Id === company.MotherCompanyId && c.Id !== id)) throw invalidParameter(`${at}.Company.MotherCompanyId`, `no company ${company.MotherCompanyId}.`);
  if (u.CreditRatingBasic) company.CreditRating = { ...(company.CreditRating as object), Basic: u.CreditRatingBasic };
  const options = { ...(company.Options as Record<string, boolean>) };
  for (const [k, v] of Object.entries((u.Options ?? {}) as Record<string, { Value?: boolean | null } | null>)) if (given(v)) options[k] = v.Value ?? false;
  company.Options = options;
  company.UpdatedUtc = ctx.now;
  const x = extrasOf(ctx, id);
  x.Classifications = toggle((x.Classifications as string[] | undefined) ?? [], u.Classifications);
  if (given(u.SourceId)) {
    const source = u.SourceId.Value as string | null;
    const seed = ctx.world.state.fixture.seed;
    if (source && !ctx.world.state.channels.some((c) => stableId(seed, 'source', String(c.code)) === source)) throw invalidParameter(`${at}.Company.SourceId`, `no source ${source}.`);
    x.SourceId = source;
  }
  entities(ctx.world).put('accountExtras', x);
  entities(ctx.world).put('companies', company);
  return companyAccount(ctx, company);
}

export const updateAccounts = operation('accounts/update', {
  handle(ctx) {
    // Every update is checked before any is kept: a failed request changes nothing.
    const store = entities(ctx.world);
    const before = { customers: new Map(ctx.world.state.customers), companies: new Map(store.collection('companies')), extras: new Map(store.collection('accountExtras')) };
    try {
      const accounts = (ctx.body.AccountUpdates as Body[]).map((a, i) => {
        const at = `AccountUpdates[${i}]`;
        const data = a[a.Discriminator];
        if (!data) throw invalidParameter(`${at}.${a.Discriminator}`, `it is required when Discriminator is ${a.Discriminator}.`);
        const account = a.Discriminator === 'Customer' ? updateCustomerAccount(ctx, a.Id, data, at) : updateCompanyAccount(ctx, a.Id, data, at);
        return { Id: a.Id, Discriminator: a.Discriminator, Customer: a.Discriminator === 'Customer' ? account : null, Company: a.Discriminator === 'Company' ? account : null };
      });
      const customers = accounts.filter((a) => a.Discriminator === 'Customer').map((a) => a.Id);
      if (customers.length) ctx.world.state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: [...new Set(customers)], added: false });
      return { Accounts: accounts };
    } catch (e) {
      restore(ctx.world.state.customers, before.customers);
      restore(store.collection('companies'), before.companies);
      restore(store.collection('accountExtras'), before.extras);
      throw e;
    }
  },
});

function restore<K, V>(map: Map<K, V>, saved: Map<K, V>): void {
  map.clear();
  for (const [k, v] of saved) map.set(k, v);
}

export const addAccountFile = operation('accounts/addFile', {
  handle: (ctx) => ({ FileId: attachFile(ctx, ctx.body.AccountId, accountType(ctx, ctx.body.AccountId, 'AccountId')) }),
});

export const mergeAccountsOperation = operation('accounts/merge', {
  handle(ctx) {
    const merges = ctx.body.AccountMergeParameters as { SourceAccountIds: string[]; TargetAccountId: string; AccountType: 'Customer' | 'Company' }[];
    const targets = new Set<string>();
    merges.forEach((m, i) => {
      const at = `AccountMergeParameters[${i}]`;
      checkMerge(ctx, m.AccountType, m.SourceAccountIds, m.TargetAccountId, { sources: (j) => `${at}.SourceAccountIds[${j}]`, target: `${at}.TargetAccountId` });
      if (!m.SourceAccountIds.length) throw invalidParameter(`${at}.SourceAccountIds`, 'at least one source account is required.');
      targets.add(m.TargetAccountId);
    });
    // One merge's source must not be another's target or source: the result would depend on the order.
    const sources = merges.flatMap((m) => m.SourceAccountIds);
    sources.forEach((id) => {
      if (targets.has(id) || sources.indexOf(id) !== sources.lastIndexOf(id)) throw invalidParameter('AccountMergeParameters', `the account ${id} is in more than one merge.`);
    });
    for (const m of merges) mergeAccounts(ctx, m.AccountType, m.SourceAccountIds, m.TargetAccountId);
    return {};
  },
});
