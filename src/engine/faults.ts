import { z } from 'zod';

/**
 * Faults injected on demand (admin API, scenarios): the next N calls of an operation are delayed,
 * answered with an error, an HTTP status, or not at all, so a partner can rehearse Mews misbehaving.
 */
export const FaultSchema = z
  .object({
    delayMs: z.number().int().min(0).max(600_000).optional().describe('Milliseconds added before the normal answer (or before the other fault).'),
    errorCode: z.number().int().optional().describe('Answer with this Channel Manager API error code instead of the normal answer (the Connector API uses httpStatus).'),
    message: z.string().optional().describe('Error message to answer with errorCode.'),
    httpStatus: z.number().int().min(200).max(599).optional().describe('Answer with this HTTP status (e.g. 500, 429) instead of the normal answer.'),
    retryAfter: z.number().int().min(0).optional().describe('Seconds to announce in Retry-After with a 429.'),
    noAnswer: z.boolean().optional().describe('Never answer: the connection is dropped after delayMs (default 30 s).'),
  })
  .meta({ id: 'Fault' });

export type Fault = z.output<typeof FaultSchema>;

export const FaultRequest = z
  .object({
    api: z.enum(['channelManager', 'connector']).default('channelManager'),
    operation: z.string().min(1),
    count: z.number().int().min(1).default(1),
    fault: FaultSchema,
  })
  .meta({ id: 'FaultRequest' });

interface Armed {
  api: string;
  operation: string;
  remaining: number;
  fault: Fault;
}

export class Faults {
  private armed: Armed[] = [];

  add(api: string, operation: string, count: number, fault: Fault): void {
    this.armed.push({ api, operation, remaining: count, fault });
  }

  /** The fault for this call, if one is armed (used up one call at a time, first armed first). */
  take(api: string, operation: string): Fault | undefined {
    const i = this.armed.findIndex((a) => a.api === api && a.operation === operation);
    if (i < 0) return undefined;
    const a = this.armed[i];
    if (--a.remaining <= 0) this.armed.splice(i, 1);
    return a.fault;
  }

  list(): Armed[] {
    return this.armed.map((a) => ({ ...a }));
  }

  clear(): void {
    this.armed = [];
  }
}
