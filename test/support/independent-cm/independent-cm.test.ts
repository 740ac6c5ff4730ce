import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { FAKE, FakeMews } from './fake-mews.js';
import { startIndependentChannelManager, systemErrors, writeSystemErrors, type IndependentChannelManager } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

/** Polls until `check` passes (generous: the machine may be loaded). */
async function eventually<T>(check: () => T, what: string, ms = 8000): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 15));
  }
}

async function post(url: string, body: unknown): Promise<Any> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return res.json();
}

const head = (connectionToken: string, messageId = 'm-1') => ({
  clientToken: FAKE.clientToken,
  connectionToken,
  messageId,
  responseUrl: '',
});

describe('independent channel manager', () => {
  let mews: FakeMews;
  let cm: IndependentChannelManager;
  const start = async (extra: { async?: boolean; followPrompts?: boolean; adminToken?: string } = {}) => {
    cm = await startIndependentChannelManager({ mewsUrl: mews.url, clientToken: FAKE.clientToken, email: FAKE.email, followPrompts: false, ...extra });
    mews.partnerUrl = cm.url;
    return cm;
  };
  beforeEach(async () => {
    mews = await new FakeMews().start();
  });
  afterEach(async () => {
    await cm?.stop();
    await mews.stop();
  });

  it('maps every connection it can see, asking for products, and routes by connectionToken on one URL', async () => {
    await start();
    expect(mews.received('getProperties')).toEqual([{ clientToken: FAKE.clientToken, email: FAKE.email }]);
    const configs = mews.received('getConfiguration');
    expect(configs.map((c: Any) => c.connectionToken).sort()).toEqual([FAKE.broken, FAKE.gross, FAKE.net].sort());
    expect(configs.every((c: Any) => c.extent.includeProducts === true)).toBe(true);
    const gross = cm.directory.listings.get(FAKE.gross)!;
    expect([...gross.spaces.keys()]).toEqual(['K1', 'T2', 'S3', 'DM']);
    expect(gross.productRates).toEqual([{ rate: 'BFAST', product: 'EGG' }]);
    expect(cm.directory.listings.get(FAKE.net)!.pricingMode).toBe(1);
    expect(cm.directory.listings.get(FAKE.broken)!.mewsSide).toBe('disabled');

    const one = await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'K1', from: '2027-02-01', to: '2027-02-01', availability: 4 }] });
    const two = await post(`${cm.url}/updateAvailability`, { ...head(FAKE.net), availabilities: [{ spaceTypeCode: 'QN', from: '2027-02-01', to: '2027-02-01', availability: 7 }] });
    expect([one, two]).toEqual([{ success: true, asyncConfirmation: false }, { success: true, asyncConfirmation: false }]);
    expect(gross.ledger.availabilityOn('K1', '2027-02-01')).toBe(4);
    expect(cm.directory.listings.get(FAKE.net)!.ledger.availabilityOn('QN', '2027-02-01')).toBe(7);
    // The gross connection does not know the net property's space type.
    expect((await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'QN', from: '2027-02-01', to: '2027-02-01', availability: 1 }] })).errors[0]).toMatchObject({ code: 10, categoryCode: 'QN' });
  });

  it('stores pushes over inclusive date ranges, the newest value winning', async () => {
    await start();
    const ledger = cm.directory.listings.get(FAKE.gross)!.ledger;
    await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'T2', from: '2027-03-01', to: '2027-03-03', availability: 5 }] });
    await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'T2', from: '2027-03-02', to: '2027-03-02', availability: 2 }] });
    expect(['2027-02-28', '2027-03-01', '2027-03-02', '2027-03-03', '2027-03-04'].map((d) => ledger.availabilityOn('T2', d))).toEqual([undefined, 5, 2, 5, undefined]);

    const prices = [1, 2].map((g) => ({ guestCount: g, grossAmount: 1000 + g, netAmount: 900 + g, currencyCode: 'NOK' }));
    const reply = await post(`${cm.url}/updatePrices`, { ...head(FAKE.gross), ratePrices: [{ spaceTypeCode: 'K1', ratePlanCode: 'SAVER', from: '2027-03-10', to: '2027-03-11', prices, agePrices: [] }] });
    expect(reply).toEqual({ success: true, asyncConfirmation: false });
    expect(ledger.priceOn('SAVER', 'K1', 2, '2027-03-11')).toEqual({ gross: 1002, net: 902, currency: 'NOK' });
    expect(ledger.priceOn('SAVER', 'K1', 2, '2027-03-12')).toBeUndefined();

    await post(`${cm.url}/updateRestrictions`, { ...head(FAKE.gross), restrictions: [{ spaceTypeCode: 'K1', ratePlanCode: 'STD', from: '2027-03-05', to: '2027-03-06', state: [2, 8] }] });
    expect(ledger.restrictionOn('STD', 'K1', '2027-03-06')).toEqual({ state: [2, 8], minLos: null, maxLos: null });
    expect(ledger.restrictionOn('STD', 'K1', '2027-03-07')).toBeUndefined();
  });

  it('answers with the documented codes: 7 negative, 9 rate, 10 space, 3 connection, 6 malformed, 2 unknown booking', async () => {
    await start();
    const ledger = cm.directory.listings.get(FAKE.gross)!.ledger;
    const negative = await post(`${cm.url}/updatePrices`, {
      ...head(FAKE.gross),
      ratePrices: [{ spaceTypeCode: 'K1', ratePlanCode: 'STD', from: '2027-04-01', to: '2027-04-01', prices: [{ guestCount: 1, grossAmount: -5, netAmount: 10, currencyCode: 'NOK' }], agePrices: [] }],
    });
    expect(negative.success).toBe(false);
    expect(negative.errors).toHaveLength(1);
    expect(negative.errors[0].code).toBe(7);
    expect(ledger.priceOn('STD', 'K1', 1, '2027-04-01')).toBeUndefined();

    const unmapped = await post(`${cm.url}/updatePrices`, {
      ...head(FAKE.gross),
      ratePrices: [
        { spaceTypeCode: 'K1', ratePlanCode: 'NOPE', from: '2027-04-01', to: '2027-04-01', prices: [], agePrices: [] },
        { spaceTypeCode: 'ZZ', ratePlanCode: 'STD', from: '2027-04-01', to: '2027-04-01', prices: [], agePrices: [] },
        { spaceTypeCode: 'T2', ratePlanCode: 'STD', from: '2027-04-01', to: '2027-04-01', prices: [{ guestCount: 2, grossAmount: 50, netAmount: 40, currencyCode: 'NOK' }], agePrices: [] },
      ],
    });
    expect(unmapped.success).toBe(false);
    expect(unmapped.errors).toEqual([expect.objectContaining({ code: 9, rateCode: 'NOPE' }), expect.objectContaining({ code: 10, categoryCode: 'ZZ' })]);
    // The mapped item of the same message is kept.
    expect(ledger.priceOn('STD', 'T2', 2, '2027-04-01')?.gross).toBe(50);
    const restriction = await post(`${cm.url}/updateRestrictions`, { ...head(FAKE.gross), restrictions: [{ spaceTypeCode: 'K1', ratePlanCode: 'GHOST', from: '2027-04-01', to: '2027-04-02', state: [1] }] });
    expect(restriction.errors).toEqual([expect.objectContaining({ code: 9, rateCode: 'GHOST' })]);

    const stranger = await post(`${cm.url}/updateAvailability`, { ...head('NOT-A-CONNECTION'), availabilities: [] });
    expect(stranger.errors[0].code).toBe(3);
    expect((await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'K1', from: '2027-02-30', to: '2027-03-01', availability: 1 }] })).errors[0].code).toBe(6);
    const bad = await fetch(`${cm.url}/updateAvailability`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect((await bad.json()).errors[0].code).toBe(6);

    const unknown = await post(`${cm.url}/confirmGroup`, {
      clientToken: FAKE.clientToken,
      connectionToken: FAKE.gross,
      relatedMessageId: 'x',
      channelManagerId: 'NEVER-SENT',
      reservations: [{ code: '1', confirmationNumber: 'MEWS-4711' }],
    });
    expect(unknown.success).toBe(false);
    expect(unknown.errors[0].code).toBe(2);
    expect(unknown.errors[0].message).toContain('MEWS-4711');
  });

  it('asynchronous mode: asyncConfirmation at once, then the outcome with its 9/10 errors to the responseUrl', async () => {
    await start({ async: true });
    const responseUrl = `${mews.url}/api/channelManager/v1/processAvailabilityConfirmation`;
    const reply = await post(`${cm.url}/updateAvailability`, {
      ...head(FAKE.net, 'msg-77'),
      responseUrl,
      availabilities: [
        { spaceTypeCode: 'QN', from: '2027-05-01', to: '2027-05-02', availability: 3 },
        { spaceTypeCode: 'XX', from: '2027-05-01', to: '2027-05-02', availability: 3 },
      ],
    });
    expect(reply).toEqual({ success: true, asyncConfirmation: true });
    const [confirmation] = await eventually(() => mews.received('processAvailabilityConfirmation').length && mews.received('processAvailabilityConfirmation'), 'the confirmation');
    expect(confirmation).toEqual({
      clientToken: FAKE.clientToken,
      connectionToken: FAKE.net,
      relatedMessageId: 'msg-77',
      success: false,
      errors: [expect.objectContaining({ code: 10, categoryCode: 'XX' })],
    });
    const rates = await post(`${cm.url}/updatePrices`, {
      ...head(FAKE.net, 'msg-78'),
      responseUrl: `${mews.url}/api/channelManager/v1/processRateConfirmation`,
      ratePrices: [{ spaceTypeCode: 'QN', ratePlanCode: 'RACK', from: '2027-05-01', to: '2027-05-01', prices: [{ guestCount: 1, grossAmount: 120, netAmount: 100, currencyCode: 'USD' }], agePrices: [] }],
    });
    expect(rates.asyncConfirmation).toBe(true);
    const [ok] = await eventually(() => mews.received('processRateConfirmation').length && mews.received('processRateConfirmation'), 'the rate confirmation');
    expect(ok).toEqual({ clientToken: FAKE.clientToken, connectionToken: FAKE.net, relatedMessageId: 'msg-78', success: true });
    // The connection check stays synchronous.
    expect((await post(`${cm.url}/updateRestrictions`, { ...head('UNKNOWN'), responseUrl, restrictions: [] })).errors[0].code).toBe(3);
  });

  it('confirms bookings made in Mews with its own group and reservation codes, kept across changes', async () => {
    await start();
    const push = (messageId: string, channelManagerId?: string) =>
      post(`${cm.url}/processGroup`, {
        ...head(FAKE.gross, messageId),
        responseUrl: `${mews.url}/api/channelManager/v1/processGroupConfirmation`,
        ...(channelManagerId && { channelManagerId }),
        reservations: [{ confirmationNumber: 'M-1', spaceTypeCode: 'K1', ratePlanCode: 'STD', from: '2027-06-01', to: '2027-06-03', state: 1, timeState: 1 }],
      });
    expect(await push('g-1')).toEqual({ success: true, asyncConfirmation: true });
    const [first] = await eventually(() => mews.received('processGroupConfirmation').length && mews.received('processGroupConfirmation'), 'the group confirmation');
    expect(first).toMatchObject({ relatedMessageId: 'g-1', success: true, reservations: [{ confirmationNumber: 'M-1' }] });
    await push('g-2', first.code);
    const all = await eventually(() => mews.received('processGroupConfirmation').length === 2 && mews.received('processGroupConfirmation'), 'the second confirmation');
    expect(all[1]).toMatchObject({ code: first.code, reservations: first.reservations });
  });

  it('follows change notifications: re-reads an updated connection, refuses a deleted one, names a bad type', async () => {
    await start();
    const note = (type: unknown, connectionToken = FAKE.net) => post(`${cm.url}/changeNotificaton`, { clientToken: FAKE.clientToken, connectionToken, type });
    const reads = mews.received('getConfiguration').length;
    expect(await note(1)).toEqual({ success: true, asyncConfirmation: false });
    expect(mews.received('getConfiguration')).toHaveLength(reads + 1);
    expect((await note(9)).errors[0]).toMatchObject({ code: 6 });
    expect((await note(0, 'BRAND-NEW')).errors[0]).toMatchObject({ code: 3 });
    expect(await note(4)).toMatchObject({ success: true });
    expect((await post(`${cm.url}/updateAvailability`, { ...head(FAKE.net), availabilities: [] })).errors[0].code).toBe(3);
    const block = await post(`${cm.url}/processAvailabilityBlock`, {
      connectionToken: FAKE.gross,
      messageId: 'b-1',
      responseUrl: `${mews.url}/api/channelManager/v1/processAvailabilityBlockConfirmation`,
      availabilityBlock: { code: null, confirmationNumber: '77', status: 'Create', name: 'Choir', spaceCategories: [{ spaceTypeCode: 'K1' }, { spaceTypeCode: 'NOPE' }] },
    });
    expect(block).toEqual({ success: true, asyncConfirmation: true });
    const [confirmation] = await eventually(() => mews.received('processAvailabilityBlockConfirmation').length && mews.received('processAvailabilityBlockConfirmation'), 'the block confirmation');
    expect(confirmation).toMatchObject({ relatedMessageId: 'b-1', success: false, code: 'BLK-77', confirmationNumber: '77', errors: [{ code: 10, categoryCode: 'NOPE' }] });
    const wrongVerb = await fetch(`${cm.url}/updatePrices`);
    expect(wrongVerb.status).toBe(405);
    expect((await wrongVerb.json()).errors[0].code).toBe(6);
  });

  it('lists its system errors in the {"errors": [...]} form, with a situation on some entries only', () => {
    const list = systemErrors();
    expect(list.some((e) => e.code === 1)).toBe(true);
    expect(list.some((e) => e.situation) && list.some((e) => !e.situation)).toBe(true);
    for (const e of list) expect(e.message.length).toBeGreaterThan(30);
    const file = writeSystemErrors(join(mkdtempSync(join(tmpdir(), 'icm-')), 'errors.json'));
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ errors: list });
  });

  describe('following prompts', () => {
    const processGroups = () => mews.received('processGroup');

    it('sends, modifies and cancels a single booking, acting once on a prompt seen twice', async () => {
      await start({ followPrompts: true });
      await eventually(() => mews.streamCount, 'the prompt stream');
      const first = mews.open({ action: 'send-single-reservation', connection: FAKE.gross, pricing: 'gross' }, true);
      const [sent] = await eventually(() => processGroups().length && processGroups(), 'the booking');
      // The prompt stays open: it is seen again by the poll after a dropped stream and on reconnecting.
      const polls = () => mews.calls.filter((c) => c.path === '/_sim/prompts').length;
      mews.dropStreams();
      await eventually(() => polls() > 0 && mews.streamCount, 'a poll and a new stream');
      await cm.prompts!.settled();
      expect(processGroups()).toHaveLength(1);
      expect(cm.prompts!.outcomes.filter((o) => o.id === first.id)).toHaveLength(1);
      expect(sent.connectionToken).toBe(FAKE.gross);
      expect(sent.clientToken).toBe(FAKE.clientToken);
      expect(sent.paymentCard).toMatchObject({ number: '5555444433331111', type: 2 });
      expect(sent.sources).toEqual([expect.objectContaining({ isPrimary: true })]);
      expect(sent.reservations).toHaveLength(1);
      const r = sent.reservations[0];
      expect(r.guestCounts).toEqual([{ code: 'Adult', count: 2 }, { code: 'Child', count: 1 }]);
      expect(r.guests).toHaveLength(1);
      expect(r.amounts.every((a: Any) => typeof a.gross === 'number' && a.net === undefined)).toBe(true);
      expect(r.totalAmount.gross).toBeCloseTo(r.amounts.reduce((s: number, a: Any) => s + a.gross, 0), 2);
      expect(r.spaceTypeCode).not.toBe('DM');
      // Mews confirms; the channel manager keeps the confirmation number.
      await eventually(() => cm.desk.bookings[0]?.confirmations.size, 'the confirmation number');
      expect(mews.confirmGroupReplies[0]).toEqual({ success: true, asyncConfirmation: false });

      mews.open({ action: 'modify-single-reservation', connection: FAKE.gross, pricing: 'gross' });
      await eventually(() => processGroups().length === 2, 'the modification');
      const changed = processGroups()[1];
      expect(changed.channelManagerId).toBe(sent.channelManagerId);
      expect(changed.reservations[0].code).toBe(r.code);
      expect(changed.reservations[0].amounts).toHaveLength(r.amounts.length + 1);
      expect(changed.messageId).not.toBe(sent.messageId);

      mews.open({ action: 'cancel-single-reservation', connection: FAKE.gross, pricing: 'gross' });
      await eventually(() => processGroups().length === 3, 'the cancellation');
      expect(processGroups()[2]).toMatchObject({ channelManagerId: sent.channelManagerId, reservations: [] });
      await cm.prompts!.settled();
      await new Promise((r2) => setTimeout(r2, 300));
      expect(processGroups()).toHaveLength(3);
      expect(cm.prompts!.outcomes.map((o) => o.result)).toEqual(['acted', 'acted', 'acted']);
    });

    it('sends a three-room group on two rates and changes two of its rooms; a product booking; an invalid one never re-sent', async () => {
      await start({ followPrompts: true });
      mews.open({ action: 'send-group-reservation', connection: FAKE.net, pricing: 'net' });
      const [group] = await eventually(() => processGroups().length && processGroups(), 'the group');
      expect(group.reservations).toHaveLength(3);
      expect(new Set(group.reservations.map((x: Any) => x.ratePlanCode)).size).toBe(2);
      expect(group.reservations.every((x: Any) => x.amounts.every((a: Any) => a.net !== undefined && a.gross === undefined))).toBe(true);
      expect(new Set(group.reservations[0].amounts.map((a: Any) => a.net)).size).toBe(group.reservations[0].amounts.length);
      expect(group.currencyCode).toBe('USD');

      mews.open({ action: 'modify-group-reservation', connection: FAKE.net, pricing: 'net' });
      await eventually(() => processGroups().length === 2, 'the group change');
      const after = processGroups()[1];
      expect(after.channelManagerId).toBe(group.channelManagerId);
      expect(after.reservations.map((x: Any) => x.code)).toEqual(group.reservations.map((x: Any) => x.code));
      const differs = after.reservations.filter((x: Any, i: number) => JSON.stringify({ ...x, state: 0 }) !== JSON.stringify({ ...group.reservations[i], state: 0 }));
      expect(differs).toHaveLength(2);

      mews.open({ action: 'send-reservation-with-product', connection: FAKE.gross, pricing: 'gross' });
      await eventually(() => processGroups().length === 3, 'the product booking');
      const withProduct = processGroups()[2];
      expect(withProduct.reservations[0].ratePlanCode).toBe('BFAST');
      const [extra] = withProduct.reservations[0].extras;
      expect(extra).toMatchObject({ code: 'EGG', pricing: 4, count: 6, amount: { gross: 900 } });
      const nights = withProduct.reservations[0].amounts.reduce((s: number, a: Any) => s + a.gross, 0);
      expect(withProduct.reservations[0].totalAmount.gross).toBeCloseTo(nights + 900, 2);

      mews.open({ action: 'send-invalid-reservation', connection: FAKE.gross, pricing: 'gross' });
      await eventually(() => processGroups().length === 4, 'the invalid booking');
      const invalid = processGroups()[3].reservations[0];
      expect(invalid.from > invalid.to).toBe(true);
      await eventually(() => cm.desk.bookings.find((b) => b.kind === 'invalid')?.refused, 'the refusal');
      await new Promise((r) => setTimeout(r, 300));
      expect(processGroups()).toHaveLength(4);
    });

    it('switches its connection off and on, and reads back stored values, posting done by polling when there is no stream', async () => {
      mews.stream = false;
      mews.requireAdminToken = true;
      await start({ followPrompts: true, adminToken: FAKE.adminToken });
      await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [{ spaceTypeCode: 'S3', from: '2027-07-01', to: '2027-07-04', availability: 2 }] });
      await post(`${cm.url}/updatePrices`, {
        ...head(FAKE.gross),
        ratePrices: [{ spaceTypeCode: 'S3', ratePlanCode: 'STD', from: '2027-07-01', to: '2027-07-04', prices: [{ guestCount: 2, grossAmount: 2100, netAmount: 1875, currencyCode: 'NOK' }], agePrices: [] }],
      });
      await post(`${cm.url}/updateRestrictions`, { ...head(FAKE.gross), restrictions: [{ spaceTypeCode: 'S3', ratePlanCode: 'STD', from: '2027-07-01', to: '2027-07-04', state: [1], minLos: 2, maxLos: null }] });

      const off = mews.open({ action: 'deactivate-connection', connection: FAKE.gross });
      await eventually(() => mews.done.find((d) => d.id === off.id), 'done for deactivation');
      expect(mews.done[0].body).toEqual({});
      const refused = await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [] });
      expect(refused.errors[0].code).toBe(3);
      // The other connection is untouched.
      expect((await post(`${cm.url}/updateAvailability`, { ...head(FAKE.net), availabilities: [] })).success).toBe(true);

      const on = mews.open({ action: 'reactivate-connection', connection: FAKE.gross });
      await eventually(() => mews.done.find((d) => d.id === on.id), 'done for reactivation');
      expect((await post(`${cm.url}/updateAvailability`, { ...head(FAKE.gross), availabilities: [] })).success).toBe(true);

      const items = [
        { kind: 'availability', spaceTypeCode: 'S3', date: '2027-07-04' },
        { kind: 'price', spaceTypeCode: 'S3', ratePlanCode: 'STD', date: '2027-07-02', guestCount: 2 },
        { kind: 'restriction', spaceTypeCode: 'S3', ratePlanCode: 'STD', date: '2027-07-03' },
        { kind: 'availability', spaceTypeCode: 'S3', date: '2027-07-05' },
      ];
      const read = mews.open({ action: 'read-back', connection: FAKE.gross, readBack: items });
      const answer = await eventually(() => mews.done.find((d) => d.id === read.id), 'the read-back');
      expect(answer.body.values).toEqual([
        { ...items[0], availability: 2 },
        { ...items[1], grossAmount: 2100, netAmount: 1875 },
        { ...items[2], state: [1], minLos: 2, maxLos: null },
        { ...items[3], availability: null },
      ]);
      expect(mews.calls.filter((c) => c.path.startsWith('/_sim/')).every((c) => c.headers.authorization === `Bearer ${FAKE.adminToken}`)).toBe(true);
      await new Promise((r) => setTimeout(r, 300));
      expect(mews.done).toHaveLength(3);
    });
  });
});
