import { callPartner, type OutboundResult } from '../engine/outbound.js';
import { isPlainObject } from '../engine/json.js';
import type { World } from '../engine/world.js';
import type { Finding } from '../journal/entry.js';
import type { Connection } from '../world/state.js';
import { errorItemFindings } from './reply-rules.js';

/** Channel-manager-side operations Mews calls; the default path of each is its name under the base URL. */
export const PARTNER_OPERATIONS = [
  'updateAvailability',
  'updatePrices',
  'updateRestrictions',
  'confirmGroup',
  // The documented spelling of the change notification endpoint.
  'changeNotificaton',
  'processGroup',
  'processAvailabilityBlock',
  // Not named by the docs: used only when configured explicitly (see docs/fidelity.md).
  'processAvailabilityBlockConfirmation',
] as const;

export type PartnerOperation = (typeof PARTNER_OPERATIONS)[number];

export interface PartnerReply {
  result: OutboundResult;
  /** The partner accepted the message (HTTP 200, JSON, success: true). */
  accepted: boolean;
  /** The partner will confirm later through a process*Confirmation call. */
  asyncConfirmation: boolean;
  errorCodes: number[];
  /** Worth sending again: no answer, HTTP 5xx/429, or error code 1. */
  retryable: boolean;
}

/**
 * Sends one message to the partner and judges its synchronous simple response the way Mews
 * does: shape, documented codes, rateCode/categoryCode where required, a clear message.
 */
export async function sendToPartner(
  world: World,
  connection: Connection,
  operation: PartnerOperation,
  body: Record<string, unknown>,
  ids: { messageId?: string; relatedMessageId?: string; payload?: string } = {},
): Promise<PartnerReply> {
  const result = await callPartner(
    world,
    { api: 'channelManager', operation, url: world.partnerUrl(operation), body, connection: connection.token, ...ids },
    judgeSimpleResponse,
  );
  const body2 = isPlainObject(result.body) ? result.body : undefined;
  const errorCodes = result.entry.errorCodes ?? [];
  const accepted = result.status === 200 && !result.oversized && body2?.success === true;
  return {
    result,
    accepted,
    asyncConfirmation: accepted && body2?.asyncConfirmation === true,
    errorCodes,
    retryable: (result.status === 0 && result.entry.url !== '') || result.oversized === true || result.status >= 500 || result.status === 429 || errorCodes.includes(1),
  };
}

export function judgeSimpleResponse(reply: { status: number; body: unknown; text: string; failure?: string; oversized?: boolean }): {
  findings: Finding[];
  success?: boolean;
  errorCodes?: number[];
} {
  const findings: Finding[] = [];
  if (reply.failure) return { findings: [{ severity: 'error', kind: reply.oversized ? 'reply-too-large' : 'no-answer', message: reply.failure }] };
  if (reply.status !== 200) {
    findings.push({ severity: 'error', kind: 'http-status', message: `The partner answered HTTP ${reply.status}; the Channel Manager API always answers 200, errors included.` });
  }
  if (!isPlainObject(reply.body)) {
    findings.push({
      severity: 'error',
      kind: 'reply-shape',
      message: reply.text === '' ? 'The partner answered with an empty body; a simple response is expected.' : 'The partner did not answer with a JSON object (the simple response).',
    });
    return { findings, success: false };
  }
  const { success, errors, error, asyncConfirmation } = reply.body;
  if (typeof success !== 'boolean') {
    findings.push({ severity: 'error', kind: 'reply-shape', path: 'success', message: "The reply lacks the required boolean 'success'." });
  }
  if (asyncConfirmation !== undefined && typeof asyncConfirmation !== 'boolean') {
    findings.push({ severity: 'error', kind: 'reply-shape', path: 'asyncConfirmation', message: "'asyncConfirmation' must be a boolean." });
  }
  if (error !== undefined && error !== null) {
    findings.push({ severity: 'warning', kind: 'deprecated-field', path: 'error', message: "'error' is deprecated; answer with the 'errors' array." });
  }
  findings.push(...errorItemFindings(errors, 'errors'));
  const list = Array.isArray(errors) ? errors : isPlainObject(error) ? [error] : [];
  const errorCodes = list.map((e) => (isPlainObject(e) && typeof e.code === 'number' ? e.code : NaN)).filter((c) => !Number.isNaN(c));
  if (success === false && list.length === 0) {
    findings.push({ severity: 'error', kind: 'reply-shape', path: 'errors', message: 'success is false but no errors are listed.' });
  }
  return { findings, success: success === true && reply.status === 200, errorCodes: errorCodes.length ? errorCodes : undefined };
}
