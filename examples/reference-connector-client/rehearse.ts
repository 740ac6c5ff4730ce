import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RevenueClient, type Defect } from './client.js';

/**
 * A certification run, compressed: the client runs against mews-sim while the simulated clock is
 * advanced a minute at a time through /_sim/clock, and the hotel takes a booking every half hour
 * (POST /_sim/bookings), whose ServiceOrderUpdated webhook the client receives. Hours of simulated
 * time take seconds.
 */
export interface RehearsalOptions {
  /** mews-sim address, e.g. http://localhost:8080 */
  url: string;
  hours: number;
  defect?: Defect;
  /** Port of the client's webhook endpoint (0: any free one). */
  webhookPort?: number;
  /** Register the webhook URL through PUT /_sim/webhooks (otherwise start mews-sim with --webhook-url). */
  registerWebhook?: boolean;
  /** Optional admin token (Authorization: Bearer). */
  adminToken?: string;
  /** A 429 with Retry-After on the first rates/getPricing, to show how the client handles it. */
  inject429?: boolean;
  log?: (line: string) => void;
}

export interface RehearsalResult {
  webhookUrl: string;
  bookings: number;
  webhooks: number;
  simulatedStart: string;
  simulatedEnd: string;
}

export async function rehearse(o: RehearsalOptions): Promise<RehearsalResult> {
  const base = o.url.replace(/\/+$/, '');
  const headers = { 'content-type': 'application/json', ...(o.adminToken && { authorization: `Bearer ${o.adminToken}` }) };
  const admin = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}/_sim/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} /_sim/${path}: HTTP ${res.status} ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : {};
  };
  // mews-sim may still be starting (both are often started on one command line).
  for (let waited = 0; ; waited += 250) {
    try {
      await fetch(`${base}/_sim/health`, { headers });
      break;
    } catch {
      if (waited > 30_000) throw new Error(`nothing answers at ${base} after 30 s; start mews-sim first.`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  let simNow = Date.parse((await admin('GET', 'clock')).now);
  // Freeze the clock where it is: from now on only the rehearsal moves it.
  await admin('POST', 'clock', { now: new Date(simNow).toISOString() });
  const advance = async (ms: number) => {
    simNow = Date.parse((await admin('POST', 'clock', { advanceMs: ms })).now);
  };

  const world = await admin('GET', 'world');
  const property = world.properties[0];
  let webhooks = 0;
  let client: RevenueClient | undefined;
  const server: Server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      webhooks++;
      try {
        client?.onWebhook(JSON.parse(text));
      } catch {
        // Not JSON: nothing to fetch.
      }
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => server.listen(o.webhookPort ?? 9100, '127.0.0.1', r));
  const webhookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  try {
    if (o.registerWebhook) await admin('PUT', 'webhooks', { url: webhookUrl });
    if (o.inject429) await admin('POST', 'faults', { api: 'connector', operation: 'rates/getPricing', count: 1, fault: { httpStatus: 429, retryAfter: 30 } });
    client = new RevenueClient({
      baseUrl: base,
      clientToken: world.connectorClientTokens[0],
      accessToken: property.connectorAccessTokens[0],
      defect: o.defect,
      wait: advance,
      now: () => simNow,
      log: o.log,
    });
    const simulatedStart = new Date(simNow).toISOString();
    await client.setup();
    const end = simNow + o.hours * 3_600_000;
    let bookings = 0;
    const spaceTypes: string[] = property.connections[0].spaceTypeCodes;
    for (let minute = 0; simNow < end; minute++) {
      if (minute % 30 === 15) {
        const from = new Date(simNow + (3 + (bookings % 20)) * 86_400_000).toISOString().slice(0, 10);
        const to = new Date(Date.parse(from) + 2 * 86_400_000).toISOString().slice(0, 10);
        await admin('POST', 'bookings', { connection: property.connections[0].token, spaceTypeCode: spaceTypes[bookings % 3], ratePlanCode: 'BAR', from, to, customer: { lastName: `Guest ${bookings + 1}` } });
        bookings++;
        await admin('POST', 'idle');
      }
      await client.tick();
      await advance(60_000);
    }
    return { webhookUrl, bookings, webhooks, simulatedStart, simulatedEnd: new Date(simNow).toISOString() };
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}
