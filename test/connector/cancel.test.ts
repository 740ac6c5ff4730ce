import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'cancel tests 1.0' };

describe.each(TRANSPORTS)('Connector reservations/cancel (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false, asyncDelayMs: 0 });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('cancels a channel-manager booking: the state changes and the nights go back to the channel manager', async () => {
    await t.post(`${CM}/processGroup`, singleGroup());
    await t.sim.idle();
    partner.calls.length = 0;
    const found = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ChannelNumbers: ['BDC-1001'], Limitation: { Count: 5 } });
    const id = found.body.Reservations[0].Id;
    const r = await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: [id], Notes: 'Guest called the hotel.' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ ReservationIds: [id] });
    const after = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ReservationIds: [id], Limitation: { Count: 5 } });
    expect(after.body.Reservations[0]).toMatchObject({ State: 'Canceled', CancelledUtc: '2027-01-10T08:00:00Z', CancellationReason: 'Other' });
    const [push] = await partner.waitFor('updateAvailability');
    expect(push.body.connectionToken).toBe(DEMO_TOKENS.grossConnection);
    expect(push.body.availabilities).toEqual([{ spaceTypeCode: 'DBL', from: '2027-03-10', to: '2027-03-11', availability: 12 }]);
    const again = await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: [id], Notes: 'Twice.' });
    expect(again.status).toBe(403);
  });

  it('refuses unknown ids and a missing reason, naming the parameter', async () => {
    const unknown = await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: ['nope'], Notes: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.Message).toMatch(/^Invalid ReservationIds\[0\]/);
    const noNotes = await t.post(`${C}/reservations/cancel`, { ...gross, ReservationIds: ['nope'] });
    expect(noNotes.body.Message).toMatch(/^Invalid Notes/);
  });
});
