import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const [token, secondToken] = CONNECTOR_DEMO.grossAccessTokens;
const auth = (AccessToken: string) => ({ ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken, Client: 'integration tests 1.0' });

describe.each(TRANSPORTS)('Connector integrations and integration webhooks (%s)', (_name, start) => {
  let t: Transport;
  let hook: TestPartner;
  const configuration = (accessToken: string) => t.post(`${C}/configuration/get`, auth(accessToken));
  const act = (accessToken: string, action: string) => t.request('POST', `/_sim/integrations/${encodeURIComponent(accessToken)}/${action}`, {});

  beforeAll(async () => {
    hook = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', retryBaseMs: 10, changeNotifications: false });
    const set = await t.request('PUT', '/_sim/webhooks', { integrationUrl: `${hook.url}/integration` });
    expect(set.body).toEqual({ url: null, integrationUrl: `${hook.url}/integration` });
  });
  afterAll(async () => {
    await t.close();
    await hook.stop();
  });
  beforeEach(async () => {
    await t.sim.idle();
    hook.reset();
  });

  it('lists the demo integrations, enabled, one per AccessToken', async () => {
    const list = await t.request('GET', '/_sim/integrations');
    expect(list.status).toBe(200);
    const gross = list.body.integrations.filter((i: { property: string }) => i.property === 'harbour-view');
    expect(gross.map((i: { accessToken: string }) => i.accessToken)).toEqual(CONNECTOR_DEMO.grossAccessTokens);
    expect(gross.every((i: { state: string }) => i.state === 'Enabled')).toBe(true);
  });

  it('disable refuses the token (401) and sends IntegrationDisabled; enable lets it in again with IntegrationEnabled', async () => {
    const disabled = await act(secondToken, 'disable');
    expect(disabled.status).toBe(200);
    expect(disabled.body).toMatchObject({ accessToken: secondToken, state: 'Disabled' });
    expect((await configuration(secondToken)).status).toBe(401);
    expect((await configuration(token)).status).toBe(200);
    const [call] = await hook.waitFor('integration');
    expect(call.body).toEqual({ Action: 'IntegrationDisabled', Data: { Integration: { Id: disabled.body.id, Name: disabled.body.name } } });

    const again = await act(secondToken, 'disable');
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/disabled/);
    await act(secondToken, 'enable');
    expect((await configuration(secondToken)).status).toBe(200);
    const calls = await hook.waitFor('integration', 2);
    expect(calls[1].body.Action).toBe('IntegrationEnabled');
  });

  it('create gives a working AccessToken and sends IntegrationCreated with the enterprise and service', async () => {
    const created = await t.request('POST', '/_sim/integrations', { property: 'harbour-view', name: 'Revenue manager' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Revenue manager', property: 'harbour-view', state: 'Enabled', accessToken: expect.stringMatching(/^[0-9A-F]{32}-[0-9A-F]{31}$/) });
    const config = await configuration(created.body.accessToken);
    expect(config.status).toBe(200);
    const [call] = await hook.waitFor('integration');
    expect(call.body).toEqual({
      Action: 'IntegrationCreated',
      Data: {
        Enterprise: { Id: config.body.Enterprise.Id, Name: config.body.Enterprise.Name },
        Service: { Id: expect.any(String), Name: 'Stay' },
        Requestor: null,
        AccessToken: created.body.accessToken,
        CreatedUtc: '2027-01-10T08:00:00Z',
        IsEnabled: true,
        Integration: { Id: created.body.id, Name: 'Revenue manager' },
      },
    });
    const taken = await t.request('POST', '/_sim/integrations', { property: 'harbour-view', accessToken: created.body.accessToken });
    expect(taken.status).toBe(409);
    const nowhere = await t.request('POST', '/_sim/integrations', { property: 'atlantis' });
    expect(nowhere.status).toBe(404);
    expect(nowhere.body.error.path).toBe('property');
  });

  it('regenerate-key retires the old AccessToken and sends the new one as IntegrationApiKeyCreated', async () => {
    const created = (await t.request('POST', '/_sim/integrations', { property: 'liberty-hall', name: 'Kiosk', accessToken: 'KIOSK-TOKEN-0001' })).body;
    const renewed = await act(created.accessToken, 'regenerate-key');
    expect(renewed.status).toBe(200);
    expect(renewed.body.id).toBe(created.id);
    expect(renewed.body.accessToken).not.toBe(created.accessToken);
    expect((await configuration(created.accessToken)).status).toBe(401);
    expect((await configuration(renewed.body.accessToken)).status).toBe(200);
    const calls = await hook.waitFor('integration', 2);
    expect(calls[1].body).toEqual({ Action: 'IntegrationApiKeyCreated', Data: { Integration: { Id: created.id, Name: 'Kiosk' }, ApiKey: renewed.body.accessToken } });
  });

  it('cancel, reinstate and delete follow the integration life cycle; deleted is final', async () => {
    const { accessToken, id } = (await t.request('POST', '/_sim/integrations', { property: 'harbour-view', name: 'Housekeeping app' })).body;
    expect((await act(accessToken, 'reinstate')).status).toBe(409);
    expect((await act(accessToken, 'cancel')).body.state).toBe('Canceled');
    expect((await configuration(accessToken)).status).toBe(401);
    expect((await act(accessToken, 'reinstate')).body.state).toBe('Enabled');
    expect((await act(accessToken, 'delete')).body.state).toBe('Deleted');
    expect((await act(accessToken, 'enable')).status).toBe(409);
    expect((await act(accessToken, 'regenerate-key')).status).toBe(409);
    const calls = await hook.waitFor('integration', 4);
    expect(calls.map((c) => c.body.Action)).toEqual(['IntegrationCreated', 'IntegrationCanceled', 'IntegrationReinstated', 'IntegrationDeleted']);
    expect(calls[3].body.Data).toEqual({ DeletedUtc: '2027-01-10T08:00:00Z', Integration: { Id: id, Name: 'Housekeeping app' } });
    expect((await act(accessToken, 'pause')).status).toBe(404);
    expect((await act('no-such-token', 'disable')).status).toBe(404);
  });

  it('re-sends an integration webhook the endpoint refused, and journals every attempt', async () => {
    let n = 0;
    hook.responder = () => (++n === 1 ? { status: 500 } : { status: 200 });
    await act(secondToken, 'disable');
    await hook.waitFor('integration', 2);
    await t.sim.idle();
    const entries = t.sim.defaultWorld.journal.find({ operation: 'integrationWebhook' }).slice(-2);
    expect(entries.map((e) => [e.direction, e.status])).toEqual([
      ['outbound', 500],
      ['outbound', 200],
    ]);
    await act(secondToken, 'enable');
  });

  it('a world reset brings back the fixture integrations', async () => {
    await act(token, 'disable');
    expect((await configuration(token)).status).toBe(401);
    await t.request('POST', '/_sim/reset', {});
    expect((await configuration(token)).status).toBe(200);
  });
});
