import { randomUUID } from 'node:crypto';
import { apiUrl, type Listing, type MewsAccount } from './directory.js';
import type { ErrorItem } from './errors.js';
import { fromDay, Ledger, toDay } from './ledger.js';
import { callJson, isObject, list, round2, text, type Json } from './wire.js';

export type Pricing = 'gross' | 'net';
export type BookingKind = 'single' | 'group' | 'product' | 'invalid';

/** A stay as the channel manager's booking engine sold it, before it becomes a Mews message. */
interface Stay {
  code: string;
  rate: string;
  space: string;
  /** Day numbers: arrival and departure (exclusive). */
  arrive: number;
  leave: number;
  /** Night prices in the booking's pricing. */
  nights: number[];
  extras: { product: string; count: number; pricing: number; total: number; arrive: number; leave: number }[];
}

/** A booking this channel manager sent to Mews, and what Mews said about it. */
export interface Booking {
  channelManagerId: string;
  channelId: string;
  connection: string;
  kind: BookingKind;
  pricing: Pricing;
  currency: string;
  stays: Stay[];
  cancelled: boolean;
  /** Mews confirmation number per reservation code, from confirmGroup. */
  confirmations: Map<string, string>;
  /** The last confirmGroup failure, if any. */
  failure?: ErrorItem;
  /** Code 7 from processGroup: the booking is broken and must never be sent again. */
  refused?: ErrorItem[];
  messages: { messageId: string; accepted: boolean; errors: ErrorItem[] }[];
}

const DORMS = new Set([8, 16]);
const GUESTS = 3;

/**
 * The booking engine side: makes bookings on a connection from its mapping, and sends them (whole
 * group every time) to Mews's processGroup.
 */
export class BookingDesk {
  readonly bookings: Booking[] = [];
  private serial = 0;

  constructor(private readonly account: MewsAccount) {}

  find(connection: string, channelManagerId: string | undefined): Booking | undefined {
    return this.bookings.find((b) => b.connection === connection && b.channelManagerId === channelManagerId);
  }

  latest(connection: string, kind: BookingKind): Booking | undefined {
    return this.bookings.filter((b) => b.connection === connection && b.kind === kind && !b.cancelled && !b.refused).at(-1);
  }

  async sendSingle(listing: Listing, pricing: Pricing, today: number): Promise<Booking> {
    const [pair] = roomPairs(listing).slice(-1);
    const booking = this.open(listing, 'single', pricing, pair.rate);
    booking.stays.push(stay(listing, pricing, 'S1', pair, today + 53, 2, 0));
    return this.transmit(listing, booking, false);
  }

  async modifySingle(listing: Listing, booking: Booking): Promise<Booking> {
    const s = booking.stays[0];
    booking.stays[0] = stay(listing, booking.pricing, s.code, { rate: s.rate, space: s.space }, s.arrive, s.leave - s.arrive + 1, 0);
    return this.transmit(listing, booking, true);
  }

  async sendGroup(listing: Listing, pricing: Pricing, today: number): Promise<Booking> {
    const pairs = roomPairs(listing);
    const rates = [...new Set(pairs.map((p) => p.rate))].reverse();
    if (rates.length < 2) throw new Error(`connection ${listing.label} maps fewer than two rate plans to rooms`);
    const onA = pairs.filter((p) => p.rate === rates[0]);
    const onB = pairs.filter((p) => p.rate === rates[1]);
    const booking = this.open(listing, 'group', pricing, rates[0]);
    booking.stays.push(
      stay(listing, pricing, 'G1', onA[onA.length - 1], today + 67, 3, 1),
      stay(listing, pricing, 'G2', onB[0], today + 68, 2, 2),
      stay(listing, pricing, 'G3', onA[Math.max(0, onA.length - 2)], today + 67, 4, 3),
    );
    return this.transmit(listing, booking, false);
  }

  /** One more night on the first stay, and the second moved to another space category. */
  async modifyGroup(listing: Listing, booking: Booking): Promise<Booking> {
    const [a, b] = booking.stays;
    booking.stays[0] = stay(listing, booking.pricing, a.code, a, a.arrive, a.leave - a.arrive + 1, 1);
    const other = roomPairs(listing).find((p) => p.rate === b.rate && p.space !== b.space) ?? listing.pairs.find((p) => p.rate === b.rate && p.space !== b.space);
    if (!other) throw new Error(`rate ${b.rate} has no second space category to move stay ${b.code} to`);
    booking.stays[1] = stay(listing, booking.pricing, b.code, other, b.arrive, b.leave - b.arrive, 2);
    return this.transmit(listing, booking, true);
  }

  async sendWithProduct(listing: Listing, pricing: Pricing, today: number): Promise<Booking> {
    const link = listing.productRates[0];
    if (!link) throw new Error(`connection ${listing.label} maps no product to a rate plan`);
    const pair = roomPairs(listing, true).find((p) => p.rate === link.rate) ?? listing.pairs.find((p) => p.rate === link.rate);
    if (!pair) throw new Error(`rate ${link.rate} has no space category`);
    const booking = this.open(listing, 'product', pricing, link.rate);
    const s = stay(listing, pricing, 'P1', pair, today + 81, 2, 0);
    const product = listing.products.get(link.product)!;
    const nights = s.leave - s.arrive;
    const count = { 1: 1, 2: GUESTS, 3: nights, 4: GUESTS * nights }[product.pricing] ?? 1;
    const unit = (pricing === 'gross' ? product.gross : product.net) ?? product.gross ?? 10;
    s.extras.push({ product: product.code, count, pricing: product.pricing, total: round2(unit * count), arrive: s.arrive, leave: s.leave });
    booking.stays.push(s);
    return this.transmit(listing, booking, false);
  }

  /** Departure before arrival: Mews must refuse it with code 7. */
  async sendInvalid(listing: Listing, pricing: Pricing, today: number): Promise<Booking> {
    const [pair] = roomPairs(listing);
    const booking = this.open(listing, 'invalid', pricing, pair.rate);
    const s = stay(listing, pricing, 'X1', pair, today + 90, 1, 0);
    s.leave = s.arrive - 2;
    booking.stays.push(s);
    return this.transmit(listing, booking, false);
  }

  async cancel(listing: Listing, booking: Booking): Promise<Booking> {
    booking.cancelled = true;
    return this.transmit(listing, booking, false);
  }

  private open(listing: Listing, kind: BookingKind, pricing: Pricing, rate: string): Booking {
    this.serial += 1;
    const stamp = Date.now().toString(36).toUpperCase();
    const booking: Booking = {
      channelManagerId: `ICM-${stamp}-${String(this.serial).padStart(3, '0')}`,
      channelId: `WEB${stamp.slice(-5)}${this.serial}`,
      connection: listing.token,
      kind,
      pricing,
      currency: listing.rates.get(rate)?.currency ?? 'EUR',
      stays: [],
      cancelled: false,
      confirmations: new Map(),
      messages: [],
    };
    this.bookings.push(booking);
    return booking;
  }

  /** Sends the whole group as it stands now; the booking is on record before Mews can confirm it. */
  private async transmit(listing: Listing, booking: Booking, modified: boolean): Promise<Booking> {
    if (booking.refused) throw new Error(`booking ${booking.channelManagerId} was refused by Mews and is not sent again`);
    const messageId = randomUUID();
    const message = booking.cancelled ? cancellation(this.account, booking, messageId) : groupMessage(this.account, listing, booking, messageId, modified);
    const answer = await callJson(apiUrl(this.account, 'processGroup'), message);
    const body = isObject(answer.body) ? answer.body : {};
    const errors = list(body.errors).filter(isObject) as unknown as ErrorItem[];
    const accepted = answer.status === 200 && body.success === true;
    booking.messages.push({ messageId, accepted, errors });
    if (!accepted && errors.some((e) => e.code === 7)) booking.refused = errors;
    return booking;
  }
}

/** Rate-space pairs on rooms (not dorms or beds) and, unless asked, not on package rates. */
function roomPairs(listing: Listing, packages = false): { rate: string; space: string }[] {
  const packaged = new Set(listing.productRates.map((p) => p.rate));
  const usable = listing.pairs.filter((p) => listing.rates.get(p.rate)?.synchronized !== false);
  const rooms = usable.filter((p) => !DORMS.has(listing.spaces.get(p.space)?.classification ?? 0) && (packages || !packaged.has(p.rate)));
  const pick = rooms.length ? rooms : usable.length ? usable : listing.pairs;
  if (!pick.length) throw new Error(`connection ${listing.label} has no mapped rate and space category`);
  return pick;
}

/** Night prices: what Mews pushed for 3 guests when known, with a small rise per night. */
function stay(listing: Listing, pricing: Pricing, code: string, pair: { rate: string; space: string }, arrive: number, nights: number, lift: number): Stay {
  const prices = Array.from({ length: Math.max(1, nights) }, (_, i) => {
    const pushed = listing.ledger.prices.read(Ledger.priceKey(pair.rate, pair.space, GUESTS), arrive + i);
    const base = (pricing === 'gross' ? pushed?.gross : pushed?.net) ?? 96 + 13 * lift;
    return round2(base + 4.5 * i + 2 * lift);
  });
  return { code, rate: pair.rate, space: pair.space, arrive, leave: arrive + nights, nights: prices, extras: [] };
}

const person = {
  lastName: 'Solberg',
  firstName: 'Ingrid',
  email: 'ingrid.solberg@example.org',
  telephone: '+47 22 33 44 55',
  nationalityCode: 'NO',
  languageCode: 'nb-NO',
  title: 'Miss',
  address: { addressLine1: 'Storgata 12', city: 'Oslo', zip: '0155', country: 'NO' },
};

function amount(pricing: Pricing, value: number): Json {
  return pricing === 'gross' ? { gross: round2(value) } : { net: round2(value) };
}

function groupMessage(account: MewsAccount, listing: Listing, booking: Booking, messageId: string, modified: boolean): Json {
  const reservations = booking.stays.map((s) => {
    const total = s.nights.reduce((a, b) => a + b, 0) + s.extras.reduce((a, x) => a + x.total, 0);
    return {
      code: s.code,
      state: modified ? 2 : 1,
      spaceTypeCode: s.space,
      ratePlanCode: s.rate,
      from: fromDay(s.arrive),
      to: fromDay(s.leave),
      guestCounts: [
        { code: 'Adult', count: 2 },
        { code: 'Child', count: 1 },
      ],
      amounts: s.nights.map((n) => amount(booking.pricing, n)),
      totalAmount: amount(booking.pricing, total),
      guests: [{ firstName: 'Mateo', lastName: 'Solberg', email: 'mateo.solberg@example.org', languageCode: 'nb-NO' }],
      ...(s.extras.length && {
        extras: s.extras.map((x) => ({ code: x.product, count: x.count, pricing: x.pricing, amount: amount(booking.pricing, x.total), from: fromDay(x.arrive), to: fromDay(x.leave) })),
      }),
    };
  });
  const sum = reservations.reduce((a, r) => a + ((r.totalAmount as Json)[booking.pricing] as number), 0);
  return {
    clientToken: account.clientToken,
    connectionToken: listing.token,
    messageId,
    channelId: booking.channelId,
    channelManagerId: booking.channelManagerId,
    currencyCode: booking.currency,
    paymentType: 2,
    totalAmount: amount(booking.pricing, sum),
    customer: person,
    paymentCard: { type: 2, number: '5555444433331111', expireDate: '1022', cvv: '737', holderName: 'Ingrid Solberg' },
    sources: [{ code: 2, name: 'Expedia', type: 0, isPrimary: true }],
    comments: [`Booked through the independent booking engine (${booking.kind}).`],
    reservations,
  };
}

function cancellation(account: MewsAccount, booking: Booking, messageId: string): Json {
  return {
    clientToken: account.clientToken,
    connectionToken: booking.connection,
    messageId,
    channelId: booking.channelId,
    channelManagerId: booking.channelManagerId,
    reservations: [],
  };
}

/** The prompt's creation date as a day number (the simulator's today), else the real today. */
export function todayOf(createdAt: unknown): number {
  return toDay(text(createdAt)?.slice(0, 10)) ?? Math.floor(Date.now() / 86_400_000);
}
