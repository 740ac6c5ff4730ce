import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { allowedEnvironment } from '../../src/scenarios/interpolate.js';
import { demoWorld } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const SECRET = 'hunter2-ci-secret-value';
const run = (t: Transport, scenario: object, headers?: Record<string, string>) => t.request('POST', '/_sim/runs', scenario, headers);

describe.each(TRANSPORTS)('admin API security (%s)', (_name, start) => {
  let t: Transport;
  const files = mkdtempSync(join(tmpdir(), 'mews-sim-files-'));
  writeFileSync(join(files, 'world.json'), JSON.stringify(demoWorld()));
  symlinkSync('/etc/hostname', join(files, 'escape.json'));
  beforeAll(async () => {
    process.env.MEWS_SIM_TEST_SECRET = SECRET;
    t = await start({ now: '2026-11-23T12:00:00Z', filesDir: files });
  });
  afterAll(async () => {
    delete process.env.MEWS_SIM_TEST_SECRET;
    await t.close();
  });

  it('refuses an admin write whose body is not declared JSON (what a web page can send)', async () => {
    const body = JSON.stringify({ name: 'e', world: { continue: true }, steps: [{ type: 'set', variables: { x: 1 } }] });
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const r = await t.request('POST', '/_sim/runs', body, { 'content-type': type });
      expect(r.status).toBe(415);
      expect(r.body.error.message).toMatch(/Content-Type must be application\/json/);
    }
    expect((await t.request('PUT', '/_sim/partner', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('never reads the server environment for a scenario sent over HTTP', async () => {
    // The scenario is checked before it runs: a variable nothing defines is refused, never looked up.
    const r = await run(t, { name: 'e', world: { continue: true }, steps: [{ type: 'set', variables: { leak: '${MEWS_SIM_TEST_SECRET}' } }] });
    expect(r.status).toBe(400);
    expect(r.text).not.toContain(SECRET);
    expect(r.body.error.message).toMatch(/MEWS_SIM_TEST_SECRET\} is never captured or declared/);
    const proto = await run(t, { name: 'p', world: { continue: true }, steps: [{ type: 'set', variables: { x: '${constructor}${toString}' } }] });
    expect(proto.status).toBe(400);
    expect(proto.body.error.message).toMatch(/\$\{constructor\} is never captured or declared/);
  });

  it('reads no file outside --files-dir, and says the same whether a file exists or not', async () => {
    const answers = [];
    for (const file of ['/etc/passwd', '/no/such/file.json', '../../../../etc/passwd', 'escape.json']) {
      const r = await run(t, { name: 'f', world: { file }, steps: [{ type: 'set', variables: { x: 1 } }] });
      expect(r.status).toBe(200);
      expect(r.body.status).toBe('failed');
      expect(r.text).not.toMatch(/root:|:0:0:|ENOENT|EACCES/);
      answers.push(r.body.steps[0].message.replace(file, '<file>'));
    }
    expect(new Set(answers.slice(0, 3)).size).toBe(1);
    const list = await run(t, { name: 'l', world: { continue: true }, steps: [{ type: 'checkErrorList', file: '/etc/passwd' }] });
    expect(list.body.steps[0].message).toMatch(/outside the folder/);
    const inside = await run(t, { name: 'ok', world: { file: 'world.json' }, steps: [{ type: 'set', variables: { x: 1 } }] });
    expect(inside.body.status).toBe('passed');
  });

  it("lets a scenario's partner endpoints last for its run only", async () => {
    await t.request('PUT', '/_sim/partner', { baseUrl: 'http://127.0.0.1:9/keep' });
    await run(t, { name: 'p', world: { continue: true }, partner: { baseUrl: 'http://localhost:9/scenario' }, steps: [{ type: 'set', variables: { x: 1 } }] });
    expect((await t.request('GET', '/_sim/partner')).body).toEqual({ baseUrl: 'http://127.0.0.1:9/keep' });
  });

  it('points outbound calls only at loopback, single-label hosts and hosts allowed at start-up', async () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://10.0.0.5:8080', 'http://internal.corp.example/x', 'file:///etc/passwd']) {
      const partner = await t.request('PUT', '/_sim/partner', { baseUrl: url });
      expect([400, 403]).toContain(partner.status);
      const hook = await t.request('PUT', '/_sim/webhooks', { url });
      expect([400, 403]).toContain(hook.status);
      const world = await t.request('POST', '/_sim/worlds', { name: 'ssrf', partner: { baseUrl: url } });
      expect([400, 403]).toContain(world.status);
      const scenario = await run(t, { name: 's', world: { continue: true }, partner: { baseUrl: url }, steps: [{ type: 'set', variables: { x: 1 } }] });
      expect([400, 403]).toContain(scenario.status);
    }
    for (const url of ['http://localhost:9000/mews', 'http://127.0.0.1:9000', 'http://[::1]:9000', 'http://channel-manager:9000/mews']) {
      expect((await t.request('PUT', '/_sim/partner', { baseUrl: url })).status).toBe(200);
    }
  });

  it('refuses cross-origin browser requests and names the reason', async () => {
    const r = await t.request('GET', '/_sim/journal', undefined, { origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    expect(r.body.error.message).toMatch(/Cross-origin/);
  });

  it('answers an oversized admin body with 413 naming the limit', async () => {
    const r = await t.request('PUT', '/_sim/partner', JSON.stringify({ baseUrl: 'http://localhost:1', pad: 'x'.repeat(6 * 1024 * 1024) }));
    expect(r.status).toBe(413);
    expect(r.body.error.message).toMatch(/exceeds the limit of \d+ bytes/);
  });

  it('refuses a /_sim/runs body nested too deep with 400', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const r = await t.request('POST', '/_sim/runs', `{"name":"d","steps":${deep}}`);
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/nested \d+ levels deep/);
  });
});

describe.each(TRANSPORTS)('admin token (%s)', (_name, start) => {
  let t: Transport;
  beforeAll(async () => {
    t = await start({ adminToken: 'tok-123', allowOutboundHosts: ['10.0.0.5'] });
  });
  afterAll(() => t.close());

  it('is required on every /_sim route but health', async () => {
    for (const [method, path] of [['GET', '/_sim/journal'], ['GET', '/_sim/worlds'], ['POST', '/_sim/reset'], ['GET', '/_sim/worlds/default/snapshot'], ['GET', '/_sim/journal/export']]) {
      const r = await t.request(method, path);
      expect(r.status).toBe(401);
      expect(r.body.error.message).toMatch(/Authorization: Bearer/);
      expect((await t.request(method, path, undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    }
    expect((await t.request('GET', '/_sim/journal', undefined, { authorization: 'Bearer tok-123' })).status).toBe(200);
    const health = await t.request('GET', '/_sim/health');
    expect(health.status).toBe(200);
    expect(health.body.worlds).toBeUndefined();
  });

  it('leaves the hotel APIs open, and lets allowed outbound hosts through', async () => {
    expect((await t.post('/api/channelManager/v1/getChannels', {})).status).toBe(200);
    const r = await t.request('PUT', '/_sim/partner', { baseUrl: 'http://10.0.0.5:8080' }, { authorization: 'Bearer tok-123' });
    expect(r.status).toBe(200);
  });
});

describe('admin Host check (express)', () => {
  let t: Transport;
  beforeAll(async () => {
    t = await TRANSPORTS[0][1]({ allowedHosts: ['sim.ci.example'] });
  });
  afterAll(() => t.close());

  const get = async (host: string) => {
    const { request } = await import('node:http');
    const url = new URL(t.baseUrl);
    return new Promise<number>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/_sim/journal', headers: { host } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
  };

  it('answers loopback, IP, single-label and allowed names, and refuses others (DNS rebinding)', async () => {
    for (const host of ['localhost:8080', '127.0.0.1:8080', '[::1]:8080', 'mews-sim:8080', 'sim.ci.example']) expect(await get(host)).toBe(200);
    for (const host of ['attacker.example:8080', 'rebind.attacker.example']) expect(await get(host)).toBe(403);
  });
});

describe('environment allowed to scenarios run by the CLI', () => {
  it('is MEWS_SIM_VAR_* and the names given with --env, nothing else', () => {
    expect(allowedEnvironment({ MEWS_SIM_VAR_URL: 'u', SECRET: 's', CI_TOKEN: 't', PARTNER: 'p' }, ['PARTNER'])).toEqual({ MEWS_SIM_VAR_URL: 'u', PARTNER: 'p' });
  });
});
