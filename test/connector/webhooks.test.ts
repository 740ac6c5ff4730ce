import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { expressTransport, type Transport } from '../support/transports.js';

describe('Connector general webhooks', () => {
  let t: Transport;
  let hook: TestPartner;
  beforeAll(async () => {
    hook = await new TestPartner().start();
    t = await expressTransport({ deltaDelayMs: 5, retryBaseMs: 10, changeNotifications: false });
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });

  it('sends one message per change: ServiceOrderUpdated per reservation and CustomerAdded for the guest, ids matching the getAll operations', async () => {
    await t.request('PUT', '/_sim/webhooks', { url: `${hook.url}/hooks` });
    const group = singleGroup({ totalAmount: { gross: 500 } });
    group.reservations = [group.reservations[0], { ...group.reservations[0], code: '02', spaceTypeCode: 'TWN' }];
    await t.post(`${CM}/processGroup`, group);
    const [call] = await hook.waitFor('hooks');
    await t.sim.idle();
    expect(hook.received('hooks')).toHaveLength(1);
    expect(call.body).toEqual({ EnterpriseId: expect.any(String), IntegrationId: expect.any(String), Events: expect.any(Array) });
    type Event = { Discriminator: string; Value: { Id: string } };
    const events: Event[] = call.body.Events;
    const of = (kind: string) => events.filter((e) => e.Discriminator === kind).map((e) => e.Value.Id);
    expect(events).toHaveLength(3);
    const auth = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'test' };
    const found = await t.post('/api/connector/v1/reservations/getAll/2023-06-06', { ...auth, ReservationIds: of('ServiceOrderUpdated'), Limitation: { Count: 10 } });
    expect(found.body.Reservations).toHaveLength(2);
    // The booking's guest became a customer profile: CustomerAdded names the reservations' account.
    expect(of('CustomerAdded')).toEqual([found.body.Reservations[0].AccountId]);
    const config = await t.post('/api/connector/v1/configuration/get', auth);
    expect(call.body.EnterpriseId).toBe(config.body.Enterprise.Id);
  });

  it('re-sends a webhook the endpoint did not accept', async () => {
    hook.calls.length = 0;
    let n = 0;
    hook.responder = () => (++n === 1 ? { status: 503 } : { status: 200 });
    await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-HOOK-2', messageId: 'hook-2' }));
    await hook.waitFor('hooks', 2);
    await t.sim.idle();
    const entries = t.sim.defaultWorld.journal.find({ operation: 'generalWebhook' }).slice(-2);
    expect(entries.map((e) => e.status)).toEqual([503, 200]);
    expect(entries[1].findings.map((f) => f.kind)).toContain('retry');
  });
});

describe('Connector resources/update', () => {
  it('changes the housekeeping state shown by resources/getAll and sends ResourceUpdated', async () => {
    const hook = await new TestPartner().start();
    const t = await expressTransport({ deltaDelayMs: 5, webhookUrl: `${hook.url}/hooks`, now: '2027-01-10T08:00:00Z' });
    const auth = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'test' };
    const room = (await t.post('/api/connector/v1/resources/getAll', { ...auth, Extent: { Resources: true }, Limitation: { Count: 1 } })).body.Resources[0];
    expect(room.State).toBe('Clean');
    const r = await t.post('/api/connector/v1/resources/update', { ...auth, ResourceUpdates: [{ ResourceId: room.Id, State: { Value: 'Dirty' }, Data: { Discriminator: 'Space', Value: { LocationNotes: { Value: 'Next to the lift' } } } }] });
    expect(r.status).toBe(200);
    const after = (await t.post('/api/connector/v1/resources/getAll', { ...auth, Extent: { Resources: true }, ResourceIds: [room.Id], Limitation: { Count: 1 } })).body.Resources[0];
    expect(after).toMatchObject({ State: 'Dirty', UpdatedUtc: '2027-01-10T08:00:00Z', Data: { Value: { LocationNotes: 'Next to the lift' } } });
    const [call] = await hook.waitFor('hooks');
    expect(call.body.Events).toEqual([{ Discriminator: 'ResourceUpdated', Value: { Id: room.Id } }]);
    const bad = await t.post('/api/connector/v1/resources/update', { ...auth, ResourceUpdates: [{ ResourceId: room.Id, State: { Value: 'OutOfOrder' } }] });
    expect(bad.status).toBe(400);
    expect(bad.body.Message).toMatch(/^Invalid ResourceUpdates\[0\]\.State/);
    await t.close();
    await hook.stop();
  });
});
