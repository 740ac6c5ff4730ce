import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { priceItems, syncedPairs } from '../../src/channel-manager/push/ari.js';
import { dayOf } from '../../src/engine/dates.js';
import { World } from '../../src/engine/world.js';
import { occupancyPrice } from '../../src/world/inventory.js';
import { demoWorld, demoWorldInput } from '../../src/world/demo.js';
import { generateWorld } from '../../src/world/generate.js';
import { FixtureError, loadWorldFile } from '../../src/world/load.js';
import type { WorldFixture } from '../../src/world/schema.js';

/** Every price point a full 365-day push of every connection would carry, with where it came from. */
function fullPushAmounts(fixture: WorldFixture, from = '2027-01-01') {
  const world = new World('prices', fixture);
  const out: { where: string; amount: number }[] = [];
  try {
    for (const connection of world.state.connections.values()) {
      if (connection.deleted) continue;
      for (const item of priceItems(world, connection, dayOf(from), dayOf(from) + 364, syncedPairs(connection))) {
        for (const p of [...item.prices, ...item.agePrices]) {
          const age = 'ageCategoryCode' in p ? ` age ${p.ageCategoryCode}` : '';
          const where = `${connection.token.slice(0, 8)} ${item.ratePlanCode}×${item.spaceTypeCode} ${item.from}${age} guests ${p.guestCount}`;
          out.push({ where, amount: p.grossAmount }, { where, amount: p.netAmount });
        }
      }
    }
  } finally {
    world.close();
  }
  return out;
}

describe('prices pushed to channel managers', () => {
  const worlds: [string, () => WorldFixture][] = [
    ['the demo world', demoWorld],
    ...[1, 7, 42, 2027, 99991].map((seed) => [`generated world, seed ${seed}`, () => generateWorld({ seed })] as [string, () => WorldFixture]),
    ['a large generated world', () => generateWorld({ seed: 5, properties: 3, spaceTypesPerProperty: 30, ratePlansPerProperty: 12 })],
  ];

  it.each(worlds)('%s: a full 365-day push of every connection has no negative amount', (_name, make) => {
    const amounts = fullPushAmounts(make());
    expect(amounts.length).toBeGreaterThan(1000);
    expect(amounts.filter((a) => a.amount < 0).slice(0, 5)).toEqual([]);
  });

  it('the net demo property prices one guest in its 8-bed dormitory above zero (it came out negative before)', () => {
    const amounts = fullPushAmounts(demoWorld(), '2027-03-01').filter((a) => a.where.includes('RACK×DORM') && !a.where.includes(' age ') && a.where.endsWith('guests 1'));
    expect(amounts.length).toBeGreaterThan(0);
    expect(Math.min(...amounts.map((a) => a.amount))).toBeGreaterThan(0);
  });

  it('fewer guests pay less, never less than 40% of the default occupancy, more guests pay more', () => {
    for (const dflt of [1, 2, 4, 8, 12]) {
      const prices = Array.from({ length: dflt + 2 }, (_, i) => occupancyPrice(100, i + 1, dflt));
      expect(Math.min(...prices)).toBeGreaterThanOrEqual(40);
      for (let i = 1; i < prices.length; i++) expect(prices[i]).toBeGreaterThanOrEqual(prices[i - 1]);
    }
  });

  it('refuses a world file whose package prices would come out negative, naming the file, line and path', () => {
    const input = demoWorldInput();
    input.properties[0].products![0].grossValue = -200;
    const file = join(mkdtempSync(join(tmpdir(), 'mews-sim-prices-')), 'negative.json');
    writeFileSync(file, JSON.stringify(input, null, 2));
    let problems: FixtureError['problems'] = [];
    try {
      loadWorldFile(file);
    } catch (err) {
      problems = (err as FixtureError).problems;
    }
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file, path: '$.properties[0].products[0].grossValue' });
    expect(problems[0].line).toBeGreaterThan(1);
    expect(problems[0].message).toMatch(/must not be negative/);
  });
});
