import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A very small stand-in for the Mews side and the simulator's prompt routes, for the independent
 * channel manager's own tests: two properties, three connections (one that cannot be read), a
 * processGroup that confirms through confirmGroup, and prompts the test opens by hand.
 */
export const FAKE = {
  clientToken: 'FAKE-CLIENT-0001',
  email: 'desk@fake-hotel.test',
  gross: 'GROSS-CONN-1111',
  net: 'NET-CONN-2222',
  broken: 'GONE-CONN-3333',
  adminToken: 'admin-secret-1',
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface PromptInput {
  action: string;
  connection?: string;
  pricing?: 'gross' | 'net';
  readBack?: unknown[] | null;
}

export interface FakePrompt extends PromptInput {
  id: string;
  createdAt: string;
  status: 'open' | 'done' | 'expired' | 'cancelled';
}

const config = (token: string) =>
  token === FAKE.gross
    ? {
        connectionToken: token,
        property: { name: 'Fjord Lodge', pricingMode: 0, languageCode: 'nb-NO', timeZoneIdentifier: 'Europe/Oslo', spaceCount: 30 },
        spaceCategories: [
          { code: 'K1', name: 'King', classification: 4, spaceCount: 10 },
          { code: 'T2', name: 'Twin', classification: 14, spaceCount: 8 },
          { code: 'S3', name: 'Suite', classification: 11, spaceCount: 2 },
          { code: 'DM', name: 'Dorm bed', classification: 8, spaceCount: 10 },
        ],
        ratePlans: [
          { code: 'STD', name: 'Standard', currencyCode: 'NOK', isSynchronized: true, rateType: 1 },
          { code: 'SAVER', name: 'Saver', currencyCode: 'NOK', isSynchronized: true, rateType: 1 },
          { code: 'BFAST', name: 'With breakfast', currencyCode: 'NOK', isSynchronized: true, rateType: 1 },
        ],
        inventoryMappings: [
          { ratePlanCode: 'STD', spaceTypeCode: 'K1' },
          { ratePlanCode: 'STD', spaceTypeCode: 'T2' },
          { ratePlanCode: 'STD', spaceTypeCode: 'S3' },
          { ratePlanCode: 'SAVER', spaceTypeCode: 'K1' },
          { ratePlanCode: 'SAVER', spaceTypeCode: 'T2' },
          { ratePlanCode: 'BFAST', spaceTypeCode: 'K1' },
          { ratePlanCode: 'STD', spaceTypeCode: 'DM' },
        ],
        products: [{ code: 'EGG', name: 'Breakfast', pricing: 4, unitAmount: { currencyCode: 'NOK', grossValue: 150, netValue: 133.93, taxValues: [] } }],
        productMappings: [{ ratePlanCode: 'BFAST', productCode: 'EGG' }],
        success: true,
      }
    : {
        connectionToken: token,
        property: { name: 'Harbour Inn', pricingMode: 1, languageCode: 'en-US', timeZoneIdentifier: 'America/Chicago', spaceCount: 12 },
        spaceCategories: [
          { code: 'QN', name: 'Queen', classification: 4, spaceCount: 8 },
          { code: 'KS', name: 'King suite', classification: 11, spaceCount: 4 },
        ],
        ratePlans: [
          { code: 'RACK', name: 'Rack', currencyCode: 'USD', isSynchronized: true, rateType: 1 },
          { code: 'MEMBER', name: 'Member', currencyCode: 'USD', isSynchronized: true, rateType: 0 },
        ],
        inventoryMappings: [
          { ratePlanCode: 'RACK', spaceTypeCode: 'QN' },
          { ratePlanCode: 'RACK', spaceTypeCode: 'KS' },
          { ratePlanCode: 'MEMBER', spaceTypeCode: 'QN' },
          { ratePlanCode: 'MEMBER', spaceTypeCode: 'KS' },
        ],
        success: true,
      };

export class FakeMews {
  url = '';
  /** Where confirmGroup goes: the channel manager's base URL. */
  partnerUrl = '';
  readonly calls: { path: string; body: Any; headers: Record<string, string | string[] | undefined> }[] = [];
  readonly prompts: FakePrompt[] = [];
  readonly done: { id: string; body: Any }[] = [];
  readonly confirmGroupReplies: Any[] = [];
  /** Serve /_sim/prompts/stream (off: the follower must poll). */
  stream = true;
  requireAdminToken = false;
  private server!: Server;
  private readonly listeners = new Set<ServerResponse>();
  private confirmation = 1000;

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    this.server.listen(0, '127.0.0.1');
    await new Promise((r) => this.server.once('listening', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const l of this.listeners) l.end();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  /** Open prompt streams right now. */
  get streamCount(): number {
    return this.listeners.size;
  }

  /** Ends every open stream, as a restart of the simulator would; the follower must reconnect. */
  dropStreams(): void {
    for (const l of this.listeners) l.end();
    this.listeners.clear();
  }

  received(operation: string): Any[] {
    return this.calls.filter((c) => c.path.endsWith(`/${operation}`)).map((c) => c.body);
  }

  /** Opens a prompt; `twice` publishes it a second time on the stream, as a repeated sighting. */
  open(prompt: PromptInput, twice = false): FakePrompt {
    const p: FakePrompt = { id: `p-${this.prompts.length + 1}`, status: 'open', createdAt: '2027-01-10T09:00:00.000Z', readBack: null, ...prompt };
    this.prompts.push(p);
    this.publish(p);
    if (twice) this.publish(p);
    return p;
  }

  private publish(p: FakePrompt): void {
    for (const l of this.listeners) l.write(`${JSON.stringify(p)}\n`);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const body = text ? JSON.parse(text) : undefined;
    const path = (req.url ?? '').split('?')[0];
    this.calls.push({ path, body, headers: req.headers });
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (path.startsWith('/_sim/')) {
      if (this.requireAdminToken && req.headers.authorization !== `Bearer ${FAKE.adminToken}`) return json(401, { error: { message: 'admin token required' } });
      return this.admin(req, res, path, body, json);
    }
    const op = path.replace('/api/channelManager/v1/', '');
    switch (op) {
      case 'getProperties':
        if (body.clientToken !== FAKE.clientToken || body.email !== FAKE.email) return json(200, { success: false, errors: [{ code: 8, message: 'bad token' }] });
        return json(200, {
          success: true,
          properties: [
            { id: 'fjord', name: 'Fjord Lodge', connections: [{ token: FAKE.gross, name: 'All rooms' }, { token: FAKE.broken }] },
            { id: 'harbour', name: 'Harbour Inn', connections: [{ token: FAKE.net, name: 'Main' }] },
            { id: 'empty', name: 'No connections here' },
          ],
        });
      case 'getConfiguration':
        if (body.connectionToken === FAKE.broken) return json(200, { success: false, errors: [{ code: 3, message: 'The connection is inactive.' }] });
        return json(200, config(body.connectionToken));
      case 'processGroup':
        return json(200, this.processGroup(body));
      default:
        return json(200, { success: true });
    }
  }

  private processGroup(body: Any): Any {
    for (const r of body.reservations ?? []) {
      if (r.from >= r.to) return { success: false, errors: [{ code: 7, message: `'from' ${r.from} is not before 'to' ${r.to}.` }] };
    }
    const numbers = (body.reservations ?? []).map((r: Any) => ({ code: r.code, confirmationNumber: `FK${++this.confirmation}` }));
    setTimeout(async () => {
      const res = await fetch(`${this.partnerUrl}/confirmGroup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ clientToken: FAKE.clientToken, connectionToken: body.connectionToken, relatedMessageId: body.messageId, channelManagerId: body.channelManagerId, reservations: numbers }),
      }).catch(() => undefined);
      this.confirmGroupReplies.push(res ? await res.json() : null);
    }, 10);
    return { success: true };
  }

  private admin(req: IncomingMessage, res: ServerResponse, path: string, body: Any, json: (s: number, v: unknown) => void): void {
    if (path === '/_sim/prompts/stream') {
      if (!this.stream) return json(404, { error: { message: 'no such route' } });
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const p of this.prompts.filter((x) => x.status === 'open')) res.write(`${JSON.stringify(p)}\n`);
      this.listeners.add(res);
      res.on('close', () => this.listeners.delete(res));
      return;
    }
    if (path === '/_sim/prompts' && req.method === 'GET') {
      const open = (req.url ?? '').includes('status=open');
      return json(200, { prompts: this.prompts.filter((p) => !open || p.status === 'open') });
    }
    const done = /^\/_sim\/prompts\/([^/]+)\/done$/.exec(path);
    if (done && req.method === 'POST') {
      const p = this.prompts.find((x) => x.id === decodeURIComponent(done[1]));
      if (!p) return json(404, { error: { message: 'unknown prompt' } });
      if (p.status !== 'open') return json(409, { error: { message: 'no longer open' } });
      p.status = 'done';
      this.done.push({ id: p.id, body });
      this.publish(p);
      return json(200, { prompt: p });
    }
    json(404, { error: { message: 'no such route' } });
  }

  /** Closes prompts whose expected call arrived, as the simulator does (the test calls it). */
  close(id: string): void {
    const p = this.prompts.find((x) => x.id === id);
    if (p && p.status === 'open') {
      p.status = 'done';
      this.publish(p);
    }
  }
}
