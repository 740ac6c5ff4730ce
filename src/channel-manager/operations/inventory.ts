import { dayOf } from '../../engine/dates.js';
import { cmError, CmErrorCode, SIMPLE_SUCCESS, type CmErrorItem, CmError } from '../errors.js';
import { defineOperation } from '../operation.js';
import { RequestAriUpdateRequest, SetInventoryRequest } from '../schemas.js';
import { cmState } from '../state.js';
import { pushEngine } from '../push/engine.js';

export const setInventory = defineOperation({
  name: 'setInventory',
  summary: 'Replaces every rate plan × space type mapping of the connection; pairs left out are deleted.',
  request: SetInventoryRequest,
  auth: 'connection',
  handle({ world, body, connection, findings }) {
    const property = world.state.propertyOf(connection);
    const rates = new Set(property.ratePlans.map((r) => r.code));
    const covered = new Set(connection.spaceTypeCodes);
    const errors: CmErrorItem[] = [];
    const seen = new Set<string>();
    const mappings: { ratePlanCode: string; spaceTypeCode: string }[] = [];
    body.inventoryMappings.forEach((m, i) => {
      if (!rates.has(m.ratePlanCode)) {
        errors.push({ code: CmErrorCode.ProcessingError, rateCode: m.ratePlanCode, message: `inventoryMappings[${i}]: rate plan '${m.ratePlanCode}' does not exist in Mews; setInventory can only map existing rate plans.` });
      }
      if (!covered.has(m.spaceTypeCode)) {
        errors.push({ code: CmErrorCode.ProcessingError, categoryCode: m.spaceTypeCode, message: `inventoryMappings[${i}]: space type '${m.spaceTypeCode}' does not exist in Mews for this connection; setInventory can only map existing space categories.` });
      }
      const key = `${m.ratePlanCode}/${m.spaceTypeCode}`;
      if (seen.has(key)) {
        findings.push({ severity: 'warning', kind: 'duplicate-mapping', path: `inventoryMappings[${i}]`, message: `The pair ${key} is listed twice.` });
        return;
      }
      seen.add(key);
      mappings.push({ ratePlanCode: m.ratePlanCode, spaceTypeCode: m.spaceTypeCode });
    });
    if (errors.length) throw new CmError(errors);
    const before = new Set(connection.inventoryMappings.map((m) => `${m.ratePlanCode}/${m.spaceTypeCode}`));
    const removed = [...before].filter((k) => !seen.has(k));
    const added = [...seen].filter((k) => !before.has(k));
    connection.inventoryMappings = mappings;
    if (removed.length) findings.push({ severity: 'info', kind: 'mappings-removed', message: `Deleted mappings: ${removed.join(', ')}.` });
    if (added.length) findings.push({ severity: 'info', kind: 'mappings-added', message: `New mappings: ${added.join(', ')}.` });
    world.state.changed({ type: 'connection', propertyId: connection.propertyId, token: connection.token, change: 'mappings' });
    return { ...SIMPLE_SUCCESS };
  },
});

/** Days one requestAriUpdate may span. */
export const MAX_ARI_DAYS = 3 * 366;

export const requestAriUpdate = defineOperation({
  name: 'requestAriUpdate',
  summary: 'Asks Mews to re-send availability, prices and restrictions for a date range (answered by pushes).',
  request: RequestAriUpdateRequest,
  auth: 'connection',
  handle({ world, body, connection, findings }) {
    if (dayOf(body.from) > dayOf(body.to)) {
      throw cmError(CmErrorCode.ProcessingError, `'from' (${body.from}) must not be after 'to' (${body.to}); 'to' is included in the range.`);
    }
    // Not documented by Mews; the same bound as the admin push, so one request cannot occupy the simulator (docs/fidelity.md).
    if (dayOf(body.to) - dayOf(body.from) + 1 > MAX_ARI_DAYS) {
      throw cmError(CmErrorCode.ValidationError, `The range from ${body.from} to ${body.to} is ${dayOf(body.to) - dayOf(body.from) + 1} days; requestAriUpdate accepts at most ${MAX_ARI_DAYS} days (three years).`);
    }
    for (const field of ['ariType', 'spaceTypeCodes', 'ratePlanCodes'] as const) {
      if (body[field] != null) {
        findings.push({ severity: 'info', kind: 'ignored-field', path: field, message: `'${field}' is not supported by Mews: every type, space and rate is re-sent.` });
      }
    }
    const state = cmState(world);
    state.ariRequests.push({ connectionToken: connection.token, from: body.from, to: body.to, at: world.clock.now().toISOString() });
    state.emit('ariRequest', { connectionToken: connection.token, from: body.from, to: body.to });
    // Answered by a full push of every type, rate and space for the range (asynchronously).
    world.tasks.schedule('requestAriUpdate', async () => void (await pushEngine(world).pushFull(connection, body.from, body.to)), world.options.asyncDelayMs);
    return { ...SIMPLE_SUCCESS };
  },
});
