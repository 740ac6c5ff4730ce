import type { World } from '../../engine/world.js';
import { operation } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { countries } from '../countries.js';
import { taxRatesOf } from '../tax-codes.js';
import { taxEnvironmentOf } from '../model.js';

/**
 * Reference data: countries, currencies and languages are the ISO lists the runtime knows (names from
 * Intl), and tax environments and taxations are the ones the world's enterprises use, so every code an
 * enterprise, rate or order item carries is listed here.
 */

/** Country groups the world's rules need: the EU and the Schengen area, by their member codes. */
const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
const SCHENGEN = [...EU.filter((c) => !['BG', 'CY', 'IE', 'RO'].includes(c)), 'IS', 'LI', 'NO', 'CH'];
/** States of the world's US enterprises, as ISO 3166-2 subdivisions. */
const subdivisionNames: Record<string, string> = { 'US-MA': 'Massachusetts', 'US-NY': 'New York', 'US-CA': 'California', 'GB-ENG': 'England', 'GB-SCT': 'Scotland', 'GB-WLS': 'Wales', 'GB-NIR': 'Northern Ireland' };

export const getAllCountries = operation('countries/getAll', {
  handle: () => ({
    Countries: countries(),
    CountrySubdivisions: Object.entries(subdivisionNames).map(([Code, EnglishName]) => ({ Code, CountryCode: Code.slice(0, 2), EnglishName })),
    CountryRules: countries().map((c) => ({ CountryCode: c.Code, IdentityCardExpirationDateNotRequired: false, DriverLicenceExpirationDateNotRequired: false })),
    CountryGroups: [
      { Code: 'EU', EnglishName: 'European Union', CountryCodes: EU },
      { Code: 'SCHENGEN', EnglishName: 'Schengen Area', CountryCodes: SCHENGEN },
    ],
  }),
});

export const getAllCurrencies = operation('currencies/getAll', {
  handle: () => ({
    Currencies: Intl.supportedValuesOf('currency').map((Code) => ({ Code, Precision: new Intl.NumberFormat('en', { style: 'currency', currency: Code }).resolvedOptions().maximumFractionDigits ?? 2 })),
  }),
});

/** The languages of the world's enterprises and the common ones a guest may speak. */
const COMMON_LANGUAGES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'it-IT', 'nl-NL', 'cs-CZ', 'pl-PL', 'pt-PT', 'sv-SE', 'da-DK', 'fi-FI', 'nb-NO', 'ja-JP', 'zh-CN'];

function languageCodes(world: World): string[] {
  return [...new Set([...world.state.fixture.properties.map((p) => p.languageCode), ...COMMON_LANGUAGES])];
}

export const getAllLanguages = operation('languages/getAll', {
  handle: ({ world }) => {
    const languageNames = new Intl.DisplayNames('en', { type: 'language' });
    return {
      Languages: languageCodes(world).map((Code) => ({
        Code,
        FallbackLanguageCode: Code.startsWith('en-') && Code !== 'en-US' ? 'en-US' : null,
        EnglishName: languageNames.of(Code) ?? Code,
        LocalName: new Intl.DisplayNames(Code, { type: 'language' }).of(Code) ?? Code,
      })),
    };
  },
});

/** The texts of a scope mews-sim knows: the names of its age categories and resource states, per language. */
const TEXT_KEYS = ['Adult', 'Child', 'Clean', 'Dirty', 'Inspected', 'OutOfService', 'OutOfOrder'];

export const getLanguageTexts = operation('languages/getTexts', {
  handle({ world, body }) {
    const known = new Set(languageCodes(world));
    (body.LanguageCodes as string[]).forEach((code, i) => {
      if (!known.has(code)) throw invalidParameter(`LanguageCodes[${i}]`, `no language ${code}; languages/getAll lists them.`);
    });
    return { LanguageTexts: (body.LanguageCodes as string[]).map((LanguageCode) => ({ LanguageCode, Texts: Object.fromEntries(TEXT_KEYS.map((k) => [`${body.Scope}.${k}`, k.replace(/([a-z])([A-Z])/g, '$1 $2')])) })) };
  },
});


export const getAllTaxEnvironments = operation('taxEnvironments/getAll', {
  handle: ({ world }) => {
    const byCode = new Map<string, Set<string>>();
    for (const p of world.state.fixture.properties) byCode.set(taxEnvironmentOf(p), (byCode.get(taxEnvironmentOf(p)) ?? new Set()).add(taxEnvironmentOf(p)));
    return {
      TaxEnvironments: [...byCode].map(([Code, taxations]) => ({ Code, CountryCode: Code === 'UK' ? 'GB' : Code, ValidityStartUtc: null, ValidityEndUtc: null, TaxationCodes: [...taxations] })),
    };
  },
});

export const getAllTaxations = operation('taxations/getAll', {
  handle: ({ world }) => {
    const taxations = new Map<string, { code: string; value: number }[]>();
    for (const p of world.state.fixture.properties) {
      const list = taxations.get(taxEnvironmentOf(p)) ?? [];
      for (const r of taxRatesOf(p)) if (!list.some((x) => x.code === r.code)) list.push(r);
      taxations.set(taxEnvironmentOf(p), list);
    }
    return {
      Taxations: [...taxations.keys()].map((Code) => ({ Code, Name: `${Code} VAT`, LocalName: `${Code} VAT` })),
      TaxRates: [...taxations].flatMap(([TaxationCode, rates]) =>
        rates.map((r) => ({ Code: r.code, TaxationCode, Value: r.value, ValidityInvervalsUtc: null, Strategy: { Discriminator: 'Relative', Value: { Value: r.value } } })),
      ),
    };
  },
});
