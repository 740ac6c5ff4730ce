import type { World } from '../engine/world.js';
import type { Property } from '../world/schema.js';
import type { Reservation } from '../world/state.js';
import { stableId } from '../world/ids.js';
import { round2 } from '../world/inventory.js';
import { apiTime, localToUtc } from './time.js';

/**
 * The world seen through the Connector API: enterprises, services, resource categories, resources,
 * rates, age categories and reservations with stable GUIDs (the same seed gives the same ids). Built
 * once per world state version and cached, since clients page through it.
 */
const STATIC_UTC = '2025-01-06T09:00:00Z';
const CHECK_IN = '15:00';
const CHECK_OUT = '12:00';

export interface ConnectorModel {
  enterprise: Record<string, unknown>;
  stayServiceId: string;
  services: Record<string, unknown>[];
  resourceCategories: Record<string, unknown>[];
  categoryIdByCode: Map<string, string>;
  resources: (Record<string, unknown> & { Id: string })[];
  /** Resource id → its resource category id. */
  categoryOfResource: Map<string, string>;
  businessSegments: (Record<string, unknown> & { Id: string })[];
  rates: (Record<string, unknown> & { Id: string })[];
  rateIdByCode: Map<string, string>;
  rateGroup: Record<string, unknown>;
  ageCategories: (Record<string, unknown> & { Id: string })[];
  ageCategoryIdByCode: Map<string, string>;
  products: (Record<string, unknown> & { Id: string })[];
  productIdByCode: Map<string, string>;
  /** Accounting category code (ACC, BRK, ...) → id. */
  accountingCategoryIdByCode: Map<string, string>;
}

/** The enterprise's accounting categories: what order items are booked to. */
export const ACCOUNTING_CATEGORIES = [
  { name: 'Accommodation', code: 'ACC', classification: 'Accommodation' },
  { name: 'Breakfast', code: 'BRK', classification: 'FoodAndBeverage' },
  { name: 'City tax', code: 'TAX', classification: 'Taxes' },
  { name: 'Card payments', code: 'PAY', classification: 'Payments' },
];

/** The tax environment of an enterprise: its country's code (UK for Great Britain, as Mews names it). */
export const taxEnvironmentOf = (p: Property): string => {
  const country = p.address?.country ?? 'GB';
  return country === 'GB' ? 'UK' : country;
};

/** The id of an account's open bill in an enterprise: the one bill its order items and payments are on. */
export const billIdOf = (world: World, property: Property, accountId: string): string => stableId(world.state.fixture.seed, property.id, 'bill', accountId);

/** The currencies an enterprise accepts (configuration/get lists them as enabled): its own, then GBP, EUR and USD. */
export const enabledCurrencies = (property: Property): string[] => [...new Set([property.currencyCode, 'EUR', 'USD', 'GBP'])];

/** An Amount (Currency, Net, Gross, taxes) of a value in the property's pricing mode, at its one tax rate. */
export function amountOf(property: Property, value: number) {
  const tax = 1 + property.taxRate;
  const gross = property.pricingMode === 0 ? round2(value) : round2(value * tax);
  const net = property.pricingMode === 0 ? round2(value / tax) : round2(value);
  const taxValue = round2(gross - net);
  return {
    Currency: property.currencyCode,
    NetValue: net,
    GrossValue: gross,
    TaxValues: [{ Code: property.taxCode, Value: taxValue }],
    Breakdown: { Items: [{ TaxRateCode: property.taxCode, NetValue: net, TaxValue: taxValue }] },
  };
}

const cache = new WeakMap<Property, { version: number; model: ConnectorModel }>();

export function modelOf(world: World, property: Property): ConnectorModel {
  const hit = cache.get(property);
  if (hit && hit.version === world.state.version) return hit.model;
  const model = build(world, property);
  cache.set(property, { version: world.state.version, model });
  return model;
}

function build(world: World, p: Property): ConnectorModel {
  const seed = world.state.fixture.seed;
  const id = (...parts: string[]) => stableId(seed, p.id, ...parts);
  const lang = p.languageCode;
  const text = (s: string | undefined) => (s ? { [lang]: s } : {});
  const country = p.address?.country ?? 'GB';
  const enterpriseId = id('enterprise');
  const stayServiceId = id('service', 'stay');
  const enterprise = {
    Id: enterpriseId,
    ExternalIdentifier: p.id,
    HoldingKey: null,
    ChainId: stableId(seed, 'chain'),
    ChainName: 'mews-sim hotels',
    CreatedUtc: STATIC_UTC,
    UpdatedUtc: STATIC_UTC,
    Name: p.name,
    ShortName: p.name.slice(0, 11),
    TimeZoneIdentifier: p.timeZoneIdentifier,
    LegalEnvironmentCode: country === 'GB' ? 'UK' : country,
    AccommodationEnvironmentCode: country === 'GB' ? 'UK' : country,
    AccountingEnvironmentCode: country === 'GB' ? 'UK' : country,
    TaxEnvironmentCode: taxEnvironmentOf(p),
    DefaultLanguageCode: lang,
    AccountingEditableHistoryInterval: 'P0M3DT0H0M0S',
    OperationalEditableHistoryInterval: 'P0M3DT0H0M0S',
    BusinessDayClosingOffset: 'PT0S',
    WebsiteUrl: p.websiteUrl ?? null,
    Email: p.email ?? null,
    Phone: p.telephone ?? null,
    LogoImageId: null,
    CoverImageId: null,
    Pricing: p.pricingMode === 0 ? 'Gross' : 'Net',
    TaxPrecision: null,
    AddressId: id('address'),
    Address: {
      Id: id('address'),
      Line1: p.address?.addressLine1 ?? null,
      Line2: p.address?.addressLine2 ?? null,
      City: p.address?.city ?? null,
      PostalCode: p.address?.zip ?? null,
      CountryCode: country,
      CountrySubdivisionCode: null,
      Latitude: p.address?.latitude ?? null,
      Longitude: p.address?.longitude ?? null,
    },
    GroupNames: [],
    Subscription: { TaxIdentifier: null },
    EditableHistoryInterval: 'P0M3DT0H0M0S',
  };
  const promotions = { BeforeCheckIn: true, AfterCheckIn: false, DuringStay: true, BeforeCheckOut: false, AfterCheckOut: false, DuringCheckOut: false };
  const services = [
    {
      Id: stayServiceId,
      EnterpriseId: enterpriseId,
      IsActive: true,
      Names: text('Stay'),
      Options: { BillAsPackage: false },
      Ordering: 0,
      Data: { Discriminator: 'Bookable', Value: { StartOffset: 'PT15H', EndOffset: 'PT12H', OccupancyStartOffset: 'PT15H', OccupancyEndOffset: 'PT12H', TimeUnitPeriod: 'Day' } },
      ExternalIdentifier: 'stay',
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
      Name: 'Stay',
    },
    {
      Id: id('service', 'extras'),
      EnterpriseId: enterpriseId,
      IsActive: true,
      Names: text('Extras'),
      Options: { BillAsPackage: false },
      Ordering: 1,
      Data: { Discriminator: 'Additional', Value: { Promotions: promotions } },
      ExternalIdentifier: 'extras',
      CreatedUtc: STATIC_UTC,
      UpdatedUtc: STATIC_UTC,
      Name: 'Extras',
    },
  ];
  const categoryIdByCode = new Map(p.spaceCategories.map((s) => [s.code, id('resource-category', s.code)]));
  const resourceCategories = p.spaceCategories.map((s, i) => ({
    Id: categoryIdByCode.get(s.code)!,
    EnterpriseId: enterpriseId,
    ServiceId: stayServiceId,
    IsActive: true,
    Type: categoryType(s.classification),
    Classification: classification(s.classification),
    Names: text(s.name),
    ShortNames: text(s.code),
    Descriptions: text(s.description),
    Ordering: i,
    Capacity: Math.max(1, s.bedCount ?? 1),
    ExtraCapacity: s.extraBedCount ?? 0,
    ExternalIdentifier: s.code,
    AccountingCategoryId: null,
  }));
  const resources = p.spaceCategories.flatMap((s, ci) =>
    Array.from({ length: s.spaceCount }, (_, n) => {
      const floor = String(ci + 1);
      const name = `${floor}${String(n + 1).padStart(2, '0')}`;
      return {
        Id: id('resource', s.code, String(n)),
        EnterpriseId: enterpriseId,
        IsActive: true,
        ParentResourceId: null,
        Name: name,
        State: 'Clean',
        Descriptions: {},
        CreatedUtc: STATIC_UTC,
        UpdatedUtc: STATIC_UTC,
        Data: { Discriminator: 'Space', Value: { FloorNumber: floor, LocationNotes: null } },
        ExternalNames: {},
        Directions: {},
      };
    }),
  );
  const categoryOfResource = new Map<string, string>();
  p.spaceCategories.forEach((s) => {
    for (let n = 0; n < s.spaceCount; n++) categoryOfResource.set(id('resource', s.code, String(n)), categoryIdByCode.get(s.code)!);
  });
  const businessSegments = ['Leisure', 'Corporate', 'Groups'].map((name) => ({
    Id: id('business-segment', name),
    ServiceId: stayServiceId,
    IsActive: true,
    Name: name,
    CreatedUtc: STATIC_UTC,
    UpdatedUtc: STATIC_UTC,
  }));
  const rateIdByCode = new Map(p.ratePlans.map((r) => [r.code, id('rate', r.code)]));
  const rateGroupId = id('rate-group');
  const rates = p.ratePlans.map((r, i) => ({
    Id: rateIdByCode.get(r.code)!,
    GroupId: rateGroupId,
    ServiceId: stayServiceId,
    BaseRateId: r.baseRateCode ? rateIdByCode.get(r.baseRateCode)! : null,
    IsBaseRate: !r.baseRateCode,
    BusinessSegmentId: null,
    IsActive: true,
    IsEnabled: true,
    IsPublic: r.rateType === 1,
    IsDefault: i === 0,
    Type: r.rateType === 1 ? 'Public' : 'Private',
    Names: text(r.name),
    ShortName: r.code,
    UpdatedUtc: STATIC_UTC,
    ExternalNames: text(r.name),
    Description: text(r.description),
    ExternalIdentifier: r.code,
    TaxExemptionReason: null,
    TaxExemptionLegalReference: null,
    Name: r.name,
  }));
  const rateGroup = { Id: rateGroupId, ServiceId: stayServiceId, IsActive: true, Name: 'Default', ExternalIdentifier: null };
  const ageCategoryIdByCode = new Map(p.ageCategories.map((a) => [a.code, id('age-category', a.code)]));
  const ageCategories = p.ageCategories.map((a) => ({
    Id: ageCategoryIdByCode.get(a.code)!,
    ServiceId: stayServiceId,
    MinimalAge: a.minimumAge ?? null,
    MaximalAge: a.maximumAge ?? null,
    Names: text(a.name),
    ShortNames: null,
    CreatedUtc: STATIC_UTC,
    UpdatedUtc: STATIC_UTC,
    Classification: (a.minimumAge ?? 0) >= 18 || (a.minimumAge == null && a.maximumAge == null) ? 'Adult' : 'Child',
    IsActive: true,
    ExternalIdentifier: a.code,
  }));
  const accountingCategoryIdByCode = new Map(ACCOUNTING_CATEGORIES.map((a) => [a.code, id('accounting-category', a.code)]));
  const productIdByCode = new Map(p.products.map((x) => [x.code, id('product', x.code)]));
  const charging = { 1: 'Once', 2: 'PerPerson', 3: 'PerTimeUnit', 4: 'PerPersonPerTimeUnit' } as const;
  const products = p.products.map((x, i) => ({
    Id: productIdByCode.get(x.code)!,
    ServiceId: stayServiceId,
    // The one product category of the service's products (productCategories/getAll).
    CategoryId: id('product-category', stayServiceId),
    AccountingCategoryId: accountingCategoryIdByCode.get('BRK')!,
    IsActive: true,
    Names: text(x.name),
    ExternalNames: text(x.name),
    ShortNames: text(x.code),
    Descriptions: text(x.description),
    ChargingMode: charging[x.pricing],
    PostingMode: x.pricing >= 3 ? 'PerTimeUnit' : 'Once',
    Options: { BillAsPackage: false, ExcludePriceFromOffer: false },
    Promotions: { BeforeCheckIn: true, AfterCheckIn: false, DuringStay: true, BeforeCheckOut: false, AfterCheckOut: false, DuringCheckOut: false },
    Classifications: { Food: /breakfast|dinner|lunch|meal/i.test(x.name), Beverage: false, Wellness: false, CityTax: false, Fee: false },
    // Product prices are gross in the fixture, whatever the property's pricing mode.
    Price: amountOf({ ...p, pricingMode: 0 }, x.grossValue),
    ImageIds: [],
    Ordering: i,
    ExternalIdentifier: x.code,
    TaxExemptionReason: null,
    TaxExemptionLegalReference: null,
    CreatedUtc: STATIC_UTC,
    UpdatedUtc: STATIC_UTC,
    ConsumptionMoment: x.pricing >= 3 ? 'PostingTimeUnit' : 'ServiceOrderStart',
  }));
  return {
    enterprise,
    stayServiceId,
    services,
    resourceCategories,
    categoryIdByCode,
    resources,
    categoryOfResource,
    businessSegments,
    rates,
    rateIdByCode,
    rateGroup,
    ageCategories,
    ageCategoryIdByCode,
    products,
    productIdByCode,
    accountingCategoryIdByCode,
  };
}

/** The reservation's account: its named customer, or the profile made from its channel-manager guest. */
export const reservationOwner = (world: World, r: Reservation): string => r.customerId ?? stableId(world.state.fixture.seed, 'customer', r.groupId);

/** What both reservation versions derive from a world reservation. */
function reservationBasics(world: World, property: Property, model: ConnectorModel, r: Reservation) {
  const group = world.state.groups.get(r.groupId);
  const seed = world.state.fixture.seed;
  const d = r.details ?? {};
  const fromChannelManager = group?.channelManagerId !== undefined && group.connectionToken !== undefined && r.code !== undefined;
  const adults = new Set(model.ageCategories.filter((a) => a.Classification === 'Adult').map((a) => a.ExternalIdentifier));
  return {
    group,
    d,
    fromChannelManager,
    origin: r.origin ?? (fromChannelManager ? 'ChannelManager' : 'Commander'),
    ownerId: reservationOwner(world, r),
    start: localToUtc(r.from, CHECK_IN, property.timeZoneIdentifier),
    end: localToUtc(r.to, CHECK_OUT, property.timeZoneIdentifier),
    state: r.state === 'Enquired' ? 'Inquired' : r.state,
    personCounts: r.guestCounts
      .filter((g) => g.count > 0)
      .map((g) => ({ AgeCategoryId: model.ageCategoryIdByCode.get(g.code) ?? stableId(seed, property.id, 'age-category', g.code), Count: g.count })),
    adultCount: r.guestCounts.filter((g) => adults.has(g.code)).reduce((n, g) => n + g.count, 0),
    childCount: r.guestCounts.filter((g) => !adults.has(g.code)).reduce((n, g) => n + g.count, 0),
  };
}

/** A world reservation as Reservation (ver 2023-06-06). */
export function reservationView(world: World, property: Property, model: ConnectorModel, r: Reservation): Record<string, unknown> & { Id: string } {
  const b = reservationBasics(world, property, model, r);
  const { d } = b;
  const profile = stableId(world.state.fixture.seed, 'profile', b.fromChannelManager ? 'channel-manager' : r.origin ? 'integration' : 'front-desk');
  return {
    Id: r.id,
    ServiceId: model.stayServiceId,
    AccountId: b.ownerId,
    AccountType: 'Customer',
    CreatorProfileId: profile,
    UpdaterProfileId: profile,
    BookerId: d.bookerId ?? null,
    Number: r.confirmationNumber,
    State: b.state,
    Origin: b.origin,
    CommanderOrigin: b.origin === 'Commander' ? 'InPerson' : null,
    OriginDetails: null,
    CreatedUtc: apiTime(r.createdUtc),
    UpdatedUtc: apiTime(r.updatedUtc),
    CancelledUtc: r.canceledUtc ? apiTime(r.canceledUtc) : null,
    VoucherId: null,
    BusinessSegmentId: d.businessSegmentId ?? null,
    Options: { OwnerCheckedIn: d.ownerCheckedIn ?? false, AllCompanionsCheckedIn: false, AnyCompanionCheckedIn: false, ConnectorCheckIn: d.actualStartUtc !== undefined },
    RateId: model.rateIdByCode.get(r.ratePlanCode) ?? null,
    CreditCardId: d.creditCardId ?? null,
    GroupId: r.groupId,
    RequestedResourceCategoryId: model.categoryIdByCode.get(r.spaceTypeCode) ?? null,
    AssignedResourceId: d.assignedResourceId ?? null,
    AvailabilityBlockId: d.availabilityBlockId ?? null,
    PartnerCompanyId: d.companyId ?? null,
    TravelAgencyId: d.travelAgencyId ?? null,
    AssignedResourceLocked: d.assignedResourceLocked ?? false,
    ChannelNumber: d.channelNumber ?? b.group?.channelId ?? null,
    ChannelManagerNumber: b.fromChannelManager ? (b.group?.channelManagerId ?? null) : null,
    CancellationReason: r.state === 'Canceled' ? 'Other' : null,
    ReleasedUtc: d.releasedUtc ? apiTime(d.releasedUtc) : null,
    ScheduledStartUtc: b.start,
    ActualStartUtc: d.actualStartUtc ? apiTime(d.actualStartUtc) : null,
    ScheduledEndUtc: b.end,
    ActualEndUtc: d.actualEndUtc ? apiTime(d.actualEndUtc) : null,
    Purpose: d.purpose ?? null,
    QrCodeData: null,
    PersonCounts: b.personCounts,
    StartUtc: b.start,
    EndUtc: b.end,
  };
}

/** A world reservation as Reservation (ver 2017-04-12): what reservations/add and reservations/update answer. */
export function reservationView2017(world: World, property: Property, model: ConnectorModel, r: Reservation): Record<string, unknown> & { Id: string } {
  const b = reservationBasics(world, property, model, r);
  const { d } = b;
  return {
    Id: r.id,
    ServiceId: model.stayServiceId,
    GroupId: r.groupId,
    Number: r.confirmationNumber,
    ChannelNumber: d.channelNumber ?? b.group?.channelId ?? null,
    ChannelManagerNumber: b.fromChannelManager ? (r.code ?? null) : null,
    ChannelManagerGroupNumber: b.fromChannelManager ? (b.group?.channelManagerId ?? null) : null,
    // The connection's name, as reservationGroups/getAll and getChannelManagerDetails name the channel manager.
    ChannelManager: b.fromChannelManager ? (world.state.connections.get(b.group!.connectionToken!)?.name ?? null) : null,
    State: b.state,
    Origin: b.origin,
    OriginDetails: null,
    Purpose: d.purpose ?? null,
    CreatedUtc: apiTime(r.createdUtc),
    UpdatedUtc: apiTime(r.updatedUtc),
    CancelledUtc: r.canceledUtc ? apiTime(r.canceledUtc) : null,
    // The actual check-in when it was earlier than the scheduled start.
    StartUtc: d.actualStartUtc && Date.parse(d.actualStartUtc) < Date.parse(b.start) ? apiTime(d.actualStartUtc) : b.start,
    EndUtc: b.end,
    ReleasedUtc: d.releasedUtc ? apiTime(d.releasedUtc) : null,
    RequestedCategoryId: model.categoryIdByCode.get(r.spaceTypeCode) ?? null,
    AssignedSpaceId: d.assignedResourceId ?? null,
    AssignedSpaceLocked: d.assignedResourceLocked ?? false,
    AssignedResourceId: d.assignedResourceId ?? null,
    AssignedResourceLocked: d.assignedResourceLocked ?? false,
    BusinessSegmentId: d.businessSegmentId ?? null,
    CompanyId: d.companyId ?? null,
    TravelAgencyId: d.travelAgencyId ?? null,
    AvailabilityBlockId: d.availabilityBlockId ?? null,
    RateId: model.rateIdByCode.get(r.ratePlanCode) ?? null,
    VoucherId: null,
    CreditCardId: d.creditCardId ?? null,
    CancellationReason: r.state === 'Canceled' ? 'Other' : null,
    AdultCount: b.adultCount,
    ChildCount: b.childCount,
    PersonCounts: b.personCounts,
    OwnerId: b.ownerId,
    CustomerId: b.ownerId,
    BookerId: d.bookerId ?? null,
    CompanionIds: d.companionIds ?? [],
    ChannelManagerId: null,
    Options: { OwnerCheckedIn: d.ownerCheckedIn ?? false, AllCompanionsCheckedIn: false, AnyCompanionCheckedIn: false },
  };
}

function categoryType(classification: number): string {
  return ({ 16: 'Dorm', 8: 'Bed', 11: 'Suite', 1: 'Apartment', 15: 'Villa', 17: 'Site', 18: 'Office', 19: 'MeetingRoom', 20: 'ParkingSpot', 21: 'Desk', 22: 'TeamArea', 12: 'Tent', 24: 'CaravanOrRV', 25: 'UnequippedCampsite' } as Record<number, string>)[classification] ?? 'Room';
}

function classification(c: number): string {
  return ({ 9: 'StandardSingle', 4: 'StandardDouble', 14: 'StandardTwin', 13: 'Triple', 11: 'JuniorSuite', 16: 'SharedOrDorm', 8: 'SharedOrDorm', 10: 'Studio', 1: 'OneBedroomApartment' } as Record<number, string>)[c] ?? 'Other';
}
