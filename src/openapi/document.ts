import { z } from 'zod';
import { OPERATIONS } from '../channel-manager/operations/index.js';
import { CONNECTOR_OPERATIONS } from '../connector/operations/index.js';
import { SimpleResponseSchema } from '../channel-manager/schemas.js';
import {
  AdminError,
  ClockRequest,
  CreateWorldRequest,
  HealthSchema,
  JournalPage,
  PartnerEndpointsSchema,
  ResetRequest,
  SyncCommand,
  VerifyRequestSchema,
  WebhookConfig,
  VerifyResultSchema,
} from '../admin/schemas.js';
import { WorldFixtureSchema } from '../world/schema.js';
import { Expected, ScenarioSchema } from '../scenarios/schema.js';
import { matcherArguments } from '../journal/matchers.js';
import {
  AddSpacesCommand,
  AvailabilityCommand,
  CreateConnectionCommand,
  MappingCommand,
  PriceCommand,
  PushCommand,
  RestrictionCommand,
} from '../channel-manager/commands.js';
import { MewsBlockCommand, MewsBookingCommand } from '../channel-manager/push/mews-bookings.js';
import { VERSION } from '../engine/version.js';
import { FaultRequest } from '../engine/faults.js';
import { buildWebhooks } from './webhooks.js';

type Json = Record<string, unknown>;

/** JSON Schema of a zod schema, with named schemas referenced from components. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): Json {
  const id = z.globalRegistry.get(schema)?.id;
  if (id) return { $ref: `#/components/schemas/${id}${io === 'input' ? 'Input' : ''}` };
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json;
}

function components(): Json {
  const out: Json = {};
  for (const io of ['input', 'output'] as const) {
    const { schemas } = z.toJSONSchema(z.globalRegistry, {
      io,
      unrepresentable: 'any',
      uri: (id) => `#/components/schemas/${id}${io === 'input' ? 'Input' : ''}`,
    }) as { schemas: Record<string, Json> };
    for (const [id, schema] of Object.entries(schemas)) {
      delete schema.$schema;
      delete schema.$id;
      out[`${id}${io === 'input' ? 'Input' : ''}`] = schema;
    }
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

const json = (schema: Json) => ({ 'application/json': { schema } });

/**
 * The OpenAPI 3.1 document of everything mews-sim serves, generated from the same zod schemas
 * that validate requests. `npm run openapi` writes it to openapi/; a test fails when it is stale.
 */
export function buildOpenApiDocument(): Json {
  const paths: Json = {};
  for (const op of OPERATIONS) {
    paths[`/api/channelManager/v1/${op.name}`] = {
      post: {
        tags: ['Channel Manager API (Mews side)'],
        operationId: op.name,
        summary: op.summary,
        requestBody: { required: true, content: json(schemaOf(op.request, 'input')) },
        responses: {
          200: {
            description: 'Always HTTP 200: the operation result, or `success: false` with error codes (6 validation, 7 processing, 8 authentication, 3 connection, 9 disabled).',
            content: json({ oneOf: [schemaOf(op.response ?? SimpleResponseSchema, 'output'), schemaOf(SimpleResponseSchema, 'output')] }),
          },
        },
      },
    };
  }
  const connectorError = { description: 'Error', content: json({ type: 'object', required: ['Message'], properties: { Message: { type: 'string' }, RequestId: { type: 'string' }, Details: { type: 'string' } } }) };
  for (const op of CONNECTOR_OPERATIONS) {
    paths[`/api/connector/v1/${op.path}`] = {
      post: {
        tags: ['Connector API'],
        operationId: op.path.replace(/\/(\w)/g, (_m, c: string) => c.toUpperCase()).replace(/[^A-Za-z0-9]/g, '_'),
        summary: op.summary,
        parameters: [{ name: 'Prefer', in: 'header', required: false, schema: { type: 'string', enum: ['return=minimal'] } }],
        requestBody: { required: true, content: json(schemaOf(op.request, 'input')) },
        responses: {
          200: { description: 'Success', headers: { 'Request-Id': { schema: { type: 'string' } } }, content: json(op.response ? schemaOf(op.response, 'output') : { type: 'object' }) },
          ...(op.collection && { 204: { description: 'Empty page with Prefer: return=minimal' } }),
          400: { ...connectorError, description: 'Invalid JSON or an invalid parameter (named in Message)' },
          401: { ...connectorError, description: 'Invalid ClientToken or AccessToken' },
          403: { ...connectorError, description: 'A business rule was violated' },
          404: { ...connectorError, description: 'The address differs (case-sensitive, no trailing slash)' },
          408: { ...connectorError, description: 'Request timeout (injected fault)' },
          409: { ...connectorError, description: 'Conflict (injected fault)' },
          413: { ...connectorError, description: 'Request body too large' },
          429: { ...connectorError, description: 'More than 200 requests per AccessToken in 30 s; see Retry-After', headers: { 'Retry-After': { schema: { type: 'integer' } } } },
        },
      },
    };
  }
  paths['/v1/push/{pushId}'] = {
    post: {
      tags: ['Channel Manager API (Mews side)'],
      operationId: 'pciProxyPush',
      summary: 'PCI-proxy-style push address: processGroup (0426f19b66715a93, b2721c9a0351d553) or processAvailabilityBlock (4ef00bba562b5622, 9eaa344245feed7f).',
      parameters: [{ name: 'pushId', in: 'path', required: true, schema: { type: 'string' } }],
      requestBody: { required: true, content: json({ type: 'object' }) },
      responses: { 200: { description: 'Simple response', content: json(schemaOf(SimpleResponseSchema, 'output')) } },
    },
  };
  const admin = (method: string, path: string, summary: string, response: Json, request?: z.ZodType) => {
    const entry: Json = {
      tags: ['Admin API'],
      summary,
      responses: {
        200: { description: 'OK', content: json(response) },
        400: { description: 'Invalid input', content: json(schemaOf(AdminError, 'output')) },
        404: { description: 'Unknown route or world', content: json(schemaOf(AdminError, 'output')) },
      },
      ...(request && { requestBody: { required: true, content: json(schemaOf(request, 'input')) } }),
    };
    for (const p of [path, path.replace('/_sim/', '/_sim/worlds/{world}/')]) {
      if (p.startsWith('/_sim/worlds/{world}/') && (path === '/_sim/health' || path === '/_sim/worlds')) continue;
      const item = ((paths[p] as Json) ??= {});
      const params = [...p.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
      item[method] = params.length ? { ...entry, parameters: params } : entry;
    }
  };
  const ok = (props: Json) => ({ type: 'object', properties: props });
  admin('get', '/_sim/health', 'Liveness and version (the Docker healthcheck).', schemaOf(HealthSchema, 'output'));
  admin('get', '/_sim/worlds', 'Every world with its tokens and connections.', ok({ worlds: { type: 'array' } }));
  admin('post', '/_sim/worlds', 'Create an isolated world, served under /w/{name}/.', { type: 'object' }, CreateWorldRequest);
  admin('get', '/_sim/journal', 'Recorded calls, a page at a time; filters: operation, direction, api, connection, since (seq or ISO time), runId; limit alone gives the last entries (at most 10000); otherwise pages of 1000 (or limit) entries and at most 8 MB, continued with cursor=nextCursor.', schemaOf(JournalPage, 'output'));
  admin('delete', '/_sim/journal', 'Clear the journal.', ok({ cleared: { type: 'boolean' } }));
  admin('post', '/_sim/journal/verify', 'Called N times / at least once with a body containing a partial object; answers matches or the nearest miss.', schemaOf(VerifyResultSchema, 'output'), VerifyRequestSchema);
  admin('get', '/_sim/journal/export', 'The whole journal as NDJSON.', { type: 'string' });
  admin('get', '/_sim/journal/stream', 'Live NDJSON feed of new entries (query: since, limit, timeoutMs).', { type: 'string' });
  admin('get', '/_sim/journal/search', 'One-line summaries of matching calls, newest first, a window at a time (query: api, operation, direction, connection, status, findings, runId, stepId, q, offset, limit, facets).', ok({ matched: { type: 'integer' }, total: { type: 'integer' }, rows: { type: 'array' } }));
  admin('get', '/_sim/journal/entry/{seq}', 'One call with its bodies and the calls linked to it (confirmations, re-sends).', ok({ entry: { type: 'object' }, links: { type: 'array' } }));
  admin('get', '/_sim/journal/events', 'Server-sent events: an entry event with the summary of each new call (query: since).', { type: 'string' });
  admin('get', '/_sim/calendar', "A connection's inventory calendar with pushed cells and pending deltas (query: connection, from, days).", { type: 'object' });
  admin('get', '/_sim/runs', 'The last 50 scenario and certification runs with their steps.', ok({ runs: { type: 'array' } }));
  admin('get', '/_sim/runs/{id}', 'One run (by its id or a scenario runId).', { type: 'object' });
  admin('get', '/_sim/world', 'Summary of the world: tokens, properties, connections, partner endpoints.', { type: 'object' });
  admin('get', '/_sim/snapshot', 'The changeable state: connections, reservations, blocks, pending pushes, inventory edits.', { type: 'object' });
  admin('post', '/_sim/reset', 'Back to the fixture state (optionally a new fixture, optionally clearing the journal).', ok({ reset: { type: 'boolean' } }), ResetRequest);
  admin('get', '/_sim/partner', "The partner's endpoint URLs.", schemaOf(PartnerEndpointsSchema, 'output'));
  admin('put', '/_sim/partner', "Set the partner's endpoint URLs.", schemaOf(PartnerEndpointsSchema, 'output'), PartnerEndpointsSchema);
  admin('get', '/_sim/clock', 'The simulated time.', ok({ now: { type: 'string' }, frozen: { type: 'boolean' } }));
  admin('post', '/_sim/clock', 'Set, advance or release the simulated time.', ok({ now: { type: 'string' }, frozen: { type: 'boolean' } }), ClockRequest);
  admin('post', '/_sim/push', 'Full inventory push (availability, prices, restrictions) to the partner for a date range; answers a summary per connection and kind.', ok({ pushes: { type: 'array' } }), PushCommand);
  admin('post', '/_sim/push/flush', 'Send pending delta pushes now.', ok({ pushes: { type: 'array' } }));
  admin('post', '/_sim/inventory/availability', 'Set availability of a space type for a date range (to included); null clears the edit. A delta push follows.', { type: 'object' }, AvailabilityCommand);
  admin('post', '/_sim/inventory/prices', 'Set prices of a rate × space type for a date range; a delta push follows.', { type: 'object' }, PriceCommand);
  admin('post', '/_sim/inventory/restrictions', 'Set restrictions of a rate × space type for a date range; a delta push follows.', { type: 'object' }, RestrictionCommand);
  admin('get', '/_sim/connections', 'Every connection with its mappings, synchronization and push state.', ok({ connections: { type: 'array' } }));
  admin('post', '/_sim/connections', 'Create a connection (a Created change notification follows).', { type: 'object' }, CreateConnectionCommand);
  for (const action of ['enable', 'disable', 'delete']) {
    admin('post', `/_sim/connections/{token}/${action}`, `${action[0].toUpperCase()}${action.slice(1)} a connection (a change notification follows).`, { type: 'object' });
  }
  admin('post', '/_sim/connections/{token}/map', 'Map a rate × space type pair.', { type: 'object' }, MappingCommand);
  admin('post', '/_sim/connections/{token}/unmap', 'Unmap a rate × space type pair.', { type: 'object' }, MappingCommand);
  admin('post', '/_sim/connections/{token}/sync', 'Synchronize a rate or a space category again.', { type: 'object' }, SyncCommand);
  admin('post', '/_sim/connections/{token}/unsync', 'Unsynchronize a rate or a space category.', { type: 'object' }, SyncCommand);
  admin('post', '/_sim/properties/{propertyId}/spaces', 'Add spaces to a space category.', { type: 'object' }, AddSpacesCommand);
  admin('post', '/_sim/bookings', 'A booking made in Mews, pushed to the partner with processGroup.', { type: 'object' }, MewsBookingCommand);
  admin('post', '/_sim/bookings/{groupId}/cancel', 'Cancel a booking made in Mews (processGroup with state 3).', { type: 'object' });
  admin('post', '/_sim/blocks', 'An availability block made in Mews, pushed with processAvailabilityBlock.', { type: 'object' }, MewsBlockCommand);
  admin('get', '/_sim/webhooks', 'Where Connector API general webhooks go.', ok({ url: { type: ['string', 'null'] } }));
  admin('put', '/_sim/webhooks', 'Set (or with null, stop) the general webhook URL.', ok({ url: { type: ['string', 'null'] } }), WebhookConfig);
  admin('get', '/_sim/faults', 'Faults armed for the next calls.', ok({ faults: { type: 'array' } }));
  admin('post', '/_sim/faults', 'Arm a fault (delay, error code, HTTP status, no answer) for the next N calls of an operation.', ok({ faults: { type: 'array' } }), FaultRequest);
  admin('delete', '/_sim/faults', 'Disarm every fault.', ok({ faults: { type: 'array' } }));
  admin('post', '/_sim/runs', 'Run a scenario (the body is the scenario file) against this world; answers the result with its steps and calls.', { type: 'object' }, ScenarioSchema);
  admin('post', '/_sim/idle', 'Wait until no background work (confirmations, pushes) is left.', ok({ idle: { type: 'boolean' } }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'mews-sim',
      version: VERSION,
      description: 'What mews-sim serves: the Mews side of the Channel Manager API (camelCase, always HTTP 200), a core of the Connector API (PascalCase, HTTP status codes, Request-Id) and the admin API under /_sim. Prefix any path with /w/{world} to reach a named world.',
    },
    servers: [{ url: 'http://localhost:8080' }],
    paths,
    // What mews-sim sends to the partner: every outbound call with its body and an example.
    webhooks: buildWebhooks(schemaOf),
    components: { schemas: components() },
  };
}

/** JSON Schema of world fixture files, for editors (via "$schema"). */
export function buildWorldJsonSchema(): Json {
  return { ...(z.toJSONSchema(WorldFixtureSchema, { io: 'input', unrepresentable: 'any' }) as Json), title: 'mews-sim world fixture' };
}

/**
 * JSON Schema of scenario files, for editors (via "$schema"), from the same zod definitions as the
 * checks: expected bodies become the matcher schema (journal/matchers.ts), and the step union an
 * if/then per "type", so an editor reports one clear error for a wrong type or an unknown field.
 */
export function buildScenarioJsonSchema(): Json {
  const schema = z.toJSONSchema(ScenarioSchema, {
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      if (ctx.zodSchema === Expected) (ctx.jsonSchema as Json).$ref = '#/$defs/Expected';
    },
  }) as Json & { $defs: Record<string, Json> };
  Object.assign(schema.$defs, expectedDefs());
  const union = schema.$defs.ScenarioStep as { oneOf?: Json[]; anyOf?: Json[]; description?: string };
  const options = (union.oneOf ?? union.anyOf)!;
  const types: string[] = [];
  const branches: Json[] = [];
  for (const option of options) {
    const typeSchema = (option.properties as Record<string, Json>).type;
    const type = String(typeSchema.const);
    const id = `${type[0].toUpperCase()}${type.slice(1)}Step`;
    schema.$defs[id] = option;
    types.push(type);
    branches.push({ if: { properties: { type: { const: type } }, required: ['type'] }, then: { $ref: `#/$defs/${id}` } });
  }
  schema.$defs.ScenarioStep = {
    description: union.description,
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string', enum: types, description: 'Which kind of step this is; it decides which fields the step takes.' } },
    allOf: branches,
  };
  return { ...schema, title: 'mews-sim scenario' };
}

/** Expected values: literals, lists, and objects whose keys are either matchers or plain fields. */
function expectedDefs(): Record<string, Json> {
  const registry = z.registry<{ id: string; description?: string }>();
  const nested: z.ZodType = z.lazy(() => ExpectedStructure);
  const matchers = matcherArguments(nested);
  const ExpectedObject = z.object(Object.fromEntries(Object.entries(matchers).map(([k, v]) => [k, v.optional()]))).strict();
  const ExpectedStructure = z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(nested), ExpectedObject]);
  registry.add(ExpectedStructure, { id: 'Expected', description: 'An expected value: partial JSON (extra fields in the real message are fine), where an object with one "$" key is a matcher.' });
  registry.add(ExpectedObject, { id: 'ExpectedObject', description: 'A partial object: plain fields, or exactly one matcher ($any, $type, $regex, ...).' });
  const { schemas } = z.toJSONSchema(registry, { io: 'input', unrepresentable: 'any', uri: (id) => `#/$defs/${id}` }) as { schemas: Record<string, Json> };
  for (const def of Object.values(schemas)) {
    delete def.$schema;
    delete def.$id;
  }
  // The registry's descriptions are not emitted for top-level entries; set them here.
  schemas.Expected.description = registry.get(ExpectedStructure)!.description;
  schemas.ExpectedObject.description = registry.get(ExpectedObject)!.description;
  ((schemas.ExpectedObject.properties as Record<string, Json>).$regex as Json).format = 'regex';
  const object = schemas.ExpectedObject;
  delete object.additionalProperties;
  object.patternProperties = { '^[^$]': { $ref: '#/$defs/Expected' } };
  object.additionalProperties = false;
  return schemas;
}
