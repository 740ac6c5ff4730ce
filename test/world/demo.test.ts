import { describe, expect, it } from '@jest/globals';
import { Faker, base, en, en_GB } from '@faker-js/faker';
import { DEMO_CONTACTS, demoWorld } from '../../src/world/demo.js';
import { Simulator } from '../../src/simulator.js';

describe('demo world without faker at run time', () => {
  it('its written-out contacts are what faker draws for seed 20261123', () => {
    const faker = new Faker({ locale: [en_GB, en, base] });
    faker.seed(20261123);
    const drawn = DEMO_CONTACTS.map(() => ({
      contact: faker.person.fullName(),
      phone: faker.phone.number({ style: 'international' }),
      addressLine1: faker.location.streetAddress(),
      city: faker.location.city(),
      zip: faker.location.zipCode(),
    }));
    expect(drawn).toEqual(DEMO_CONTACTS);
  });

  it('a simulator started without a fixture serves demoWorld()', () => {
    const sim = new Simulator({});
    try {
      expect(sim.defaultWorld.state.fixture).toEqual(demoWorld());
    } finally {
      sim.close();
    }
  });
});
