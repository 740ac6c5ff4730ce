import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { Ajv2020 } from 'ajv/dist/2020.js';
const schema = JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);
const errors = (scenario: unknown) => (validate(scenario) ? [] : validate.errors!.map((e: { instancePath: string; message?: string }) => `${e.instancePath} ${e.message}`));

const GROSS = 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4-0F8E6D4C2B1A9F7E5D3C1B0A8F6E4D2';
const withStep = (step: unknown) => ({ name: 'x', steps: [step] });
const expecting = (matcher: unknown) => withStep({ type: 'expectCall', operation: 'processGroup', body: { n: matcher } });
const price = (from: string, to: string) => withStep({ type: 'setPrice', connection: GROSS, ratePlanCode: 'BAR', spaceTypeCode: 'DBL', from, to, price: 1 });

describe('schemas/scenario.schema.json, as an editor sees it', () => {
  it('accepts every scenario shipped', () => {
    for (const folder of ['scenarios/examples', 'scenarios/certification']) {
      for (const f of readdirSync(folder).filter((n) => n.endsWith('.json'))) expect({ f, errors: errors(JSON.parse(readFileSync(join(folder, f), 'utf8'))) }).toEqual({ f, errors: [] });
    }
  });

  it.each([
    ['$length "three"', expecting({ $length: 'three' })],
    ['$regx', expecting({ $regx: 'a' })],
    ['$oneof', expecting({ $oneof: [1] })],
    ['$range min "a lot"', expecting({ $range: { min: 'a lot' } })],
    ['$type "text"', expecting({ $type: 'text' })],
    ['a nested matcher mistake', expecting({ $not: { $tpye: 'string' } })],
    ['"tomorrow"', price('tomorrow', 'today')],
    ['"today + 3"', price('today', 'today + 3')],
    ['"today+1d"', price('today+1d', 'today')],
    ['"2027-02-30"', price('today', '2027-02-30')],
    ['updateAvailabilty', withStep({ type: 'expectCall', direction: 'outbound', operation: 'updateAvailabilty' })],
    ['withn', withStep({ type: 'expectCall', operation: 'processGroup', withn: '2s' })],
    ['an unknown top-level field', { name: 'x', step: [], steps: [{ type: 'wait', duration: 1 }] }],
  ])('flags %s', (_what, scenario) => {
    expect(errors(scenario).length).toBeGreaterThan(0);
  });

  it('reports a wrong step type as one clear error, not one per step type', () => {
    expect(errors(withStep({ type: 'expectCal', operation: 'processGroup' }))).toEqual(['/steps/0/type must be equal to one of the allowed values']);
  });

  it('describes every field and every matcher', () => {
    const missing: string[] = [];
    const walk = (node: unknown, path: string): void => {
      if (!node || typeof node !== 'object') return;
      if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}[${i}]`));
      const n = node as Record<string, unknown>;
      for (const [key, value] of Object.entries((n.properties ?? {}) as Record<string, Record<string, unknown>>)) {
        if (!value.description && !value.$ref) missing.push(`${path}.${key}`);
        if (key !== 'fixture') walk(value, `${path}.${key}`);
      }
      for (const key of ['items', 'anyOf', 'oneOf', 'allOf', 'then', 'additionalProperties']) walk(n[key], `${path}/${key}`);
      for (const value of Object.values((n.patternProperties ?? {}) as Record<string, unknown>)) walk(value, `${path}/pattern`);
    };
    // The inline world fixture is world.schema.json's, documented there.
    for (const [id, def] of Object.entries(schema.$defs)) walk(def, id);
    expect(missing).toEqual([]);
    expect(Object.keys(schema.$defs.ExpectedObject.properties).length).toBe(11);
  });
});
