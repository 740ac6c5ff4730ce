import type { KnownConnection } from './inventory.js';
import type { Defect } from './server.js';

interface Stay {
  code: string;
  space: string;
  rate: string;
  from: number;
  nights: number[];
  extras?: { code: string; count: number; amount: number; pricing: number }[];
}

type Kind = 'gross' | 'net';

/**
 * The bookings the certification asks a channel manager to send, one per prompt action: single and
 * group reservations (create, modify, cancel), one with a product, one invalid. Modifications and
 * cancellations re-send the whole group with the same channelManagerId and codes, as the docs ask.
 */
export class CertificationBookings {
  private n = 0;
  /** The stays last sent per group id: what a modification changes and a cancellation ends. */
  private readonly sent = new Map<string, Stay[]>();

  constructor(private readonly defect?: Defect) {}

  /** The processGroup body for a prompt's action on a connection, or undefined for an unknown action. */
  groupFor(action: string, connection: KnownConnection): Record<string, unknown> | undefined {
    const kind: Kind = connection.pricingMode === 1 ? 'net' : 'gross';
    const tag = kind === 'gross' ? 'G' : 'N';
    const [s1, s2, s3, s4] = pick(connection.spaceTypes, kind === 'gross' ? ['DBL', 'TWN', 'SGL', 'STE'] : ['KNG', 'QQ', 'STU', 'KNG']);
    const [r1, r2] = pick(connection.ratePlans, kind === 'gross' ? ['BAR', 'NR'] : ['RACK', 'PREPAY']);
    switch (action) {
      case 'send-single-reservation':
        return this.group(connection, `REF-SINGLE-${tag}`, [{ code: '01', space: s1, rate: r1, from: 40, nights: [120, 125] }], kind);
      case 'modify-single-reservation': {
        const [stay] = this.sent.get(`REF-SINGLE-${tag}`) ?? [];
        if (!stay) return undefined;
        const code = this.defect === 'changed-codes-on-modification' && kind === 'gross' ? 'A1' : stay.code;
        return this.group(connection, `REF-SINGLE-${tag}`, [{ ...stay, code, nights: [...stay.nights, 130] }], kind);
      }
      case 'send-group-reservation':
        return this.group(
          connection,
          `REF-MULTI-${tag}`,
          [
            { code: '01', space: s1, rate: r1, from: 50, nights: [100, 110] },
            { code: '02', space: s2, rate: r2, from: 50, nights: [90, 95] },
            { code: '03', space: s3, rate: r1, from: 50, nights: [70, 75] },
          ],
          kind,
        );
      case 'modify-group-reservation': {
        const stays = this.sent.get(`REF-MULTI-${tag}`);
        if (!stays) return undefined;
        // One more night on the first, the third replaced by a new space.
        return this.group(connection, `REF-MULTI-${tag}`, [{ ...stays[0], nights: [...stays[0].nights, 115] }, stays[1], { code: '04', space: s4, rate: r1, from: 50, nights: [200, 210] }], kind);
      }
      case 'cancel-single-reservation':
        return this.group(connection, `REF-SINGLE-${tag}`, null, kind);
      case 'cancel-group-reservation':
        return this.group(connection, `REF-MULTI-${tag}`, null, kind);
      case 'send-reservation-with-product': {
        const mapping = connection.productMappings[0];
        if (!mapping) return undefined;
        return this.group(connection, 'REF-PRODUCT', [{ code: '01', space: s1, rate: mapping.ratePlanCode, from: 60, nights: [140, 145], extras: [{ code: mapping.productCode, count: 4, amount: 50, pricing: 4 }] }], kind);
      }
      case 'send-invalid-reservation': {
        const invalid = this.group(connection, 'REF-INVALID', [{ code: '01', space: s1, rate: r1, from: 70, nights: [100] }], kind);
        const r = (invalid.reservations as Record<string, unknown>[])[0];
        // Departure before arrival: Mews refuses it with code 7.
        [r.from, r.to] = [r.to, r.from];
        return invalid;
      }
      default:
        return undefined;
    }
  }

  private group(connection: KnownConnection, id: string, stays: Stay[] | null, kind: Kind): Record<string, unknown> {
    const base = { connectionToken: connection.token, messageId: `${id}-m${++this.n}`, channelId: `OTA-${id}`, channelManagerId: id };
    if (!stays) return { ...base, reservations: [] };
    this.sent.set(id, stays);
    const card = this.defect === 'no-test-card' && id === 'REF-SINGLE-G' ? '4012888888881881' : '4111111111111111';
    const amount = (value: number) => ({ [kind]: value });
    const reservations = stays.map((s) => {
      const extras = (s.extras ?? []).map((x) => ({ code: x.code, count: x.count, amount: amount(x.amount), pricing: x.pricing, from: day(s.from), to: day(s.from + 1) }));
      const total = s.nights.reduce((a, b) => a + b, 0) + (s.extras ?? []).reduce((a, x) => a + x.amount, 0);
      return {
        code: s.code,
        spaceTypeCode: s.space,
        ratePlanCode: s.rate,
        from: day(s.from),
        to: day(s.from + s.nights.length),
        guestCounts: [
          { code: 'Adult', count: 2 },
          { code: 'Child', count: 1 },
        ],
        guests: [{ firstName: 'Charles', lastName: 'Babbage', email: 'charles@example.com' }],
        amounts: s.nights.map(amount),
        totalAmount: amount(total),
        ...(extras.length && { extras }),
      };
    });
    const total = reservations.reduce((a, r) => a + (r.totalAmount[kind] ?? 0), 0);
    return {
      ...base,
      currencyCode: connection.currencyCode,
      paymentType: 2,
      totalAmount: amount(total),
      customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
      sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: true }],
      paymentCard: { type: 1, number: card, expireDate: '1230', cvv: '123', holderName: 'Ada Lovelace' },
      reservations,
    };
  }
}

/** The preferred codes where the connection has them, else its own codes in order. */
function pick(known: Set<string>, preferred: string[]): string[] {
  const own = [...known];
  return preferred.map((code, i) => (known.has(code) ? code : own[i % own.length]));
}

/** A date this many days from today, as yyyy-MM-dd. */
function day(offset: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
