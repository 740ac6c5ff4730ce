import { firstInJson } from '../engine/json.js';

/** ISO 3166-1 alpha-2 countries as the runtime names them: what countries/getAll lists and country codes are checked against. */

// Regions ICU names that ISO 3166-1 does not assign (groupings, reserved and private-use codes); Kosovo's XK stays, as in Mews.
const NOT_COUNTRIES = new Set(['AC', 'CP', 'CQ', 'DG', 'EA', 'EU', 'EZ', 'IC', 'QO', 'TA', 'UN', 'XA', 'XB', 'ZZ']);
// A withdrawn or reserved code canonicalizes to another (UK to GB, BU to MM).
const canonical = (code: string) => Intl.getCanonicalLocales(`und-${code}`)[0].slice(4);
let countryList: { Code: string; SovereignCountryCode: string; EnglishName: string }[] | undefined;
let codes: Set<string> | undefined;

/** Every ISO 3166-1 alpha-2 country the runtime names (249, and Kosovo). */
export function countries() {
  if (countryList) return countryList;
  // Built on first use: ICU's display names cost start-up time in every process.
  const regionNames = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const out = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = NOT_COUNTRIES.has(code) || canonical(code) !== code ? undefined : regionNames.of(code);
      if (name && name !== code) out.push({ Code: code, SovereignCountryCode: code, EnglishName: name });
    }
  }
  return (countryList = out);
}

const isCountryField = (key: string) => /(Country|Nationality)Code$/.test(key);

/**
 * The path and value of the first country code that is not an ISO 3166-1 alpha-2 country
 * (`Addresses[0].CountryCode`, `NationalityCode.Value`), if any: Mews refuses them (`UK` for `GB`).
 */
export function unknownCountry(value: unknown): { path: string; code: string } | undefined {
  return firstInJson(value, (v, path, key) => {
    if (typeof v !== 'string' || !isCountryField(key)) return undefined;
    codes ??= new Set(countries().map((c) => c.Code));
    return codes.has(v) ? undefined : { path, code: v };
  });
}
