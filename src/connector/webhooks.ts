import type { World } from '../engine/world.js';
import type { WorldChange } from '../world/state.js';
import { integrations } from './integrations.js';
import { modelOf } from './model.js';
import { deliverWebhook } from './webhook-delivery.js';

/**
 * Connector API general webhooks: the events of one change (all reservations a booking touched)
 * go out as one message per enterprise, `{EnterpriseId, IntegrationId, Events: [...]}`, to the
 * configured URL; a failed delivery (an error status or no answer in 5 s) is retried with backoff.
 */
export class Webhooks {
  /** Property → "Discriminator|Id" of the events waiting to be sent. */
  private readonly queued = new Map<string, Set<string>>();
  private scheduled = false;

  constructor(private readonly world: World) {}

  onChange(change: WorldChange): void {
    const events = eventsOf(change);
    if (events.length === 0 || !this.world.options.webhookUrl) return;
    let queued = this.queued.get(change.propertyId);
    if (!queued) this.queued.set(change.propertyId, (queued = new Set()));
    for (const event of events) queued.add(event);
    if (this.scheduled) return;
    this.scheduled = true;
    this.world.tasks.schedule('generalWebhook', () => this.flush(), this.world.options.deltaDelayMs);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const work = [...this.queued.entries()];
    this.queued.clear();
    const url = this.world.options.webhookUrl;
    if (!url) return;
    for (const [propertyId, ids] of work) {
      const property = this.world.state.properties.get(propertyId);
      // Only an enabled integration of the enterprise hears of its changes.
      const integration = integrations(this.world).primary(propertyId);
      if (!property || !integration) continue;
      const body = {
        EnterpriseId: modelOf(this.world, property).enterprise.Id as string,
        IntegrationId: integration.id,
        Events: [...ids].map((event) => {
          const [Discriminator, Id] = event.split('|');
          return { Discriminator, Value: { Id } };
        }),
      };
      await deliverWebhook(this.world, 'generalWebhook', url, body);
    }
  }
}

/** The general webhook events ("Discriminator|Id") a change of the world causes. */
function eventsOf(change: WorldChange): string[] {
  switch (change.type) {
    case 'reservation':
      return change.reservationIds.map((id) => `ServiceOrderUpdated|${id}`);
    case 'order':
      return change.orderIds.map((id) => `ServiceOrderUpdated|${id}`);
    case 'message':
      return change.messageIds.map((id) => `MessageAdded|${id}`);
    case 'payment':
      return change.paymentIds.map((id) => `PaymentUpdated|${id}`);
    case 'resource':
      return change.resourceIds.map((id) => `ResourceUpdated|${id}`);
    case 'resourceBlock':
      return change.resourceBlockIds.map((id) => `ResourceBlockUpdated|${id}`);
    case 'customer':
      return change.customerIds.map((id) => `${change.added ? 'CustomerAdded' : 'CustomerUpdated'}|${id}`);
    default:
      return [];
  }
}

export const webhooks = (world: World): Webhooks => world.apiStateOf('connector:webhooks', () => new Webhooks(world));
