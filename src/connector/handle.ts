import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Fault } from '../engine/faults.js';
import { bodyBytes, JSON_HEADERS, presetBody, toJson, type SimRequest, type SimResponse } from '../engine/http.js';
import { lazyRequest } from '../journal/journal.js';
import { maskBody, maskCardText } from '../journal/mask.js';
import { isPlainObject, parseJsonBody } from '../engine/json.js';
import type { World } from '../engine/world.js';
import type { Finding } from '../journal/entry.js';
import type { Property } from '../world/schema.js';
import { CONNECTOR_PREFIX, ConnectorError, errorResponse } from './errors.js';
import type { ConnectorOperation } from './operation.js';
import { CONNECTOR_OPERATIONS } from './operations/index.js';
import { integrations } from './integrations.js';
import { RateLimiter } from './rate-limit.js';
import { deprecationFinding, discontinuedMessage, isDiscontinued } from './deprecations.js';
import { nearestOperation, numberOutOfRange, validationMessage } from './messages.js';
import { unknownCountry } from './countries.js';
import { taxCodeProblem, taxCodesOf } from './tax-codes.js';

interface ConnectorState {
  limiter: RateLimiter;
}

/**
 * The Connector API (PascalCase, HTTP status codes). One envelope for every operation: exact path
 * (404 otherwise; also for a discontinued operation), strict JSON (400), size (413), tokens (401), request limit per AccessToken (429 with
 * Retry-After), validation naming the parameter (400), business rules (403), injected faults, and a
 * Request-Id on every answer. Loaded by `ConnectorApi` (api.ts) on the first Connector call, with its
 * operations and their schemas.
 */
export class ConnectorHandler {
  private readonly byPath = new Map<string, ConnectorOperation>(CONNECTOR_OPERATIONS.map((op) => [op.path, op]));

  async handle(world: World, request: SimRequest, path: string): Promise<SimResponse> {
    const started = performance.now();
    const time = world.clock.now().toISOString();
    const requestId = randomUUID();
    const rest = path.startsWith(CONNECTOR_PREFIX) ? path.slice(CONNECTOR_PREFIX.length) : undefined;
    const op = rest === undefined ? undefined : this.byPath.get(rest);
    const findings: Finding[] = [];
    let body: unknown = request.body;
    let accessToken: string | undefined;
    let response: SimResponse;
    let payload: unknown;
    try {
      // Before any operation runs, whatever serves it: a discontinued one is gone, a deprecated one warns.
      if (rest !== undefined && isDiscontinued(rest, world.clock.now())) throw new ConnectorError(404, discontinuedMessage(rest));
      const deprecation = rest === undefined ? undefined : deprecationFinding(rest);
      if (deprecation) findings.push(deprecation);
      if (!op || request.method !== 'POST') throw new ConnectorError(404, this.notFoundMessage(path, request.method, op, world.clock.now()));
      if (request.body === undefined) throw new ConnectorError(413, `The request body of ${request.bodyBytes} bytes is too large (limit ${world.options.bodyLimitBytes} bytes).`);
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) throw new ConnectorError(400, `Invalid JSON: ${parsed.reason}`);
      // Masked at ingress: the world, its answers and the journal only ever see masked card data.
      const input = maskBody(parsed.value, request.body);
      body = input;
      if (!isPlainObject(input)) throw new ConnectorError(400, 'Invalid JSON: the body must be a JSON object.');
      const property = authenticate(world, input, findings);
      accessToken = input.AccessToken as string;
      const limit = world.options.connectorRequestLimit > 0 ? state(world).limiter.hit(accessToken, world.clock.nowMs()) : { allowed: true as const };
      if (!limit.allowed) {
        throw new ConnectorError(429, `Too many requests: at most ${state(world).limiter.limit} requests per AccessToken in ${state(world).limiter.windowMs / 1000} seconds.`, {
          'retry-after': String(limit.retryAfterSeconds),
        });
      }
      const fault = world.faults.take('connector', op.path);
      if (fault && (await applyFault(world, fault, findings)) === 'drop') {
        world.record({
          time,
          direction: 'inbound',
          api: 'connector',
          operation: op.path,
          method: request.method,
          url: request.path,
          connection: accessToken,
          status: 0,
          request: { body },
          durationMs: Math.round((performance.now() - started) * 100) / 100,
          findings,
          failure: 'injected fault: no answer',
        });
        return { status: 0, headers: {}, body: undefined, drop: true };
      }
      const huge = numberOutOfRange(input);
      if (huge !== undefined) throw new ConnectorError(400, `Invalid ${huge}: the number is outside the range of a decimal.`);
      const result = op.request.safeParse(input);
      if (!result.success) throw validationError(result.error as z.ZodError, input);
      const country = unknownCountry(result.data);
      if (country) throw new ConnectorError(400, `Invalid ${country.path}: ${country.code} is not an ISO 3166-1 alpha-2 country code (countries/getAll lists them).`);
      const tax = taxCodeProblem(result.data, () => taxCodesOf(world, property));
      if (tax) throw new ConnectorError(400, `Invalid ${tax.path}: ${tax.message}`);
      payload = await op.handle({ world, body: result.data, property, findings });
      const minimal = /return=minimal/i.test(request.headers['prefer'] ?? '');
      const empty = op.collection ? (payload as Record<string, unknown[]>)[op.collection]?.length === 0 : Object.keys(payload as object).length === 0;
      response =
        minimal && empty
          ? { status: 204, headers: { 'request-id': requestId }, body: undefined }
          : { status: 200, headers: { ...JSON_HEADERS, 'request-id': requestId }, body: bodyOf(payload as object) };
    } catch (err) {
      if (!(err instanceof ConnectorError)) throw err;
      payload = { Message: err.message, RequestId: requestId };
      response = errorResponse(err.status, err.message, requestId, err.headers);
    }
    world.record(
      {
        time,
        direction: 'inbound',
        api: 'connector',
        operation: op?.path ?? path,
        method: request.method,
        url: request.path,
        connection: accessToken,
        clientToken: isPlainObject(body) && typeof body.ClientToken === 'string' ? body.ClientToken : undefined,
        status: response.status,
        success: response.status < 300,
        errorCodes: response.status >= 300 ? [response.status] : undefined,
        request: { body: typeof body === 'string' ? maskCardText(body.length > 65_536 ? `${body.slice(0, 65_536)}…` : body) : (body ?? null) },
        response: journaledResponse(payload, response),
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        findings: response.status >= 300 ? [...findings, { severity: 'error', kind: `http-${response.status}`, message: (payload as { Message: string }).Message }] : findings,
      },
      request.bodyBytes + bodyBytes(response.body),
    );
    return response;
  }

  private notFoundMessage(path: string, method: string, op: ConnectorOperation | undefined, now: Date): string {
    if (op) return `${path} accepts only POST; got ${method}.`;
    const rest = path.startsWith(CONNECTOR_PREFIX) ? path.slice(CONNECTOR_PREFIX.length) : path;
    const close = [...this.byPath.keys()].find((k) => k.toLowerCase() === rest.toLowerCase().replace(/\/+$/, '') && !isDiscontinued(k, now));
    if (close) return `Not found: ${path}. Did you mean /api/connector/v1/${close}? The address is case-sensitive and has no trailing slash.`;
    return `Not found: ${path} is not a Connector API operation. The nearest documented one is /api/connector/v1/${nearestOperation(rest, (k) => !isDiscontinued(k, now))}.`;
  }
}

/**
 * The JSON an answer is sent as. Pieces an operation assembled are joined once, into pooled memory
 * outside the JS heap, so the journal can keep the very bytes sent without holding page-sized
 * object graphs on the heap.
 */
function bodyOf(payload: object): string | readonly Uint8Array[] {
  return presetBody(payload) ?? toJson(payload);
}

/** What the journal keeps of an answer: the bytes it was sent as when the operation assembled them, else the payload (and a 429's Retry-After). */
function journaledResponse(payload: unknown, response: SimResponse): { body: unknown; headers?: Record<string, string> } {
  if (Array.isArray(response.body)) return lazyRequest(response.body as readonly Uint8Array[]);
  const retryAfter = response.headers['retry-after'];
  return { body: payload ?? null, ...(retryAfter && { headers: { 'retry-after': retryAfter } }) };
}

function state(world: World): ConnectorState {
  return world.apiStateOf('connector', () => ({ limiter: new RateLimiter(world.options.connectorRequestLimit) }));
}

function authenticate(world: World, body: Record<string, unknown>, findings: Finding[]): Property {
  for (const field of ['ClientToken', 'AccessToken', 'Client'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '') throw new ConnectorError(400, `Invalid ${field}: it is required.`);
  }
  if (!world.state.fixture.connectorClientTokens.includes(body.ClientToken as string)) {
    throw new ConnectorError(401, 'Invalid ClientToken: the token is unknown or expired.');
  }
  const integration = integrations(world).authenticate(body.AccessToken as string);
  if (!integration) throw new ConnectorError(401, 'Invalid AccessToken: the token is unknown, expired, or the integration is disabled.');
  const property = integration.property;
  const hasLanguage = body.LanguageCode != null;
  const hasCulture = body.CultureCode != null;
  if (hasLanguage !== hasCulture) {
    findings.push({ severity: 'warning', kind: 'language-culture', message: 'LanguageCode and CultureCode must be given together; the defaults are used.' });
  }
  return property;
}

/** Waits the fault's delay, then throws its HTTP error; answers 'drop' for a fault that never answers. */
async function applyFault(world: World, fault: Fault, findings: Finding[]): Promise<'drop' | undefined> {
  findings.push({ severity: 'info', kind: 'injected-fault', message: `Injected fault ${JSON.stringify(fault)}.` });
  if (fault.noAnswer) {
    await world.tasks.sleep(fault.delayMs ?? 30_000);
    return 'drop';
  }
  if (fault.delayMs) await world.tasks.sleep(fault.delayMs);
  if (fault.httpStatus !== undefined) {
    const status = fault.httpStatus as ConnectorError['status'];
    const headers: Record<string, string> = status === 429 ? { 'retry-after': String(fault.retryAfter ?? 30) } : {};
    throw new ConnectorError(status, fault.message ?? defaultFaultMessage(status), headers);
  }
  return undefined;
}

function defaultFaultMessage(status: number): string {
  return (
    {
      408: 'The request took too long to process; request less data (use Limitation).',
      409: 'The data has changed; refresh and resubmit.',
      429: 'Too many requests.',
      500: 'Internal server error.',
    } as Record<number, string>
  )[status] ?? `Injected HTTP ${status}.`;
}

function validationError(error: z.ZodError, input: unknown): ConnectorError {
  return new ConnectorError(400, validationMessage(error, input));
}
