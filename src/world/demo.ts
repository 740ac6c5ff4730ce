import { WorldFixtureSchema, type WorldFixture, type WorldFixtureInput } from './schema.js';

/**
 * The built-in demo world. It meets every channel manager certification prerequisite: a gross and
 * a net property, each with 5+ space types including a dormitory and a bed, 5+ synchronized rates,
 * a package rate with a mapped breakfast product; a hostel offered both as one connection for all
 * spaces and as one connection per space type; an inactive connection; a property with none.
 * Tokens are fixed so documentation and partner configs can name them.
 */
export const DEMO_TOKENS = {
  clientToken: '7D3C1E0A9B8F4A6C8E2D5B1F0A9C7E31-6B2F8D4A1C9E7B5D3F1A8C6E4B2D9F0',
  grossConnection: 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4-0F8E6D4C2B1A9F7E5D3C1B0A8F6E4D2',
  grossInactiveConnection: 'B52A0D3F8E6C5F19B4D7A2E0C8F6B3D5-1A9F7E5D3C2B0A8F6E4D2C1B9A7F5E3',
  netConnection: 'C63B1E4A9F7D6A2AC5E8B3F1D9A7C4E6-2B0A8F6E4D3C1B9A7F5E3D2C0B8A6F4',
  hostelAllSpaces: 'D74C2F5B0A8E7B3BD6F9C4A2E0B8D5F7-3C1B9A7F5E4D2C0B8A6F4E3D1C9B7A5',
  hostelDorms: 'E85D3A6C1B9F8C4CE7A0D5B3F1C9E6A8-4D2C0B8A6F5E3D1C9B7A5F4E2D0C8B6',
  hostelBeds: 'F96E4B7D2C0A9D5DF8B1E6C4A2D0F7B9-5E3D1C9B7A6F4E2D0C8B6A5F3E1D9C7',
  hostelPrivate: '0A7F5C8E3D1B0E6E09C2F7D5B3E1A8C0-6F4E2D0C8B7A5F3E1D9C7B6A4F2E0D8',
} as const;

export const DEMO_EMAIL = 'chm@mews-sim.test';

/**
 * The public Mews demo tokens of the Connector API (guidelines/environments.md): code written against
 * the public demo runs unchanged. The gross enterprise is the Harbour View, the net one Liberty Hall.
 */
export const CONNECTOR_DEMO = {
  clientTokens: [
    'E0D439EE522F44368DC78E1BFB03710C-D24FB11DBE31D4621C4817E028D9E1D',
    'E916C341431C4D28A866AD200152DBD3-A046EB5583FFBE94DE1172237763712',
    '2CC71B0660F345019882AD200155B4FE-4A1FC9080A4DD2A404734003674F77E',
    '07AB1F14B55C49B8BDD6AD200158423B-273A4497AFF5E20566D7199DB3DC2BA',
  ],
  grossAccessTokens: [
    'C66EF7B239D24632943D115EDE9CB810-EA00F8FD8294692C940F6B5A8F9453D',
    'CC150C355D6A4048A220AD20015483AB-B6D09C0C84B09538077CB8FFBB907B4',
    '5F56B9903A834F199E28AD20015E58CA-5C6A1A00550634911534AD6A098E8B7',
    '39E301DD5A1C4A569087AD20015F60DD-50DC28896E9090CCA0995C9BBD90351',
  ],
  netAccessTokens: [
    '4D6C7ABE0E6A4681B0AFB16900AE5D86-DF50CBC89E1D4FF5859DDF021649ED5',
    '1AEFA58C55E74D65BDC7AD2001564C12-66633E0B736F523379B9E5966165A55',
    '682C235379B64D909941AD2001577525-BFC60A026081F1350FAA99CAB9F7510',
    'BFD4298010F54B069F3DAD20015D53EA-D5561FADFBA4EFC8EA4C179C6BC461F',
  ],
} as const;

/**
 * The demo world's company and travel-agency contacts: what `@faker-js/faker` (locales en_GB, en; seed
 * 20261123) once drew for it, written out so a server does not load faker at run time.
 * test/world/demo.test.ts draws them again and holds the two equal.
 */
export const DEMO_CONTACTS = [
  { contact: 'Reilly Mosciski', phone: '+448004640147', addressLine1: '43 Kuhic Court', city: 'High Welch Park', zip: 'NE4 0KG' },
  { contact: 'Karla Beer', phone: '+445667185507', addressLine1: '39 Tennyson Road', city: 'St. Hoegerwell', zip: 'TS5 4ES' },
] as const;

export function demoWorldInput(): WorldFixtureInput {
  const [companyContact, agencyContact] = DEMO_CONTACTS.map(({ addressLine1, city, zip, ...person }) => ({
    ...person,
    addresses: [{ addressLine1, city, zip, country: 'GB' }],
  }));
  const adultsAndChildren = [
    { code: 'Adult', name: 'Adult', minimumAge: 18, maximumAge: null },
    { code: 'Child', name: 'Child', minimumAge: 2, maximumAge: 17 },
    { code: 'Infant', name: 'Infant', minimumAge: 0, maximumAge: 1 },
  ];
  const flexiblePolicy = (currencyCode: string) => [
    { applicability: 2 as const, offset: '-1DT0H0M', penalty: { relative: { value: 1, nights: 1 }, absolute: { amount: 0, currencyCode } } },
  ];
  const prepaidPolicy = (currencyCode: string) => [
    { applicability: 1 as const, offset: '0DT0H0M', penalty: { relative: { value: 1, nights: null }, absolute: { amount: 0, currencyCode } } },
  ];
  return {
    name: 'mews-sim demo world',
    seed: 20261123,
    clientToken: DEMO_TOKENS.clientToken,
    connectorClientTokens: [...CONNECTOR_DEMO.clientTokens],
    employees: [
      { email: DEMO_EMAIL, propertyIds: ['harbour-view', 'liberty-hall', 'canal-hostel', 'old-mill-inn'] },
      { email: 'frontdesk@liberty-hall.test', propertyIds: ['liberty-hall'] },
    ],
    properties: [
      {
        id: 'harbour-view',
        name: 'Harbour View Hotel & Hostel',
        description: 'A waterfront hotel with private rooms and a backpackers floor.',
        languageCode: 'en-GB',
        timeZoneIdentifier: 'Europe/London',
        websiteUrl: 'https://harbour-view.mews-sim.test',
        email: 'reservations@harbour-view.mews-sim.test',
        telephone: '+44 20 7946 0101',
        pricingMode: 0,
        currencyCode: 'GBP',
        taxRate: 0.2,
        taxCode: 'UK-S',
        address: { addressLine1: '1 Quay Street', city: 'London', zip: 'E14 5AB', country: 'GB', latitude: 51.5055, longitude: -0.0235 },
        images: [{ type: 1, url: 'https://harbour-view.mews-sim.test/logo.png' }],
        spaceCategories: [
          { code: 'SGL', name: 'Single Room', classification: 9, bedType: 1, bedCount: 1, extraBedCount: 0, spaceCount: 8, basePrice: 89, description: 'Compact room with one single bed.' },
          { code: 'DBL', name: 'Double Room', classification: 4, bedType: 3, bedCount: 2, extraBedCount: 1, spaceCount: 12, basePrice: 119, description: 'Double bed, harbour view.', images: [{ type: 2, url: 'https://harbour-view.mews-sim.test/rooms/double.jpg' }, { type: 2, url: 'https://harbour-view.mews-sim.test/rooms/double-bath.jpg' }] },
          { code: 'TWN', name: 'Twin Room', classification: 14, bedType: 2, bedCount: 2, extraBedCount: 0, spaceCount: 6, basePrice: 115 },
          { code: 'STE', name: 'Junior Suite', classification: 11, bedType: 5, bedCount: 2, extraBedCount: 2, spaceCount: 3, basePrice: 229, images: [{ type: 2, url: 'https://harbour-view.mews-sim.test/rooms/suite.jpg' }] },
          { code: 'DRM', name: 'Six-Bed Dormitory (whole room)', classification: 16, bedType: 1, bedCount: 6, extraBedCount: 0, spaceCount: 2, basePrice: 180 },
          { code: 'BED', name: 'Bed in Mixed Dormitory', classification: 8, bedType: 1, bedCount: 1, extraBedCount: 0, spaceCount: 12, basePrice: 32 },
        ],
        ratePlans: [
          { code: 'BAR', name: 'Best Available Rate', rateType: 1, cancellationPolicies: flexiblePolicy('GBP') },
          { code: 'NR', name: 'Non-Refundable', rateType: 1, priceFactor: 0.9, cancellationPolicies: prepaidPolicy('GBP') },
          { code: 'FLEX', name: 'Fully Flexible', rateType: 1, priceFactor: 1.1, cancellationPolicies: flexiblePolicy('GBP') },
          { code: 'BB', name: 'Bed & Breakfast', rateType: 1, description: 'Room with breakfast for every guest.', cancellationPolicies: flexiblePolicy('GBP') },
          { code: 'ADV', name: 'Advance Purchase', rateType: 0, priceFactor: 0.85, baseRateCode: 'BAR', cancellationPolicies: prepaidPolicy('GBP') },
          { code: 'LONG', name: 'Long Stay', rateType: 1, priceFactor: 0.8 },
          { code: 'CORP', name: 'Corporate', rateType: 0, priceFactor: 0.95 },
        ],
        products: [
          { code: 'BRK', name: 'Breakfast', pricing: 4, grossValue: 12.5, taxCode: 'UK-R' },
          { code: 'PARK', name: 'Parking', pricing: 3, grossValue: 15 },
          { code: 'LATE', name: 'Late check-out', pricing: 1, grossValue: 25 },
        ],
        ageCategories: adultsAndChildren,
        companies: [{ name: 'Northwind Traders Ltd', ...companyContact, channel: { code: 70, name: 'Corporate travel desk' } }],
        travelAgencies: [{ name: 'Expedia', iata: '96637524', ...agencyContact, channel: { code: 2, name: 'Expedia' } }],
        restrictions: [
          { ratePlanCode: 'BAR', weekdays: [5, 6], state: [1], minLos: 2 },
          { ratePlanCode: 'NR', weekdays: [0], state: [6] },
          { ratePlanCode: 'LONG', state: [1], minLos: 5, maxLos: 28 },
        ],
        accessTokens: [...CONNECTOR_DEMO.grossAccessTokens],
        connections: [
          {
            token: DEMO_TOKENS.grossConnection,
            name: 'All spaces',
            productMappings: [{ ratePlanCode: 'BB', productCode: 'BRK' }],
            unsynchronizedRates: ['CORP'],
          },
          { token: DEMO_TOKENS.grossInactiveConnection, name: 'Previous channel manager account', active: false },
        ],
      },
      {
        id: 'liberty-hall',
        name: 'Liberty Hall Hotel',
        description: 'Downtown hotel with suites and a travellers dormitory.',
        languageCode: 'en-US',
        timeZoneIdentifier: 'America/New_York',
        websiteUrl: 'https://liberty-hall.mews-sim.test',
        email: 'stay@liberty-hall.mews-sim.test',
        telephone: '+1 617 555 0142',
        pricingMode: 1,
        currencyCode: 'USD',
        taxRate: 0.1175,
        taxCode: 'US-MA',
        address: { addressLine1: '200 Tremont Street', city: 'Boston', region: 'MA', zip: '02116', country: 'US', latitude: 42.3516, longitude: -71.0646 },
        spaceCategories: [
          { code: 'KNG', name: 'King Room', classification: 4, bedType: 5, bedCount: 2, extraBedCount: 1, spaceCount: 20, basePrice: 189 },
          { code: 'QQ', name: 'Double Queen Room', classification: 4, bedType: 4, bedCount: 4, extraBedCount: 0, spaceCount: 14, basePrice: 209 },
          { code: 'STU', name: 'Studio', classification: 10, bedType: 4, bedCount: 2, extraBedCount: 1, spaceCount: 6, basePrice: 239 },
          { code: 'DORM', name: 'Travellers Dormitory (whole room)', classification: 16, bedType: 1, bedCount: 8, spaceCount: 1, basePrice: 320 },
          { code: 'BUNK', name: 'Bunk in Travellers Dormitory', classification: 8, bedType: 1, bedCount: 1, spaceCount: 16, basePrice: 45 },
        ],
        ratePlans: [
          { code: 'RACK', name: 'Rack Rate', rateType: 1, cancellationPolicies: flexiblePolicy('USD') },
          { code: 'AAA', name: 'AAA Member', rateType: 0, priceFactor: 0.9, baseRateCode: 'RACK' },
          { code: 'PREPAY', name: 'Prepaid Saver', rateType: 1, priceFactor: 0.85, cancellationPolicies: prepaidPolicy('USD') },
          { code: 'PKG', name: 'Stay & Breakfast', rateType: 1, description: 'Includes breakfast every morning.' },
          { code: 'WKLY', name: 'Weekly', rateType: 1, priceFactor: 0.75 },
        ],
        products: [{ code: 'BFST', name: 'American breakfast', pricing: 4, grossValue: 18 }],
        ageCategories: adultsAndChildren,
        restrictions: [{ ratePlanCode: 'WKLY', state: [1], minLos: 7 }],
        accessTokens: [...CONNECTOR_DEMO.netAccessTokens],
        connections: [
          { token: DEMO_TOKENS.netConnection, name: 'Main connection', productMappings: [{ ratePlanCode: 'PKG', productCode: 'BFST' }] },
        ],
      },
      {
        id: 'canal-hostel',
        name: 'Canal Street Hostel',
        languageCode: 'nl-NL',
        timeZoneIdentifier: 'Europe/Amsterdam',
        pricingMode: 0,
        currencyCode: 'EUR',
        taxRate: 0.09,
        address: { addressLine1: 'Prinsengracht 100', city: 'Amsterdam', zip: '1015 EA', country: 'NL' },
        spaceCategories: [
          { code: 'D4', name: 'Four-Bed Dormitory', classification: 16, bedType: 1, bedCount: 4, spaceCount: 3, basePrice: 120 },
          { code: 'B4', name: 'Bed in Four-Bed Dormitory', classification: 8, bedType: 1, bedCount: 1, spaceCount: 12, basePrice: 34 },
          { code: 'PRV', name: 'Private Double', classification: 4, bedType: 3, bedCount: 2, spaceCount: 4, basePrice: 99 },
        ],
        ratePlans: [
          { code: 'STD', name: 'Standard', rateType: 1 },
          { code: 'NREF', name: 'Non-Refundable', rateType: 1, priceFactor: 0.9 },
        ],
        ageCategories: adultsAndChildren,
        connections: [
          { token: DEMO_TOKENS.hostelAllSpaces, name: 'All spaces' },
          { token: DEMO_TOKENS.hostelDorms, name: 'Connection for dorms', spaceTypeCodes: ['D4'] },
          { token: DEMO_TOKENS.hostelBeds, name: 'Connection for beds', spaceTypeCodes: ['B4'] },
          { token: DEMO_TOKENS.hostelPrivate, spaceTypeCodes: ['PRV'] },
        ],
      },
      {
        id: 'old-mill-inn',
        name: 'Old Mill Inn',
        languageCode: 'en-GB',
        timeZoneIdentifier: 'Europe/London',
        pricingMode: 0,
        currencyCode: 'GBP',
        taxRate: 0.2,
        spaceCategories: [{ code: 'DBL', name: 'Double Room', classification: 4, bedType: 3, bedCount: 2, spaceCount: 5, basePrice: 95 }],
        ratePlans: [{ code: 'BAR', name: 'Best Available Rate' }],
      },
    ],
  };
}

let parsed: WorldFixture | undefined;

/** The demo world, validated once (scenario runs reset to it thousands of times); a fresh copy each call. */
export function demoWorld(): WorldFixture {
  // Parsed once without zod's compiled fast path: building it would cost more than this one parse.
  parsed ??= WorldFixtureSchema.parse(demoWorldInput(), { jitless: true });
  return structuredClone(parsed);
}
