import { z } from 'zod';
import { isIsoDate } from '../engine/dates.js';

/**
 * Message shapes of the Channel Manager API (camelCase), from the Mews docs' property tables.
 * Requests are validated with these; responses are typed with them and both go into the
 * generated OpenAPI document. Unknown properties are ignored, as Mews does.
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'expected a date in "yyyy-MM-dd" format', abort: true })
  .refine(isIsoDate, 'expected a real date in "yyyy-MM-dd" format');
const token = z.string().min(1, 'must not be empty');
const deprecated = <T extends z.ZodType>(schema: T, replacement: string) =>
  schema.optional().meta({ deprecated: true, description: `Deprecated: use ${replacement}.` });

export const ClientAuth = z.object({ clientToken: token.describe('Client token of the channel manager.') });
export const ConnectionAuth = ClientAuth.extend({ connectionToken: token.describe('Token of a property connection.') });

// ---- shared ----

export const ErrorItemSchema = z
  .object({
    code: z.number().int(),
    message: z.string(),
    categoryCode: z.string().optional(),
    rateCode: z.string().optional(),
  })
  .meta({ id: 'Error' });

export const SimpleResponseSchema = z
  .object({
    success: z.boolean(),
    asyncConfirmation: z.boolean().optional(),
    errors: z.array(ErrorItemSchema).optional(),
  })
  .meta({ id: 'SimpleResponse' });

export const AddressSchema = z
  .object({
    addressLine1: z.string().nullish(),
    addressLine2: z.string().nullish(),
    city: z.string().nullish(),
    region: z.string().nullish(),
    zip: z.string().nullish(),
    country: z.string().nullish(),
    latitude: z.number().min(-90).max(90).nullish(),
    longitude: z.number().min(-180).max(180).nullish(),
  })
  .meta({ id: 'Address' });

const ImageSchema = z.object({ type: z.number().int(), url: z.string() }).meta({ id: 'Image' });

export const AmountSchema = z
  .object({ net: z.number().nullish(), gross: z.number().nullish() })
  .refine((a) => (a.net ?? undefined) !== undefined || (a.gross ?? undefined) !== undefined, {
    message: 'an amount needs "gross", "net" or both',
  })
  .meta({ id: 'Amount' });

// ---- getProperties ----

export const GetPropertiesRequest = ClientAuth.extend({ email: z.string().min(1) }).meta({ id: 'GetPropertiesRequest' });
export const GetPropertiesResponse = z
  .object({
    success: z.boolean(),
    properties: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        connections: z.array(z.object({ token: z.string(), name: z.string().optional() })).optional(),
      }),
    ),
  })
  .meta({ id: 'GetPropertiesResponse' });

// ---- getConfiguration ----

export const ConfigurationExtent = z
  .object({
    includeUnsynchronizedRates: z.boolean().nullish(),
    includeUnsynchronizedCategories: z.boolean().nullish(),
    includeProducts: z.boolean().nullish(),
    includeCompanies: z.boolean().nullish(),
    includeAgeCategories: z.boolean().nullish(),
  })
  .meta({ id: 'ConfigurationExtent' });

export const GetConfigurationRequest = ConnectionAuth.extend({ extent: ConfigurationExtent.nullish() }).meta({
  id: 'GetConfigurationRequest',
});

const CancellationPolicy = z.object({
  applicability: z.number().int(),
  offset: z.string().optional(),
  penalty: z.object({
    absolute: z.object({ amount: z.number(), currencyCode: z.string() }),
    relative: z.object({ value: z.number(), nights: z.number().nullable() }),
  }),
});

const ChannelSchema = z.object({ code: z.number().int(), name: z.string() }).meta({ id: 'Channel' });

const ProfileSchema = z.object({
  id: z.string().optional(),
  iata: z.string().optional(),
  name: z.string(),
  email: z.string().nullable().optional(),
  contact: z.string().optional(),
  phone: z.string().optional(),
  addresses: z.array(AddressSchema).optional(),
  channel: ChannelSchema.optional(),
});

export const GetConfigurationResponse = z
  .object({
    connectionToken: z.string(),
    property: z.object({
      name: z.string(),
      description: z.string().optional(),
      languageCode: z.string(),
      timeZoneIdentifier: z.string(),
      websiteUrl: z.string().optional(),
      email: z.string().optional(),
      telephone: z.string().optional(),
      spaceCount: z.number().int(),
      pricingMode: z.number().int(),
      address: AddressSchema.optional(),
      images: z.array(ImageSchema).optional(),
    }),
    spaceCategories: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        isSynchronized: z.boolean(),
        description: z.string().optional(),
        classification: z.number().int(),
        bedType: z.number().int().optional(),
        bedCount: z.number().int().optional(),
        extraBedCount: z.number().int().optional(),
        spaceCount: z.number().int(),
        images: z.array(ImageSchema).optional(),
      }),
    ),
    ratePlans: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        description: z.string().optional(),
        currencyCode: z.string(),
        isSynchronized: z.boolean(),
        rateType: z.number().int(),
        cancellationPolicies: z.array(CancellationPolicy).optional(),
      }),
    ),
    inventoryMappings: z.array(z.object({ ratePlanCode: z.string(), spaceTypeCode: z.string() })),
    products: z
      .array(
        z.object({
          code: z.string(),
          name: z.string(),
          description: z.string().optional(),
          pricing: z.number().int(),
          unitAmount: z.object({
            currencyCode: z.string(),
            netValue: z.number(),
            grossValue: z.number(),
            taxValues: z.array(z.object({ code: z.string(), value: z.number() })),
          }),
        }),
      )
      .optional(),
    productMappings: z.array(z.object({ ratePlanCode: z.string(), productCode: z.string() })).optional(),
    companies: z.array(ProfileSchema).optional(),
    travelAgencies: z.array(ProfileSchema).optional(),
    ageCategories: z
      .array(z.object({ code: z.string(), name: z.string(), minimumAge: z.number().int().nullable(), maximumAge: z.number().int().nullable() }))
      .optional(),
    success: z.boolean(),
  })
  .meta({ id: 'GetConfigurationResponse' });

// ---- getChannels ----

export const GetChannelsRequest = ClientAuth.meta({ id: 'GetChannelsRequest' });
export const GetChannelsResponse = z.object({ success: z.boolean(), channels: z.array(ChannelSchema) }).meta({ id: 'GetChannelsResponse' });

// ---- setInventory ----

export const InventoryMappingSchema = z.object({ ratePlanCode: token, spaceTypeCode: token }).meta({ id: 'InventoryMapping' });
export const SetInventoryRequest = ConnectionAuth.extend({ inventoryMappings: z.array(InventoryMappingSchema) }).meta({
  id: 'SetInventoryRequest',
});

// ---- requestAriUpdate ----

export const RequestAriUpdateRequest = ConnectionAuth.extend({
  from: isoDate,
  to: isoDate.describe('End of the requested update (included).'),
  ariType: z.array(z.number().int().min(1).max(3)).nullish(),
  spaceTypeCodes: z.array(z.string()).nullish(),
  ratePlanCodes: z.array(z.string()).nullish(),
}).meta({ id: 'RequestAriUpdateRequest' });

// ---- confirmations of pushes (processAvailabilityConfirmation, ...) ----

export const PushConfirmationRequest = ConnectionAuth.extend({
  relatedMessageId: token,
  success: z.boolean(),
  errors: z.array(ErrorItemSchema).nullish(),
}).meta({ id: 'PushConfirmationRequest' });

export const ProcessGroupConfirmationRequest = PushConfirmationRequest.extend({
  // A string in the docs' table, a number in their example: both accepted, kept as a string.
  code: z.union([z.string(), z.number()]).transform(String),
  reservations: z.array(z.object({ code: token, confirmationNumber: token })).nullish(),
}).meta({ id: 'ProcessGroupConfirmationRequest' });

export const ProcessAvailabilityBlockConfirmationRequest = PushConfirmationRequest.extend({
  code: z.union([z.string(), z.number()]).transform(String),
  confirmationNumber: z.union([z.string(), z.number()]).transform(String),
}).meta({ id: 'ProcessAvailabilityBlockConfirmationRequest' });

// ---- processGroup ----

const LoyaltyInfo = z.object({ membershipId: token, programCode: z.string().nullish(), tierCode: z.string().nullish() });

export const CustomerSchema = z
  .object({
    email: z.string().nullish(),
    lastName: z.string().min(1, 'lastName is required'),
    firstName: z.string().nullish(),
    title: z.enum(['Mister', 'Misses', 'Miss']).nullish(),
    telephone: z.string().nullish(),
    loyaltyCode: deprecated(z.string().nullable(), 'loyaltyInfo'),
    loyaltyInfo: LoyaltyInfo.nullish(),
    nationalityCode: z.string().nullish(),
    languageCode: z.string().nullish(),
    address: AddressSchema.nullish(),
  })
  .meta({ id: 'Customer' });

const ContactSchema = z.object({
  email: z.string().nullish(),
  telephone: z.string().nullish(),
  // The docs' example writes "phone" where the table says "telephone": both accepted.
  phone: z.string().nullish(),
  address: AddressSchema.nullish(),
});

export const PaymentCardSchema = z
  .object({
    type: z.number().int(),
    number: z.string().min(1),
    expireDate: z.string(),
    cvv: z.string().nullish(),
    holderName: z.string().nullish(),
    code: deprecated(z.unknown(), 'type'),
  })
  .meta({ id: 'PaymentCard' });

export const SourceSchema = z
  .object({
    code: z.number().int().nullable().optional(),
    name: z.string().min(1),
    type: z.number().int().min(0).max(9),
    isPrimary: z.boolean(),
  })
  .meta({ id: 'Source' });

export const GuestCountSchema = z.object({ code: z.string().min(1), count: z.number().int().min(0) }).meta({ id: 'GuestCount' });

export const ExtraSchema = z
  .object({
    code: token,
    amount: AmountSchema,
    count: z.number().int(),
    from: isoDate.nullish(),
    to: isoDate.nullish(),
    pricing: z.number().int().min(1).max(4),
  })
  .meta({ id: 'Extra' });

export const ReservationSchema = z
  .object({
    code: z.string().min(1),
    spaceTypeCode: z.string().min(1).nullish(),
    ratePlanCode: z.string().min(1).nullish(),
    from: isoDate.nullish(),
    to: isoDate.nullish(),
    totalAmount: AmountSchema.nullish(),
    guestCounts: z.array(GuestCountSchema).nullish(),
    state: z.union([z.literal(1), z.literal(2), z.literal(3)]).nullish(),
    amounts: z.array(AmountSchema).nullish(),
    extras: z.array(ExtraSchema).nullish(),
    guests: z.array(CustomerSchema).nullish(),
    adultCount: deprecated(z.number().int().min(0).nullable(), 'guestCounts'),
    childCount: deprecated(z.number().int().min(0).nullable(), 'guestCounts'),
  })
  .meta({ id: 'Reservation' });

export const ProcessGroupRequest = ConnectionAuth.extend({
  messageId: token,
  channelId: token,
  channelManagerId: token,
  availabilityBlockCode: z.string().nullish(),
  currencyCode: z.string().length(3, 'expected a 3-letter ISO 4217 code').nullish(),
  totalAmount: AmountSchema.nullish(),
  paymentType: z.number().int().nullish(),
  booker: CustomerSchema.nullish(),
  customer: CustomerSchema.nullish(),
  paymentCard: PaymentCardSchema.nullish(),
  channel: deprecated(z.object({ code: z.number().int().nullish(), name: z.string().nullish() }).nullable(), 'sources'),
  sources: z.array(SourceSchema).nullish(),
  company: z
    .object({
      id: z.string().nullish(),
      name: z.string().nullish(),
      iata: deprecated(z.string().nullable(), 'travelAgency.iata'),
      contact: ContactSchema.nullish(),
    })
    .nullish(),
  travelAgency: z.object({ iata: z.string().nullish(), name: z.string().nullish(), contact: ContactSchema.nullish() }).nullish(),
  reservations: z.array(ReservationSchema).nullish(),
  comments: z.array(z.string()).nullish(),
}).meta({ id: 'ProcessGroupRequest' });

// ---- processAvailabilityBlock ----

const PriceSchema = z.object({
  grossAmount: z.number().nullish(),
  netAmount: z.number().nullish(),
  currencyCode: z.string().length(3),
  guestCount: z.number().int().min(1),
});

export const AvailabilityBlockSchema = z
  .object({
    code: token,
    confirmationNumber: z.string().nullish(),
    // Documented as Created/Updated/Canceled; accepted in any letter case.
    status: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(['created', 'updated', 'canceled'], { message: 'expected "Created", "Updated" or "Canceled"' })),
    name: z.string().min(1),
    dates: z.object({ start: isoDate, end: isoDate }),
    releaseStrategy: z.object({
      type: z
        .string()
        .transform((s) => s.toLowerCase())
        .pipe(z.enum(['fixed', 'rolling'], { message: 'expected "Fixed" or "Rolling"' })),
      fixedDate: isoDate.nullish(),
      offset: z.string().nullish(),
    }),
    originalRateCode: token,
    spaceCategories: z.array(
      z.object({
        spaceTypeCode: token,
        allocatedSpaces: z.array(z.object({ start: isoDate, end: isoDate, count: z.number().int().min(0) })),
        rates: z
          .array(
            z.object({
              start: isoDate,
              end: isoDate,
              prices: z.array(PriceSchema).nullish(),
              occupancyAdjustments: z.array(z.object({ value: z.number(), ageCategoryCode: z.string() })).nullish(),
              grossAmount: deprecated(z.union([z.string(), z.number()]).nullable(), 'prices'),
            }),
          )
          .nullish(),
      }),
    ),
    booker: CustomerSchema,
    paymentCard: PaymentCardSchema.nullish(),
    company: z.object({ id: z.string().nullish(), name: z.string().nullish() }).nullish(),
    notes: z.string().nullish(),
    pickupType: z.enum(['AllInOneGroup', 'IndividualGroups']),
  })
  .meta({ id: 'AvailabilityBlock' });

export const ProcessAvailabilityBlockRequest = ConnectionAuth.extend({
  messageId: token,
  availabilityBlock: AvailabilityBlockSchema,
}).meta({ id: 'ProcessAvailabilityBlockRequest' });

// ---- outbound: confirmGroup (Mews → channel manager) ----

export const ConfirmGroupRequest = ConnectionAuth.extend({
  relatedMessageId: z.string(),
  channelManagerId: z.string(),
  reservations: z.array(z.object({ code: z.string(), confirmationNumber: z.string() })).optional(),
  error: ErrorItemSchema.optional(),
}).meta({ id: 'ConfirmGroupRequest' });
