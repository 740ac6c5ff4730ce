import type { z } from 'zod';
import type { ApiModule } from '../engine/api.js';
import { JSON_HEADERS, toJson, type SimRequest, type SimResponse } from '../engine/http.js';
import { isPlainObject, parseJsonBody } from '../engine/json.js';
import type { World } from '../engine/world.js';
import type { Fault } from '../engine/faults.js';
import type { Finding } from '../journal/entry.js';
import { maskBody, maskCardData, maskCardText, mayContainCardData } from '../journal/mask.js';
import type { Connection } from '../world/state.js';
import { CmError, CmErrorCode, errorBody, type CmErrorItem } from './errors.js';
import type { CmOperation } from './operation.js';
import { OPERATIONS, PUSH_ALIASES } from './operations/index.js';
import { zodErrorItems } from './validation.js';
import { deprecatedFieldFindings } from './deprecations.js';
import { pushEngine } from './push/engine.js';

export const CM_PREFIX = '/api/channelManager/v1/';
export const PUSH_PREFIX = '/v1/push/';

/**
 * The Mews side of the Channel Manager API. Every call goes through one envelope: method and
 * content type, body parsing, authentication, validation (code 6), the operation, and the journal.
 * Errors are always HTTP 200 with `{success:false, errors:[...]}`, as Mews answers.
 */
export class ChannelManagerApi implements ApiModule {
  readonly name = 'channelManager' as const;
  private readonly byName = new Map<string, CmOperation>(OPERATIONS.map((op) => [op.name, op]));

  attach(world: World): void {
    world.onChange((change) => pushEngine(world).onChange(change));
  }

  owns(path: string): boolean {
    return path.startsWith(CM_PREFIX) || path.startsWith(PUSH_PREFIX);
  }

  reject(_request: SimRequest, _path: string, status: number, message: string): SimResponse {
    return respond(status, errorBody([{ code: CmErrorCode.ValidationError, message }]) as unknown as Record<string, unknown>);
  }

  async handle(world: World, request: SimRequest, path: string): Promise<SimResponse> {
    const started = performance.now();
    const time = world.clock.now().toISOString();
    const opName = this.operationName(path);
    const op = opName ? this.byName.get(opName) : undefined;
    const findings: Finding[] = [];
    let body: unknown = request.body;
    let status = 200;
    let payload: Record<string, unknown>;
    let connection: string | undefined;
    let clientToken: string | undefined;
    try {
      if (!op) {
        status = 404;
        throw new CmError({ code: CmErrorCode.ValidationError, message: this.unknownOperationMessage(path, opName) });
      }
      const fault = world.faults.take('channelManager', op.name);
      if (fault) {
        const faulted = await applyFault(world, fault, findings);
        if (faulted) {
          this.journalFault(world, request, op.name, time, started, faulted, findings);
          return faulted;
        }
      }
      if (request.method !== 'POST') {
        status = 405;
        throw new CmError({ code: CmErrorCode.ValidationError, message: `${op.name} accepts only POST; got ${request.method}.` });
      }
      const contentType = request.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(contentType.trim())) {
        throw new CmError({
          code: CmErrorCode.ValidationError,
          message: `Content-Type must be application/json; got ${contentType ? `"${contentType}"` : 'none'}.`,
        });
      }
      if (request.body === undefined) {
        throw new CmError({
          code: CmErrorCode.ValidationError,
          message: `The request body of ${request.bodyBytes} bytes exceeds the limit of ${world.options.bodyLimitBytes} bytes.`,
        });
      }
      const parsed = parseJsonBody(request.body);
      if (!parsed.ok) throw new CmError({ code: CmErrorCode.ValidationError, message: parsed.reason });
      // Masked at ingress: the world and the journal only ever see masked card data.
      body = maskBody(parsed.value, request.body);
      if (!isPlainObject(parsed.value) || !isPlainObject(body)) {
        throw new CmError({ code: CmErrorCode.ValidationError, message: 'The request body must be a JSON object.' });
      }
      const input = withCardAsSent(body, parsed.value);
      clientToken = typeof input.clientToken === 'string' ? input.clientToken : undefined;
      connection = typeof input.connectionToken === 'string' ? input.connectionToken : undefined;
      const conn = authenticate(world, op, input);
      const result = op.request.safeParse(input);
      if (!result.success) throw new CmError(zodErrorItems(result.error as z.ZodError, input));
      findings.push(...deprecatedFieldFindings(op.name, input));
      payload = await op.handle({ world, body: result.data, connection: conn as Connection, findings });
    } catch (err) {
      if (!(err instanceof CmError)) throw err;
      payload = errorBody(err.items) as unknown as Record<string, unknown>;
    }
    const response = respond(status, payload);
    const errors = (payload.errors as CmErrorItem[] | undefined) ?? [];
    world.record({
      time,
      direction: 'inbound',
      api: 'channelManager',
      operation: op?.name ?? opName ?? path,
      method: request.method,
      url: request.path,
      connection,
      clientToken,
      status: response.status,
      success: payload.success === true,
      errorCodes: errors.length ? errors.map((e) => e.code) : undefined,
      messageId: pickString(body, 'messageId'),
      relatedMessageId: pickString(body, 'relatedMessageId'),
      request: { body: storedBody(body, request.body) },
      // An error may quote the input; what was masked coming in stays masked in the record.
      response: { body: body !== undefined && typeof body !== 'string' && request.body !== undefined && mayContainCardData(request.body) ? maskCardData(payload) : payload },
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      findings: [...findings, ...errors.map(errorFinding)],
    }, request.bodyBytes + (typeof response.body === 'string' ? response.body.length : 0));
    return response;
  }

  private journalFault(world: World, request: SimRequest, operation: string, time: string, started: number, response: SimResponse, findings: Finding[]) {
    const parsed = request.body === undefined ? undefined : parseJsonBody(request.body);
    const body = parsed?.ok ? parsed.value : request.body;
    return world.record({
      time,
      direction: 'inbound',
      api: 'channelManager',
      operation,
      method: request.method,
      url: request.path,
      connection: pickString(body, 'connectionToken'),
      clientToken: pickString(body, 'clientToken'),
      status: response.drop ? 0 : response.status,
      success: false,
      messageId: pickString(body, 'messageId'),
      request: { body: storedBody(body, request.body) },
      response: response.drop ? undefined : { body: typeof response.body === 'string' ? safeJson(response.body) : null },
      durationMs: Math.round((performance.now() - started) * 100) / 100,
      findings,
      ...(response.drop && { failure: 'injected fault: no answer' }),
    });
  }

  private operationName(path: string): string | undefined {
    if (path.startsWith(CM_PREFIX)) return path.slice(CM_PREFIX.length);
    return PUSH_ALIASES[path.slice(PUSH_PREFIX.length)] ?? `push/${path.slice(PUSH_PREFIX.length)}`;
  }

  private unknownOperationMessage(path: string, name: string | undefined): string {
    if (path.startsWith(PUSH_PREFIX)) {
      return `Unknown push address ${path}. Reservation pushes go to ${Object.entries(PUSH_ALIASES)
        .map(([id, op]) => `${PUSH_PREFIX}${id} (${op})`)
        .join(', ')}.`;
    }
    const close = [...this.byName.keys()].find((k) => k.toLowerCase() === name?.toLowerCase().replace(/\/+$/, ''));
    return close
      ? `Unknown operation "${name}". Did you mean "${close}"? Operation names are case-sensitive.`
      : `Unknown operation "${name}". Known operations: ${[...this.byName.keys()].join(', ')}.`;
  }
}

function authenticate(world: World, op: CmOperation, body: Record<string, unknown>): Connection | undefined {
  const { clientToken, connectionToken } = body;
  if (typeof clientToken !== 'string' || clientToken === '') {
    throw new CmError({ code: CmErrorCode.InvalidAuthentication, message: 'Missing clientToken.' });
  }
  if (clientToken !== world.state.clientToken) {
    throw new CmError({ code: CmErrorCode.InvalidAuthentication, message: "Invalid 'clientToken': no channel manager has this token." });
  }
  if (op.auth === 'client') return undefined;
  if (typeof connectionToken !== 'string' || connectionToken === '') {
    throw new CmError({ code: CmErrorCode.InvalidAuthentication, message: 'Missing connectionToken.' });
  }
  const connection = world.state.connections.get(connectionToken);
  if (!connection) {
    throw new CmError({ code: CmErrorCode.InvalidAuthentication, message: "Invalid 'connectionToken': no connection has this token for this client." });
  }
  if (connection.deleted) {
    throw new CmError({ code: CmErrorCode.ConnectionNotFound, message: 'The connection was deleted in Mews.' });
  }
  if (!connection.active) {
    throw new CmError({ code: CmErrorCode.ConnectionNotFound, message: 'The connection is inactive: the property has disabled this integration in Mews.' });
  }
  return connection;
}

/** Applies an injected fault: waits its delay, then returns the faulty answer (or undefined to answer normally). */
async function applyFault(world: World, fault: Fault, findings: Finding[]): Promise<SimResponse | undefined> {
  const describe = JSON.stringify(fault);
  findings.push({ severity: 'info', kind: 'injected-fault', message: `Injected fault ${describe}.` });
  if (fault.noAnswer) {
    await world.tasks.sleep(fault.delayMs ?? 30_000);
    return { status: 0, headers: {}, body: undefined, drop: true };
  }
  if (fault.delayMs) await world.tasks.sleep(fault.delayMs);
  if (fault.httpStatus !== undefined) {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
    return { status: fault.httpStatus, headers, body: JSON.stringify({ message: fault.message ?? `Injected HTTP ${fault.httpStatus}.` }) };
  }
  if (fault.errorCode !== undefined) {
    return respond(200, errorBody([{ code: fault.errorCode, message: fault.message ?? `Injected error ${fault.errorCode}.` }]) as unknown as Record<string, unknown>);
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function respond(status: number, payload: Record<string, unknown>): SimResponse {
  return { status, headers: { ...JSON_HEADERS }, body: toJson(payload) };
}

/** The body as the journal keeps it: parsed when possible, raw text otherwise; card data masked. */
function storedBody(parsed: unknown, raw: string | undefined): unknown {
  if (parsed !== undefined && typeof parsed !== 'string') {
    return raw !== undefined && mayContainCardData(raw) ? maskCardData(parsed) : parsed;
  }
  return raw === undefined ? null : maskCardText(raw.length > 65_536 ? raw.slice(0, 65_536) + '…' : raw);
}

/**
 * The masked body with the payment card's number and CVV as sent: the card rules (checksum, test cards,
 * CVV 000) need them, and the booking keeps only the masked number. Nothing else sees them.
 */
function withCardAsSent(masked: Record<string, unknown>, raw: Record<string, unknown>): Record<string, unknown> {
  if (masked === raw || !isPlainObject(raw.paymentCard) || !isPlainObject(masked.paymentCard)) return masked;
  const card: Record<string, unknown> = { ...masked.paymentCard };
  for (const key of ['number', 'cvv'] as const) if (key in raw.paymentCard) card[key] = raw.paymentCard[key];
  return { ...masked, paymentCard: card };
}

function pickString(body: unknown, key: string): string | undefined {
  const v = isPlainObject(body) ? body[key] : undefined;
  return typeof v === 'string' ? v : undefined;
}

function errorFinding(e: CmErrorItem): Finding {
  return { severity: 'error', kind: `code-${e.code}`, message: e.message };
}
