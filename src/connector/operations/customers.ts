import { z } from 'zod';
import type { World } from '../../engine/world.js';
import { CUSTOMER_EXTRA_FIELDS, type CustomerExtraField, type CustomerRecord } from '../../world/state.js';
import { stableId } from '../../world/ids.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { itemCostsIn } from './finance.js';
import { maxMonths } from '../builder.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { activityStates, ids, interval, limitation, RequestBase } from './common.js';
import { interval as intervalOf, operation, stored, type Ctx } from '../builder.js';
import { entities } from '../store.js';
import { accountingOrderItem, accountingPaymentItem, orderItemViews, paymentViews } from './billing.js';
import { checkMerge, mergeAccounts } from './merge.js';

const TITLES = ['Mister', 'Miss', 'Misses'] as const;

/** A customer profile as the Connector API shows it (every field of the table, null when empty). */
export function customerView(world: World, c: CustomerRecord): Record<string, unknown> & { Id: string } {
  const profile = stableId(world.state.fixture.seed, 'profile', 'integration');
  const x = c.extras ?? {};
  // Codes accounts/update sets, kept beside the profile.
  const codes = entities(world).get('accountExtras', c.id);
  const a = c.address;
  const address = a && {
    Id: stableId(world.state.fixture.seed, 'address', c.id),
    Line1: a.Line1 ?? null,
    Line2: a.Line2 ?? null,
    City: a.City ?? null,
    PostalCode: a.PostalCode ?? null,
    CountryCode: a.CountryCode ?? null,
    CountrySubdivisionCode: a.CountrySubdivisionCode ?? null,
    Latitude: null,
    Longitude: null,
  };
  return {
    Id: c.id,
    ChainId: stableId(world.state.fixture.seed, 'chain'),
    Number: c.number,
    Title: c.title && (TITLES as readonly string[]).includes(c.title) ? c.title : null,
    Sex: x.Sex ?? null,
    FirstName: c.firstName ?? null,
    LastName: c.lastName,
    SecondLastName: x.SecondLastName ?? null,
    NationalityCode: c.nationalityCode ?? null,
    PreferredLanguageCode: c.languageCode ?? null,
    LanguageCode: c.languageCode ?? null,
    BirthDate: x.BirthDate ?? null,
    BirthCountryCode: x.BirthCountryCode ?? null,
    BirthCountrySubdivisionCode: x.BirthCountrySubdivisionCode ?? null,
    BirthPlace: x.BirthPlace ?? null,
    Occupation: x.Occupation ?? null,
    Email: c.email ?? null,
    HasOtaEmail: false,
    Phone: c.phone ?? null,
    TaxIdentificationNumber: x.TaxIdentificationNumber ?? null,
    LoyaltyCode: c.loyaltyCode ?? null,
    AccountingCode: (codes?.AccountingCode as string | undefined) ?? null,
    BillingCode: (codes?.BillingCode as string | undefined) ?? null,
    Notes: c.notes ?? null,
    CarRegistrationNumber: x.CarRegistrationNumber ?? null,
    DietaryRequirements: x.DietaryRequirements ?? null,
    CreatedUtc: apiTime(c.createdUtc),
    UpdatedUtc: apiTime(c.updatedUtc),
    AddressId: address?.Id ?? null,
    Classifications: c.classifications,
    Options: c.options.filter((o) => o !== 'None'),
    ItalianDestinationCode: x.ItalianDestinationCode ?? null,
    ItalianFiscalCode: x.ItalianFiscalCode ?? null,
    ItalianLotteryCode: x.ItalianLotteryCode ?? null,
    CompanyId: c.companyId ?? null,
    MergeTargetId: null,
    IsActive: true,
    PreferredSpaceFeatures: [],
    CreatorProfileId: profile,
    UpdaterProfileId: profile,
    Address: address ?? null,
  };
}

export const getAllCustomers = operation('customers/getAll', {
  summary: 'Customers (guest profiles), filtered; newest first.',
  request: RequestBase.extend({
    ChainIds: ids(),
    CreatedUtc: interval,
    UpdatedUtc: interval,
    DeletedUtc: interval,
    Extent: z.object({ Customers: z.boolean().nullish(), Addresses: z.boolean().nullish(), Documents: z.boolean().nullish() }),
    ActivityStates: activityStates,
    CustomerIds: ids(),
    CompanyIds: ids(1),
    Emails: ids(),
    FirstNames: ids(),
    LastNames: ids(),
    LoyaltyCodes: ids(),
    Limitation: limitation,
  }).meta({ id: 'CustomersGetAllRequest' }),
  collection: 'Customers',
  handle({ world, body }) {
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('customers/getAll', 'CreatedUtc'));
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc, maxMonths('customers/getAll', 'UpdatedUtc'));
    checkInterval('DeletedUtc', body.DeletedUtc, maxMonths('customers/getAll', 'DeletedUtc'));
    const lists: [keyof CustomerRecord, string[] | null | undefined][] = [
      ['id', body.CustomerIds],
      ['companyId', body.CompanyIds],
      ['email', body.Emails],
      ['firstName', body.FirstNames],
      ['lastName', body.LastNames],
      ['loyaltyCode', body.LoyaltyCodes],
    ];
    if (lists.every(([, l]) => !l) && !created && !updated && !body.DeletedUtc) {
      throw invalidParameter('CustomerIds', 'it is required when no other filter is given.');
    }
    if (body.ActivityStates && !body.ActivityStates.includes('Active')) return { Customers: [], Cursor: null };
    const all = [...world.state.customers.values()].reverse();
    const matches = all.filter(
      (c) => lists.every(([field, l]) => !l || l.includes(c[field] as string)) && inInterval(apiTime(c.createdUtc), created) && inInterval(apiTime(c.updatedUtc), updated),
    );
    const { page, cursor } = paginate(
      matches.map((c) => ({ Id: c.id, c })),
      body.Limitation,
    );
    return { Customers: body.Extent.Customers ? page.map((p) => customerView(world, p.c)) : [], Cursor: cursor, Documents: null };
  },
});

const SEX = ['Male', 'Female'] as const;
const CLASSIFICATIONS = [
  'PaymasterAccount', 'Blacklist', 'Media', 'LoyaltyProgram', 'PreviousComplaint', 'Returning', 'Staff', 'FriendOrFamily', 'TopManagement', 'Important',
  'VeryImportant', 'Problematic', 'Cashlist', 'DisabledPerson', 'Military', 'Airline', 'HealthCompliant', 'InRoom', 'WaitingForRoom', 'Student', 'Blocklist',
] as const;
const OPTIONS = [
  'None', 'SendMarketingEmails', 'Invoiceable', 'BillAddressObjection', 'SendMarketingPostalMail', 'SendPartnerMarketingEmails',
  'SendPartnerMarketingPostalMail', 'WithdrawCardConsent', 'GuestPhotoConsent', 'IdPhotosConsent',
] as const;
const text = z.string().nullish();
const upTo = (n: number) => z.string().max(n, `at most ${n} characters`).nullish();

/** The personal fields customers/add and customers/update share (all optional here). */
const Personal = {
  Title: z.enum(TITLES).nullish(),
  FirstName: text,
  LastName: text,
  SecondLastName: text,
  NationalityCode: text,
  PreferredLanguageCode: text,
  Sex: z.enum(SEX).nullish(),
  BirthDate: z.iso.date('a date in ISO 8601 format (YYYY-MM-DD) is expected').nullish(),
  BirthCountryCode: text,
  BirthCountrySubdivisionCode: text,
  BirthPlace: text,
  Occupation: text,
  Email: text,
  Phone: text,
  LoyaltyCode: text,
  Notes: text,
  CarRegistrationNumber: upTo(255),
  DietaryRequirements: upTo(255),
  TaxIdentificationNumber: text,
  CompanyId: text,
  Address: z
    .object({ Line1: text, Line2: text, City: text, PostalCode: text, CountryCode: text, CountrySubdivisionCode: text })
    .nullish(),
  Classifications: z.array(z.enum(CLASSIFICATIONS)).nullish(),
  Options: z.array(z.enum(OPTIONS)).nullish(),
  ChainId: text,
};
type PersonalInput = { [K in keyof typeof Personal]?: z.infer<(typeof Personal)[K]> } & Partial<Record<CustomerExtraField, string | null>>;

/** The record fields a request sets: only what it carries (blank leaves a field as it is). */
function personalData(body: PersonalInput, existing?: CustomerRecord): Partial<CustomerRecord> {
  const given = (v: string | null | undefined) => (v == null || v === '' ? undefined : v);
  const data: Partial<CustomerRecord> = {};
  const simple: [keyof CustomerRecord, string | null | undefined][] = [
    ['title', body.Title],
    ['firstName', body.FirstName],
    ['lastName', body.LastName],
    ['email', body.Email],
    ['phone', body.Phone],
    ['nationalityCode', body.NationalityCode],
    ['languageCode', body.PreferredLanguageCode],
    ['loyaltyCode', body.LoyaltyCode],
    ['notes', body.Notes],
    ['companyId', body.CompanyId],
  ];
  for (const [key, value] of simple) if (given(value) !== undefined) (data as Record<string, unknown>)[key] = value;
  const extras = { ...existing?.extras };
  for (const field of CUSTOMER_EXTRA_FIELDS) {
    const value = given(body[field]);
    if (value !== undefined) extras[field] = value;
  }
  if (Object.keys(extras).length > 0) data.extras = extras;
  if (body.Address) data.address = { ...existing?.address, ...Object.fromEntries(Object.entries(body.Address).filter(([, v]) => given(v) !== undefined)) };
  if (body.Classifications) data.classifications = body.Classifications;
  if (body.Options) data.options = body.Options;
  return data;
}

const emailOwner = (world: World, email: string) => [...world.state.customers.values()].find((c) => c.email?.toLowerCase() === email.toLowerCase());

export const addCustomer = operation('customers/add', {
  summary: 'Adds a customer; an existing email is updated (OverwriteExisting) or refused.',
  request: RequestBase.extend({
    ...Personal,
    LastName: z.string().min(1, 'it is required'),
    OverwriteExisting: z.boolean({ message: 'it is required (true or false)' }),
    ItalianDestinationCode: text,
    ItalianFiscalCode: text,
    ItalianLotteryCode: upTo(15),
  }).meta({ id: 'CustomersAddRequest' }),
  handle({ world, property, body }) {
    const now = world.clock.now().toISOString();
    const existing = body.Email ? emailOwner(world, body.Email) : undefined;
    if (existing && !body.OverwriteExisting) {
      throw new ConnectorError(400, `Invalid Email: a customer with the email ${body.Email} already exists; send OverwriteExisting: true to update it.`);
    }
    const record = world.state.upsertCustomer(existing?.id ?? world.state.uuid(), { lastName: body.LastName, ...personalData(body, existing) }, now);
    world.state.changed({ type: 'customer', propertyId: property.id, customerIds: [record.id], added: !existing });
    return customerView(world, record);
  },
});

/** `{Value}` wrappers of customers/update: `{Value: null}` or `{}` clears the field. */
const italianUpdate = (max?: number) => z.object({ Value: max ? upTo(max) : text }).nullish();

export const updateCustomer = operation('customers/update', {
  summary: 'Updates a customer: fields sent replace, blank ones are left as they are; an email of another profile is refused.',
  request: RequestBase.extend({
    ...Personal,
    CustomerId: z.string().min(1, 'it is required'),
    ItalianDestinationCode: italianUpdate(),
    ItalianFiscalCode: italianUpdate(),
    ItalianLotteryCode: italianUpdate(15),
  }).meta({ id: 'CustomersUpdateRequest' }),
  handle({ world, property, body }) {
    const existing = world.state.customers.get(body.CustomerId);
    if (!existing) throw invalidParameter('CustomerId', `no customer ${body.CustomerId}.`);
    if (body.Email) {
      const owner = emailOwner(world, body.Email);
      if (owner && owner.id !== existing.id) throw new ConnectorError(400, `Invalid Email: another customer profile already has the email ${body.Email}.`);
    }
    const { ItalianDestinationCode, ItalianFiscalCode, ItalianLotteryCode, ...personal } = body;
    const data = personalData(personal, existing);
    const italian = { ItalianDestinationCode, ItalianFiscalCode, ItalianLotteryCode };
    const extras = { ...existing.extras, ...data.extras };
    for (const [field, update] of Object.entries(italian) as [CustomerExtraField, { Value?: string | null } | null | undefined][]) {
      if (!update) continue;
      if (update.Value) extras[field] = update.Value;
      else delete extras[field];
    }
    data.extras = extras;
    const record = world.state.upsertCustomer(existing.id, { lastName: existing.lastName, ...data }, world.clock.now().toISOString());
    world.state.changed({ type: 'customer', propertyId: property.id, customerIds: [record.id], added: false });
    return customerView(world, record);
  },
});

/** A customer the Connector API knows; 400 naming the parameter otherwise. */
function known(ctx: Ctx, id: string, at: string): string {
  if (!ctx.world.state.customers.has(id)) throw invalidParameter(at, `no customer ${id}.`);
  return id;
}

/** Relationships between customers: no operation of the API sets one, so a world has none to page through. */
export const getCustomerRelationships = operation('customers/getRelationships', {
  handle(ctx) {
    const ids = (ctx.body.CustomerIds as string[]).map((id, i) => known(ctx, id, `CustomerIds[${i}]`));
    const updated = intervalOf('customers/getRelationships', ctx, 'UpdatedUtc');
    const { page, cursor } = paginate(
      stored('customerRelationships')(ctx).filter((r) => ids.includes(r.CustomerId as string) && inInterval(r.UpdatedUtc as string, updated)),
      ctx.body.Limitation,
    );
    return { CustomerRelationships: page, Cursor: cursor };
  },
});

/** The open items of customers' bills: what bills/getAll shows of them, open only. */
export const getCustomersOpenItems = operation('customers/getOpenItems', {
  handle(ctx) {
    const ids = (ctx.body.CustomerIds as string[]).map((id, i) => known(ctx, id, `CustomerIds[${i}]`));
    // Costs in the currency asked for, at the exchangeRates/getAll rates, as orderItems/getAll converts them.
    const inCurrency = <T extends Record<string, unknown>>(item: T) => itemCostsIn(ctx.property, item, ctx.body.Currency);
    inCurrency({}); // an unknown Currency is a 400 even for customers with no open items
    // Every open item of the customer, whichever of its bills holds it.
    const wanted = new Set(ids);
    const items = orderItemViews(ctx).filter((i) => wanted.has(i.AccountId) && i.AccountingState === 'Open');
    const payments = paymentViews(ctx).filter((p) => wanted.has(p.AccountId) && p.AccountingState === 'Open');
    return {
      Customers: ids.map((id) => ({
        CustomerId: id,
        OrderItems: items.filter((i) => i.AccountId === id).map((i) => inCurrency(accountingOrderItem(i))),
        PaymentItems: payments.filter((p) => p.AccountId === id).map((p) => inCurrency(accountingPaymentItem(p))),
      })),
    };
  },
});

const FILE_TYPES = ['application/pdf', 'image/bmp', 'image/gif', 'image/jpeg', 'image/png', 'image/tiff'];

/** A file attached to an account: its name, type and size are kept (the API has no read of files). */
export function attachFile(ctx: Ctx, accountId: string, accountType: 'Customer' | 'Company'): string {
  const b = ctx.body;
  if (!b.Name.trim()) throw invalidParameter('Name', 'it must not be empty.');
  if (!FILE_TYPES.includes(b.Type)) throw invalidParameter('Type', `it must be one of ${FILE_TYPES.join(', ')}.`);
  const data = String(b.Data).replace(/\s/g, '');
  if (!data || data.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(data)) throw invalidParameter('Data', 'base64-encoded data is expected.');
  const file = { Id: ctx.world.state.uuid(), AccountId: accountId, AccountType: accountType, Name: b.Name, Type: b.Type, Size: Buffer.from(data, 'base64').length, CreatedUtc: ctx.now };
  entities(ctx.world).put('accountFiles', file);
  if (accountType === 'Customer') ctx.world.state.changed({ type: 'customer', propertyId: ctx.property.id, customerIds: [accountId], added: false });
  return file.Id;
}

export const addCustomerFile = operation('customers/addFile', {
  handle: (ctx) => ({ FileId: attachFile(ctx, known(ctx, ctx.body.CustomerId, 'CustomerId'), 'Customer') }),
});

export const mergeCustomers = operation('customers/merge', {
  handle(ctx) {
    const { SourceCustomerId: source, TargetCustomerId: target } = ctx.body;
    checkMerge(ctx, 'Customer', [source], target, { sources: () => 'SourceCustomerId', target: 'TargetCustomerId' });
    mergeAccounts(ctx, 'Customer', [source], target);
    return {};
  },
});
