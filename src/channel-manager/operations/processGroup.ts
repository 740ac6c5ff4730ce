import { createHash } from 'node:crypto';
import { cmError, CmError, CmErrorCode, SIMPLE_SUCCESS } from '../errors.js';
import { defineOperation } from '../operation.js';
import { sendToPartner } from '../partner.js';
import { applyGroup } from '../reservations/apply.js';
import { checkGroupMessage, type GroupMessage } from '../reservations/rules.js';
import { ProcessGroupRequest } from '../schemas.js';
import { cmState } from '../state.js';
import type { World } from '../../engine/world.js';
import type { Connection } from '../../world/state.js';

/**
 * processGroup: the channel manager pushes a whole booking group. The synchronous answer says
 * whether Mews accepts it for processing (code 6 shape, code 7 business rules, code 9 when the
 * property disabled reservations); the outcome follows as a confirmGroup call to the partner.
 */
export const processGroup = defineOperation({
  name: 'processGroup',
  summary: 'Push a booking group: new, modified or canceled reservations. Confirmed later through confirmGroup.',
  request: ProcessGroupRequest,
  auth: 'connection',
  handle({ world, body, connection, findings }) {
    if (!connection.reservationsEnabled) {
      throw cmError(CmErrorCode.RateErrorOrDisabledOperation, 'Receiving reservations through the channel manager integration is disabled by the property.');
    }
    const state = cmState(world);
    const property = world.state.propertyOf(connection);
    // Hashed only when it matters: a booking rejected before, or rejected now.
    const rejected = state.rejectedGroups.get(body.channelManagerId);
    if (rejected !== undefined && rejected === fingerprintOf(body)) {
      findings.push({
        severity: 'error',
        kind: 'resent-invalid-reservation',
        message: `Booking '${body.channelManagerId}' was already rejected with code 7 and is sent again unchanged; log the error and do not re-send.`,
      });
    }
    const errors = checkGroupMessage(body, { nowMs: world.clock.nowMs(), ageCodes: property.ageCategories.map((a) => a.code) }, findings);
    if (errors.length) {
      if (errors.some((e) => e.code === CmErrorCode.ProcessingError)) state.rejectedGroups.set(body.channelManagerId, fingerprintOf(body));
      throw new CmError(errors);
    }
    state.rejectedGroups.delete(body.channelManagerId);
    world.tasks.schedule('confirmGroup', () => processAndConfirm(world, connection, body), world.options.asyncDelayMs);
    return { ...SIMPLE_SUCCESS };
  },
});

/** Applies the group and tells the partner how it went, through confirmGroup. */
async function processAndConfirm(world: World, connection: Connection, msg: GroupMessage): Promise<void> {
  const outcome = applyGroup(world, connection, msg);
  const body = {
    clientToken: world.state.partnerClientToken,
    connectionToken: connection.token,
    relatedMessageId: msg.messageId,
    channelManagerId: msg.channelManagerId,
    ...(outcome.ok ? { reservations: outcome.confirmations } : { error: outcome.error }),
  };
  await sendToPartner(world, connection, 'confirmGroup', body, { relatedMessageId: msg.messageId });
}

/** Identity of a message's content, ignoring its messageId, to recognise a re-sent invalid group. */
function fingerprintOf(msg: GroupMessage): string {
  const { messageId: _m, ...rest } = msg;
  return createHash('sha1').update(JSON.stringify(rest)).digest('hex');
}
