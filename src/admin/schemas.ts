import { z } from 'zod';
import { ExpectedValue } from '../journal/matchers.js';
import { WorldFixtureSchema } from '../world/schema.js';

/** Request and response shapes of the admin API (/_sim/...), for validation and the OpenAPI document. */
export const AdminError = z.object({ error: z.object({ message: z.string(), path: z.string().optional() }) }).meta({ id: 'AdminError' });

export const PartnerEndpointsSchema = z
  .object({
    baseUrl: z.url().optional(),
    operations: z.record(z.string(), z.url()).optional(),
  })
  .meta({ id: 'PartnerEndpoints' });

export const CreateWorldRequest = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/),
    /** Exactly one of: the demo world (default), a generated world, or a full fixture. */
    seed: z.number().int().optional(),
    size: z
      .object({
        properties: z.number().int().min(1).max(50).optional(),
        spaceTypesPerProperty: z.number().int().min(1).max(200).optional(),
        ratePlansPerProperty: z.number().int().min(1).max(200).optional(),
      })
      .optional(),
    fixture: WorldFixtureSchema.optional(),
    partner: PartnerEndpointsSchema.optional(),
    now: z.string().optional(),
    /** "fresh": new client, connection and Connector tokens for this world, so no other world's tokens reach it. */
    tokens: z.enum(['fixture', 'fresh']).optional(),
  })
  .meta({ id: 'CreateWorldRequest' });

export const VerifyRequestSchema = z
  .object({
    operation: z.string().optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    api: z.enum(['channelManager', 'connector', 'admin']).optional(),
    connection: z.string().optional(),
    since: z.union([z.string(), z.number()]).optional(),
    runId: z.string().optional(),
    body: ExpectedValue.optional(),
    response: ExpectedValue.optional(),
    count: z.number().int().min(0).optional(),
    atLeast: z.number().int().min(0).optional(),
    atMost: z.number().int().min(0).optional(),
  })
  .meta({ id: 'VerifyRequest' });

export const ClockRequest = z
  .object({
    now: z.string().optional(),
    advanceMs: z.number().optional(),
    advanceDays: z.number().optional(),
    release: z.boolean().optional(),
  })
  .meta({ id: 'ClockRequest' });

export const ResetRequest = z.object({ fixture: WorldFixtureSchema.optional(), clearJournal: z.boolean().optional() }).meta({ id: 'ResetRequest' });

export const JournalEntrySchema = z
  .object({
    id: z.string(),
    seq: z.number().int(),
    time: z.string(),
    world: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    api: z.enum(['channelManager', 'connector', 'admin']),
    operation: z.string(),
    method: z.string(),
    url: z.string(),
    connection: z.string().optional(),
    clientToken: z.string().optional(),
    status: z.number().int(),
    success: z.boolean().optional(),
    errorCodes: z.array(z.number()).optional(),
    messageId: z.string().optional(),
    relatedMessageId: z.string().optional(),
    request: z.object({ body: z.unknown() }),
    response: z.object({ body: z.unknown() }).optional(),
    durationMs: z.number(),
    findings: z.array(
      z.object({ severity: z.enum(['error', 'warning', 'info']), kind: z.string(), message: z.string(), path: z.string().optional() }),
    ),
    failure: z.string().optional(),
    runId: z.string().optional(),
    stepId: z.string().optional(),
  })
  .meta({ id: 'JournalEntry' });

export const JournalPage = z
  .object({
    world: z.string(),
    total: z.number().int(),
    evicted: z.number().int(),
    /** Pass as `cursor` for the next page; null when this page is the last. */
    nextCursor: z.number().int().nullable(),
    entries: z.array(JournalEntrySchema),
  })
  .meta({ id: 'JournalPage' });

export const VerifyResultSchema = z
  .object({
    ok: z.boolean(),
    matched: z.number().int(),
    expectation: z.string(),
    entries: z.array(JournalEntrySchema),
    nearestMiss: z
      .object({
        entry: JournalEntrySchema,
        mismatches: z.array(z.object({ path: z.string(), expected: z.unknown(), actual: z.unknown(), reason: z.string() })),
        diff: z.string(),
      })
      .optional(),
  })
  .meta({ id: 'VerifyResult' });

export const HealthSchema = z
  .object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number(), worlds: z.array(z.string()) })
  .meta({ id: 'Health' });

export const SyncCommand = z
  .object({ ratePlanCode: z.string().optional(), spaceTypeCode: z.string().optional() })
  .refine((b) => (b.ratePlanCode === undefined) !== (b.spaceTypeCode === undefined), { message: "give either 'ratePlanCode' or 'spaceTypeCode'" })
  .meta({ id: 'SyncCommand' });

export const WebhookConfig = z
  .object({
    url: z.url().nullable().optional().describe('General webhooks (entity changes); null turns them off.'),
    integrationUrl: z.url().nullable().optional().describe('Integration webhooks (integration state changes); null turns them off.'),
  })
  .meta({ id: 'WebhookConfig' });

/** What the partner posts when it did what a prompt asked: nothing, or the values it read back. */
export const PromptDoneRequest = z
  .object({
    values: z.array(z.record(z.string(), z.unknown())).max(1000).optional().describe('Read-back values, one object per item of the prompt\'s readBack, in the same order.'),
  })
  .meta({ id: 'PromptDoneRequest' });
