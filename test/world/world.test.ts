import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { dayOf } from '../../src/engine/dates.js';
import { demoWorld, demoWorldInput } from '../../src/world/demo.js';
import { generateWorld } from '../../src/world/generate.js';
import { Inventory } from '../../src/world/inventory.js';
import { FixtureError, loadWorldFile } from '../../src/world/load.js';

describe('demo world', () => {
  it('meets the certification prerequisites', () => {
    const world = demoWorld();
    const gross = world.properties.filter((p) => p.pricingMode === 0);
    const net = world.properties.filter((p) => p.pricingMode === 1);
    expect(gross.length).toBeGreaterThan(0);
    expect(net.length).toBeGreaterThan(0);
    for (const p of [gross[0], net[0]]) {
      expect(p.spaceCategories.length).toBeGreaterThanOrEqual(5);
      expect(p.spaceCategories.some((s) => s.classification === 16)).toBe(true);
      expect(p.spaceCategories.some((s) => s.classification === 8)).toBe(true);
      const unsynced = new Set(p.connections[0].unsynchronizedRates);
      expect(p.ratePlans.filter((r) => !unsynced.has(r.code)).length).toBeGreaterThanOrEqual(5);
      expect(p.connections[0].productMappings.length).toBeGreaterThan(0);
    }
    const hostel = world.properties.find((p) => p.id === 'canal-hostel')!;
    const perSpace = hostel.connections.filter((c) => c.spaceTypeCodes?.length === 1);
    expect(perSpace).toHaveLength(hostel.spaceCategories.length);
    expect(hostel.connections.some((c) => c.spaceTypeCodes === undefined)).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(demoWorldInput())).toBe(JSON.stringify(demoWorldInput()));
  });
});

describe('generated worlds', () => {
  it('give the same world for the same seed, any size', () => {
    const a = generateWorld({ seed: 7, properties: 2, spaceTypesPerProperty: 40, ratePlansPerProperty: 25 });
    const b = generateWorld({ seed: 7, properties: 2, spaceTypesPerProperty: 40, ratePlansPerProperty: 25 });
    expect(a).toEqual(b);
    expect(a.properties[0].spaceCategories).toHaveLength(40);
    expect(a.properties[1].pricingMode).toBe(1);
    expect(generateWorld({ seed: 8 })).not.toEqual(generateWorld({ seed: 7 }));
  });
});

describe('inventory', () => {
  const property = demoWorld().properties[0];
  const inv = new Inventory(property, 1);
  it('prices every occupancy in gross and net, varying by day', () => {
    const day = dayOf('2027-03-10');
    const prices = inv.prices('BAR', 'DBL', day);
    expect(prices.map((p) => p.guestCount)).toEqual([1, 2, 3]);
    for (const p of prices) expect(p.netAmount).toBeCloseTo(p.grossAmount / 1.2, 1);
    const week = Array.from({ length: 7 }, (_, i) => inv.price('BAR', 'DBL', day + i, 2));
    expect(new Set(week).size).toBeGreaterThan(3);
  });

  it('layers overrides on computed values', () => {
    const day = dayOf('2027-03-10');
    inv.setPrice('BAR', 'DBL', day, day + 1, { base: 200 });
    expect(inv.price('BAR', 'DBL', day, 2)).toBe(200);
    inv.setAvailability('DBL', day, day + 1, 1);
    expect(inv.availability('DBL', day)).toBe(1);
    expect(inv.restriction('BAR', 'DBL', dayOf('2027-03-12'))).toEqual({ state: [1], minLos: 2, maxLos: undefined });
  });
});

describe('world files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mews-sim-world-'));
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('load a valid file', () => {
    const file = write('ok.json', JSON.stringify(demoWorldInput(), null, 2));
    expect(loadWorldFile(file).properties).toHaveLength(4);
  });

  it('report file, line, JSON path and reason for a bad file', () => {
    const input = demoWorldInput();
    (input.properties[0].connections![0] as { inventoryMappings?: unknown }).inventoryMappings = [{ ratePlanCode: 'BAR', spaceTypeCode: 'NOPE' }];
    (input.properties[1].spaceCategories[0] as { spaceCount: unknown }).spaceCount = 'many';
    const file = write('bad.json', JSON.stringify(input, null, 2));
    try {
      loadWorldFile(file);
      throw new Error('expected a FixtureError');
    } catch (err) {
      expect(err).toBeInstanceOf(FixtureError);
      const problems = (err as FixtureError).problems;
      expect(problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(['$.properties[1].spaceCategories[0].spaceCount']),
      );
      expect((err as Error).message).toMatch(/bad\.json:\d+:\d+ \$\.properties\[1\]\.spaceCategories\[0\]\.spaceCount: /);
      expect(problems.every((p) => p.line! > 1)).toBe(true);
    }
  });

  it('report cross-reference errors with their path', () => {
    const input = demoWorldInput();
    (input.properties[0].connections![0] as { inventoryMappings?: unknown }).inventoryMappings = [{ ratePlanCode: 'BAR', spaceTypeCode: 'NOPE' }];
    const file = write('ref.json', JSON.stringify(input, null, 2));
    expect(() => loadWorldFile(file)).toThrow(/\$\.properties\[0\]\.connections\[0\]\.inventoryMappings\[0\]\.spaceTypeCode: unknown space type "NOPE"/);
  });

  it('report invalid JSON with its position and a missing file', () => {
    const file = write('broken.json', '{\n  "clientToken": "x",\n}');
    expect(() => loadWorldFile(file)).toThrow(/broken\.json:2:21 \$: not valid JSON: a trailing comma before "}"/);
    expect(() => loadWorldFile(join(dir, 'missing.json'))).toThrow(/missing\.json \$: cannot read the file \(ENOENT\)/);
  });
});
