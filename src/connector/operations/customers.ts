import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { CustomerRecord } from '../../world/state.js';
import { stableId } from '../../world/ids.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { activityStates, ids, interval, limitation, RequestBase } from './common.js';

const TITLES = ['Mister', 'Miss', 'Misses'] as const;

/** A customer profile as the Connector API shows it (every field of the table, null when empty). */
export function customerView(world: World, c: CustomerRecord): Record<string, unknown> & { Id: string } {
  const profile = stableId(world.state.fixture.seed, 'profile', 'integration');
  return {
    Id: c.id,
    ChainId: stableId(world.state.fixture.seed, 'chain'),
    Number: c.number,
    Title: c.title && (TITLES as readonly string[]).includes(c.title) ? c.title : null,
    Sex: null,
    FirstName: c.firstName ?? null,
    LastName: c.lastName,
    SecondLastName: null,
    NationalityCode: c.nationalityCode ?? null,
    PreferredLanguageCode: c.languageCode ?? null,
    LanguageCode: c.languageCode ?? null,
    BirthDate: null,
    BirthCountryCode: null,
    BirthCountrySubdivisionCode: null,
    BirthPlace: null,
    Occupation: null,
    Email: c.email ?? null,
    HasOtaEmail: false,
    Phone: c.phone ?? null,
    TaxIdentificationNumber: null,
    LoyaltyCode: c.loyaltyCode ?? null,
    AccountingCode: null,
    BillingCode: null,
    Notes: c.notes ?? null,
    CarRegistrationNumber: null,
    DietaryRequirements: null,
    CreatedUtc: apiTime(c.createdUtc),
    UpdatedUtc: apiTime(c.updatedUtc),
    AddressId: null,
    Classifications: c.classifications,
    Options: c.options.filter((o) => o !== 'None'),
    ItalianDestinationCode: null,
    ItalianFiscalCode: null,
    ItalianLotteryCode: null,
    CompanyId: c.companyId ?? null,
    MergeTargetId: null,
    IsActive: true,
    PreferredSpaceFeatures: [],
    CreatorProfileId: profile,
    UpdaterProfileId: profile,
    Address: null,
  };
}

export const getAllCustomers = defineConnectorOperation({
  path: 'customers/getAll',
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
    const created = checkInterval('CreatedUtc', body.CreatedUtc);
    const updated = checkInterval('UpdatedUtc', body.UpdatedUtc);
    checkInterval('DeletedUtc', body.DeletedUtc);
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

export const addCustomer = defineConnectorOperation({
  path: 'customers/add',
  summary: 'Adds a customer; an existing email is updated (OverwriteExisting) or refused.',
  request: RequestBase.extend({
    Title: z.enum(TITLES).nullish(),
    FirstName: z.string().nullish(),
    LastName: z.string().min(1, 'it is required'),
    SecondLastName: z.string().nullish(),
    NationalityCode: z.string().nullish(),
    PreferredLanguageCode: z.string().nullish(),
    Email: z.string().nullish(),
    Phone: z.string().nullish(),
    LoyaltyCode: z.string().nullish(),
    Notes: z.string().nullish(),
    CompanyId: z.string().nullish(),
    Classifications: z.array(z.string()).nullish(),
    Options: z.array(z.string()).nullish(),
    ChainId: z.string().nullish(),
    OverwriteExisting: z.boolean({ message: 'it is required (true or false)' }),
  }).meta({ id: 'CustomersAddRequest' }),
  handle({ world, body }) {
    const now = world.clock.now().toISOString();
    const existing = body.Email ? [...world.state.customers.values()].find((c) => c.email?.toLowerCase() === body.Email!.toLowerCase()) : undefined;
    if (existing && !body.OverwriteExisting) {
      throw new ConnectorError(400, `Invalid Email: a customer with the email ${body.Email} already exists; send OverwriteExisting: true to update it.`);
    }
    const record = world.state.upsertCustomer(
      existing?.id ?? world.state.uuid(),
      {
        title: body.Title,
        firstName: body.FirstName,
        lastName: body.LastName,
        email: body.Email,
        phone: body.Phone,
        nationalityCode: body.NationalityCode,
        languageCode: body.PreferredLanguageCode,
        loyaltyCode: body.LoyaltyCode,
        notes: body.Notes,
        companyId: body.CompanyId,
        ...(body.Classifications && { classifications: body.Classifications }),
        ...(body.Options && { options: body.Options }),
      },
      now,
    );
    return customerView(world, record);
  },
});
