import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';
import { DOCUMENTED_OPERATIONS } from '../../src/connector/schemas.generated.js';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'deprecation tests 1.0' };

describe.each(TRANSPORTS)('Deprecated and discontinued Connector operations (%s)', (_name, start) => {
  let t: Transport;
  // A day before the routing rules are discontinued (2027-01-10).
  beforeAll(async () => {
    t = await start({ now: '2027-01-09T12:00:00Z' });
  });
  afterAll(() => t.close());

  const last = (operation: string) => t.sim.defaultWorld.journal.find({ api: 'connector' }).filter((e) => e.url.endsWith(operation)).at(-1)!;
  const setClock = (now: string) => t.request('POST', '/_sim/clock', { now });

  it('an operation of operations/discontinued.md is discontinued at any time, naming its replacement', async () => {
    await setClock('2025-01-01T00:00:00Z');
    for (const [path, replacement] of [
      ['restrictions/add', 'restrictions/set'],
      ['restrictions/delete', 'restrictions/clear'],
    ]) {
      const r = await t.post(`${C}/${path}`, { ...gross, ServiceId: 'x', Restrictions: [] });
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ Message: expect.stringContaining(`is discontinued since 2026-01-10. Use ${C}/${replacement} instead.`), RequestId: r.headers.get('request-id') });
    }
    await setClock('2027-01-09T12:00:00Z');
  });

  it('a deprecated operation before its date is not discontinued and warns on every call, with the replacements and the date', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await t.post(`${C}/routingRules/update`, { ...gross, RoutingRuleUpdates: [] });
      expect(r.body?.Message ?? '').not.toMatch(/discontinued/);
      expect(last('routingRules/update').findings).toContainEqual({
        severity: 'warning',
        kind: 'deprecated-operation',
        message: `routingRules/update is deprecated. Use ${C}/billingAutomations/update and ${C}/billingAutomations/updateAssignments instead. It is discontinued on 2027-01-10.`,
      });
    }
  });

  it('a deprecated operation without a replacement operation gives the docs\' advice', async () => {
    await t.post(`${C}/payments/addCreditCard`, gross);
    const warning = last('payments/addCreditCard').findings!.find((f) => f.kind === 'deprecated-operation');
    expect(warning?.message).toBe('payments/addCreditCard is deprecated. Follow the Payment automation use case to collect and charge payment methods with Mews Payments Checkout. It is discontinued on 2028-01-10.');
  });

  it('once the world clock reaches the date, the operation is a 404 naming the replacement and the date', async () => {
    await t.request('POST', '/_sim/clock', { advanceMs: 12 * 3_600_000 });
    const r = await t.post(`${C}/routingRules/getAll`, { ...gross, Limitation: { Count: 10 } });
    expect(r.status).toBe(404);
    expect(r.body.Message).toBe(`Not found: ${C}/routingRules/getAll. The operation Get all routing rules is discontinued since 2027-01-10. Use ${C}/billingAutomations/getAll instead.`);
    expect(last('routingRules/getAll').findings).toContainEqual({ severity: 'error', kind: 'http-404', message: r.body.Message });
  });

  it('operations discontinued earlier answer the same, before any token check', async () => {
    for (const [path, replacement] of [
      ['reservations/getAll', `${C}/reservations/getAll/2023-06-06`],
      ['reservations/getAllItems', `${C}/orderItems/getAll`],
      ['customers/merge', `${C}/accounts/merge`],
      ['accountingItems/getAll', `${C}/payments/getAll and ${C}/orderItems/getAll`],
    ]) {
      const r = await t.post(`${C}/${path}`, { AccessToken: 'unknown' });
      expect({ path, status: r.status }).toEqual({ path, status: 404 });
      expect(r.body.Message).toMatch(new RegExp(`is discontinued since 20\\d\\d-\\d\\d-\\d\\d\\. Use ${replacement.replace(/[/.]/g, '\\$&')} instead\\.$`));
    }
  });

  it('a path that is no Connector operation suggests the nearest one still usable; every documented one is served', async () => {
    const typo = await t.post(`${C}/routingRules/getAl`, gross);
    expect(typo.status).toBe(404);
    expect(typo.body.Message).toMatch(/^Not found: \S+ is not a Connector API operation\. The nearest documented one is \/api\/connector\/v1\/[a-zA-Z]+\/[a-zA-Z]+\.$/);
    expect(typo.body.Message).not.toContain('routingRules/getAll');
    const close = await t.post(`${C}/loyaltyprograms/getall`, gross);
    expect(close.body.Message).toContain('Did you mean /api/connector/v1/loyaltyPrograms/getAll?');
    expect(Object.keys(DOCUMENTED_OPERATIONS).filter((p) => !CONNECTOR_OPERATIONS.some((op) => op.path === p))).toEqual([]);
  });
});
