import type { Finding } from '../../journal/entry.js';
import { luhnValid } from '../../journal/mask.js';
import { CmErrorCode, type CmErrorItem } from '../errors.js';

/** Payment card types of the docs' table (1 Visa ... 13 Maestro). */
export const CARD_TYPES: Record<number, string> = {
  1: 'Visa',
  2: 'Master Card',
  3: 'American Express',
  4: 'Bank Card',
  5: 'Carte Bleu',
  6: 'Carte Blanche',
  7: 'Diners Club',
  8: 'Discover Card',
  9: 'Eurocard',
  10: 'Japanese Credit Bureau',
  11: 'Universal Air Travel',
  12: 'China Unionpay',
  13: 'Maestro',
};

/** The documented demo test cards, by type. */
export const TEST_CARDS: Record<string, number> = {
  '4111111111111111': 1,
  '5555444433331111': 2,
  '370000000000002': 3,
  '36006666333344': 7,
  '6445644564456445': 8,
};

export interface CardInput {
  type: number;
  number: string;
  expireDate: string;
  cvv?: string | null;
}

/** Card rules: a documented type, digits only, a valid checksum, MMyy expiry, a CVV that is not 000. */
export function checkPaymentCard(card: CardInput, nowMs: number, findings: Finding[]): CmErrorItem[] {
  const errors: CmErrorItem[] = [];
  const fail = (message: string) => errors.push({ code: CmErrorCode.ProcessingError, message });
  if (!CARD_TYPES[card.type]) {
    fail(`paymentCard.type ${card.type} is not a payment card type (1-13); use 1 when unsure.`);
  }
  if (!/^\d{12,19}$/.test(card.number)) {
    fail('paymentCard.number must contain only digits (12 to 19 of them).');
  } else if (!luhnValid(card.number)) {
    fail('paymentCard.number fails the card number checksum (Luhn).');
  } else if (TEST_CARDS[card.number] === undefined) {
    findings.push({ severity: 'info', kind: 'not-a-test-card', path: 'paymentCard.number', message: 'The card is not one of the documented demo test cards.' });
  } else if (TEST_CARDS[card.number] !== card.type) {
    findings.push({ severity: 'warning', kind: 'card-type-mismatch', path: 'paymentCard.type', message: `The test card is a ${CARD_TYPES[TEST_CARDS[card.number]]} but type ${card.type} (${CARD_TYPES[card.type] ?? 'unknown'}) was sent.` });
  }
  const expiry = /^(0[1-9]|1[0-2])(\d{2})$/.exec(card.expireDate);
  if (!expiry) {
    fail(`paymentCard.expireDate '${card.expireDate}' must be in MMyy format, e.g. "0828" for August 2028.`);
  } else {
    const now = new Date(nowMs);
    const year = 2000 + Number(expiry[2]);
    const month = Number(expiry[1]);
    if (year < now.getUTCFullYear() || (year === now.getUTCFullYear() && month < now.getUTCMonth() + 1)) {
      findings.push({ severity: 'warning', kind: 'card-expired', path: 'paymentCard.expireDate', message: `The card expired in ${card.expireDate.slice(0, 2)}/${year}; the demo environment still accepts it.` });
    }
  }
  if (card.cvv != null) {
    if (card.cvv === '000') fail('paymentCard.cvv cannot be 000.');
    else if (!/^\d{3,4}$/.test(card.cvv)) fail('paymentCard.cvv must be 3 or 4 digits.');
  }
  return errors;
}
