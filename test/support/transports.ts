import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { setupServer } from 'msw/node';
import { createApp } from '../../src/adapters/express.js';
import { createMswHandlers } from '../../src/adapters/msw.js';
import { Simulator, type SimulatorOptions } from '../../src/simulator.js';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One way of reaching the simulator: over a real socket (Express) or in-process (MSW). */
export interface Transport {
  name: string;
  sim: Simulator;
  baseUrl: string;
  request(method: string, path: string, body?: string | object, headers?: Record<string, string>): Promise<Reply>;
  post(path: string, body?: string | object, headers?: Record<string, string>): Promise<Reply>;
  close(): Promise<void>;
}

async function doFetch(baseUrl: string, method: string, path: string, body?: string | object, headers: Record<string, string> = {}): Promise<Reply> {
  const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const res = await fetch(baseUrl + path, {
    method,
    headers: { ...(text !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: text,
  });
  const out = await res.text();
  let parsed: unknown;
  try {
    parsed = out ? JSON.parse(out) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: res.status, headers: res.headers, text: out, body: parsed };
}

const connectorOps = new Map(CONNECTOR_OPERATIONS.map((op) => [op.path, op]));

/** Every successful Connector answer a test sees must match the operation's documented response schema. */
function checkConnectorAnswer(path: string, reply: Reply): Reply {
  const at = path.indexOf('/api/connector/v1/');
  if (at < 0 || reply.status !== 200) return reply;
  const op = connectorOps.get(path.slice(at + '/api/connector/v1/'.length));
  const result = op?.response?.safeParse(reply.body);
  if (result && !result.success) {
    const issues = result.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`The answer of ${op!.path} does not match its documented response schema:\n${issues.join('\n')}`);
  }
  return reply;
}

function transport(name: string, sim: Simulator, baseUrl: string, stop: () => Promise<void> | void): Transport {
  return {
    name,
    sim,
    baseUrl,
    request: async (m, p, b, h) => checkConnectorAnswer(p, await doFetch(baseUrl, m, p, b, h)),
    post: async (p, b, h) => checkConnectorAnswer(p, await doFetch(baseUrl, 'POST', p, b, h)),
    close: async () => {
      sim.close();
      await stop();
    },
  };
}

export async function expressTransport(options: SimulatorOptions = {}): Promise<Transport> {
  const sim = new Simulator({ asyncDelayMs: 0, ...options });
  const server: Server = createApp(sim).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return transport('express', sim, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });
}

export async function mswTransport(options: SimulatorOptions = {}): Promise<Transport> {
  const sim = new Simulator({ asyncDelayMs: 0, ...options });
  // One MSW server at a time: nest an expressTransport inside an MSW-run test, never a second mswTransport.
  const server = setupServer(...createMswHandlers(sim));
  server.listen({ onUnhandledRequest: 'bypass' });
  return transport('msw', sim, 'https://api.mews-demo.com', () => server.close());
}

/** The adapters every behavioural test runs through. */
export const TRANSPORTS: [string, (options?: SimulatorOptions) => Promise<Transport>][] = [
  ['express', expressTransport],
  ['msw', mswTransport],
];
