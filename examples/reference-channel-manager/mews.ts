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
  ) {}

  async call(operation: string, body: Record<string, unknown>): Promise<MewsAnswer> {
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}/api/channelManager/v1/${operation}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientToken: this.clientToken, ...body }),
    });
    return (await res.json()) as MewsAnswer;
  }
}
