import { callPartner } from '../engine/outbound.js';
import type { World } from '../engine/world.js';
import type { WorldChange } from '../world/state.js';
import { stableId } from '../world/ids.js';
import { modelOf } from './model.js';

/** Mews waits this long for a webhook answer before it counts as failed (events/wh-faq.md). */
const WEBHOOK_TIMEOUT_MS = 5000;

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
    if ((change.type !== 'reservation' && change.type !== 'resource') || !this.world.options.webhookUrl) return;
    let events = this.queued.get(change.propertyId);
    if (!events) this.queued.set(change.propertyId, (events = new Set()));
    if (change.type === 'reservation') for (const id of change.reservationIds) events.add(`ServiceOrderUpdated|${id}`);
    else for (const id of change.resourceIds) events.add(`ResourceUpdated|${id}`);
    if (this.scheduled) return;
    this.scheduled = true;
    this.world.tasks.schedule('generalWebhook', () => this.flush(), this.world.options.deltaDelayMs);
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const work = [...this.queued.entries()];
    this.queued.clear();
    for (const [propertyId, ids] of work) {
      const property = this.world.state.properties.get(propertyId);
      if (!property || property.accessTokens.length === 0) continue;
      const body = {
        EnterpriseId: modelOf(this.world, property).enterprise.Id as string,
        IntegrationId: stableId(this.world.state.fixture.seed, 'integration'),
        Events: [...ids].map((event) => {
          const [Discriminator, Id] = event.split('|');
          return { Discriminator, Value: { Id } };
        }),
      };
      await this.deliver(body);
    }
  }

  private async deliver(body: Record<string, unknown>): Promise<void> {
    const max = Math.max(1, this.world.options.pushMaxAttempts);
    for (let attempt = 1; attempt <= max; attempt++) {
      const result = await callPartner(
        this.world,
        { api: 'connector', operation: 'generalWebhook', url: this.world.options.webhookUrl, body, timeoutMs: WEBHOOK_TIMEOUT_MS },
        (r) => ({
          success: r.status >= 200 && r.status < 300,
          findings: r.failure
            ? [{ severity: 'error', kind: 'no-answer', message: r.failure }]
            : r.status >= 300
              ? [{ severity: 'error', kind: 'http-status', message: `The webhook endpoint answered HTTP ${r.status}; the message will be re-sent.` }]
              : [],
        }),
      );
      if (attempt > 1) result.entry.findings.push({ severity: 'info', kind: 'retry', message: `Attempt ${attempt} of ${max}.` });
      if (result.status >= 200 && result.status < 300) return;
      if (attempt === max) {
        result.entry.findings.push({ severity: 'error', kind: 'gave-up', message: `The webhook was not accepted after ${max} attempts; it is discarded.` });
        return;
      }
      await this.world.tasks.sleep(this.world.options.retryBaseMs * 2 ** (attempt - 1));
      if (this.world.tasks.isClosed) return;
    }
  }
}

export const webhooks = (world: World): Webhooks => world.apiStateOf('connector:webhooks', () => new Webhooks(world));
