import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { CommandError } from '../engine/errors.js';
import type { World } from '../engine/world.js';
import type { Property } from '../world/schema.js';
import { stableId } from '../world/ids.js';
import { modelOf } from './model.js';
import { apiTime } from './time.js';
import { deliverWebhook } from './webhook-delivery.js';

/**
 * Integrations: the link between an enterprise and a partner application, one per AccessToken. The
 * property decides their state (in Mews, from Marketplace); here the admin API does. Only enabled
 * integrations authenticate, and every change is announced by an integration webhook, one message
 * per event, to the configured URL (events/wh-integration.md).
 */
export type IntegrationState = 'Enabled' | 'Disabled' | 'Canceled' | 'Deleted';

export interface Integration {
  id: string;
  name: string;
  accessToken: string;
  property: Property;
  state: IntegrationState;
  createdUtc: string;
}

export const INTEGRATION_ACTIONS = ['enable', 'disable', 'cancel', 'reinstate', 'delete', 'regenerate-key'] as const;
export type IntegrationAction = (typeof INTEGRATION_ACTIONS)[number];

export const CreateIntegrationCommand = z
  .object({
    property: z.string().min(1).describe('Property id (e.g. harbour-view).'),
    name: z.string().min(1).default('Partner integration'),
    accessToken: z.string().min(8).optional().describe('The AccessToken to use; generated when absent.'),
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateIntegrationCommand' });

/** Which state each action starts from, and where it leads (regenerating the key keeps the state). */
const TRANSITIONS: Record<Exclude<IntegrationAction, 'regenerate-key'>, { from: IntegrationState[]; to: IntegrationState; event: string }> = {
  enable: { from: ['Disabled'], to: 'Enabled', event: 'IntegrationEnabled' },
  disable: { from: ['Enabled'], to: 'Disabled', event: 'IntegrationDisabled' },
  cancel: { from: ['Enabled', 'Disabled'], to: 'Canceled', event: 'IntegrationCanceled' },
  reinstate: { from: ['Canceled'], to: 'Enabled', event: 'IntegrationReinstated' },
  delete: { from: ['Enabled', 'Disabled', 'Canceled'], to: 'Deleted', event: 'IntegrationDeleted' },
};

/** Mews's demo format: 32 hex digits, a dash, 31 more. */
const newAccessToken = () => `${randomBytes(16).toString('hex').toUpperCase()}-${randomBytes(16).toString('hex').toUpperCase().slice(0, 31)}`;

export class Integrations {
  private readonly byToken = new Map<string, Integration>();

  constructor(private readonly world: World) {
    const seed = world.state.fixture.seed;
    for (const property of world.state.fixture.properties) {
      property.accessTokens.forEach((token, i) => {
        this.byToken.set(token, {
          id: stableId(seed, 'integration', token),
          name: `Integration ${i + 1} of ${property.name}`,
          accessToken: token,
          property,
          state: 'Enabled',
          createdUtc: '2025-01-06T09:00:00Z',
        });
      });
    }
  }

  /** The integration an AccessToken opens, if it is enabled. */
  authenticate(accessToken: string): Integration | undefined {
    const integration = this.byToken.get(accessToken);
    return integration?.state === 'Enabled' ? integration : undefined;
  }

  /** The enabled integration whose id general webhooks of a property carry. */
  primary(propertyId: string): Integration | undefined {
    for (const i of this.byToken.values()) if (i.property.id === propertyId && i.state === 'Enabled') return i;
    return undefined;
  }

  list(): Integration[] {
    return [...this.byToken.values()];
  }

  create(command: z.output<typeof CreateIntegrationCommand>): Integration {
    const property = this.world.state.fixture.properties.find((p) => p.id === command.property);
    if (!property) throw new CommandError(404, `No property "${command.property}".`, 'property');
    const accessToken = command.accessToken ?? newAccessToken();
    if (this.byToken.has(accessToken)) throw new CommandError(409, 'That AccessToken is already in use.', 'accessToken');
    const integration: Integration = {
      id: this.world.state.uuid(),
      name: command.name,
      accessToken,
      property,
      state: command.enabled ? 'Enabled' : 'Disabled',
      createdUtc: apiTime(this.world.clock.now()),
    };
    this.byToken.set(accessToken, integration);
    const model = modelOf(this.world, property);
    const stay = model.services.find((s) => s.Id === model.stayServiceId)!;
    this.announce('IntegrationCreated', {
      Enterprise: { Id: model.enterprise.Id, Name: property.name },
      Service: { Id: stay.Id, Name: stay.Name },
      Requestor: null,
      AccessToken: accessToken,
      CreatedUtc: integration.createdUtc,
      IsEnabled: command.enabled,
      Integration: { Id: integration.id, Name: integration.name },
    });
    return integration;
  }

  apply(accessToken: string, action: IntegrationAction): Integration {
    const integration = this.byToken.get(accessToken);
    if (!integration) throw new CommandError(404, 'No integration with that AccessToken.', 'accessToken');
    const data = { Integration: { Id: integration.id, Name: integration.name } };
    if (action === 'regenerate-key') {
      if (integration.state === 'Deleted') throw new CommandError(409, 'The integration is deleted.');
      this.byToken.delete(accessToken);
      integration.accessToken = newAccessToken();
      this.byToken.set(integration.accessToken, integration);
      this.announce('IntegrationApiKeyCreated', { ...data, ApiKey: integration.accessToken });
      return integration;
    }
    const t = TRANSITIONS[action];
    if (!t.from.includes(integration.state)) {
      throw new CommandError(409, `Cannot ${action} an integration that is ${integration.state.toLowerCase()} (possible from: ${t.from.join(', ').toLowerCase()}).`);
    }
    integration.state = t.to;
    this.announce(t.event, action === 'delete' ? { DeletedUtc: apiTime(this.world.clock.now()), ...data } : data);
    return integration;
  }

  /** One webhook per event, sent in the background and retried like general webhooks. */
  private announce(action: string, data: Record<string, unknown>): void {
    const url = this.world.options.integrationWebhookUrl;
    if (!url) return;
    this.world.tasks.schedule('integrationWebhook', () => deliverWebhook(this.world, 'integrationWebhook', url, { Action: action, Data: data }), 0);
  }
}

export const integrations = (world: World): Integrations => world.apiStateOf('connector:integrations', () => new Integrations(world));

export const integrationView = (i: Integration) => ({
  id: i.id,
  name: i.name,
  property: i.property.id,
  accessToken: i.accessToken,
  state: i.state,
  createdUtc: i.createdUtc,
});
