/** A Connector API error: an HTTP status and the `{Message, RequestId}` body Mews answers with. */
export class ConnectorError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 408 | 409 | 413 | 429 | 500,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const invalidParameter = (name: string, why: string) => new ConnectorError(400, `Invalid ${name}: ${why}`);
