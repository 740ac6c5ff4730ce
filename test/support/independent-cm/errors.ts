import { writeFileSync } from 'node:fs';

/** An error item of the synchronous error response (guidelines/responses.md). */
export interface ErrorItem {
  code: number;
  message: string;
  rateCode?: string;
  categoryCode?: string;
}

export const refuse = {
  malformed: (why: string): ErrorItem => ({ code: 6, message: `This message could not be read: ${why}` }),
  credentials: (why: string): ErrorItem => ({ code: 8, message: `Authentication failed: ${why}` }),
  noConnection: (token: string | undefined): ErrorItem => ({
    code: 3,
    message: token
      ? `No property integration with connection token ${token.slice(0, 8)}... is set up here; ask the property to connect it in the channel manager first.`
      : 'The message names no connection token, so it cannot be matched to a property integration.',
  }),
  switchedOff: (label: string): ErrorItem => ({
    code: 3,
    message: `The property integration "${label}" has been switched off in the channel manager, so updates for it are no longer taken in.`,
  }),
  space: (code: string): ErrorItem => ({
    code: 10,
    message: `Space category '${code}' is not mapped to any room type in the channel manager; map it or stop sending it.`,
    categoryCode: code,
  }),
  rate: (code: string): ErrorItem => ({
    code: 9,
    message: `Rate plan '${code}' is not mapped in the channel manager; map it or stop sending it.`,
    rateCode: code,
  }),
  negative: (where: string, value: number): ErrorItem => ({
    code: 7,
    message: `${where} carries the amount ${value}; prices below zero cannot be loaded into the extranet.`,
  }),
  unknownBooking: (confirmationNumbers: string[], channelManagerId: string | undefined): ErrorItem => ({
    code: 2,
    message: confirmationNumbers.length
      ? `Mews confirmation number${confirmationNumbers.length > 1 ? 's' : ''} ${confirmationNumbers.join(', ')} ${confirmationNumbers.length > 1 ? 'are' : 'is'} not on record in the channel manager${channelManagerId ? ` (booking reference ${channelManagerId})` : ''}; nothing was updated.`
      : `Booking reference ${channelManagerId ?? '(none given)'} is not on record in the channel manager; nothing was updated.`,
  }),
};

/** Dedupes items that name the same code and the same rate or category. */
export function distinct(items: ErrorItem[]): ErrorItem[] {
  const seen = new Set<string>();
  return items.filter((e) => {
    const key = `${e.code}/${e.rateCode ?? ''}/${e.categoryCode ?? ''}/${e.rateCode || e.categoryCode ? '' : e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export interface SystemError {
  code: number;
  message: string;
  situation?: string;
}

/**
 * The system errors this channel manager can answer with, for the certification's "System errors"
 * test. Worded the way an operator would write them; only some carry a situation.
 */
export function systemErrors(): SystemError[] {
  return [
    {
      code: 1,
      message: 'The request timed out while the channel manager was writing the update to its database; please send the same message again in a few minutes.',
      situation: 'timeout',
    },
    {
      code: 1,
      message: 'The extranet is unavailable because of an outage at our hosting provider; nothing was stored, and the message can be re-sent once service is restored.',
    },
    {
      code: 1,
      message: 'Updates are paused during a scheduled maintenance window (Sundays 02:00 to 04:00 UTC); please re-send after the window closes.',
      situation: 'maintenance',
    },
    {
      code: 1,
      message: 'An unexpected fault stopped the message from being processed; it has been logged for our support desk and may be re-sent later.',
    },
    {
      code: 8,
      message: 'The client token or connection token could not be verified; check the credentials configured for this property in Mews.',
    },
    {
      code: 3,
      message: 'This property integration is not active in the channel manager; the property must switch it on again before updates are accepted.',
      situation: 'inactive connection',
    },
  ];
}

/** Writes the list in the `{"errors": [...]}` form that `mews-sim certify --system-errors` reads. */
export function writeSystemErrors(path: string): string {
  writeFileSync(path, `${JSON.stringify({ errors: systemErrors() }, null, 2)}\n`);
  return path;
}
