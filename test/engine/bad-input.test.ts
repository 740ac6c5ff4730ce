import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { auth, CLIENT, CM } from '../support/fixtures.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('bad input never crashes and is journaled (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start({ bodyLimitBytes: 64 * 1024 });
  });
  afterAll(() => t.close());

  const lastEntry = () => t.sim.defaultWorld.journal.all().at(-1)!;

  it('malformed JSON → code 6, HTTP 200', async () => {
    const r = await t.post(`${CM}/getConfiguration`, '{"clientToken": "x",}');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ success: false, errors: [{ code: 6, message: expect.stringContaining('not valid JSON') }] });
    expect(lastEntry()).toMatchObject({ operation: 'getConfiguration', errorCodes: [6], request: { body: '{"clientToken": "x",}' } });
  });

  it('wrong content type → code 6 naming it', async () => {
    const r = await t.post(`${CM}/getChannels`, JSON.stringify({ clientToken: CLIENT }), { 'content-type': 'text/plain' });
    expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('text/plain') });
  });

  it('an empty body and a non-object body → code 6', async () => {
    expect((await t.post(`${CM}/getChannels`, '')).body.errors[0].code).toBe(6);
    expect((await t.post(`${CM}/getChannels`, '[1,2]')).body.errors[0].message).toContain('JSON object');
  });

  it('an oversized body → code 6 with the limit, and it is journaled', async () => {
    const big = JSON.stringify({ clientToken: CLIENT, pad: 'x'.repeat(100 * 1024) });
    const r = await t.post(`${CM}/getChannels`, big);
    expect(r.status).toBe(200);
    expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('exceeds the limit of 65536 bytes') });
    expect(lastEntry()).toMatchObject({ operation: 'getChannels', errorCodes: [6], request: { body: null } });
  });

  it('__proto__ keys are refused and do not pollute anything', async () => {
    const r = await t.post(`${CM}/getConfiguration`, `{"clientToken":"${CLIENT}","connectionToken":"x","extent":{"__proto__":{"polluted":true}}}`);
    expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('$.extent.__proto__') });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('deep nesting is refused before parsing', async () => {
    const deep = '{"clientToken":"x","a":' + '['.repeat(5000) + ']'.repeat(5000) + '}';
    const r = await t.post(`${CM}/getChannels`, deep);
    expect(r.body.errors[0]).toEqual({ code: 6, message: expect.stringContaining('levels deep') });
  });

  it('a wrong method and an unknown operation get the CM error shape with a hint', async () => {
    const get = await t.request('GET', `${CM}/getConfiguration`);
    expect(get.status).toBe(405);
    expect(get.body.errors[0].message).toContain('only POST');
    const slash = await t.post(`${CM}/getConfiguration/`, auth());
    expect(slash.status).toBe(404);
    expect(slash.body.errors[0].message).toContain('Did you mean "getConfiguration"');
  });

  it('a mistyped field names the field and the types', async () => {
    const r = await t.post(`${CM}/getProperties`, { clientToken: CLIENT, email: 42 });
    expect(r.body.errors[0].message).toBe("Invalid 'email': expected string, got number.");
  });

  it('paths outside every API get a 404 with a hint, not a crash', async () => {
    const r = await t.request('GET', '/nothing/here');
    expect(r.status).toBe(404);
    expect(r.body.hint).toContain('/api/channelManager/v1/');
  });

  it('an unknown world prefix gets the API error shape', async () => {
    const r = await t.post('/w/nope/api/channelManager/v1/getChannels', { clientToken: CLIENT });
    expect(r.status).toBe(404);
    expect(r.body.errors[0].message).toContain('No world named "nope"');
  });
});
