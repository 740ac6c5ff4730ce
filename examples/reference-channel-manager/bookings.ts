import type { KnownConnection } from './inventory.js';
import type { Defect } from './server.js';

type Send = (group: Record<string, unknown>) => Promise<unknown>;

interface Stay {
  code: string;
  space: string;
  rate: string;
  from: number;
  nights: number[];
  extras?: { code: string; count: number; amount: number; pricing: number }[];
}

/**
 * The bookings the certification asks a channel manager to send, in order, each waiting for Mews's
 * confirmation: single gross and net (create, modify, cancel), three spaces on two rates gross and net
 * (create, change, cancel), one with a product, one invalid.
 */
export async function sendCertificationBookings(ctx: { sendGroup: Send; connections: Map<string, KnownConnection>; defect?: Defect; log: (line: string) => void }): Promise<void> {
  const all = [...ctx.connections.values()];
  const gross = all.filter((c) => c.pricingMode === 0).sort((a, b) => b.spaceTypes.size - a.spaceTypes.size)[0];
  const net = all.find((c) => c.pricingMode === 1);
  if (!gross || !net) throw new Error('the reference channel manager needs a gross and a net connection');
  let n = 0;
  const send = (connection: KnownConnection, id: string, stays: Stay[] | null, kind: 'gross' | 'net') =>
    ctx.sendGroup(group(connection, `${id}-m${++n}`, id, stays, kind, ctx.defect === 'no-test-card' && id === 'REF-SINGLE-G' ? '4012888888881881' : '4111111111111111'));

  // Single reservation, gross then net: create, modify (one more night), cancel.
  for (const [connection, kind, id, space, rate] of [
    [gross, 'gross', 'REF-SINGLE-G', 'DBL', 'BAR'],
    [net, 'net', 'REF-SINGLE-N', 'KNG', 'RACK'],
  ] as const) {
    const stay: Stay = { code: '01', space, rate, from: 40, nights: [120, 125] };
    await send(connection, id, [stay], kind);
    const changedCode = ctx.defect === 'changed-codes-on-modification' && kind === 'gross' ? 'A1' : '01';
    await send(connection, id, [{ ...stay, code: changedCode, nights: [120, 125, 130] }], kind);
    await send(connection, id, null, kind);
  }

  // Three spaces on two rate plans with different daily rates: create, change two of them, cancel.
  for (const [connection, kind, id, spaces, rates] of [
    [gross, 'gross', 'REF-MULTI-G', ['DBL', 'TWN', 'SGL', 'STE'], ['BAR', 'NR']],
    [net, 'net', 'REF-MULTI-N', ['KNG', 'QQ', 'STU', 'KNG'], ['RACK', 'PREPAY']],
  ] as const) {
    const stays: Stay[] = [
      { code: '01', space: spaces[0], rate: rates[0], from: 50, nights: [100, 110] },
      { code: '02', space: spaces[1], rate: rates[1], from: 50, nights: [90, 95] },
      { code: '03', space: spaces[2], rate: rates[0], from: 50, nights: [70, 75] },
    ];
    await send(connection, id, stays, kind);
    await send(connection, id, [{ ...stays[0], nights: [100, 110, 115] }, stays[1], { code: '04', space: spaces[3], rate: rates[0], from: 50, nights: [200, 210] }], kind);
    await send(connection, id, null, kind);
  }

  // A reservation with a product (breakfast for two, two mornings).
  await send(gross, 'REF-PRODUCT', [{ code: '01', space: 'DBL', rate: 'BB', from: 60, nights: [140, 145], extras: [{ code: 'BRK', count: 4, amount: 50, pricing: 4 }] }], 'gross');

  // An invalid reservation: departure before arrival. Mews refuses it with code 7; it is logged, not re-sent.
  const invalid = group(gross, 'REF-INVALID-m1', 'REF-INVALID', [{ code: '01', space: 'DBL', rate: 'BAR', from: 70, nights: [100] }], 'gross', '4111111111111111');
  const r = (invalid.reservations as Record<string, unknown>[])[0];
  [r.from, r.to] = [r.to, r.from];
  await ctx.sendGroup(invalid);
  ctx.log('invalid reservation REF-INVALID refused by Mews: logged, not re-sent');
  if (ctx.defect === 'resend-invalid') await ctx.sendGroup({ ...invalid, messageId: 'REF-INVALID-m2' });
}

function group(connection: KnownConnection, messageId: string, id: string, stays: Stay[] | null, kind: 'gross' | 'net', card: string): Record<string, unknown> {
  const base = { connectionToken: connection.token, messageId, channelId: `OTA-${id}`, channelManagerId: id };
  if (!stays) return { ...base, reservations: [] };
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
    currencyCode: kind === 'gross' ? 'GBP' : 'USD',
    paymentType: 2,
    totalAmount: amount(total),
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: true }],
    paymentCard: { type: 1, number: card, expireDate: '1230', cvv: '123', holderName: 'Ada Lovelace' },
    reservations,
  };
}

/** A date this many days from today, as yyyy-MM-dd. */
function day(offset: number): string {
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() + offset);
  return d.toISOString().slice(0, 10);
}
