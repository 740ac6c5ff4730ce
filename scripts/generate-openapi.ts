import { writeFileSync } from 'node:fs';
import { buildOpenApiDocument, buildWorldJsonSchema } from '../src/openapi/document.js';
import { demoWorldInput } from '../src/world/demo.js';
import { buildScenarioJsonSchema } from '../src/openapi/document.js';
import { buildDeclarationJsonSchema } from '../src/review/declaration.js';

/** Writes the generated documents; the openapi test fails when these files are stale. */
export const OUTPUTS = {
  'openapi/mews-sim.openapi.json': buildOpenApiDocument,
  'schemas/world.schema.json': buildWorldJsonSchema,
  'schemas/scenario.schema.json': buildScenarioJsonSchema,
  'schemas/review-declaration.schema.json': buildDeclarationJsonSchema,
  'worlds/demo.json': () => ({ $schema: '../schemas/world.schema.json', ...demoWorldInput() }),
};

for (const [file, build] of Object.entries(OUTPUTS)) {
  writeFileSync(file, JSON.stringify(build(), null, 2) + '\n');
  console.log(`wrote ${file}`);
}
