/**
 * Channel Manager API errors: HTTP 200 with the simple response `{success:false, errors:[...]}`.
 * Codes as documented in guidelines/responses.md.
 */
export const CmErrorCode = {
  SystemError: 1,
  ReservationNotFound: 2,
  ConnectionNotFound: 3,
  ValidationError: 6,
  ProcessingError: 7,
  InvalidAuthentication: 8,
  /** Rate error on the channel manager side; "operation disabled" on the Mews side. */
  RateErrorOrDisabledOperation: 9,
  CategoryError: 10,
  RateCategoryError: 11,
  AvailabilityError: 12,
  PricesError: 13,
  RestrictionsError: 14,
} as const;

export const KNOWN_ERROR_CODES: ReadonlySet<number> = new Set([1, 2, 3, 6, 7, 8, 9, 10, 11, 12, 13, 14]);
export const DEPRECATED_ERROR_CODES: ReadonlySet<number> = new Set([4, 5]);

export interface CmErrorItem {
  code: number;
  message: string;
  rateCode?: string;
  categoryCode?: string;
}

/** Thrown by operations; becomes the error response. Carries one or more error items. */
export class CmError extends Error {
  readonly items: CmErrorItem[];
  constructor(items: CmErrorItem | CmErrorItem[]) {
    const list = Array.isArray(items) ? items : [items];
    super(list.map((e) => `[${e.code}] ${e.message}`).join('; '));
    this.items = list;
  }
}

export const cmError = (code: number, message: string, extra: Partial<CmErrorItem> = {}) =>
  new CmError({ code, message, ...extra });

export interface SimpleResponse {
  success: boolean;
  asyncConfirmation?: boolean;
  errors?: CmErrorItem[];
}

export const SIMPLE_SUCCESS: SimpleResponse = Object.freeze({ success: true, asyncConfirmation: false }) as SimpleResponse;

export function errorBody(items: CmErrorItem[]): SimpleResponse {
  return { success: false, errors: items };
}
