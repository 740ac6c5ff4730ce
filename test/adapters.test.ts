import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createApp } from '../src/adapters/express.js';
import { createSimulatorServer } from '../src/adapters/node.js';
import { Simulator } from '../src/simulator.js';
import { CONNECTOR_DEMO } from '../src/world/demo.js';
import { CM, EMAIL, CLIENT, singleGroup, auth } from './support/fixtures.js';

/**
 * `mews-sim serve` (and the image) answers on a bare node:http server; the behavioural tests run
 * through the Express app and MSW. The two servers mount one handler: this checks they answer every
 * kind of request alike, byte for byte apart from the per-request ids and dates.
 */
const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'adapters 1.0' };

const CASES: { name: string; method: string; path: string; body?: string; headers?: Record<string, string> }[] = [
  { name: 'health', method: 'GET', path: '/_sim/health' },
  { name: 'getProperties', method: 'POST', path: `${CM}/getProperties`, body: JSON.stringify({ clientToken: CLIENT, email: EMAIL }) },
  { name: 'getConfiguration', method: 'POST', path: `${CM}/getConfiguration`, body: JSON.stringify(auth()) },
  { name: 'processGroup with card data', method: 'POST', path: `${CM}/processGroup`, body: JSON.stringify(singleGroup()) },
  { name: 'Channel Manager bad JSON', method: 'POST', path: `${CM}/getConfiguration`, body: '{"clientToken":' },
  { name: 'Channel Manager wrong method', method: 'GET', path: `${CM}/getConfiguration` },
  { name: 'Connector configuration', method: 'POST', path: `${C}/configuration/get`, body: JSON.stringify(gross) },
  { name: 'Connector page', method: 'POST', path: `${C}/rates/getAll`, body: JSON.stringify({ ...gross, ServiceIds: [], Limitation: { Count: 2 } }) },
  { name: 'Connector minimal empty page', method: 'POST', path: `${C}/tasks/getAll`, body: JSON.stringify({ ...gross, TaskIds: ['none'], Limitation: { Count: 1 } }), headers: { prefer: 'return=minimal' } },
  { name: 'Connector missing parameter', method: 'POST', path: `${C}/customers/add`, body: JSON.stringify(gross) },
  { name: 'Connector unknown token', method: 'POST', path: `${C}/configuration/get`, body: JSON.stringify({ ...gross, AccessToken: 'nope' }) },
  { name: 'Connector trailing slash', method: 'POST', path: `${C}/configuration/get/`, body: JSON.stringify(gross) },
  { name: 'Connector body too large', method: 'POST', path: `${C}/configuration/get`, body: JSON.stringify({ ...gross, Pad: 'x'.repeat(2_000_000) }) },
  { name: 'Connector text/plain', method: 'POST', path: `${C}/configuration/get`, body: JSON.stringify(gross), headers: { 'content-type': 'text/plain' } },
  { name: 'unknown path', method: 'GET', path: '/nothing/here' },
  { name: 'admin JSON required', method: 'POST', path: '/_sim/clock', body: 'advance', headers: { 'content-type': 'text/plain' } },
  { name: 'dashboard', method: 'GET', path: '/_sim/ui/' },
];

/** Status, headers and body with the per-request values (ids, dates, timings) blanked. */
async function answer(base: string, c: (typeof CASES)[number]) {
  const res = await fetch(base + c.path, { method: c.method, body: c.body, headers: { ...(c.body !== undefined && { 'content-type': 'application/json' }), ...c.headers } });
  const text = await res.text();
  const headers: Record<string, string | undefined> = {};
  res.headers.forEach((value, key) => {
    if (!['date', 'request-id', 'keep-alive', 'connection'].includes(key)) headers[key] = value;
  });
  const blank = text
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>')
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>')
    .replace(/"(durationMs|uptimeSeconds|seq)":[\d.]+/g, '"$1":0');
  return { status: res.status, headers: { ...headers, 'content-length': undefined }, body: blank };
}

describe('the node:http server that serve runs and the Express app', () => {
  const servers: Server[] = [];
  const sims: Simulator[] = [];
  let node: string;
  let express: string;

  const listen = async (server: Server) => {
    servers.push(server.listen(0, '127.0.0.1'));
    await new Promise((r) => server.once('listening', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    const options = { now: '2027-01-10T08:00:00Z', asyncDelayMs: 0, deltaPushes: false, bodyLimitBytes: 1_000_000 };
    sims.push(new Simulator(options), new Simulator(options));
    node = await listen(createSimulatorServer(sims[0]));
    express = await listen(createServer(createApp(sims[1])));
  });

  afterAll(async () => {
    for (const sim of sims) sim.close();
    for (const s of servers) {
      s.closeAllConnections();
      await new Promise((r) => s.close(r));
    }
  });

  it.each(CASES.map((c) => [c.name, c] as const))('%s: the same answer', async (_name, c) => {
    const [a, b] = [await answer(node, c), await answer(express, c)];
    expect(a).toEqual(b);
  });
});
