import { JSON_HEADERS, type SimResponse } from '../engine/http.js';

export const CONNECTOR_PREFIX = '/api/connector/v1/';

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

/** A Connector error answer: the status, `{Message, RequestId}` and the Request-Id header. */
export function errorResponse(status: number, message: string, requestId: string, headers: Record<string, string> = {}): SimResponse {
  return { status, headers: { ...JSON_HEADERS, 'request-id': requestId, ...headers }, body: JSON.stringify({ Message: message, RequestId: requestId }) };
}
