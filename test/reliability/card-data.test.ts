import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { htmlReport } from '../../src/scenarios/reports/html.js';
import { jsonReport } from '../../src/scenarios/reports/json.js';
import { junitReport } from '../../src/scenarios/reports/junit.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

/**
 * Every output of the simulator is scanned for card data, with a scanner of its own (not the masker's
 * code): a 13-19 digit run passing the Luhn check, digits separated by up to two spaces, dots or dashes,
 * and any CVV-like field.
 */
function luhn(digits: string): boolean {
  let sum = 0;
  [...digits].reverse().forEach((c, i) => {
    let d = Number(c);
    if (i % 2) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  });
  return sum % 10 === 0;
}
function leaks(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/\d(?:[ .-]{0,2}\d)*/g)) {
    const digits = m[0].replace(/\D/g, '');
    // Every window of 13-19 digits: a run glued to others still counts.
    for (let len = 13; len <= Math.min(19, digits.length); len++) {
      for (let i = 0; i + len <= digits.length; i++) if (PANS.includes(digits.slice(i, i + len)) && luhn(digits.slice(i, i + len))) found.push(digits.slice(i, i + len));
    }
  }
  for (const m of text.matchAll(/"(cvv2?|cvc2?|csc|cvn|cardSecurityCode|securityCode|card_cvv)"\s*:/gi)) found.push(m[0]);
  return found;
}

const PANS = ['4111111111111111', '5555444433331111', '4012888888881881', '378282246310005', '6011000990139424', '4000056655665556'];
const [VISA, MC, VISA2, AMEX, DISC, VISA3] = PANS;
const spaced2 = VISA2.replace(/(\d{4})(?=\d)/g, '$1  ');
const dotted = DISC.replace(/(\d{4})(?=\d)/g, '$1.');
const dashed = AMEX.replace(/^(\d{4})(\d{6})/, '$1-$2-');
const CONNECTOR = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'card-data test' };

describe.each(TRANSPORTS)('card data in every output (%s)', (name, start) => {
  let t: Transport;
  let partner: TestPartner;
  const file = join(mkdtempSync(join(tmpdir(), 'mews-sim-cards-')), 'journal.ndjson');
  beforeAll(async () => {
    partner = await new TestPartner().start();
    // A partner that quotes a card number back in its reply.
    partner.responder = () => ({ raw: JSON.stringify({ success: true, note: `card ${VISA3} ok` }) });
    t = await start({ now: '2026-11-23T12:00:00Z', partner: { baseUrl: partner.url }, journal: { file }, deltaDelayMs: 0 });
    const group = singleGroup(
      {
        messageId: 'cards-1',
        customer: { firstName: `Ada ${VISA}`, lastName: `Lovelace ${spaced2}`, email: 'ada@example.com' },
        paymentCard: { type: 2, number: MC, expireDate: '1230', cvv: '737', holderName: `Ada ${dotted}` },
        comments: [`call me on card ${dashed}`, `${VISA.slice(0, 8)} ${VISA.slice(8)}`],
        cardSecurityCode: '123',
        csc: '456',
        cvn: '789',
        cvc: '321',
        paymentToken: MC,
        extra: Number(VISA),
      },
      { guests: [{ firstName: 'Charles', lastName: `Babbage ${DISC}` }] },
    );
    const booked = await t.post(`${CM}/processGroup`, group);
    expect(booked.body.success).toBe(true);
    // A malformed body and one with a bad token: both journaled.
    await t.post(`${CM}/processGroup`, `{"clientToken":"x","paymentCard":{"number":"${VISA}","cvv":"123"},}`);
    await t.post(`${CM}/getChannels`, { clientToken: 'nope', note: VISA, cvv: '999' });
    await t.post('/api/connector/v1/customers/add', { ...CONNECTOR, LastName: `Turing ${VISA}`, FirstName: spaced2, Notes: `paid with ${dotted}`, Email: 'alan@example.com', OverwriteExisting: false, CardSecurityCode: '111' });
    await t.post('/api/connector/v1/customers/add', `{"ClientToken":"${CONNECTOR.ClientToken}","Notes":"${VISA}",}`);
    await t.post('/api/connector/v1/customers/add', { ...CONNECTOR, AccessToken: 'bad', LastName: VISA, cvv: '123' });
    await t.request('POST', '/_sim/bookings', { customer: { firstName: `Grace ${MC}`, lastName: 'Hopper' } });
    await t.sim.idle();
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  const check = (what: string, text: string) => {
    expect({ what, leaks: leaks(text) }).toEqual({ what, leaks: [] });
  };

  it('the scanner finds what it should (so the checks below can fail)', () => {
    expect(leaks(JSON.stringify({ a: `x ${spaced2} y`, b: Number(VISA), cardSecurityCode: '1' }))).toHaveLength(3);
    expect(leaks(`${dotted} ${dashed}`)).toHaveLength(2);
  });

  it('the journal: query, export, live feed and file', async () => {
    const page = await t.request('GET', '/_sim/journal?limit=1000');
    expect(page.body.entries.length).toBeGreaterThanOrEqual(6);
    check('GET /_sim/journal', page.text);
    check('export', (await t.request('GET', '/_sim/journal/export')).text);
    check('stream', (await t.request('GET', '/_sim/journal/stream?since=0&timeoutMs=300')).text);
    check('journal file', readFileSync(file, 'utf8'));
    check('verify', (await t.request('POST', '/_sim/journal/verify', { operation: 'processGroup' })).text);
  });

  it('the world: snapshot, world view and the Connector answers', async () => {
    check('snapshot', (await t.request('GET', '/_sim/snapshot')).text);
    check('world', (await t.request('GET', '/_sim/world')).text);
    const customers = await t.post('/api/connector/v1/customers/getAll', { ...CONNECTOR, Extent: { Customers: true }, CreatedUtc: { StartUtc: '2026-09-01T00:00:00Z', EndUtc: '2026-11-30T00:00:00Z' }, Limitation: { Count: 1000 } });
    expect(customers.status).toBe(200);
    expect(customers.text).toContain('Lovelace');
    check('customers/getAll', customers.text);
    const reservations = await t.post('/api/connector/v1/reservations/getAll/2023-06-06', { ...CONNECTOR, CreatedUtc: { StartUtc: '2026-09-01T00:00:00Z', EndUtc: '2026-11-30T00:00:00Z' }, Limitation: { Count: 1000 } });
    expect(reservations.status).toBe(200);
    check('reservations/getAll', reservations.text);
  });

  it('what the partner received, and scenario runs and their reports', async () => {
    check('calls to the partner', JSON.stringify(partner.calls));
    const r = await t.request('POST', '/_sim/runs', {
      name: 'cards',
      world: { continue: true },
      variables: { card: VISA },
      steps: [{ type: 'expectCall', direction: 'inbound', operation: 'processGroup', body: { customer: { firstName: `Ada ${VISA}` } }, within: '10ms' }],
    });
    expect(r.status).toBe(200);
    check('POST /_sim/runs', r.text);
    if (name === 'express') {
      const results = [r.body];
      for (const [what, text] of [['html', htmlReport(results)], ['json', jsonReport(results)], ['junit', junitReport(results)]]) check(`${what} report`, text);
    }
  });
});
