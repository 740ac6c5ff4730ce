/**
 * The one card-data masker of mews-sim, applied where bodies come in (both hotel APIs and the admin
 * API), so no world, journal, log, report, snapshot or export ever holds a full card number or a CVV.
 * Card numbers keep at most their first 6 and last 4 digits; CVVs are dropped. It masks:
 * - any 13-19 digit run passing the Luhn check, digits separated by up to two spaces, dots or dashes,
 *   inside any string (names, notes, descriptions) and in raw text that is not JSON, except inside a
 *   UUID (an id or cursor must reach the API unchanged);
 * - JSON numbers of 13-19 digits passing the Luhn check, under any key;
 * - fields named like a card number (number, cardNumber, pan, ...) of 12 or more digits;
 * - identifiers and tokens (keys ending in id, ids or token) only when the whole value is a card number,
 *   so a token that happens to contain a digit run still authenticates;
 * - and removes CVV fields: cvv, cvv2, cvc, cvc2, csc, cvn, cvd, securityCode, cardSecurityCode, ...
 */
const CARD_NUMBER_KEYS = new Set(['number', 'cardnumber', 'pan', 'primaryaccountnumber', 'accountnumber', 'creditcardnumber']);
const CVV_KEY = /(?:cvv2?|cvc2?|csc|cvn|cvd|securitycode|verificationcode|verificationvalue)$/;
const WHOLE_VALUE_KEY = /(?:token|id|ids)$/;
const SEP = '[ .\\-]{0,2}';
const DIGIT_RUN = new RegExp(`(?<![\\d])\\d(?:${SEP}\\d){12,18}(?![\\d])`, 'g');
const CVV_HINT = /cvv|cvc|csc|cvn|cvd|securitycode|verification(?:code|value)/i;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Whether text[start, end) lies inside a UUID: ids such as 81098312-4414-4bcb-... hold Luhn-valid digit runs. */
function insideUuid(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 35);
  const window = text.slice(from, Math.min(text.length, end + 35));
  for (const m of window.matchAll(UUID)) {
    if (from + m.index <= start && end <= from + m.index + m[0].length) return true;
  }
  return false;
}

/** Masks a card-like digit run found at `offset` of `text`, unless it is part of a UUID. */
const maskRunIn = (run: string, offset: number, text: string): string => (insideUuid(text, offset, offset + run.length) ? run : maskRun(run));

/** Luhn checksum: what makes a digit run look like a real card number. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Whether a digit string looks like a card number: 13-19 digits passing Luhn. */
export const isCardNumber = (digits: string): boolean => digits.length >= 13 && digits.length <= 19 && luhnValid(digits);

function maskRun(run: string): string {
  const digits = run.replace(/\D/g, '');
  return isCardNumber(digits) ? maskCardNumber(digits) : run;
}

export function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 12) return '*'.repeat(digits.length);
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** Masks every card number in a piece of text. */
export function maskCardDigits(text: string): string {
  return text.replace(DIGIT_RUN, maskRunIn);
}

/** True when the text could contain card data and is worth walking (cheap: most bodies are not). */
export function mayContainCardData(text: string): boolean {
  if (CVV_HINT.test(text)) return true;
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    if (isCardNumber(m[0].replace(/\D/g, '')) && !insideUuid(text, m.index, m.index + m[0].length)) {
      DIGIT_RUN.lastIndex = 0;
      return true;
    }
  }
  return false;
}

/** A deep copy of a parsed body with card numbers masked and CVVs removed. */
export function maskCardData<T>(value: T): T {
  return maskValue(value, '') as T;
}

/** The body as it may be kept: masked when its text could hold card data, else the very same value. */
export function maskBody<T>(value: T, text: string): T {
  return mayContainCardData(text) ? maskCardData(value) : value;
}

const normalizeKey = (k: string) => k.toLowerCase().replace(/[^a-z0-9]/g, '');

function maskValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    const digits = value.replace(/\D/g, '');
    // A "number" field is masked only when it is long enough to be a card (not a confirmation number).
    if (CARD_NUMBER_KEYS.has(key) && digits.length >= 12 && /^[\d .-]+$/.test(value.trim())) return maskCardNumber(value);
    if (WHOLE_VALUE_KEY.test(key)) return /^[\d .-]+$/.test(value.trim()) && isCardNumber(digits) ? maskCardNumber(digits) : value;
    return maskCardDigits(value);
  }
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) return value;
    const digits = String(Math.abs(value));
    if (isCardNumber(digits) || (CARD_NUMBER_KEYS.has(key) && digits.length >= 12)) return maskCardNumber(digits);
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const lower = normalizeKey(k);
    if (CVV_KEY.test(lower)) continue;
    // defineProperty: a hostile "__proto__" key must stay data, never become a prototype.
    Object.defineProperty(out, k, { value: maskValue(v, lower), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Masks raw text (an unparseable body): any CVV field's value, card-number fields, and card-like digit runs. */
export function maskCardText(text: string): string {
  return text
    .replace(/("[A-Za-z_-]*(?:cvv2?|cvc2?|csc|cvn|cvd|securityCode|verificationCode|verificationValue)"\s*:\s*)("(?:[^"\\]|\\.)*"|\d+)/gi, '$1"***"')
    .replace(/("(?:number|cardNumber|pan)"\s*:\s*)"([^"]*)"/gi, (m, prefix: string, num: string) =>
      num.replace(/\D/g, '').length >= 12 ? `${prefix}"${maskCardNumber(num)}"` : m,
    )
    .replace(DIGIT_RUN, maskRunIn);
}
