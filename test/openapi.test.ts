import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { OPERATIONS } from '../src/channel-manager/operations/index.js';
import { buildOpenApiDocument, buildScenarioJsonSchema, buildWorldJsonSchema } from '../src/openapi/document.js';
import { demoWorld, demoWorldInput } from '../src/world/demo.js';
import { loadWorldFile } from '../src/world/load.js';

describe('generated documents', () => {
  it('openapi/ is current (run `npm run openapi` after changing a schema)', () => {
    const committed = JSON.parse(readFileSync('openapi/mews-sim.openapi.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('schemas/world.schema.json is current', () => {
    const committed = JSON.parse(readFileSync('schemas/world.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildWorldJsonSchema())));
  });

  it('schemas/scenario.schema.json is current', () => {
    const committed = JSON.parse(readFileSync('schemas/scenario.schema.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(buildScenarioJsonSchema())));
  });

  it('worlds/demo.json is current and loads as the demo world', () => {
    const committed = JSON.parse(readFileSync('worlds/demo.json', 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify({ $schema: '../schemas/world.schema.json', ...demoWorldInput() })));
    expect({ ...loadWorldFile('worlds/demo.json'), $schema: undefined }).toEqual({ ...demoWorld(), $schema: undefined });
  });

  it('documents every operation served, and every $ref resolves', () => {
    const doc = buildOpenApiDocument() as { paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    for (const op of OPERATIONS) expect(doc.paths).toHaveProperty([`/api/channelManager/v1/${op.name}`]);
    expect(doc.paths).toHaveProperty(['/_sim/health']);
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of refs) expect(doc.components.schemas).toHaveProperty([ref]);
  });
});
