import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { dayOf } from '../../src/engine/dates.js';
import { auth, CM, GROSS, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('processGroup (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
  });
  afterAll(() => partner.stop());
  beforeEach(async () => {
    partner.reset();
    t = await start({ partner: { baseUrl: partner.url }, now: '2026-11-23T10:00:00Z' });
  });
  afterEach(() => t.close());

  const send = (body: object, path = `${CM}/processGroup`) => t.post(path, body);
  const availability = (space: string, date: string) => t.sim.defaultWorld.state.inventory('harbour-view').availability(space, dayOf(date));

  it('accepts a booking, then confirms it through confirmGroup with a confirmation number', async () => {
    const before = availability('DBL', '2027-03-10');
    const r = await send(singleGroup());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: true, asyncConfirmation: false });
    const [confirm] = await partner.waitFor('confirmGroup');
    expect(confirm.body).toEqual({
      clientToken: expect.any(String),
      connectionToken: GROSS,
      relatedMessageId: 'msg-1',
      channelManagerId: 'CM-1001',
      reservations: [{ code: '01', confirmationNumber: expect.stringMatching(/^\d+$/) }],
    });
    await t.sim.idle();
    expect(availability('DBL', '2027-03-10')).toBe(before - 1);
    expect(availability('DBL', '2027-03-11')).toBe(before - 1);
    expect(availability('DBL', '2027-03-12')).toBe(before);
  });

  it('keeps codes and confirmation numbers across modification and cancellation', async () => {
    await send(singleGroup());
    const [created] = await partner.waitFor('confirmGroup');
    const number = created.body.reservations[0].confirmationNumber;

    await send(singleGroup({ messageId: 'msg-2', totalAmount: { gross: 390 } }, { state: 2, to: '2027-03-13', amounts: [{ gross: 120 }, { gross: 130 }, { gross: 140 }], totalAmount: { gross: 390 } }));
    const modified = (await partner.waitFor('confirmGroup', 2))[1];
    expect(modified.body.reservations).toEqual([{ code: '01', confirmationNumber: number }]);
    await t.sim.idle();
    const world = t.sim.defaultWorld.state;
    const [reservation] = [...world.reservations.values()];
    expect(reservation).toMatchObject({ to: '2027-03-13', state: 'Confirmed', confirmationNumber: number });
    const base = world.properties.get('harbour-view')!.spaceCategories.find((s) => s.code === 'DBL')!.spaceCount;
    expect(availability('DBL', '2027-03-12')).toBe(base - 1);

    await send({ ...auth(), messageId: 'msg-3', channelId: 'BDC-1001', channelManagerId: 'CM-1001', reservations: [] });
    const canceled = (await partner.waitFor('confirmGroup', 3))[2];
    expect(canceled.body.reservations).toEqual([{ code: '01', confirmationNumber: number }]);
    await t.sim.idle();
    expect(reservation.state).toBe('Canceled');
    expect(availability('DBL', '2027-03-10')).toBe(base);
  });

  it('cancels a reservation left out of a modification and one sent with state 3', async () => {
    const three = singleGroup({ totalAmount: { gross: 750 } });
    three.reservations = ['01', '02', '03'].map((code, i) => ({ ...three.reservations[0], code, spaceTypeCode: ['DBL', 'TWN', 'SGL'][i] }));
    await send(three);
    const first = (await partner.waitFor('confirmGroup'))[0].body.reservations;
    expect(first).toHaveLength(3);
    const next = { ...three, messageId: 'msg-2', totalAmount: { gross: 250 } };
    next.reservations = [three.reservations[0], { code: '02', state: 3, guestCounts: [{ code: 'Adult', count: 1 }] }];
    await send(next);
    const second = (await partner.waitFor('confirmGroup', 2))[1].body.reservations;
    expect(second).toEqual(first);
    await t.sim.idle();
    const states = Object.fromEntries([...t.sim.defaultWorld.state.reservations.values()].map((r) => [r.code, r.state]));
    expect(states).toEqual({ '01': 'Confirmed', '02': 'Canceled', '03': 'Canceled' });
  });

  it('is reachable at the PCI-proxy-style push address', async () => {
    const r = await send(singleGroup(), '/v1/push/0426f19b66715a93');
    expect(r.body.success).toBe(true);
    await partner.waitFor('confirmGroup');
    const unknown = await send(singleGroup(), '/v1/push/ffffffffffffffff');
    expect(unknown.body.errors[0].message).toContain('/v1/push/0426f19b66715a93');
  });

  it('answers code 7 for business-rule violations, naming each', async () => {
    const r = await send(
      singleGroup(
        { paymentCard: { type: 1, number: '4111111111111112', expireDate: '1330', cvv: '000' } },
        { from: '2027-03-12', to: '2027-03-10' },
      ),
    );
    expect(r.body.success).toBe(false);
    const messages = r.body.errors.map((e: { code: number; message: string }) => `${e.code} ${e.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^7 .*checksum/),
        expect.stringMatching(/^7 .*expireDate/),
        expect.stringMatching(/^7 .*cvv cannot be 000/),
        expect.stringMatching(/^7 reservations\[0\]: 'from' \(2027-03-12\) must be before 'to'/),
      ]),
    );
    await t.sim.idle();
    expect(partner.received('confirmGroup')).toHaveLength(0);
  });

  it('answers code 7 for a wrong number of nightly amounts, a negative night and a wrong total', async () => {
    const nights = await send(singleGroup({}, { amounts: [{ gross: 250 }] }));
    expect(nights.body.errors[0]).toEqual({ code: 7, message: expect.stringContaining('has 2 night(s)') });
    const negative = await send(singleGroup({}, { amounts: [{ gross: -10 }, { gross: 260 }] }));
    expect(negative.body.errors.map((e: { message: string }) => e.message).join()).toContain('negative');
    const total = await send(singleGroup({}, { totalAmount: { gross: 999 } }));
    expect(total.body.errors[0].message).toContain('add up to 250');
  });

  it('answers code 6 for shape errors and missing fields required outside cancellations', async () => {
    const r = await send({ ...singleGroup(), currencyCode: undefined, reservations: [{ ...singleGroup().reservations[0], from: '10/03/2027' }] });
    const messages = r.body.errors.map((e: { code: number; message: string }) => `${e.code} ${e.message}`);
    expect(messages).toEqual([expect.stringMatching(/^6 Invalid 'reservations\[0\]\.from'.*yyyy-MM-dd/)]);
    const missing = await send({ ...singleGroup(), currencyCode: undefined, customer: undefined });
    expect(missing.body.errors).toEqual([
      { code: 6, message: expect.stringContaining("'currencyCode'") },
      { code: 6, message: expect.stringContaining("'customer'") },
    ]);
  });

  it('answers code 9 when the property disabled reservations', async () => {
    t.sim.defaultWorld.state.connections.get(GROSS)!.reservationsEnabled = false;
    const r = await send(singleGroup());
    expect(r.body.errors[0].code).toBe(9);
  });

  it('confirms with an error when the space type is unknown, and with code 2 for a cancellation of nothing', async () => {
    await send(singleGroup({}, { spaceTypeCode: 'XXL' }));
    const [unknownSpace] = await partner.waitFor('confirmGroup');
    expect(unknownSpace.body.error).toEqual({ code: 7, categoryCode: 'XXL', message: expect.stringContaining("'XXL'") });
    expect(unknownSpace.body.reservations).toBeUndefined();
    await send({ ...auth(), messageId: 'msg-9', channelId: 'X', channelManagerId: 'NEVER-SEEN', reservations: null });
    const [, nothing] = await partner.waitFor('confirmGroup', 2);
    expect(nothing.body.error.code).toBe(2);
  });

  it('flags a re-sent invalid reservation and deprecated fields in the journal', async () => {
    const bad = singleGroup({}, { from: '2027-03-12', to: '2027-03-10' });
    await send(bad);
    await send({ ...bad, messageId: 'msg-again' });
    const entries = t.sim.defaultWorld.journal.find({ operation: 'processGroup' });
    expect(entries[0].findings.some((f) => f.kind === 'resent-invalid-reservation')).toBe(false);
    expect(entries[1].findings.some((f) => f.kind === 'resent-invalid-reservation')).toBe(true);

    const deprecated = singleGroup({ channel: { code: 1, name: 'Booking.com' } }, { adultCount: 2, guestCounts: undefined });
    const r = await send(deprecated);
    expect(r.body.success).toBe(true);
    const last = t.sim.defaultWorld.journal.find({ operation: 'processGroup' }).at(-1)!;
    expect(last.findings.filter((f) => f.kind === 'deprecated-field').map((f) => f.path)).toEqual(['channel', 'reservations[0].adultCount']);
  });

  it('never stores the card number or CVV in the journal or the world', async () => {
    await send(singleGroup());
    await partner.waitFor('confirmGroup');
    await t.sim.idle();
    const dump = JSON.stringify(t.sim.defaultWorld.journal.all()) + JSON.stringify([...t.sim.defaultWorld.state.groups.values()]);
    expect(dump).not.toContain('4111111111111111');
    expect(dump).not.toMatch(/"cvv"/);
    expect(dump).toContain('411111******1111');
  });

  it('journals the outbound confirmGroup with the partner reply and judges it', async () => {
    partner.responder = (c) => (c.operation === 'confirmGroup' ? { body: { success: false, errors: [{ code: 2, message: '' }] } } : undefined);
    await send(singleGroup());
    await partner.waitFor('confirmGroup');
    await t.sim.idle();
    const [out] = t.sim.defaultWorld.journal.find({ direction: 'outbound', operation: 'confirmGroup' });
    expect(out).toMatchObject({ status: 200, success: false, errorCodes: [2], relatedMessageId: 'msg-1' });
    expect(out.findings.map((f) => f.kind)).toContain('empty-message');
  });
});
