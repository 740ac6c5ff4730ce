import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildOpenApiDocument } from '../src/openapi/document.js';
import { OUTBOUND_CALLS } from '../src/openapi/webhooks.js';
import { OUTBOUND_OPERATIONS } from '../src/testing/operations.js';
import { CM, GROSS, singleGroup } from './support/fixtures.js';
import { TestPartner } from './support/partner.js';
import { expressTransport, type Transport } from './support/transports.js';

describe('OpenAPI webhooks: what mews-sim sends', () => {
  const doc = buildOpenApiDocument() as { webhooks: Record<string, { post: { requestBody: { content: { 'application/json': { schema: unknown; example: unknown } } } } }> };

  it('documents every outbound call with a schema and an example body that the schema accepts', () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual(OUTBOUND_OPERATIONS.filter((op) => op !== 'processAvailabilityBlockConfirmation').sort());
    for (const call of OUTBOUND_CALLS) {
      const media = doc.webhooks[call.operation].post.requestBody.content['application/json'];
      expect(media.schema).toEqual({ $ref: expect.stringMatching(/^#\/components\/schemas\//) });
      expect(media.example).toEqual(call.example);
      expect(call.schema.safeParse(call.example).error).toBeUndefined();
    }
  });

  describe('the schemas describe the bodies actually sent', () => {
    let t: Transport;
    let partner: TestPartner;
    beforeAll(async () => {
      partner = await new TestPartner().start();
      t = await expressTransport({ now: '2027-01-01T00:00:00Z', partner: { baseUrl: partner.url }, webhookUrl: `${partner.url}/general`, integrationWebhookUrl: `${partner.url}/integration` });
    });
    afterAll(async () => {
      await t.close();
      await partner.stop();
    });

    it('for a push, a booking both ways, a block, a mapping change and an integration change', async () => {
      const ok = async (p: Promise<{ status: number; text: string }>) => expect((await p).status).toBeLessThan(300);
      await ok(t.post('/_sim/push', { from: '2027-01-01', to: '2027-01-05' }));
      await ok(t.post(`${CM}/processGroup`, singleGroup()));
      await ok(t.post('/_sim/bookings', { connection: GROSS, spaceTypeCode: 'DBL', ratePlanCode: 'BAR', from: '2027-03-01', to: '2027-03-03' }));
      await ok(t.post('/_sim/blocks', { connection: GROSS, spaceTypeCode: 'DBL', start: '2027-04-01', end: '2027-04-03', count: 2 }));
      await ok(t.post(`/_sim/connections/${GROSS}/unmap`, { ratePlanCode: 'NR', spaceTypeCode: 'SGL' }));
      const { integrations } = (await t.request('GET', '/_sim/integrations')).body as { integrations: { accessToken: string }[] };
      await ok(t.post(`/_sim/integrations/${integrations[0].accessToken}/disable`, {}));
      await t.sim.idle();
      const sent = t.sim.defaultWorld.journal.find({ direction: 'outbound' });
      for (const call of OUTBOUND_CALLS) {
        const bodies = sent.filter((e) => e.operation === call.operation).map((e) => e.request.body);
        expect({ operation: call.operation, sent: bodies.length > 0 }).toEqual({ operation: call.operation, sent: true });
        for (const body of bodies) expect({ operation: call.operation, issues: call.schema.safeParse(body).error?.issues }).toEqual({ operation: call.operation, issues: undefined });
      }
    });
  });
});
