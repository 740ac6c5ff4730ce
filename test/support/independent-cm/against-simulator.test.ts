import { afterEach, describe, expect, it } from '@jest/globals';
import { DEMO_EMAIL, DEMO_TOKENS } from '../../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../transports.js';
import { todayOf } from './bookings.js';
import { FakeMews } from './fake-mews.js';
import { startIndependentChannelManager, type IndependentChannelManager } from './index.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

const NOW = '2027-01-05T08:00:00Z';

async function eventually<T>(check: () => T, what: string, ms = 10_000): Promise<Exclude<T, undefined | null | false | 0 | ''>> {
  const until = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value as Exclude<T, undefined | null | false | 0 | ''>;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The independent channel manager against the real simulator: configuration, pushes, bookings. */
describe.each(TRANSPORTS)('independent channel manager against the simulator (%s)', (_name, startSim) => {
  let t: Transport;
  let cm: IndependentChannelManager | undefined;
  let prompts: FakeMews | undefined;
  const boot = async (async: boolean, promptServer?: FakeMews, notifications = false) => {
    t = await startSim({ now: NOW, asyncDelayMs: 0, retryBaseMs: 10, deltaPushes: false, changeNotifications: notifications, confirmationTimeoutMs: 1500 });
    // responseUrl must point at this simulator.
    for (const w of t.sim.worlds.values()) w.options.publicUrl = t.baseUrl;
    cm = await startIndependentChannelManager({
      mewsUrl: t.baseUrl,
      clientToken: DEMO_TOKENS.clientToken,
      email: DEMO_EMAIL,
      async,
      followPrompts: promptServer !== undefined,
      adminUrl: promptServer?.url,
    });
    expect((await t.request('PUT', '/_sim/partner', { baseUrl: cm.url })).status).toBe(200);
  };
  afterEach(async () => {
    await cm?.stop();
    cm = undefined;
    await prompts?.stop();
    prompts = undefined;
    await t.sim.idle();
    await t.close();
  });
  const journal = (operation: string): Any[] => t.sim.defaultWorld.journal.find({ operation });
  const errorFindings = (entries: Any[]) => entries.flatMap((e) => (e.findings ?? []).filter((f: Any) => f.severity === 'error'));

  it('maps the demo connections and stores a full push exactly as sent', async () => {
    await boot(false);
    const gross = cm!.directory.listings.get(DEMO_TOKENS.grossConnection)!;
    expect(gross.pricingMode).toBe(0);
    expect(gross.spaces.size).toBeGreaterThanOrEqual(5);
    expect(gross.productRates).toContainEqual({ rate: 'BB', product: 'BRK' });
    expect(cm!.directory.listings.get(DEMO_TOKENS.netConnection)!.pricingMode).toBe(1);

    const push = await t.post('/_sim/push', { from: '2027-02-01', to: '2027-02-03', connection: DEMO_TOKENS.grossConnection });
    expect(push.status).toBe(200);
    expect(push.body.pushes.every((p: Any) => p.failed === 0)).toBe(true);
    expect(cm!.inbound.handled.filter((h) => h.reply.success !== true)).toEqual([]);

    // Every value of every pushed item is in the store on every date of its inclusive range.
    const days = (from: string, to: string) => {
      const out: string[] = [];
      for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
      return out;
    };
    const sent = (operation: string, field: string) => journal(operation).flatMap((e) => JSON.parse(typeof e.request.body === 'string' ? e.request.body : JSON.stringify(e.request.body))[field]);
    const availabilities = sent('updateAvailability', 'availabilities');
    expect(availabilities.length).toBeGreaterThan(0);
    for (const a of availabilities) for (const d of days(a.from, a.to)) expect(gross.ledger.availabilityOn(a.spaceTypeCode, d)).toBe(a.availability);
    const prices = sent('updatePrices', 'ratePrices');
    expect(prices.length).toBeGreaterThan(20);
    for (const p of prices) {
      for (const d of days(p.from, p.to)) {
        for (const x of p.prices) expect(gross.ledger.priceOn(p.ratePlanCode, p.spaceTypeCode, x.guestCount, d)).toMatchObject({ gross: x.grossAmount, net: x.netAmount });
      }
    }
    for (const r of sent('updateRestrictions', 'restrictions')) {
      for (const d of days(r.from, r.to)) expect(gross.ledger.restrictionOn(r.ratePlanCode, r.spaceTypeCode, d)).toEqual({ state: r.state, minLos: r.minLos ?? null, maxLos: r.maxLos ?? null });
    }
    expect(gross.ledger.availabilityOn('DBL', '2027-02-04')).toBeUndefined();
  });

  it('confirms pushes asynchronously to the responseUrl, which Mews accepts', async () => {
    await boot(true);
    const push = await t.post('/_sim/push', { from: '2027-02-01', to: '2027-02-02', connection: DEMO_TOKENS.netConnection });
    expect(push.status).toBe(200);
    await cm!.inbound.drain();
    for (const op of ['processAvailabilityConfirmation', 'processRateConfirmation', 'processRestrictionConfirmation']) {
      const entries = journal(op);
      expect(entries.length).toBeGreaterThan(0);
      expect(entries.every((e) => e.success === true)).toBe(true);
      expect(errorFindings(entries)).toEqual([]);
    }
    expect(cm!.inbound.confirmationsSent.every((c) => c.status === 200)).toBe(true);
  });

  it('sends bookings Mews accepts and confirms; a broken one is refused with code 7', async () => {
    await boot(false);
    const desk = cm!.desk;
    const today = todayOf(NOW);
    const gross = cm!.directory.listings.get(DEMO_TOKENS.grossConnection)!;
    const net = cm!.directory.listings.get(DEMO_TOKENS.netConnection)!;
    const single = await desk.sendSingle(gross, 'gross', today);
    const group = await desk.sendGroup(net, 'net', today);
    const product = await desk.sendWithProduct(gross, 'gross', today);
    for (const b of [single, group, product]) expect(b.messages.at(-1)).toMatchObject({ accepted: true, errors: [] });
    await eventually(() => [single, group, product].every((b) => b.confirmations.size === b.stays.length), 'confirmGroup for every booking');
    const firstNumbers = new Map(group.confirmations);

    await desk.modifySingle(gross, single);
    await desk.modifyGroup(net, group);
    await desk.cancel(gross, product);
    for (const b of [single, group, product]) expect(b.messages.at(-1)).toMatchObject({ accepted: true, errors: [] });
    await eventually(() => journal('confirmGroup').length === 6 && t.sim.defaultWorld.journal.find({ operation: 'confirmGroup' }), 'six confirmations');
    expect(journal('confirmGroup').every((e) => e.success === true)).toBe(true);
    expect(group.confirmations).toEqual(firstNumbers);
    expect(errorFindings(journal('processGroup'))).toEqual([]);

    const broken = await desk.sendInvalid(gross, 'gross', today);
    expect(broken.refused?.[0].code).toBe(7);
    await expect(desk.cancel(gross, broken)).rejects.toThrow('not sent again');
  });

  it('follows prompts (from a stand-in prompt server) with bookings the simulator confirms, a switched-off connection and a read-back', async () => {
    prompts = await new FakeMews().start();
    await boot(false, prompts);
    const gross = DEMO_TOKENS.grossConnection;
    prompts.open({ action: 'send-single-reservation', connection: gross, pricing: 'gross' });
    prompts.open({ action: 'modify-single-reservation', connection: gross, pricing: 'gross' });
    prompts.open({ action: 'cancel-single-reservation', connection: gross, pricing: 'gross' });
    await eventually(() => journal('confirmGroup').length === 3, 'three confirmGroup calls');
    const groups = journal('processGroup');
    expect(groups.map((e) => e.success)).toEqual([true, true, true]);
    expect(journal('confirmGroup').every((e) => e.success === true)).toBe(true);
    expect(cm!.desk.bookings[0].confirmations.size).toBe(1);

    await t.post('/_sim/push', { from: '2027-03-01', to: '2027-03-02', connection: gross });
    const off = prompts.open({ action: 'deactivate-connection', connection: gross });
    await eventually(() => prompts!.done.find((d) => d.id === off.id), 'done for the deactivation');
    const refused = await t.post('/_sim/push', { from: '2027-03-01', to: '2027-03-01', connection: gross, kinds: ['availability'] });
    expect(refused.body.pushes[0].failed).toBeGreaterThan(0);
    const last = journal('updateAvailability').at(-1);
    expect(last.errorCodes).toEqual([3]);
    expect(errorFindings([last])).toEqual([]);

    const on = prompts.open({ action: 'reactivate-connection', connection: gross });
    await eventually(() => prompts!.done.find((d) => d.id === on.id), 'done for the reactivation');
    const pushed = journal('updatePrices').flatMap((e) => JSON.parse(typeof e.request.body === 'string' ? e.request.body : JSON.stringify(e.request.body)).ratePrices);
    const sample = pushed.filter((p: Any) => p.ratePlanCode === 'BAR' && p.spaceTypeCode === 'DBL' && p.from <= '2027-03-02' && '2027-03-02' <= p.to).at(-1);
    const item = { kind: 'price', spaceTypeCode: 'DBL', ratePlanCode: 'BAR', date: '2027-03-02', guestCount: 2 };
    const read = prompts.open({ action: 'read-back', connection: gross, readBack: [item] });
    const answer = await eventually(() => prompts!.done.find((d) => d.id === read.id), 'the read-back');
    const price = sample.prices.find((x: Any) => x.guestCount === 2);
    expect(answer.body.values).toEqual([{ ...item, grossAmount: price.grossAmount, netAmount: price.netAmount }]);
  });

  it('confirms bookings and blocks made in Mews with its own codes, and follows connection changes', async () => {
    await boot(false, undefined, true);
    const gross = DEMO_TOKENS.grossConnection;
    const made = await t.post('/_sim/bookings', { connection: gross, spaceTypeCode: 'TWN', ratePlanCode: 'FLEX', from: '2027-02-10', to: '2027-02-12' });
    expect(made.status).toBe(201);
    await cm!.inbound.drain();
    await t.post(`/_sim/bookings/${made.body.groupId}/cancel`, {});
    await cm!.inbound.drain();
    const pushes = journal('processGroup');
    expect(pushes).toHaveLength(2);
    const [first, second] = pushes.map((e) => (typeof e.request.body === 'string' ? JSON.parse(e.request.body) : e.request.body));
    expect(first.channelManagerId).toBeUndefined();
    const confirmations = journal('processGroupConfirmation');
    expect(confirmations.map((e) => e.success)).toEqual([true, true]);
    expect(errorFindings(confirmations)).toEqual([]);
    // Mews sends our group code back with the change, and we keep it.
    expect(second.channelManagerId).toMatch(/^MW\d{4}$/);
    expect(cm!.inbound.mewsMade.size).toBe(1);

    const block = await t.post('/_sim/blocks', { connection: gross, spaceTypeCode: 'DBL', start: '2027-04-01', end: '2027-04-04', count: 3 });
    expect(block.status).toBe(201);
    await cm!.inbound.drain();
    expect(journal('processAvailabilityBlockConfirmation').map((e) => e.success)).toEqual([true]);

    const listing = cm!.directory.listings.get(gross)!;
    await t.post(`/_sim/connections/${gross}/disable`, {});
    await eventually(() => listing.mewsSide === 'disabled', 'the deactivation notice');
    const reads = journal('getConfiguration').length;
    await t.post(`/_sim/connections/${gross}/enable`, {});
    await eventually(() => listing.mewsSide === 'enabled' && journal('getConfiguration').length > reads, 'the configuration read again');
    expect(journal('changeNotificaton').every((e) => e.success === true)).toBe(true);
  });
});
