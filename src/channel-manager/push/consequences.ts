import type { World } from '../../engine/world.js';
import type { Finding } from '../../journal/entry.js';
import { isPlainObject } from '../../engine/json.js';
import type { Connection } from '../../world/state.js';
import type { CmErrorItem } from '../errors.js';
import { ChangeType, type PushKind } from './kinds.js';
import { notifyChange } from './notifications.js';

/**
 * What Mews does when the channel manager answers a push with an error (guidelines/responses.md):
 * 9 unsynchronizes the rate, 10 unsynchronizes the category and removes it from the pushed rates,
 * 11 removes the rate × category pair, 12/13/14 switch off availability/price/restriction pushes,
 * 3/8 flag the connection. Returns one finding per consequence so the journal shows it.
 */
export function applyErrorConsequences(world: World, connection: Connection, kind: PushKind | undefined, errors: CmErrorItem[], pushedRates: Iterable<string> = []): Finding[] {
  const out: Finding[] = [];
  let mappingsChanged = false;
  const rates = new Set(pushedRates);
  const note = (message: string) => out.push({ severity: 'info', kind: 'consequence', message });
  for (const e of errors) {
    switch (e.code) {
      case 9:
        if (typeof e.rateCode === 'string' && !connection.unsynchronizedRates.has(e.rateCode)) {
          connection.unsynchronizedRates.add(e.rateCode);
          mappingsChanged = true;
          note(`Rate '${e.rateCode}' is now unsynchronized: no more price or restriction pushes for it.`);
        }
        break;
      case 10:
        if (typeof e.categoryCode === 'string') {
          if (!connection.unsynchronizedCategories.has(e.categoryCode)) {
            connection.unsynchronizedCategories.add(e.categoryCode);
            note(`Space category '${e.categoryCode}' is now unsynchronized.`);
          }
          const before = connection.inventoryMappings.length;
          connection.inventoryMappings = connection.inventoryMappings.filter((m) => !(m.spaceTypeCode === e.categoryCode && (rates.size === 0 || rates.has(m.ratePlanCode))));
          if (connection.inventoryMappings.length !== before) note(`Space category '${e.categoryCode}' was removed from ${before - connection.inventoryMappings.length} rate(s).`);
          mappingsChanged = true;
        }
        break;
      case 11:
        if (typeof e.rateCode === 'string' && typeof e.categoryCode === 'string') {
          const before = connection.inventoryMappings.length;
          connection.inventoryMappings = connection.inventoryMappings.filter((m) => !(m.ratePlanCode === e.rateCode && m.spaceTypeCode === e.categoryCode));
          if (connection.inventoryMappings.length !== before) {
            mappingsChanged = true;
            note(`Space category '${e.categoryCode}' was removed from rate '${e.rateCode}'.`);
          }
        }
        break;
      case 12:
      case 13:
      case 14: {
        const off = e.code === 12 ? 'availability' : e.code === 13 ? 'prices' : 'restrictions';
        if (!connection.disabledPushes.has(off)) {
          connection.disabledPushes.add(off);
          note(`${off[0].toUpperCase()}${off.slice(1)} pushes are now disabled for this connection.`);
        }
        break;
      }
      case 3:
      case 8:
        connection.flagged = { code: e.code, message: e.message, at: world.clock.now().toISOString() };
        note(`The partner does not recognise this connection (code ${e.code}): it is flagged and delta pushes stop until it is enabled again.`);
        break;
      default:
        break;
    }
  }
  if (mappingsChanged) {
    world.state.changed({ type: 'connection', propertyId: connection.propertyId, token: connection.token, change: `partner error during ${kind ?? 'push'}` });
    notifyChange(world, connection, ChangeType.Updated);
  }
  return out;
}

/** Error items of a reply or confirmation body, tolerant of a malformed one. */
export function errorsOf(body: unknown): CmErrorItem[] {
  if (!isPlainObject(body)) return [];
  const list = Array.isArray(body.errors) ? body.errors : isPlainObject(body.error) ? [body.error] : [];
  return list.filter((e): e is CmErrorItem => isPlainObject(e) && typeof e.code === 'number');
}
