/**
 * The calls a channel manager makes to Mews (the Mews side of the Channel Manager API).
 * Every answer is HTTP 200; `success: false` carries error codes.
 */
export interface MewsAnswer {
  success: boolean;
  errors?: { code: number; message: string }[];
  [key: string]: unknown;
}

export class MewsClient {
  constructor(
    private readonly baseUrl: string,
    readonly clientToken: string,
    /** The simulator's admin token, when one is set (sent on /_sim calls only). */
    private readonly adminToken?: string,
  ) {}

  get base(): string {
    return this.baseUrl.replace(/\/+$/, '');
  }

  async call(operation: string, body: Record<string, unknown>): Promise<MewsAnswer> {
    return this.post(`/api/channelManager/v1/${operation}`, { clientToken: this.clientToken, ...body }) as Promise<MewsAnswer>;
  }

  /** POSTs JSON to a full URL or a path of the Mews side (a confirmation's responseUrl, a prompt's done). */
  async post(urlOrPath: string, body: unknown): Promise<unknown> {
    const url = urlOrPath.startsWith('/') ? `${this.base}${urlOrPath}` : urlOrPath;
    const res = await fetch(url, { method: 'POST', headers: this.headers(url, { 'content-type': 'application/json' }), body: JSON.stringify(body) });
    return res.json();
  }

  /** An admin API stream (NDJSON), one parsed line at a time. */
  async *follow(path: string, signal: AbortSignal): AsyncGenerator<Record<string, unknown>> {
    const url = `${this.base}${path}`;
    const res = await fetch(url, { headers: this.headers(url, {}), signal });
    if (!res.ok || !res.body) throw new Error(`GET ${path} answered HTTP ${res.status}`);
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield JSON.parse(line) as Record<string, unknown>;
      }
    }
  }

  private headers(url: string, base: Record<string, string>): Record<string, string> {
    return this.adminToken && new URL(url).pathname.includes('/_sim/') ? { ...base, authorization: `Bearer ${this.adminToken}` } : base;
  }
}
