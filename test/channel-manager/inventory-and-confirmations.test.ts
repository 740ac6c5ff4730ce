import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cmState } from '../../src/channel-manager/state.js';
import { auth, CM, GROSS, NET } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('inventory, confirmations and availability blocks (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ partner: { baseUrl: partner.url, operations: { processAvailabilityBlockConfirmation: `${partner.url}/blockConfirmed` } } });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('setInventory replaces the mappings and getConfiguration shows it', async () => {
    const mappings = [
      { ratePlanCode: 'PKG', spaceTypeCode: 'KNG' },
      { ratePlanCode: 'RACK', spaceTypeCode: 'KNG' },
      { ratePlanCode: 'RACK', spaceTypeCode: 'KNG' },
    ];
    const r = await t.post(`${CM}/setInventory`, { ...auth(NET), inventoryMappings: mappings });
    expect(r.body).toEqual({ success: true, asyncConfirmation: false });
    const config = await t.post(`${CM}/getConfiguration`, auth(NET));
    expect(config.body.inventoryMappings).toEqual(mappings.slice(0, 2));
    const [entry] = t.sim.defaultWorld.journal.find({ operation: 'setInventory' });
    expect(entry.findings.map((f) => f.kind)).toEqual(['duplicate-mapping', 'mappings-removed']);
  });

  it('setInventory cannot add rates or space types (code 7 naming the code)', async () => {
    const r = await t.post(`${CM}/setInventory`, { ...auth(NET), inventoryMappings: [{ ratePlanCode: 'NOPE', spaceTypeCode: 'ZZZ' }] });
    expect(r.body.errors).toEqual([
      { code: 7, rateCode: 'NOPE', message: expect.stringContaining("'NOPE'") },
      { code: 7, categoryCode: 'ZZZ', message: expect.stringContaining("'ZZZ'") },
    ]);
  });

  it('requestAriUpdate accepts a range, records it and rejects a reversed one', async () => {
    const ok = await t.post(`${CM}/requestAriUpdate`, { ...auth(), from: '2027-01-01', to: '2027-12-31', ariType: [1] });
    expect(ok.body.success).toBe(true);
    expect(cmState(t.sim.defaultWorld).ariRequests.at(-1)).toMatchObject({ connectionToken: GROSS, from: '2027-01-01', to: '2027-12-31' });
    const [entry] = t.sim.defaultWorld.journal.find({ operation: 'requestAriUpdate' });
    expect(entry.findings[0]).toMatchObject({ kind: 'ignored-field', path: 'ariType' });
    const bad = await t.post(`${CM}/requestAriUpdate`, { ...auth(), from: '2027-02-01', to: '2027-01-01' });
    expect(bad.body.errors[0].code).toBe(7);
    const badDate = await t.post(`${CM}/requestAriUpdate`, { ...auth(), from: '2027-02-30', to: '2027-03-01' });
    expect(badDate.body.errors[0].code).toBe(6);
  });

  it('process*Confirmation matches a pending push and checks the error rules', async () => {
    const state = cmState(t.sim.defaultWorld);
    state.pending.set('push-1', { messageId: 'push-1', operation: 'updatePrices', confirmWith: 'processRateConfirmation', connectionToken: GROSS, sentAt: '' });
    const seen: unknown[] = [];
    state.on('confirmation', (c) => seen.push(c));
    const wrongOp = await t.post(`${CM}/processAvailabilityConfirmation`, { ...auth(), relatedMessageId: 'push-1', success: true });
    expect(wrongOp.body.errors[0]).toEqual({ code: 7, message: expect.stringContaining('processRateConfirmation') });
    const r = await t.post(`${CM}/processRateConfirmation`, {
      ...auth(),
      relatedMessageId: 'push-1',
      success: false,
      errors: [{ code: 9, message: 'Invalid rate code', categoryCode: 'ABC' }],
    });
    expect(r.body.success).toBe(true);
    expect(seen).toHaveLength(1);
    expect(state.pending.get('push-1')).toMatchObject({ success: false, confirmedAt: expect.any(String) });
    const entry = t.sim.defaultWorld.journal.find({ operation: 'processRateConfirmation' }).at(-1)!;
    expect(entry.findings.map((f) => f.kind)).toContain('missing-rate-code');
    const unknown = await t.post(`${CM}/processRestrictionConfirmation`, { ...auth(), relatedMessageId: 'never-sent', success: true });
    expect(unknown.body.errors[0]).toEqual({ code: 7, message: expect.stringContaining('never-sent') });
  });

  it('processGroupConfirmation accepts a numeric code as the docs example sends it', async () => {
    cmState(t.sim.defaultWorld).pending.set('grp-1', { messageId: 'grp-1', operation: 'processGroup', confirmWith: 'processGroupConfirmation', connectionToken: GROSS, sentAt: '' });
    const r = await t.post(`${CM}/processGroupConfirmation`, { ...auth(), relatedMessageId: 'grp-1', success: true, code: 123, reservations: [{ code: 'A', confirmationNumber: '1' }] });
    expect(r.body.success).toBe(true);
  });

  const block = (status: string, extra: Record<string, unknown> = {}) => ({
    ...auth(),
    messageId: `blk-${status}`,
    availabilityBlock: {
      code: 'WED-1',
      status,
      name: 'Wedding party',
      dates: { start: '2027-06-01', end: '2027-06-04' },
      releaseStrategy: { type: 'fixed', fixedDate: '2027-05-20' },
      originalRateCode: 'BAR',
      spaceCategories: [{ spaceTypeCode: 'DBL', allocatedSpaces: [{ start: '2027-06-01', end: '2027-06-04', count: 3 }] }],
      booker: { lastName: 'Bride' },
      pickupType: 'AllInOneGroup',
      ...extra,
    },
  });

  it('processAvailabilityBlock allocates spaces and confirms asynchronously with a confirmation number', async () => {
    const inv = () => t.sim.defaultWorld.state.inventory('harbour-view').availability('DBL', 20970);
    const before = inv();
    const r = await t.post(`${CM}/processAvailabilityBlock`, block('Created'));
    expect(r.body.success).toBe(true);
    const [confirmed] = await partner.waitFor('blockConfirmed');
    expect(confirmed.body).toMatchObject({ messageId: 'blk-Created', code: 'WED-1', confirmationNumber: expect.any(String), success: true });
    await t.sim.idle();
    expect(inv()).toBe(before - 3);
    await t.post(`${CM}/processAvailabilityBlock`, block('canceled'));
    await partner.waitFor('blockConfirmed', 2);
    await t.sim.idle();
    expect(inv()).toBe(before);
  });

  it('processAvailabilityBlock rejects unknown blocks, bad strategies and unknown codes', async () => {
    const update = await t.post(`${CM}/processAvailabilityBlock`, { ...block('Updated'), availabilityBlock: { ...block('Updated').availabilityBlock, code: 'NOPE' } });
    expect(update.body.errors[0].code).toBe(2);
    const strategy = await t.post(`${CM}/processAvailabilityBlock`, block('Created', { releaseStrategy: { type: 'Rolling' } }));
    expect(strategy.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('offset') });
    const codes = await t.post(`${CM}/processAvailabilityBlock`, block('Created', { originalRateCode: 'ZZ' }));
    expect(codes.body.errors[0]).toMatchObject({ code: 7, rateCode: 'ZZ' });
    const status = await t.post(`${CM}/processAvailabilityBlock`, block('Deleted'));
    expect(status.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('"Created", "Updated" or "Canceled"') });
  });
});
