import type { Finding } from '../journal/entry.js';
import { isPlainObject } from '../engine/json.js';
import { DEPRECATED_ERROR_CODES, KNOWN_ERROR_CODES } from './errors.js';

/**
 * Rules every channel manager error must follow (guidelines/responses.md): a documented code, a
 * non-empty message, rateCode with 9 and 11, categoryCode with 10 and 11. Used on the partner's
 * synchronous replies and on its asynchronous confirmations.
 */
export function errorItemFindings(errors: unknown, at: string): Finding[] {
  if (errors === undefined || errors === null) return [];
  if (!Array.isArray(errors)) return [{ severity: 'error', kind: 'reply-shape', path: at, message: `'${at}' must be an array of errors.` }];
  const out: Finding[] = [];
  errors.forEach((e, i) => {
    const path = `${at}[${i}]`;
    if (!isPlainObject(e)) {
      out.push({ severity: 'error', kind: 'reply-shape', path, message: `${path} must be an object with code and message.` });
      return;
    }
    const { code, message, rateCode, categoryCode } = e;
    if (typeof code !== 'number' || !Number.isInteger(code)) {
      out.push({ severity: 'error', kind: 'reply-shape', path: `${path}.code`, message: `${path}.code must be an integer error code.` });
    } else if (DEPRECATED_ERROR_CODES.has(code)) {
      out.push({ severity: 'warning', kind: 'deprecated-code', path: `${path}.code`, message: `Error code ${code} is deprecated; use ${code === 4 ? 10 : 9} instead.` });
    } else if (!KNOWN_ERROR_CODES.has(code)) {
      out.push({ severity: 'error', kind: 'unknown-code', path: `${path}.code`, message: `Error code ${code} is not a documented Channel Manager API error code.` });
    }
    if (typeof message !== 'string' || message.trim() === '') {
      out.push({ severity: 'error', kind: 'empty-message', path: `${path}.message`, message: `${path}.message must clearly describe the error; Mews forwards it to the property.` });
    }
    if ((code === 9 || code === 11) && (typeof rateCode !== 'string' || rateCode === '')) {
      out.push({ severity: 'error', kind: 'missing-rate-code', path: `${path}.rateCode`, message: `Error code ${code} must carry the affected rateCode.` });
    }
    if ((code === 10 || code === 11) && (typeof categoryCode !== 'string' || categoryCode === '')) {
      out.push({ severity: 'error', kind: 'missing-category-code', path: `${path}.categoryCode`, message: `Error code ${code} must carry the affected categoryCode.` });
    }
  });
  return out;
}
