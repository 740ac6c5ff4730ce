import { z } from 'zod';
import { isIsoDate } from '../engine/dates.js';

/**
 * The world fixture format: everything a simulated Mews holds about the properties a channel
 * manager (and Connector clients) can reach. One zod definition serves validation, TypeScript types
 * and the generated JSON Schema (schemas/world.schema.json).
 */
const code = z.string().min(1);
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date in yyyy-MM-dd format', abort: true })
  .refine(isIsoDate, 'expected a real date in yyyy-MM-dd format');

export const AddressSchema = z.object({
  addressLine1: z.string().optional(),
  addressLine2: z.string().optional(),
  city: z.string().optional(),
  region: z.string().optional(),
  zip: z.string().optional(),
  country: z.string().optional(),
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
});

export const ImageSchema = z.object({ type: z.union([z.literal(1), z.literal(2)]), url: z.string() });

export const CancellationPolicySchema = z.object({
  applicability: z.union([z.literal(1), z.literal(2), z.literal(3)]),
  offset: z.string().regex(/^-?\d+DT\d+H\d+M$/, 'expected "[days]DT[hours]H[minutes]M"').optional(),
  penalty: z.object({
    absolute: z.object({ amount: z.number(), currencyCode: z.string().length(3) }),
    relative: z.object({ value: z.number().min(0), nights: z.number().int().positive().nullable().optional() }),
  }),
});

export const SpaceCategorySchema = z.object({
  code,
  name: z.string(),
  description: z.string().optional(),
  /** Space classification code (4 double room, 8 dormitory bed, 16 dormitory, ...). */
  classification: z.number().int(),
  bedType: z.number().int().min(1).max(6).optional(),
  bedCount: z.number().int().min(0).optional(),
  extraBedCount: z.number().int().min(0).optional(),
  spaceCount: z.number().int().min(0),
  images: z.array(ImageSchema).optional(),
  /** Price of one night at default occupancy (bedCount, at least 1), in the property's pricing mode. */
  basePrice: z.number().positive(),
});

export const RatePlanSchema = z.object({
  code,
  name: z.string(),
  description: z.string().optional(),
  /** 0 private (channels only), 1 public. */
  rateType: z.union([z.literal(0), z.literal(1)]).default(1),
  cancellationPolicies: z.array(CancellationPolicySchema).optional(),
  /** Multiplier applied to every space category's base price. */
  priceFactor: z.number().positive().default(1),
  /** Dependent rate: derived from this rate's price by priceFactor. */
  baseRateCode: z.string().optional(),
});

export const ProductSchema = z.object({
  code,
  name: z.string(),
  description: z.string().optional(),
  /** Extra pricing type: 1 once, 2 per person, 3 per night, 4 per person per night. */
  pricing: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]),
  /** Gross price; a package rate adds it to every night, so it must not be negative. */
  grossValue: z.number().min(0, 'a product price must not be negative: package rates add it to the nightly prices pushed to channel managers, which must not be negative'),
  /** Tax codes and amounts; defaults to the property's tax rate. */
  taxCode: z.string().optional(),
});

export const AgeCategorySchema = z.object({
  code,
  name: z.string(),
  minimumAge: z.number().int().min(0).nullable().optional(),
  maximumAge: z.number().int().min(0).nullable().optional(),
});

export const ChannelSchema = z.object({ code: z.number().int(), name: z.string() });

export const ProfileSchema = z.object({
  id: z.string().optional(),
  iata: z.string().optional(),
  name: z.string(),
  email: z.string().nullable().optional(),
  contact: z.string().optional(),
  phone: z.string().optional(),
  addresses: z.array(AddressSchema).optional(),
  channel: ChannelSchema.optional(),
});

export const MappingSchema = z.object({ ratePlanCode: code, spaceTypeCode: code });
export const ProductMappingSchema = z.object({ ratePlanCode: code, productCode: code });

export const RestrictionRuleSchema = z.object({
  ratePlanCode: z.string().optional(),
  spaceTypeCode: z.string().optional(),
  /** Days of week it applies to, 0 = Sunday; all when omitted. */
  weekdays: z.array(z.number().int().min(0).max(6)).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Restriction states: 1 open, 2 closed, 6 closed to arrival, 7 closed to departure, 8 closed to stay. */
  state: z.array(z.union([z.literal(1), z.literal(2), z.literal(6), z.literal(7), z.literal(8)])).min(1),
  minLos: z.number().int().min(1).optional(),
  maxLos: z.number().int().min(1).optional(),
});

export const ConnectionSchema = z.object({
  token: z.string().min(8),
  name: z.string().optional(),
  /** An inactive connection answers every call with code 3. */
  active: z.boolean().default(true),
  /** Space categories this connection covers; all of the property's when omitted. */
  spaceTypeCodes: z.array(code).optional(),
  /** Rate × space pairs; every pair of the covered categories with every rate when omitted. */
  inventoryMappings: z.array(MappingSchema).optional(),
  productMappings: z.array(ProductMappingSchema).default([]),
  unsynchronizedRates: z.array(code).default([]),
  unsynchronizedCategories: z.array(code).default([]),
  /** When false, processGroup answers code 9 (operation disabled for this integration). */
  reservationsEnabled: z.boolean().default(true),
});

export const PropertySchema = z.object({
  id: code,
  name: z.string(),
  description: z.string().optional(),
  languageCode: z.string(),
  timeZoneIdentifier: z.string(),
  websiteUrl: z.string().optional(),
  email: z.string().optional(),
  telephone: z.string().optional(),
  /** 0 gross, 1 net: which amounts the property manages its prices in. */
  pricingMode: z.union([z.literal(0), z.literal(1)]),
  currencyCode: z.string().length(3),
  /** VAT rate used to derive net from gross (or gross from net), e.g. 0.2. */
  taxRate: z.number().min(0).max(1),
  taxCode: z.string().default('VAT'),
  address: AddressSchema.optional(),
  images: z.array(ImageSchema).optional(),
  spaceCategories: z.array(SpaceCategorySchema).min(1),
  ratePlans: z.array(RatePlanSchema).min(1),
  products: z.array(ProductSchema).default([]),
  ageCategories: z.array(AgeCategorySchema).default([]),
  companies: z.array(ProfileSchema).default([]),
  travelAgencies: z.array(ProfileSchema).default([]),
  restrictions: z.array(RestrictionRuleSchema).default([]),
  connections: z.array(ConnectionSchema).default([]),
  /** Connector API AccessTokens that reach this property (enterprise). */
  accessTokens: z.array(z.string().min(8)).default([]),
});

export const EmployeeSchema = z.object({ email: z.string().email(), propertyIds: z.array(code) });

const WorldObjectSchema = z.object({
  $schema: z.string().optional(),
  name: z.string().optional(),
  /** Seed for generated ids, confirmation numbers and daily price variation. */
  seed: z.number().int().default(1),
  /** The channel manager's client token on the Mews side. */
  clientToken: z.string().min(8),
  /** The client token Mews sends on its calls to the channel manager; clientToken when omitted. */
  partnerClientToken: z.string().min(1).optional(),
  employees: z.array(EmployeeSchema).min(1),
  properties: z.array(PropertySchema).min(1),
  channels: z.array(ChannelSchema).optional(),
  /** Connector API ClientTokens accepted (the integrations' tokens). */
  connectorClientTokens: z.array(z.string().min(8)).default([]),
});

export const WorldFixtureSchema = WorldObjectSchema.superRefine((world, ctx) => crossCheck(world, ctx));

export type WorldFixtureInput = z.input<typeof WorldFixtureSchema>;
export type WorldFixture = z.output<typeof WorldFixtureSchema>;
export type Property = WorldFixture['properties'][number];
export type SpaceCategory = Property['spaceCategories'][number];
export type RatePlan = Property['ratePlans'][number];
export type Product = Property['products'][number];
export type ConnectionFixture = Property['connections'][number];
export type RestrictionRule = Property['restrictions'][number];
export type Channel = z.output<typeof ChannelSchema>;

/** References between parts of the fixture: every code named must exist, tokens must be unique. */
function crossCheck(world: z.output<typeof WorldObjectSchema>, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const propertyIds = new Set<string>();
  const tokens = new Set<string>();
  world.properties.forEach((p, pi) => {
    if (propertyIds.has(p.id)) issue(['properties', pi, 'id'], `duplicate property id "${p.id}"`);
    propertyIds.add(p.id);
    const spaces = uniqueCodes(p.spaceCategories, ['properties', pi, 'spaceCategories'], issue);
    const rates = uniqueCodes(p.ratePlans, ['properties', pi, 'ratePlans'], issue);
    const products = uniqueCodes(p.products, ['properties', pi, 'products'], issue);
    p.ratePlans.forEach((r, ri) => {
      if (r.baseRateCode !== undefined && (!rates.has(r.baseRateCode) || r.baseRateCode === r.code)) {
        issue(['properties', pi, 'ratePlans', ri, 'baseRateCode'], `unknown base rate "${r.baseRateCode}"`);
      }
    });
    p.connections.forEach((c, ci) => {
      const at = ['properties', pi, 'connections', ci];
      if (tokens.has(c.token)) issue([...at, 'token'], `duplicate connection token "${c.token}"`);
      tokens.add(c.token);
      c.spaceTypeCodes?.forEach((s, i) => spaces.has(s) || issue([...at, 'spaceTypeCodes', i], `unknown space type "${s}"`));
      c.inventoryMappings?.forEach((m, i) => {
        if (!rates.has(m.ratePlanCode)) issue([...at, 'inventoryMappings', i, 'ratePlanCode'], `unknown rate plan "${m.ratePlanCode}"`);
        if (!spaces.has(m.spaceTypeCode)) issue([...at, 'inventoryMappings', i, 'spaceTypeCode'], `unknown space type "${m.spaceTypeCode}"`);
      });
      c.productMappings.forEach((m, i) => {
        if (!rates.has(m.ratePlanCode)) issue([...at, 'productMappings', i, 'ratePlanCode'], `unknown rate plan "${m.ratePlanCode}"`);
        if (!products.has(m.productCode)) issue([...at, 'productMappings', i, 'productCode'], `unknown product "${m.productCode}"`);
      });
      c.unsynchronizedRates.forEach((r, i) => rates.has(r) || issue([...at, 'unsynchronizedRates', i], `unknown rate plan "${r}"`));
      c.unsynchronizedCategories.forEach((s, i) => spaces.has(s) || issue([...at, 'unsynchronizedCategories', i], `unknown space type "${s}"`));
    });
  });
  world.employees.forEach((e, ei) =>
    e.propertyIds.forEach((id, i) => propertyIds.has(id) || issue(['employees', ei, 'propertyIds', i], `unknown property "${id}"`)),
  );
}

function uniqueCodes(
  items: { code: string }[],
  at: (string | number)[],
  issue: (path: (string | number)[], message: string) => void,
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.code)) issue([...at, i, 'code'], `duplicate code "${item.code}"`);
    seen.add(item.code);
  });
  return seen;
}
