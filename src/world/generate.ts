import { Faker, base, en } from '@faker-js/faker';
import { WorldFixtureSchema, type WorldFixture, type WorldFixtureInput } from './schema.js';
import { CONNECTOR_DEMO } from './demo.js';

export interface GenerateOptions {
  seed: number;
  properties?: number;
  spaceTypesPerProperty?: number;
  ratePlansPerProperty?: number;
}

const CLASSIFICATIONS = [9, 4, 14, 13, 11, 10, 1, 16, 8];

/**
 * A world of any size from a seed: the same seed always gives the same world. Used by benchmarks
 * and by partners who want more inventory than the demo world has.
 */
export function generateWorldInput(options: GenerateOptions): WorldFixtureInput {
  const { seed } = options;
  const faker = new Faker({ locale: [en, base] });
  faker.seed(seed);
  const token = () => `${faker.string.hexadecimal({ length: 32, casing: 'upper', prefix: '' })}-${faker.string.hexadecimal({ length: 31, casing: 'upper', prefix: '' })}`;
  const properties = Array.from({ length: options.properties ?? 1 }, (_, p) => {
    const net = p % 2 === 1;
    const currencyCode = net ? 'USD' : 'EUR';
    const spaceCategories = Array.from({ length: options.spaceTypesPerProperty ?? 6 }, (_, i) => {
      const classification = CLASSIFICATIONS[i % CLASSIFICATIONS.length];
      const dorm = classification === 16;
      const bed = classification === 8;
      const bedCount = dorm ? faker.number.int({ min: 4, max: 10 }) : bed ? 1 : faker.number.int({ min: 1, max: 3 });
      return {
        code: `S${String(i + 1).padStart(3, '0')}`,
        name: `${faker.word.adjective({ length: { min: 4, max: 9 } })} ${dorm ? 'dormitory' : bed ? 'dorm bed' : 'room'}`.replace(/^./, (c) => c.toUpperCase()),
        classification,
        bedType: bed || dorm ? 1 : faker.helpers.arrayElement([1, 2, 3, 4, 5]),
        bedCount,
        extraBedCount: dorm || bed ? 0 : faker.number.int({ min: 0, max: 1 }),
        spaceCount: faker.number.int({ min: 1, max: bed ? 30 : 15 }),
        basePrice: faker.number.int({ min: bed ? 20 : 60, max: dorm ? 400 : bed ? 60 : 350 }),
      };
    });
    const ratePlans = Array.from({ length: options.ratePlansPerProperty ?? 5 }, (_, i) => ({
      code: `R${String(i + 1).padStart(3, '0')}`,
      name: `${faker.commerce.productAdjective()} rate`,
      rateType: (i % 4 === 3 ? 0 : 1) as 0 | 1,
      priceFactor: i === 0 ? 1 : faker.number.float({ min: 0.7, max: 1.3, fractionDigits: 2 }),
    }));
    return {
      id: `property-${p + 1}`,
      name: `${faker.location.city()} ${faker.helpers.arrayElement(['Hotel', 'Inn', 'Suites', 'Hostel', 'Lodge'])}`,
      languageCode: net ? 'en-US' : 'en-GB',
      timeZoneIdentifier: net ? 'America/Chicago' : 'Europe/Berlin',
      pricingMode: (net ? 1 : 0) as 0 | 1,
      currencyCode,
      taxRate: net ? 0.1 : 0.19,
      address: { city: faker.location.city(), country: net ? 'US' : 'DE' },
      spaceCategories,
      ratePlans,
      ageCategories: [
        { code: 'Adult', name: 'Adult', minimumAge: 18 },
        { code: 'Child', name: 'Child', minimumAge: 0, maximumAge: 17 },
      ],
      restrictions: [{ ratePlanCode: 'R001', weekdays: [5, 6], state: [1 as const], minLos: 2 }],
      connections: [{ token: token(), name: 'Main connection' }],
      accessTokens: [token()],
    };
  });
  return {
    name: `generated world (seed ${seed})`,
    seed,
    clientToken: token(),
    employees: [{ email: 'chm@mews-sim.test', propertyIds: properties.map((p) => p.id) }],
    // The public demo ClientTokens, so Connector code written against the demo needs only a new AccessToken.
    connectorClientTokens: [...CONNECTOR_DEMO.clientTokens],
    properties,
  };
}

export function generateWorld(options: GenerateOptions): WorldFixture {
  return WorldFixtureSchema.parse(generateWorldInput(options));
}
