import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendCertificationBookings } from './bookings.js';
import { loadConnections, type KnownConnection } from './inventory.js';
import { MewsClient } from './mews.js';

/**
 * A reference channel manager: the channel-manager side of the Mews Channel Manager API, small
 * enough to read in one sitting. It maps what getConfiguration returns, accepts Mews's pushes with
 * the documented error codes for anything it does not know, keeps the bookings Mews confirms, and
 * can send the bookings the certification asks for on its own.
 *
 * `defect` switches on one typical mistake, to show what the certification catches.
 */
export const DEFECTS = [
  'success-for-unmapped-space',
  'success-for-unmapped-rate',
  'code10-without-categoryCode',
  'wrong-code-inactive',
  'empty-error-message',
  'changed-codes-on-modification',
  'resend-invalid',
  'no-test-card',
] as const;
export type Defect = (typeof DEFECTS)[number];

export interface ReferenceOptions {
  mewsUrl: string;
  clientToken: string;
  email: string;
  port?: number;
  /** Base path of the endpoints given to Mews, e.g. "/mews" → http://host:port/mews/updatePrices. */
  basePath?: string;
  /** Send the certification bookings automatically once started. */
  autoBook?: boolean;
  defect?: Defect;
  log?: (line: string) => void;
}

export interface ReferenceChannelManager {
  url: string;
  server: Server;
  connections: Map<string, KnownConnection>;
  /** Resolves when the automatic bookings are all sent and confirmed. */
  bookingsDone: Promise<void>;
  /** Sends the certification bookings now (what autoBook does at start). */
  sendBookings(): Promise<void>;
  stop(): Promise<void>;
}

type Answer = { success: boolean; asyncConfirmation?: boolean; errors?: { code: number; message: string; rateCode?: string; categoryCode?: string }[] };

export async function startReferenceChannelManager(options: ReferenceOptions): Promise<ReferenceChannelManager> {
  const log = options.log ?? (() => undefined);
  const mews = new MewsClient(options.mewsUrl, options.clientToken);
  const connections = await loadConnections(mews, options.email);
  /** channelManagerId → Mews confirmation numbers by reservation code. */
  const confirmed = new Map<string, Map<string, string>>();
  const confirmationWaiters = new Map<string, (body: Record<string, unknown>) => void>();
  const basePath = (options.basePath ?? '/mews').replace(/\/+$/, '');

  const handlers: Record<string, (body: Record<string, unknown>) => Answer> = {
    updateAvailability: (body) => checkCodes(body, 'availabilities'),
    updatePrices: (body) => checkCodes(body, 'ratePrices'),
    updateRestrictions: (body) => checkCodes(body, 'restrictions'),
    changeNotificaton: () => ({ success: true }),
    confirmGroup: (body) => {
      const id = String(body.channelManagerId);
      const waiter = confirmationWaiters.get(String(body.relatedMessageId));
      if (!waiter) {
        const message = options.defect === 'empty-error-message' ? '' : `Reservation group ${id} is not recorded in the channel manager.`;
        return { success: false, errors: [{ code: 2, message }] };
      }
      const numbers = confirmed.get(id) ?? new Map<string, string>();
      for (const r of (body.reservations ?? []) as { code: string; confirmationNumber: string }[]) numbers.set(r.code, r.confirmationNumber);
      confirmed.set(id, numbers);
      waiter(body);
      return { success: true };
    },
  };

  function checkCodes(body: Record<string, unknown>, field: string): Answer {
    const connection = connections.get(String(body.connectionToken));
    if (!connection) {
      return options.defect === 'wrong-code-inactive'
        ? { success: false, errors: [{ code: 7, message: 'Cannot process this message.' }] }
        : { success: false, errors: [{ code: 3, message: 'The property connection is missing or inactive in the channel manager. Activate it in the extranet.' }] };
    }
    const errors: NonNullable<Answer['errors']> = [];
    for (const item of (body[field] ?? []) as { spaceTypeCode: string; ratePlanCode?: string }[]) {
      if (!connection.spaceTypes.has(item.spaceTypeCode) && options.defect !== 'success-for-unmapped-space' && !errors.some((e) => e.categoryCode === item.spaceTypeCode)) {
        errors.push(
          options.defect === 'code10-without-categoryCode'
            ? { code: 10, message: 'Unknown space type category code.' }
            : { code: 10, message: `Unknown space type category code ${item.spaceTypeCode}: map it in the channel manager.`, categoryCode: item.spaceTypeCode },
        );
      }
      if (item.ratePlanCode && !connection.ratePlans.has(item.ratePlanCode) && options.defect !== 'success-for-unmapped-rate' && !errors.some((e) => e.rateCode === item.ratePlanCode)) {
        errors.push({ code: 9, message: `Unknown rate code ${item.ratePlanCode}: map it in the channel manager.`, rateCode: item.ratePlanCode });
      }
    }
    return errors.length ? { success: false, errors } : { success: true };
  }

  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const operation = (req.url ?? '').slice(basePath.length + 1).split('?')[0];
      const handler = handlers[operation];
      let answer: Answer;
      try {
        answer = handler ? handler(JSON.parse(text)) : { success: false, errors: [{ code: 6, message: `Unknown operation ${operation}.` }] };
      } catch {
        answer = { success: false, errors: [{ code: 6, message: 'The message is not valid JSON.' }] };
      }
      log(`${operation} → ${JSON.stringify(answer)}`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer));
    });
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${basePath}`;

  /** Sends a group and resolves with Mews's confirmGroup (or the synchronous refusal). */
  const sendGroup = async (group: Record<string, unknown>) => {
    const messageId = String(group.messageId);
    const confirmation = new Promise<Record<string, unknown>>((resolve) => confirmationWaiters.set(messageId, resolve));
    const answer = await mews.call('processGroup', group);
    if (!answer.success) {
      confirmationWaiters.delete(messageId);
      log(`processGroup refused: ${JSON.stringify(answer.errors)}`);
      return { answer };
    }
    return { answer, confirmation: await confirmation };
  };

  const sendBookings = () => sendCertificationBookings({ sendGroup, connections, defect: options.defect, log });
  const bookingsDone = options.autoBook ? sendBookings() : Promise.resolve();
  return {
    url,
    server,
    connections,
    bookingsDone,
    sendBookings,
    stop: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}
