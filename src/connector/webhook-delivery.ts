import { callPartner } from '../engine/outbound.js';
import type { World } from '../engine/world.js';

/** Mews waits this long for a webhook answer before it counts as failed (events/wh-faq.md). */
const WEBHOOK_TIMEOUT_MS = 5000;

/** Posts a webhook; an error status or no answer within 5 s is re-sent with backoff up to the push attempt limit. */
export async function deliverWebhook(world: World, operation: string, url: string, body: Record<string, unknown>): Promise<void> {
  const max = Math.max(1, world.options.pushMaxAttempts);
  for (let attempt = 1; attempt <= max; attempt++) {
    const result = await callPartner(world, { api: 'connector', operation, url, body, timeoutMs: WEBHOOK_TIMEOUT_MS }, (r) => ({
      success: r.status >= 200 && r.status < 300 && !r.failure,
      findings: r.failure
        ? [{ severity: 'error', kind: 'no-answer', message: r.failure }]
        : r.status >= 300
          ? [{ severity: 'error', kind: 'http-status', message: `The webhook endpoint answered HTTP ${r.status}; the message will be re-sent.` }]
          : [],
    }));
    if (attempt > 1) result.entry.findings.push({ severity: 'info', kind: 'retry', message: `Attempt ${attempt} of ${max}.` });
    if (result.status >= 200 && result.status < 300 && !result.failure) return;
    if (attempt === max) {
      result.entry.findings.push({ severity: 'error', kind: 'gave-up', message: `The webhook was not accepted after ${max} attempts; it is discarded.` });
      return;
    }
    await world.tasks.sleep(world.options.retryBaseMs * 2 ** (attempt - 1));
    if (world.tasks.isClosed) return;
  }
}
