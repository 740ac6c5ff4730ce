import { z } from 'zod';
import { ConfirmGroupRequest } from '../channel-manager/schemas.js';

/**
 * What mews-sim sends to the partner, as zod schemas: the OpenAPI `webhooks` section is generated
 * from them (with an example body each), and a test parses real outbound bodies with them.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const push = {
  clientToken: z.string().describe('Client token of the channel manager.'),
  connectionToken: z.string().describe('The connection the message is for.'),
  messageId: z.string().describe('Unique per message; the matching confirmation names it in relatedMessageId.'),
  responseUrl: z.string().describe('Where an asynchronous confirmation goes (on --public-url).'),
};
const price = z.object({ grossAmount: z.number(), netAmount: z.number(), currencyCode: z.string(), guestCount: z.number().int() });

export const UpdateAvailabilityMessage = z
  .object({
    ...push,
    availabilities: z.array(z.object({ spaceTypeCode: z.string(), from: date, to: date.describe('Included.'), availability: z.number().int() })),
  })
  .meta({ id: 'UpdateAvailabilityMessage', description: 'Availability per space type; consecutive days with equal values merged into one from/to range.' });

export const UpdatePricesMessage = z
  .object({
    ...push,
    ratePrices: z.array(
      z.object({
        spaceTypeCode: z.string(),
        ratePlanCode: z.string(),
        from: date,
        to: date,
        prices: z.array(price).describe('One per occupancy.'),
        agePrices: z.array(price.extend({ ageCategoryCode: z.string() })).optional(),
      }),
    ),
    dependentRates: z
      .array(z.object({ rateCode: z.string(), baseRateCode: z.string(), adjustments: z.array(z.object({ startDate: date, endDate: date, relativeValue: z.number(), absoluteValue: z.number() })) }))
      .optional()
      .describe('In the first message of a full price push: derived rates and their adjustment to the base rate.'),
  })
  .meta({ id: 'UpdatePricesMessage' });

export const UpdateRestrictionsMessage = z
  .object({
    ...push,
    restrictions: z.array(
      z.object({
        spaceTypeCode: z.string(),
        ratePlanCode: z.string(),
        from: date,
        to: date,
        state: z.array(z.number().int()).describe('[1] open, or 2 with 6 (closed to arrival), 7 (to departure), 8 (to stay).'),
        minLos: z.number().int().nullable(),
        maxLos: z.number().int().nullable(),
      }),
    ),
  })
  .meta({ id: 'UpdateRestrictionsMessage' });

export const ChangeNotificationMessage = z
  .object({
    clientToken: z.string(),
    connectionToken: z.string(),
    type: z.number().int().min(0).max(4).describe('0 created, 1 updated, 2 activated, 3 deactivated, 4 deleted.'),
  })
  .meta({ id: 'ChangeNotificationMessage' });

const amount = z.object({ gross: z.number().optional(), net: z.number().optional() });

export const MewsProcessGroupMessage = z
  .object({
    ...push,
    channelManagerId: z.string().optional().describe("The channel manager's group code, once it confirmed the group."),
    currencyCode: z.string(),
    totalAmount: amount,
    customer: z.object({ firstName: z.string().optional(), lastName: z.string(), email: z.string().optional() }),
    reservations: z.array(
      z.object({
        code: z.string().optional(),
        confirmationNumber: z.string(),
        spaceTypeCode: z.string(),
        ratePlanCode: z.string(),
        from: date,
        to: date,
        guestCounts: z.array(z.object({ code: z.string(), count: z.number().int() })),
        state: z.number().int().describe('1 new, 2 modified, 3 canceled.'),
        timeState: z.number().int(),
        amounts: z.array(amount),
        totalAmount: amount,
        paymentCardData: z
          .object({ type: z.number().int(), obfuscatedNumber: z.string(), expireDate: z.string(), identifier: z.string(), holderName: z.string() })
          .optional()
          .describe('Never a full card number.'),
      }),
    ),
  })
  .meta({ id: 'MewsProcessGroupMessage', description: 'A booking made in Mews (POST /_sim/bookings), pushed to the channel manager.' });

const range = { start: date, end: date };
export const MewsAvailabilityBlockMessage = z
  .object({
    connectionToken: z.string(),
    messageId: z.string(),
    responseUrl: z.string(),
    availabilityBlock: z.object({
      code: z.string().nullable(),
      confirmationNumber: z.string(),
      status: z.string(),
      name: z.string(),
      dates: z.object(range),
      spaceCategories: z.array(
        z.object({
          ...range,
          spaceTypeCode: z.string(),
          allocatedSpaces: z.array(z.object({ ...range, count: z.number().int() })),
          occupiedSpaces: z.array(z.object({ ...range, count: z.number().int() })),
          rates: z.array(z.object({ ...range, currencyCode: z.string(), prices: z.array(z.object({ guestCount: z.number().int(), grossAmount: z.number(), netAmount: z.number() }).loose()) })),
        }),
      ),
      booker: z.record(z.string(), z.unknown()).nullable(),
      company: z.unknown().nullable(),
      notes: z.string().nullable(),
      pickupType: z.string(),
      releaseStrategy: z.object({ type: z.string(), fixedDate: date.optional() }).loose(),
    }),
  })
  .meta({ id: 'MewsAvailabilityBlockMessage', description: 'An availability block made in Mews (POST /_sim/blocks).' });

export const GeneralWebhookMessage = z
  .object({
    EnterpriseId: z.string(),
    IntegrationId: z.string(),
    Events: z.array(
      z.object({
        Discriminator: z.enum(['ServiceOrderUpdated', 'CustomerAdded', 'CustomerUpdated', 'ResourceUpdated', 'ResourceBlockUpdated']),
        Value: z.object({ Id: z.string() }),
      }),
    ),
  })
  .meta({ id: 'GeneralWebhookMessage' });

export const IntegrationWebhookMessage = z
  .object({
    Action: z.string().describe('IntegrationCreated, IntegrationEnabled, IntegrationDisabled, IntegrationCanceled, IntegrationReinstated, IntegrationDeleted, IntegrationApiKeyCreated.'),
    Data: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'IntegrationWebhookMessage' });

const CT = '7D3C1E0A9B8F4A6C8E2D5B1F0A9C7E31-6B2F8D4A1C9E7B5D3F1A8C6E4B2D9F0';
const CN = 'A41F9C2E7D5B4E08A3C6F1D9B7E5A2C4-0F8E6D4C2B1A9F7E5D3C1B0A8F6E4D2';
const cm = (op: string, confirmWith: string) => ({ clientToken: CT, connectionToken: CN, messageId: `default-m1-${op}`, responseUrl: `http://localhost:8080/api/channelManager/v1/${confirmWith}` });

export interface OutboundCall {
  operation: string;
  api: 'channelManager' | 'connector';
  summary: string;
  schema: z.ZodType;
  example: unknown;
}

/** Every call mews-sim makes, in the order the README lists them. */
export const OUTBOUND_CALLS: OutboundCall[] = [
  {
    operation: 'updateAvailability',
    api: 'channelManager',
    summary: 'Availability push (full or delta)',
    schema: UpdateAvailabilityMessage,
    example: { ...cm('1', 'processAvailabilityConfirmation'), availabilities: [{ spaceTypeCode: 'DBL', from: '2027-01-01', to: '2027-01-03', availability: 12 }] },
  },
  {
    operation: 'updatePrices',
    api: 'channelManager',
    summary: 'Price push (full or delta)',
    schema: UpdatePricesMessage,
    example: {
      ...cm('2', 'processRateConfirmation'),
      ratePrices: [
        {
          spaceTypeCode: 'DBL',
          ratePlanCode: 'BAR',
          from: '2027-01-01',
          to: '2027-01-01',
          prices: [{ grossAmount: 120, netAmount: 100, currencyCode: 'GBP', guestCount: 2 }],
          agePrices: [{ grossAmount: 22.5, netAmount: 18.75, currencyCode: 'GBP', guestCount: 1, ageCategoryCode: 'Child' }],
        },
      ],
      dependentRates: [{ rateCode: 'ADV', baseRateCode: 'BAR', adjustments: [{ startDate: '2027-01-01', endDate: '2027-01-03', relativeValue: -0.15, absoluteValue: 0 }] }],
    },
  },
  {
    operation: 'updateRestrictions',
    api: 'channelManager',
    summary: 'Restriction push (full or delta)',
    schema: UpdateRestrictionsMessage,
    example: { ...cm('3', 'processRestrictionConfirmation'), restrictions: [{ spaceTypeCode: 'DBL', ratePlanCode: 'BAR', from: '2027-01-01', to: '2027-01-02', state: [2, 6], minLos: 2, maxLos: null }] },
  },
  {
    operation: 'confirmGroup',
    api: 'channelManager',
    summary: 'Confirmation of a processGroup the channel manager sent: Mews confirmation numbers, or the error',
    schema: ConfirmGroupRequest,
    example: { clientToken: CT, connectionToken: CN, relatedMessageId: 'm-1', channelManagerId: 'CM-1', reservations: [{ code: '01', confirmationNumber: '5123' }] },
  },
  {
    operation: 'changeNotificaton',
    api: 'channelManager',
    summary: 'The connection or its mappings changed (the documented spelling)',
    schema: ChangeNotificationMessage,
    example: { clientToken: CT, connectionToken: CN, type: 1 },
  },
  {
    operation: 'processGroup',
    api: 'channelManager',
    summary: 'A booking made in Mews',
    schema: MewsProcessGroupMessage,
    example: {
      ...cm('4', 'processGroupConfirmation'),
      currencyCode: 'GBP',
      totalAmount: { gross: 240, net: 200 },
      customer: { firstName: 'Grace', lastName: 'Hopper' },
      reservations: [
        {
          confirmationNumber: '5124',
          spaceTypeCode: 'DBL',
          ratePlanCode: 'BAR',
          from: '2027-03-01',
          to: '2027-03-03',
          guestCounts: [{ code: 'Adult', count: 2 }],
          state: 1,
          timeState: 1,
          amounts: [{ gross: 120, net: 100 }, { gross: 120, net: 100 }],
          totalAmount: { gross: 240, net: 200 },
          paymentCardData: { type: 1, obfuscatedNumber: '411111******1111', expireDate: '1230', identifier: '0b7a4f1e-1c1d-4a53-9d0e-3f7f2f1a9a11', holderName: 'Grace Hopper' },
        },
      ],
    },
  },
  {
    operation: 'processAvailabilityBlock',
    api: 'channelManager',
    summary: 'An availability block made in Mews',
    schema: MewsAvailabilityBlockMessage,
    example: {
      connectionToken: CN,
      messageId: 'default-m1-5',
      responseUrl: 'http://localhost:8080/api/channelManager/v1/processAvailabilityBlockConfirmation',
      availabilityBlock: {
        code: null,
        confirmationNumber: '5125',
        status: 'Create',
        name: 'Group block',
        dates: { start: '2027-04-01', end: '2027-04-03' },
        spaceCategories: [
          {
            start: '2027-04-01',
            end: '2027-04-03',
            spaceTypeCode: 'DBL',
            allocatedSpaces: [{ start: '2027-04-01', end: '2027-04-03', count: 5 }],
            occupiedSpaces: [{ start: '2027-04-01', end: '2027-04-03', count: 0 }],
            rates: [{ start: '2027-04-01', end: '2027-04-03', currencyCode: 'GBP', prices: [{ guestCount: 2, grossAmount: 120, netAmount: 100 }] }],
          },
        ],
        booker: { firstName: 'Event', lastName: 'Organiser', email: null },
        company: null,
        notes: null,
        pickupType: 'AllInOneGroup',
        releaseStrategy: { type: 'Fixed', fixedDate: '2027-03-25' },
      },
    },
  },
  {
    operation: 'generalWebhook',
    api: 'connector',
    summary: 'Connector API general webhook (--webhook-url)',
    schema: GeneralWebhookMessage,
    example: { EnterpriseId: '8a4a3c7e-5f5a-4b8e-9a37-0c2d1e6f7a10', IntegrationId: 'e0730f9a-4cd9-4f3d-82a5-70e751f18052', Events: [{ Discriminator: 'ServiceOrderUpdated', Value: { Id: '3f1c9b2a-7d4e-4e8f-a1b2-c3d4e5f60718' } }] },
  },
  {
    operation: 'integrationWebhook',
    api: 'connector',
    summary: 'Connector API integration webhook (--integration-webhook-url)',
    schema: IntegrationWebhookMessage,
    example: { Action: 'IntegrationDisabled', Data: { Integration: { Id: 'e0730f9a-4cd9-4f3d-82a5-70e751f18052', Name: 'Integration 1 of Harbour View Hotel & Hostel' } } },
  },
];

/**
 * The OpenAPI 3.1 `webhooks` section: one POST per outbound call, its body schema and an example.
 * processAvailabilityBlockConfirmation is left out: mews-sim sends it only to an endpoint configured for it.
 */
export function buildWebhooks(schemaOf: (schema: z.ZodType, io: 'input' | 'output') => Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const call of OUTBOUND_CALLS) {
    out[call.operation] = {
      post: {
        tags: [call.api === 'connector' ? 'Connector API webhooks' : 'Channel Manager API (partner side)'],
        operationId: `send_${call.operation}`,
        summary: call.summary,
        description:
          call.api === 'connector'
            ? 'Sent to the configured webhook URL; retried with backoff when not answered with 2xx within 5 s. Journaled as `' + call.operation + '`.'
            : 'Sent to `<--partner-url>/' + call.operation + '` (or its --partner-endpoint). Journaled as outbound `' + call.operation + '`.',
        requestBody: { required: true, content: { 'application/json': { schema: schemaOf(call.schema, 'output'), example: call.example } } },
        responses: { 200: { description: call.api === 'connector' ? 'Any 2xx status: received.' : 'The channel manager’s `{"success": true}` (or `asyncConfirmation`), or its error codes.' } },
      },
    };
  }
  return out;
}
