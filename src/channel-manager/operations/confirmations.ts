import type { z } from 'zod';
import type { CmContext } from '../operation.js';
import { cmError, CmErrorCode, SIMPLE_SUCCESS, type CmErrorItem } from '../errors.js';
import { defineOperation } from '../operation.js';
import { errorItemFindings } from '../reply-rules.js';
import {
  ProcessAvailabilityBlockConfirmationRequest,
  ProcessGroupConfirmationRequest,
  PushConfirmationRequest,
} from '../schemas.js';
import { cmState } from '../state.js';
import { rememberPartnerCodes } from '../push/mews-bookings.js';

type Confirmation = z.output<typeof PushConfirmationRequest>;

/**
 * The partner's asynchronous answer to a push it acknowledged with `asyncConfirmation: true`.
 * Matched to the push by relatedMessageId; its errors are checked like a synchronous reply's and
 * then handed to whoever applies their consequences (the push engine listens for them).
 */
function confirm(name: string, { world, body, connection, findings }: CmContext<Confirmation>) {
  const state = cmState(world);
  const push = state.pending.get(body.relatedMessageId);
  if (!push) {
    throw cmError(CmErrorCode.ProcessingError, `No push with messageId '${body.relatedMessageId}' is waiting for a confirmation.`);
  }
  if (push.connectionToken !== connection.token) {
    throw cmError(CmErrorCode.ProcessingError, `Message '${body.relatedMessageId}' was sent on another connection.`);
  }
  if (push.confirmWith !== name) {
    throw cmError(CmErrorCode.ProcessingError, `Message '${body.relatedMessageId}' was a ${push.operation} push; confirm it with ${push.confirmWith}, not ${name}.`);
  }
  if (push.confirmedAt) {
    findings.push({ severity: 'warning', kind: 'duplicate-confirmation', message: `Message '${body.relatedMessageId}' was already confirmed at ${push.confirmedAt}.` });
  }
  findings.push(...errorItemFindings(body.errors, 'errors'));
  if (!body.success && !(body.errors?.length)) {
    findings.push({ severity: 'error', kind: 'reply-shape', path: 'errors', message: 'A failed confirmation must list its errors.' });
  }
  push.confirmedAt = world.clock.now().toISOString();
  push.success = body.success;
  state.emit('confirmation', { push, success: body.success, errors: (body.errors ?? []) as CmErrorItem[] });
  return { ...SIMPLE_SUCCESS };
}

const pushConfirmation = (name: string, pushName: string) =>
  defineOperation({
    name,
    summary: `The channel manager's asynchronous confirmation of a ${pushName} push.`,
    request: PushConfirmationRequest,
    auth: 'connection',
    handle: (ctx) => confirm(name, ctx),
  });

export const processAvailabilityConfirmation = pushConfirmation('processAvailabilityConfirmation', 'updateAvailability');
export const processRateConfirmation = pushConfirmation('processRateConfirmation', 'updatePrices');
export const processRestrictionConfirmation = pushConfirmation('processRestrictionConfirmation', 'updateRestrictions');

export const processGroupConfirmation = defineOperation({
  name: 'processGroupConfirmation',
  summary: 'The channel manager confirms a booking group that Mews pushed to it (its own group code and reservation codes).',
  request: ProcessGroupConfirmationRequest,
  auth: 'connection',
  handle(ctx) {
    if (ctx.body.success && !ctx.body.reservations?.length) {
      ctx.findings.push({ severity: 'warning', kind: 'missing-reservations', path: 'reservations', message: 'A successful group confirmation should list a code for each reservation.' });
    }
    const answer = confirm('processGroupConfirmation', ctx);
    const push = cmState(ctx.world).pending.get(ctx.body.relatedMessageId);
    if (push?.subject && ctx.body.success) rememberPartnerCodes(ctx.world, push.subject, ctx.body.code, ctx.body.reservations ?? []);
    return answer;
  },
});

export const processAvailabilityBlockConfirmation = defineOperation({
  name: 'processAvailabilityBlockConfirmation',
  summary: 'The channel manager confirms an availability block that Mews pushed to it.',
  request: ProcessAvailabilityBlockConfirmationRequest,
  auth: 'connection',
  handle(ctx) {
    const answer = confirm('processAvailabilityBlockConfirmation', ctx);
    const push = cmState(ctx.world).pending.get(ctx.body.relatedMessageId);
    const block = [...cmState(ctx.world).blocks.values()].find((b) => b.confirmationNumber === push?.subject);
    if (block && ctx.body.success) block.partnerCode = ctx.body.code;
    return answer;
  },
});
