import { EventEmitter } from 'node:events';
import { DEFAULT_CHANNELS } from './channels.js';
import { Inventory } from './inventory.js';
import type { Channel, ConnectionFixture, Property, WorldFixture } from './schema.js';
import { SeededUuid } from './random.js';

/** A connection at run time: what the fixture said, plus what calls have changed since. */
export interface Connection {
  token: string;
  name?: string;
  propertyId: string;
  active: boolean;
  /** Set when the connection was deleted; it then answers like an unknown one would not: code 3. */
  deleted: boolean;
  spaceTypeCodes: string[];
  inventoryMappings: { ratePlanCode: string; spaceTypeCode: string }[];
  productMappings: { ratePlanCode: string; productCode: string }[];
  unsynchronizedRates: Set<string>;
  unsynchronizedCategories: Set<string>;
  reservationsEnabled: boolean;
  /** Pushes the partner switched off with error codes 12, 13, 14. */
  disabledPushes: Set<'availability' | 'prices' | 'restrictions'>;
  /** Set when the partner answered code 3 or 8 (it does not know this connection): delta pushes stop. */
  flagged?: { code: number; message: string; at: string };
}

export interface Amount {
  gross?: number;
  net?: number;
}

export interface GuestCount {
  code: string;
  count: number;
}

export type ReservationState = 'Confirmed' | 'Optional' | 'Enquired' | 'Canceled' | 'Started' | 'Processed';

/** A guest profile (chain-wide), as bookings of either API create them. */
export interface CustomerRecord {
  id: string;
  number: string;
  title?: string | null;
  firstName?: string | null;
  lastName: string;
  email?: string | null;
  phone?: string | null;
  nationalityCode?: string | null;
  languageCode?: string | null;
  loyaltyCode?: string | null;
  notes?: string | null;
  companyId?: string | null;
  classifications: string[];
  options: string[];
  /** Further personal fields, named as the Connector API names them. */
  extras?: Partial<Record<CustomerExtraField, string>>;
  address?: CustomerAddress;
  createdUtc: string;
  updatedUtc: string;
}

export const CUSTOMER_EXTRA_FIELDS = [
  'SecondLastName',
  'Sex',
  'BirthDate',
  'BirthCountryCode',
  'BirthCountrySubdivisionCode',
  'BirthPlace',
  'Occupation',
  'TaxIdentificationNumber',
  'CarRegistrationNumber',
  'DietaryRequirements',
  'ItalianDestinationCode',
  'ItalianFiscalCode',
  'ItalianLotteryCode',
] as const;
export type CustomerExtraField = (typeof CUSTOMER_EXTRA_FIELDS)[number];

export interface CustomerAddress {
  Line1?: string | null;
  Line2?: string | null;
  City?: string | null;
  PostalCode?: string | null;
  CountryCode?: string | null;
  CountrySubdivisionCode?: string | null;
}

export interface Reservation {
  id: string;
  groupId: string;
  propertyId: string;
  /** Mews confirmation number: assigned once, kept across modifications and cancellation. */
  confirmationNumber: string;
  /** The channel manager's code of the reservation within its group. */
  code?: string;
  /** The owner's customer profile, when the booking named one (Connector API). */
  customerId?: string;
  state: ReservationState;
  spaceTypeCode: string;
  ratePlanCode: string;
  from: string;
  to: string;
  guestCounts: GuestCount[];
  amounts: Amount[];
  totalAmount?: Amount;
  extras: unknown[];
  guests: unknown[];
  createdUtc: string;
  updatedUtc: string;
  canceledUtc?: string;
  /** Set when the reservation was made through the Connector API (its origin there). */
  origin?: 'Connector';
  /** What Connector API clients can set beyond the booking itself (reservations/add, reservations/update). */
  details?: ReservationDetails;
}

/** Connector API reservation fields with no channel manager counterpart; absent means null. */
export interface ReservationDetails {
  channelNumber?: string;
  bookerId?: string;
  purpose?: string;
  businessSegmentId?: string;
  companyId?: string;
  travelAgencyId?: string;
  assignedResourceId?: string;
  assignedResourceLocked?: boolean;
  creditCardId?: string;
  availabilityBlockId?: string;
  releasedUtc?: string;
  ownerCheckedIn?: boolean;
  /** Check-in (reservations/start) and check-out (reservations/process). */
  actualStartUtc?: string;
  actualEndUtc?: string;
  /** Customers added with reservations/addCompanion. */
  companionIds?: string[];
}

export interface ReservationGroup {
  id: string;
  propertyId: string;
  /** The name reservations/add gave it (GroupName). */
  name?: string;
  connectionToken?: string;
  channelManagerId?: string;
  channelId?: string;
  currencyCode?: string;
  totalAmount?: Amount;
  customer?: unknown;
  booker?: unknown;
  sources?: unknown[];
  comments?: string[];
  paymentType?: number;
  /** Masked card (first 6 / last 4), never the full number, never the CVV. */
  paymentCard?: { type: number; obfuscatedNumber: string; expireDate: string; holderName?: string };
  reservationIds: string[];
  createdUtc: string;
  updatedUtc: string;
}

/** Date ranges: availability `to` is exclusive (departure); prices and restrictions `to` is the last day. */
export type WorldChange =
  | { type: 'availability'; propertyId: string; spaceTypeCode: string; from: string; to: string }
  | { type: 'prices'; propertyId: string; ratePlanCode: string; spaceTypeCode: string; from: string; to: string }
  | { type: 'restrictions'; propertyId: string; ratePlanCode: string; spaceTypeCode: string; from: string; to: string }
  | { type: 'connection'; propertyId: string; token: string; change: string }
  | { type: 'reservation'; propertyId: string; reservationIds: string[] }
  | { type: 'customer'; propertyId: string; customerIds: string[]; added: boolean }
  | { type: 'resourceBlock'; propertyId: string; resourceBlockIds: string[] }
  | { type: 'order'; propertyId: string; orderIds: string[] }
  | { type: 'payment'; propertyId: string; paymentIds: string[] }
  | { type: 'message'; propertyId: string; messageIds: string[] }
  | { type: 'resource'; propertyId: string; resourceIds: string[] };

/**
 * The hotel data of one world, shared by both APIs: properties, connections, inventory,
 * reservations. Knows nothing of HTTP; emits a "change" event for every state change so pushes
 * can follow.
 */
export class WorldState extends EventEmitter<{ change: [WorldChange] }> {
  readonly properties = new Map<string, Property>();
  readonly inventories = new Map<string, Inventory>();
  readonly connections = new Map<string, Connection>();
  readonly employees = new Map<string, string[]>();
  readonly channels: Channel[];
  readonly reservations = new Map<string, Reservation>();
  readonly groups = new Map<string, ReservationGroup>();
  readonly customers = new Map<string, CustomerRecord>();
  private nextCustomerNumber = 1;
  private readonly groupsByChannelManagerId = new Map<string, string>();
  private readonly ids: SeededUuid;
  private nextConfirmationNumber: number;
  /** Bumped on every change; lets readers cache derived answers safely. */
  version = 0;

  readonly fixture: WorldFixture;

  constructor(fixture: WorldFixture) {
    super();
    // A private copy: edits (new spaces, connections) must not leak into the fixture a reset returns to.
    this.fixture = structuredClone(fixture);
    fixture = this.fixture;
    this.ids = new SeededUuid(fixture.seed);
    this.nextConfirmationNumber = 100001 + (Math.abs(fixture.seed) % 1000) * 1000;
    this.channels = [...(fixture.channels ?? DEFAULT_CHANNELS)];
    for (const property of fixture.properties) {
      this.properties.set(property.id, property);
      this.inventories.set(property.id, new Inventory(property, fixture.seed));
      for (const c of property.connections) this.connections.set(c.token, toConnection(property, c));
    }
    for (const e of fixture.employees) this.employees.set(e.email.toLowerCase(), e.propertyIds);
  }

  get clientToken(): string {
    return this.fixture.clientToken;
  }

  /** The client token Mews sends on calls to the channel manager. */
  get partnerClientToken(): string {
    return this.fixture.partnerClientToken ?? this.fixture.clientToken;
  }

  inventory(propertyId: string): Inventory {
    const inv = this.inventories.get(propertyId);
    if (!inv) throw new Error(`Unknown property ${propertyId}`);
    return inv;
  }

  propertyOf(connection: Connection): Property {
    return this.properties.get(connection.propertyId)!;
  }

  uuid(): string {
    return this.ids.uuid();
  }

  newConfirmationNumber(): string {
    return String(this.nextConfirmationNumber++);
  }

  /** Adds or updates a customer; a new one gets the next customer number. */
  upsertCustomer(id: string, data: Omit<CustomerRecord, 'id' | 'number' | 'createdUtc' | 'updatedUtc' | 'classifications' | 'options'> & Partial<CustomerRecord>, now: string): CustomerRecord {
    const existing = this.customers.get(id);
    const record: CustomerRecord = existing
      ? { ...existing, ...data, id, updatedUtc: now }
      : { classifications: [], options: [], ...data, id, number: String(this.nextCustomerNumber++), createdUtc: now, updatedUtc: now };
    this.customers.set(id, record);
    return record;
  }

  groupByChannelManagerId(propertyId: string, channelManagerId: string): ReservationGroup | undefined {
    const id = this.groupsByChannelManagerId.get(`${propertyId}\u0000${channelManagerId}`);
    return id ? this.groups.get(id) : undefined;
  }

  addGroup(group: ReservationGroup): void {
    this.groups.set(group.id, group);
    if (group.channelManagerId) {
      this.groupsByChannelManagerId.set(`${group.propertyId}\u0000${group.channelManagerId}`, group.id);
    }
  }

  changed(change: WorldChange): void {
    this.version++;
    this.emit('change', change);
  }
}

export function toConnection(property: Property, c: ConnectionFixture): Connection {
  const spaceTypeCodes = c.spaceTypeCodes ?? property.spaceCategories.map((s) => s.code);
  const inventoryMappings =
    c.inventoryMappings ??
    property.ratePlans.flatMap((r) => spaceTypeCodes.map((s) => ({ ratePlanCode: r.code, spaceTypeCode: s })));
  return {
    token: c.token,
    name: c.name,
    propertyId: property.id,
    active: c.active,
    deleted: false,
    spaceTypeCodes,
    inventoryMappings: inventoryMappings.map((m) => ({ ...m })),
    productMappings: c.productMappings.map((m) => ({ ...m })),
    unsynchronizedRates: new Set(c.unsynchronizedRates),
    unsynchronizedCategories: new Set(c.unsynchronizedCategories),
    reservationsEnabled: c.reservationsEnabled,
    disabledPushes: new Set(),
  };
}
