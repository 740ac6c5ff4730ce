/**
 * Card data never reaches the journal, logs or reports: card numbers keep at most their first 6
 * and last 4 digits, CVVs are dropped. Applied to parsed bodies and to raw text alike, so even a
 * body that failed to parse is stored masked.
 */
const CARD_NUMBER_KEYS = new Set(['number', 'cardnumber', 'pan']);
const CVV_KEYS = new Set(['cvv', 'cvc', 'cvv2', 'securitycode']);
const DIGIT_RUN = /(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)/g;

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

function maskRun(run: string): string {
  const digits = run.replace(/\D/g, '');
  return luhnValid(digits) ? maskCardNumber(digits) : run;
}

export function maskCardNumber(value: string): string {
  const digits = value.replace(/\D/g, '');
  if (digits.length < 12) return '*'.repeat(digits.length);
  return digits.slice(0, 6) + '*'.repeat(digits.length - 10) + digits.slice(-4);
}

/** True when the text could contain card data and is worth walking. */
export function mayContainCardData(text: string): boolean {
  // Cheap pre-checks first: a push of prices is megabytes of short numbers.
  if (/cvv|cvc|securitycode/i.test(text)) return true;
  if (!/\d{4}[ -]?\d{4}[ -]?\d{4}/.test(text)) return false;
  DIGIT_RUN.lastIndex = 0;
  return DIGIT_RUN.test(text);
}

/** A deep copy of a parsed body with card numbers masked and CVVs removed. */
export function maskCardData<T>(value: T): T {
  return maskValue(value, '') as T;
}

function maskValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') {
    // A "number" field is masked only when it is long enough to be a card (not a confirmation number).
    if (CARD_NUMBER_KEYS.has(key) && value.replace(/\D/g, '').length >= 12) return maskCardNumber(value);
    if (key.endsWith('token')) return value;
    return value.replace(DIGIT_RUN, maskRun);
  }
  if (typeof value === 'number' && CARD_NUMBER_KEYS.has(key) && String(value).length >= 12) {
    return maskCardNumber(String(value));
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const lower = k.toLowerCase();
    if (CVV_KEYS.has(lower)) continue;
    // defineProperty: a hostile "__proto__" key must stay data, never become a prototype.
    Object.defineProperty(out, k, { value: maskValue(v, lower), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/** Masks raw text (an unparseable body): long digit runs and any "cvv": "..." value. */
export function maskCardText(text: string): string {
  return text
    .replace(/("(?:cvv|cvc|cvv2|securityCode)"\s*:\s*)("(?:[^"\\]|\\.)*"|\d+)/gi, '$1"***"')
    .replace(/("(?:number|cardNumber|pan)"\s*:\s*)"([^"]*)"/gi, (m, prefix: string, num: string) =>
      num.replace(/\D/g, '').length >= 12 ? `${prefix}"${maskCardNumber(num)}"` : m,
    )
    .replace(DIGIT_RUN, maskRun);
}
