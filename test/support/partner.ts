import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  operation: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

type Responder = (call: ReceivedCall) => { status?: number; body?: unknown; raw?: string; delayMs?: number; reset?: boolean } | undefined;

/**
 * A tiny channel manager for tests: records every call Mews makes to it and answers with the
 * simple success response, or whatever the test's responder says.
 */
export class TestPartner {
  readonly calls: ReceivedCall[] = [];
  private server!: Server;
  private waiters: { operation: string; count: number; resolve: () => void }[] = [];
  responder: Responder = () => undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer(async (req, res) => {
      const text = await readAll(req);
      const operation = (req.url ?? '/').replace(/^\//, '').split('?')[0];
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
      const call = { operation, body };
      this.calls.push(call);
      this.waiters = this.waiters.filter((w) => {
        if (this.received(w.operation).length >= w.count) {
          w.resolve();
          return false;
        }
        return true;
      });
      const answer = this.responder(call) ?? {};
      if (answer.delayMs) await new Promise((r) => setTimeout(r, answer.delayMs));
      if (answer.reset) {
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' });
      res.end(answer.raw ?? JSON.stringify(answer.body ?? { success: true }));
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise((r) => this.server.once('listening', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Forgets the calls so far and goes back to the simple success response. */
  reset(): void {
    this.calls.length = 0;
    this.responder = () => undefined;
  }

  received(operation: string): ReceivedCall[] {
    return this.calls.filter((c) => c.operation === operation);
  }

  /** Resolves when `count` calls of the operation have arrived (or rejects after timeoutMs). */
  waitFor(operation: string, count = 1, timeoutMs = 5000): Promise<ReceivedCall[]> {
    if (this.received(operation).length >= count) return Promise.resolve(this.received(operation));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${count}x ${operation} within ${timeoutMs} ms (got ${this.received(operation).length})`)), timeoutMs);
      this.waiters.push({
        operation,
        count,
        resolve: () => {
          clearTimeout(timer);
          resolve(this.received(operation));
        },
      });
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}
