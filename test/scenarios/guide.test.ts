import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { FaultSchema } from '../../src/engine/faults.js';
import { MATCHER_NAMES } from '../../src/journal/matchers.js';
import { ExpectReply, ScenarioSchema, STEP_TYPES } from '../../src/scenarios/schema.js';

const guide = readFileSync('docs/scenario-guide.md', 'utf8');

/** The backticked names in the first column of each table of a piece of the guide. */
function tables(text: string): string[][] {
  const out: string[][] = [];
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith('|')) {
      current = undefined;
      continue;
    }
    if (/^\|\s*-/.test(line) || /^\|\s*(field|matcher|root|code|type|file)\s*\|/.test(line)) continue;
    if (!current) out.push((current = []));
    const first = line.split('|')[1];
    current.push(...[...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]));
  }
  return out;
}
const section = (heading: RegExp) => {
  const start = guide.search(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const rest = guide.slice(start + 1);
  const end = rest.search(/\n#{2,3} /);
  return end < 0 ? rest : rest.slice(0, end);
};
const keys = (schema: z.ZodObject) => Object.keys(schema.shape).sort();

describe('the scenario guide documents exactly what the schema has', () => {
  it('every top-level field', () => {
    expect(tables(section(/^## The top of a scenario/m))[0].sort()).toEqual(keys(ScenarioSchema));
  });

  it('every step type, each with exactly its fields', () => {
    const documented = [...guide.matchAll(/^### `(\w+)`/gm)].map((m) => m[1]);
    const types = STEP_TYPES.map((s) => String((s.shape.type as z.ZodLiteral).value));
    expect(documented.sort()).toEqual([...types].sort());
    for (const step of STEP_TYPES) {
      const type = String((step.shape.type as z.ZodLiteral).value);
      const [fields] = tables(section(new RegExp(`^### \`${type}\``, 'm')));
      expect({ type, fields: fields.sort() }).toEqual({ type, fields: keys(step as unknown as z.ZodObject).filter((k) => !['id', 'name', 'type'].includes(k)) });
    }
    // The fields every step has are described once, above the step types.
    expect(section(/^## Steps/m)).toMatch(/may have an `id`[^]*and a `name`/);
  });

  it('the fields of push.expect and fault.fault', () => {
    expect(tables(section(/^### `push`/m))[1].sort()).toEqual(keys(ExpectReply.unwrap() as unknown as z.ZodObject));
    expect(tables(section(/^### `fault`/m))[1].sort()).toEqual(keys(FaultSchema));
  });

  it('every matcher', () => {
    const rows = tables(section(/^## Expecting bodies/m))[0].map((cell) => /"(\$\w+)"/.exec(cell)?.[1]);
    expect([...new Set(rows)].sort()).toEqual([...MATCHER_NAMES].sort());
  });

  it('the roots of a difference', () => {
    expect(tables(section(/^### Reading a difference/m))[0].sort()).toEqual(['$.reply', '$.request', '$.response', '$.status']);
  });
});

describe('the README, the guide and the CI example run scenarios/examples/, not the certification suite', () => {
  it('no bare `mews-sim run scenarios/` is shown', () => {
    for (const file of ['README.md', 'docs/scenario-guide.md']) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/mews-sim run scenarios\/? /);
      expect(text).toContain('run scenarios/examples/');
    }
  });

  it('the compose example mounts the user\'s own folder, never the certification suite', () => {
    const compose = readFileSync('examples/ci/docker-compose.yml', 'utf8');
    expect(compose).toMatch(/- \.\/scenarios:\/scenarios:ro/);
    expect(compose).not.toMatch(/scenarios\/certification/);
  });
});
