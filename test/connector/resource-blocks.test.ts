import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../../src/world/demo.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'block tests 1.0' };

describe.each(TRANSPORTS)('Connector resource blocks (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2027-01-10T08:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 5, changeNotifications: false });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('a blocked room leaves availability (delta push), is listed, and comes back when the block is deleted', async () => {
    const resources = (await t.post(`${C}/resources/getAll`, { ...gross, Extent: { Resources: true }, Limitation: { Count: 100 } })).body.Resources;
    const suite = resources.find((r: { Name: string }) => r.Name === '401').Id; // first Junior Suite
    const added = await t.post(`${C}/resourceBlocks/add`, { ...gross, ResourceBlocks: [{ ResourceId: suite, Name: 'Leaking shower', Type: 'OutOfOrder', StartUtc: '2027-03-01T00:00:00Z', EndUtc: '2027-03-03T00:00:00Z' }] });
    expect(added.status).toBe(200);
    const block = added.body.ResourceBlocks[0];
    expect(block).toMatchObject({ AssignedResourceId: suite, IsActive: true, Type: 'OutOfOrder', StartUtc: '2027-03-01T00:00:00Z', EndUtc: '2027-03-03T00:00:00Z', DeletedUtc: null });
    const [push] = await partner.waitFor('updateAvailability');
    expect(push.body).toMatchObject({ connectionToken: DEMO_TOKENS.grossConnection, availabilities: [{ spaceTypeCode: 'STE', from: '2027-03-01', to: '2027-03-02', availability: 2 }] });
    const listed = await t.post(`${C}/resourceBlocks/getAll`, { ...gross, CollidingUtc: { StartUtc: '2027-03-02T00:00:00Z', EndUtc: '2027-03-02T12:00:00Z' }, Limitation: { Count: 10 } });
    expect(listed.body.ResourceBlocks.map((b: { Id: string }) => b.Id)).toEqual([block.Id]);
    const del = await t.post(`${C}/resourceBlocks/delete`, { ...gross, ResourceBlockIds: [block.Id] }, { prefer: 'return=minimal' });
    expect(del.status).toBe(204);
    const [, back] = await partner.waitFor('updateAvailability', 2);
    expect(back.body.availabilities).toEqual([{ spaceTypeCode: 'STE', from: '2027-03-01', to: '2027-03-02', availability: 3 }]);
    const active = await t.post(`${C}/resourceBlocks/getAll`, { ...gross, Limitation: { Count: 10 } });
    expect(active.body.ResourceBlocks).toHaveLength(0);
    const deleted = await t.post(`${C}/resourceBlocks/getAll`, { ...gross, ActivityStates: ['Deleted'], Limitation: { Count: 10 } });
    expect(deleted.body.ResourceBlocks[0]).toMatchObject({ Id: block.Id, IsActive: false, DeletedUtc: '2027-01-10T08:00:00Z' });
    const again = await t.post(`${C}/resourceBlocks/delete`, { ...gross, ResourceBlockIds: [block.Id] });
    expect({ status: again.status, message: again.body.Message }).toEqual({ status: 400, message: expect.stringMatching(/^Invalid ResourceBlockIds\[0\]: /) });
  });

  it('refuses an unknown resource, a start that is no datetime and an end before the start', async () => {
    const r = await t.post(`${C}/resourceBlocks/add`, { ...gross, ResourceBlocks: [{ ResourceId: 'nope', Name: 'x', Type: 'InternalUse', StartUtc: '2027-03-01T00:00:00Z', EndUtc: '2027-03-02T00:00:00Z' }] });
    expect(r.body.Message).toMatch(/^Invalid ResourceBlocks\[0\]\.ResourceId/);
    const notATime = await t.post(`${C}/resourceBlocks/add`, { ...gross, ResourceBlocks: [{ ResourceId: 'nope', Name: 'x', Type: 'InternalUse', StartUtc: 'soon', EndUtc: '2027-03-02T00:00:00Z' }] });
    expect({ status: notATime.status, message: notATime.body.Message }).toEqual({ status: 400, message: expect.stringMatching(/^Invalid ResourceBlocks\[0\]\.StartUtc: /) });
    const room = (await t.post(`${C}/resources/getAll`, { ...gross, Extent: { Resources: true }, Limitation: { Count: 1 } })).body.Resources[0].Id;
    const backwards = await t.post(`${C}/resourceBlocks/add`, { ...gross, ResourceBlocks: [{ ResourceId: room, Name: 'x', Type: 'InternalUse', StartUtc: '2027-03-02T00:00:00Z', EndUtc: '2027-03-01T00:00:00Z' }] });
    expect({ status: backwards.status, message: backwards.body.Message }).toEqual({ status: 400, message: 'Invalid ResourceBlocks[0].EndUtc: it must be after StartUtc.' });
  });
});
