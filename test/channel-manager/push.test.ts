import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { MewsSimClient } from '../../src/admin/client.js';
import { DEMO_TOKENS } from '../../src/world/demo.js';
import { auth, CM, GROSS, NET, singleGroup } from '../support/fixtures.js';
import { TestPartner, type ReceivedCall } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const FAST = { retryBaseMs: 10, deltaDelayMs: 5, confirmationTimeoutMs: 150, asyncDelayMs: 0, now: '2027-01-01T08:00:00Z' };

describe.each(TRANSPORTS)('pushes to the partner (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let admin: MewsSimClient;
  beforeAll(async () => {
    partner = await new TestPartner().start();
  });
  afterAll(() => partner.stop());
  beforeEach(async () => {
    partner.reset();
    t = await start({ ...FAST, partner: { baseUrl: partner.url } });
    admin = new MewsSimClient(t.baseUrl);
  });
  afterEach(async () => {
    await t.sim.idle();
    await t.close();
  });

  const full = (body: Record<string, unknown>) => admin.post<{ pushes: Record<string, unknown>[] }>('/push', body);
  const received = (op: string): ReceivedCall[] => partner.received(op);

  it('full push: every synchronized pair, merged ranges, fresh messageId and the right responseUrl', async () => {
    const r = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-31' });
    // 36 pairs with daily prices make more than one batch of 1000.
    expect(r.pushes.map((p) => [p.kind, p.accepted === p.messages, p.failed])).toEqual([
      ['availability', true, 0],
      ['prices', true, 0],
      ['restrictions', true, 0],
    ]);
    expect(r.pushes[1].messages).toBe(received('updatePrices').length);
    const [avail] = received('updateAvailability');
    expect(avail.body).toMatchObject({ clientToken: expect.any(String), connectionToken: GROSS, messageId: expect.any(String), responseUrl: 'http://localhost:8080/api/channelManager/v1/processAvailabilityConfirmation' });
    // No bookings: one merged range per space type.
    expect(avail.body.availabilities).toHaveLength(6);
    expect(avail.body.availabilities[0]).toEqual({ spaceTypeCode: 'SGL', from: '2027-01-01', to: '2027-01-31', availability: 8 });
    // Batches may arrive in any order (two are in flight at once).
    const prices = received('updatePrices').find((c) => c.body.dependentRates)!;
    const all = received('updatePrices').flatMap((c) => c.body.ratePrices);
    const rates = new Set(all.map((p: { ratePlanCode: string }) => p.ratePlanCode));
    expect([...rates].sort()).toEqual(['ADV', 'BAR', 'BB', 'FLEX', 'LONG', 'NR']);
    const first = all[0];
    expect(first.prices[0]).toEqual({ grossAmount: expect.any(Number), netAmount: expect.any(Number), currencyCode: 'GBP', guestCount: 1 });
    expect(first.agePrices.map((a: { ageCategoryCode: string }) => a.ageCategoryCode)).toEqual(['Child', 'Infant']);
    expect(prices.body.dependentRates).toEqual([{ rateCode: 'ADV', baseRateCode: 'BAR', adjustments: [{ startDate: '2027-01-01', endDate: '2027-01-31', relativeValue: -0.15, absoluteValue: 0 }] }]);
    const ids = partner.calls.map((c) => c.body.messageId);
    expect(new Set(ids).size).toBe(ids.length);
    const [restr] = received('updateRestrictions');
    const nrSunday = restr.body.restrictions.find((x: { ratePlanCode: string; from: string }) => x.ratePlanCode === 'NR' && x.from === '2027-01-03');
    expect(nrSunday).toMatchObject({ to: '2027-01-03', state: [2, 6], minLos: null, maxLos: null });
    const long = restr.body.restrictions.find((x: { ratePlanCode: string }) => x.ratePlanCode === 'LONG');
    expect(long).toMatchObject({ state: [1], minLos: 5, maxLos: 28, from: '2027-01-01', to: '2027-01-31' });
  });

  it('package rates carry the product price per person per night', async () => {
    await admin.post('/inventory/prices', { connection: GROSS, ratePlanCode: 'BAR', spaceTypeCode: 'DBL', from: '2027-02-01', to: '2027-02-01', price: 100 });
    await admin.post('/inventory/prices', { connection: GROSS, ratePlanCode: 'BB', spaceTypeCode: 'DBL', from: '2027-02-01', to: '2027-02-01', price: 100 });
    await t.sim.idle();
    partner.calls.length = 0;
    await full({ connection: GROSS, from: '2027-02-01', to: '2027-02-01', kinds: ['prices'] });
    const items = received('updatePrices')[0].body.ratePrices;
    const bar = items.find((p: { ratePlanCode: string; spaceTypeCode: string }) => p.ratePlanCode === 'BAR' && p.spaceTypeCode === 'DBL');
    const bb = items.find((p: { ratePlanCode: string; spaceTypeCode: string }) => p.ratePlanCode === 'BB' && p.spaceTypeCode === 'DBL');
    expect(bar.prices.map((p: { grossAmount: number }) => p.grossAmount)).toEqual([85, 100, 125]);
    // Breakfast (12.50 per person per night) is added to each occupancy.
    expect(bb.prices.map((p: { grossAmount: number }) => p.grossAmount)).toEqual([97.5, 125, 162.5]);
  });

  it('a 365-day push is split into batches of the configured size', async () => {
    t.sim.defaultWorld.options.pushBatchSize = 100;
    const r = await full({ connection: NET, from: '2027-01-01', to: '2027-12-31', kinds: ['prices'] });
    const [summary] = r.pushes;
    expect(summary.messages).toBe(received('updatePrices').length);
    expect(summary.messages as number).toBeGreaterThan(1);
    for (const call of received('updatePrices')) expect(call.body.ratePrices.length).toBeLessThanOrEqual(100);
    const covered = received('updatePrices').flatMap((c) => c.body.ratePrices).filter((p: { ratePlanCode: string; spaceTypeCode: string }) => p.ratePlanCode === 'RACK' && p.spaceTypeCode === 'KNG');
    expect(covered[0].from).toBe('2027-01-01');
    expect(covered.at(-1).to).toBe('2027-12-31');
  });

  it('delta: a booking through processGroup pushes exactly the changed availability', async () => {
    await t.post(`${CM}/processGroup`, singleGroup());
    await partner.waitFor('updateAvailability');
    await t.sim.idle();
    const deltas = received('updateAvailability');
    expect(deltas).toHaveLength(1);
    expect(deltas[0].body.availabilities).toEqual([{ spaceTypeCode: 'DBL', from: '2027-03-10', to: '2027-03-11', availability: 11 }]);
  });

  it('delta: an admin edit of prices and restrictions pushes only that scope, to every connection of the property', async () => {
    await admin.post('/inventory/restrictions', { connection: GROSS, ratePlanCode: 'FLEX', spaceTypeCode: 'TWN', from: '2027-05-01', to: '2027-05-03', state: [8], minLos: 2 });
    await partner.waitFor('updateRestrictions');
    await t.sim.idle();
    const [r] = received('updateRestrictions');
    expect(r.body.connectionToken).toBe(GROSS);
    expect(r.body.restrictions).toEqual([{ spaceTypeCode: 'TWN', ratePlanCode: 'FLEX', from: '2027-05-01', to: '2027-05-03', state: [2, 8], minLos: 2, maxLos: null }]);
    await admin.post('/inventory/prices', { propertyId: 'canal-hostel', ratePlanCode: 'STD', spaceTypeCode: 'B4', from: '2027-05-01', to: '2027-05-01', price: 40 });
    await partner.waitFor('updatePrices');
    await t.sim.idle();
    const tokens = received('updatePrices').map((c) => c.body.connectionToken).sort();
    expect(tokens).toEqual([DEMO_TOKENS.hostelAllSpaces, DEMO_TOKENS.hostelBeds].sort());
  });

  it('requestAriUpdate triggers a full push of the requested range', async () => {
    await t.post(`${CM}/requestAriUpdate`, { ...auth(NET), from: '2027-01-01', to: '2027-01-10' });
    await partner.waitFor('updateRestrictions');
    await t.sim.idle();
    expect(received('updateAvailability')[0].body.availabilities.every((a: { from: string; to: string }) => a.from >= '2027-01-01' && a.to <= '2027-01-10')).toBe(true);
    expect(received('updatePrices')).toHaveLength(1);
  });

  it('re-sends an unaccepted push with backoff until it is accepted', async () => {
    let n = 0;
    partner.responder = (c) => (c.operation === 'updateAvailability' && ++n <= 2 ? { status: 500, raw: 'oops' } : undefined);
    const r = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-02', kinds: ['availability'] });
    expect(r.pushes[0]).toMatchObject({ accepted: 1, failed: 0 });
    expect(received('updateAvailability')).toHaveLength(3);
    const entries = t.sim.defaultWorld.journal.find({ operation: 'updateAvailability' });
    expect(entries.map((e) => e.status)).toEqual([500, 500, 200]);
    expect(entries[0].findings.map((f) => f.kind)).toContain('http-status');
    expect(entries[2].findings.map((f) => f.kind)).toContain('retry');
  });

  it('gives up after the configured attempts on code 1 and records it', async () => {
    t.sim.defaultWorld.options.pushMaxAttempts = 3;
    partner.responder = () => ({ body: { success: false, errors: [{ code: 1, message: 'Maintenance until 6am.' }] } });
    const r = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['restrictions'] });
    expect(r.pushes[0]).toMatchObject({ failed: 1 });
    expect(received('updateRestrictions')).toHaveLength(3);
    const last = t.sim.defaultWorld.journal.find({ operation: 'updateRestrictions' }).at(-1)!;
    expect(last.findings.map((f) => f.kind)).toContain('gave-up');
  });

  it('treats non-JSON, a malformed simple response, a reset and a timeout as failures, never crashing', async () => {
    t.sim.defaultWorld.options.pushMaxAttempts = 1;
    t.sim.defaultWorld.options.outboundTimeoutMs = 100;
    const cases: [string, ReturnType<TestPartner['responder']>][] = [
      ['reply-shape', { raw: '<html>hello</html>' }],
      ['reply-shape', { body: { ok: true } }],
      ['no-answer', { delayMs: 400 }],
      ['no-answer', { reset: true }],
    ];
    for (const [kind, answer] of cases) {
      partner.responder = () => answer;
      const r = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['availability'] });
      expect(r.pushes[0]).toMatchObject({ failed: 1 });
      const entry = t.sim.defaultWorld.journal.find({ operation: 'updateAvailability' }).at(-1)!;
      expect(entry.findings.map((f) => f.kind)).toContain(kind);
    }
    const closed = await new TestPartner().start();
    await closed.stop();
    t.sim.defaultWorld.setPartner({ baseUrl: closed.url });
    const refused = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['availability'] });
    expect(refused.pushes[0]).toMatchObject({ failed: 1 });
    expect(t.sim.defaultWorld.journal.find({ operation: 'updateAvailability' }).at(-1)!.failure).toContain('connection refused');
  });

  it('code 9 unsynchronizes the rate: no more price pushes for it, and getConfiguration says so', async () => {
    partner.responder = (c) => (c.operation === 'updatePrices' ? { body: { success: false, errors: [{ code: 9, message: 'Unknown rate code.', rateCode: 'FLEX' }] } } : undefined);
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['prices'] });
    const config = await t.post(`${CM}/getConfiguration`, { ...auth(), extent: { includeUnsynchronizedRates: true } });
    expect(config.body.ratePlans.find((r: { code: string }) => r.code === 'FLEX').isSynchronized).toBe(false);
    await partner.waitFor('changeNotificaton');
    expect(received('changeNotificaton')[0].body).toEqual({ clientToken: expect.any(String), connectionToken: GROSS, type: 1 });
    partner.reset();
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['prices', 'restrictions'] });
    const pushed = [...received('updatePrices'), ...received('updateRestrictions')].flatMap((c) => c.body.ratePrices ?? c.body.restrictions);
    expect(pushed.some((p: { ratePlanCode: string }) => p.ratePlanCode === 'FLEX')).toBe(false);
  });

  it('code 10 unsynchronizes the category and code 11 removes one pair', async () => {
    partner.responder = (c) =>
      c.operation === 'updateAvailability'
        ? { body: { success: false, errors: [{ code: 10, message: 'Unknown space type.', categoryCode: 'BED' }] } }
        : c.operation === 'updateRestrictions'
          ? { body: { success: false, errors: [{ code: 11, message: 'Not sold on this rate.', rateCode: 'NR', categoryCode: 'STE' }] } }
          : undefined;
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01' });
    const c = t.sim.defaultWorld.state.connections.get(GROSS)!;
    expect(c.unsynchronizedCategories.has('BED')).toBe(true);
    expect(c.inventoryMappings.some((m) => m.ratePlanCode === 'NR' && m.spaceTypeCode === 'STE')).toBe(false);
    expect(c.inventoryMappings.some((m) => m.ratePlanCode === 'BAR' && m.spaceTypeCode === 'STE')).toBe(true);
    const entry = t.sim.defaultWorld.journal.find({ operation: 'updateAvailability' })[0];
    expect(entry.findings.filter((f) => f.kind === 'consequence').map((f) => f.message).join()).toContain("'BED' is now unsynchronized");
  });

  it('codes 12, 13, 14 switch off that kind of push; 3 and 8 flag the connection; enabling again restores both', async () => {
    partner.responder = (c) => {
      const code = { updateAvailability: 12, updatePrices: 13, updateRestrictions: 14 }[c.operation as 'updatePrices'];
      return code ? { body: { success: false, errors: [{ code, message: 'Blocked in the extranet.' }] } } : undefined;
    };
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01' });
    partner.calls.length = 0;
    const again = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01' });
    expect(again.pushes.map((p) => p.skipped)).toEqual([expect.stringContaining('code 12'), expect.stringContaining('code 13'), expect.stringContaining('code 14')]);
    expect(partner.calls.filter((c) => c.operation.startsWith('update'))).toHaveLength(0);
    await admin.post(`/connections/${GROSS}/enable`);
    partner.responder = () => ({ body: { success: false, errors: [{ code: 3, message: 'The property connection is inactive.' }] } });
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['availability'] });
    expect(t.sim.defaultWorld.state.connections.get(GROSS)!.flagged).toMatchObject({ code: 3 });
  });

  it('asynchronous confirmation: pending until processAvailabilityConfirmation, consequences applied', async () => {
    partner.responder = (c) => (c.operation.startsWith('update') ? { body: { success: true, asyncConfirmation: true } } : undefined);
    const r = await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['availability', 'prices'] });
    expect(r.pushes.map((p) => p.pendingConfirmation)).toEqual([1, 1]);
    const avail = received('updateAvailability')[0].body;
    const ok = await t.post(`${CM}/processAvailabilityConfirmation`, { ...auth(), relatedMessageId: avail.messageId, success: true });
    expect(ok.body.success).toBe(true);
    const prices = received('updatePrices')[0].body;
    await t.post(`${CM}/processRateConfirmation`, { ...auth(), relatedMessageId: prices.messageId, success: false, errors: [{ code: 9, message: 'Rate closed.', rateCode: 'LONG' }] });
    expect(t.sim.defaultWorld.state.connections.get(GROSS)!.unsynchronizedRates.has('LONG')).toBe(true);
  });

  it('an asynchronous confirmation that never comes is reported after the timeout', async () => {
    partner.responder = (c) => (c.operation === 'updateRestrictions' ? { body: { success: true, asyncConfirmation: true } } : undefined);
    await full({ connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['restrictions'] });
    await t.sim.idle();
    const [missing] = t.sim.defaultWorld.journal.find({ operation: 'processRestrictionConfirmation:observed' });
    expect(missing.findings[0]).toMatchObject({ kind: 'confirmation-timeout' });
  });

  it('change notifications on connection created, deactivated, activated, deleted and a new mapping', async () => {
    const created = await admin.post<{ token: string }>('/connections', { propertyId: 'liberty-hall', name: 'Second account' });
    await admin.post(`/connections/${created.token}/disable`);
    await admin.post(`/connections/${created.token}/enable`);
    await admin.post(`/connections/${NET}/unmap`, { ratePlanCode: 'WKLY', spaceTypeCode: 'STU' });
    await admin.post(`/connections/${created.token}/delete`);
    await t.sim.idle();
    const types = received('changeNotificaton').map((c) => [c.body.connectionToken === NET ? 'net' : 'new', c.body.type]);
    expect(types).toEqual([
      ['new', 0],
      ['new', 3],
      ['new', 2],
      ['net', 1],
      ['new', 4],
    ]);
  });

  it('Mews-side booking: processGroup pushed with timeState and obfuscated card, then confirmed by the partner', async () => {
    const booking = await admin.post<{ groupId: string; confirmationNumber: string }>('/bookings', { connection: NET, spaceTypeCode: 'KNG', ratePlanCode: 'RACK', from: '2027-04-01', to: '2027-04-03' });
    const [push] = await partner.waitFor('processGroup');
    expect(push.body).toMatchObject({ connectionToken: NET, responseUrl: expect.stringContaining('/processGroupConfirmation'), currencyCode: 'USD' });
    expect(push.body.reservations[0]).toMatchObject({ confirmationNumber: booking.confirmationNumber, state: 1, timeState: 1, paymentCardData: { obfuscatedNumber: '411111******1111', type: 1 } });
    expect(JSON.stringify(push.body)).not.toContain('4111111111111111');
    const conf = await t.post(`${CM}/processGroupConfirmation`, {
      ...auth(NET),
      relatedMessageId: push.body.messageId,
      success: true,
      code: 'CHM-77',
      reservations: [{ code: 'R1', confirmationNumber: booking.confirmationNumber }],
    });
    expect(conf.body.success).toBe(true);
    await admin.post(`/bookings/${booking.groupId}/cancel`);
    const [, cancel] = await partner.waitFor('processGroup', 2);
    expect(cancel.body).toMatchObject({ channelManagerId: 'CHM-77', reservations: [{ code: 'R1', state: 3, timeState: 4 }] });
  });

  it('Mews-side availability block: processAvailabilityBlock pushed and confirmed', async () => {
    const block = await admin.post<{ confirmationNumber: string }>('/blocks', { connection: GROSS, spaceTypeCode: 'TWN', start: '2027-06-01', end: '2027-06-03', count: 2, name: 'Conference' });
    const [push] = await partner.waitFor('processAvailabilityBlock');
    expect(push.body.availabilityBlock).toMatchObject({ code: null, confirmationNumber: block.confirmationNumber, status: 'Create', releaseStrategy: { type: 'Fixed' } });
    const r = await t.post(`${CM}/processAvailabilityBlockConfirmation`, { ...auth(), relatedMessageId: push.body.messageId, success: true, code: 'BLK-1', confirmationNumber: block.confirmationNumber });
    expect(r.body.success).toBe(true);
  });

  it('refuses bad commands with a clear admin error', async () => {
    await expect(admin.post('/push', { from: '2027-02-01', to: '2027-01-01' })).rejects.toThrow(/must not be after/);
    await expect(admin.post('/inventory/prices', { connection: GROSS, ratePlanCode: 'NOPE', spaceTypeCode: 'DBL', from: '2027-01-01', to: '2027-01-01', price: 10 })).rejects.toThrow(/Unknown rate plan 'NOPE'/);
    await expect(admin.post('/connections/NOT-A-TOKEN/disable')).rejects.toThrow(/Unknown connection/);
  });
});

describe('shutdown', () => {
  it('journals deltas not yet sent and calls in flight as unsent', async () => {
    const partner = await new TestPartner().start();
    partner.responder = () => ({ delayMs: 300 });
    const t = await TRANSPORTS[0][1]({ ...FAST, deltaDelayMs: 10_000, partner: { baseUrl: partner.url } });
    const admin = new MewsSimClient(t.baseUrl);
    await admin.post('/inventory/availability', { connection: GROSS, spaceTypeCode: 'SGL', from: '2027-01-05', to: '2027-01-06', availability: 2 });
    const pushing = admin.post('/push', { connection: GROSS, from: '2027-01-01', to: '2027-01-01', kinds: ['availability'] });
    await partner.waitFor('updateAvailability');
    const world = t.sim.defaultWorld;
    await t.close();
    await pushing.catch(() => undefined);
    const unsent = world.journal.all().filter((e) => e.failure?.startsWith('unsent'));
    expect(unsent.map((e) => e.request.body)).toEqual(
      expect.arrayContaining([{ unsentDelta: [{ scope: 'SGL', from: '2027-01-05', to: '2027-01-06' }] }, expect.objectContaining({ connectionToken: GROSS })]),
    );
    await partner.stop();
  });
});
