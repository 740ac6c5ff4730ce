import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificationBookings } from './bookings.js';
import { Extranet, loadConnections, type KnownConnection } from './inventory.js';
import { MewsClient } from './mews.js';

/**
 * A reference channel manager: the channel-manager side of the Mews Channel Manager API, small
 * enough to read in one sitting. It maps what getConfiguration returns, serves every connection
 * behind one URL (routed by connectionToken), stores what Mews pushes, answers with the documented
 * error codes for anything it does not know — synchronously, or asynchronously through the
 * process*Confirmation operations — and can follow the certification's prompts on its own.
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
  'async-reject-in-confirmation',
  'async-never-confirms',
  'ignores-own-deactivation',
  'discards-data',
] as const;
export type Defect = (typeof DEFECTS)[number];

export interface ReferenceOptions {
  mewsUrl: string;
  clientToken: string;
  email: string;
  port?: number;
  /** Base path of the endpoints given to Mews, e.g. "/mews" → http://host:port/mews/updatePrices. */
  basePath?: string;
  /** Follow the certification prompts (GET /_sim/prompts/stream): send bookings, deactivate, read back. */
  autoBook?: boolean;
  /** Answer inventory pushes with asyncConfirmation: true and report the outcome later. */
  async?: boolean;
  adminToken?: string;
  defect?: Defect;
  log?: (line: string) => void;
}

export interface ReferenceChannelManager {
  url: string;
  server: Server;
  connections: Map<string, KnownConnection>;
  stop(): Promise<void>;
}

type ErrorItem = { code: number; message: string; rateCode?: string; categoryCode?: string };
type Answer = { success: boolean; asyncConfirmation?: boolean; errors?: ErrorItem[] };

const FIELDS: Record<string, { field: string; confirmWith: string }> = {
  updateAvailability: { field: 'availabilities', confirmWith: 'processAvailabilityConfirmation' },
  updatePrices: { field: 'ratePrices', confirmWith: 'processRateConfirmation' },
  updateRestrictions: { field: 'restrictions', confirmWith: 'processRestrictionConfirmation' },
};

export async function startReferenceChannelManager(options: ReferenceOptions): Promise<ReferenceChannelManager> {
  const log = options.log ?? (() => undefined);
  const defect = options.defect;
  const mews = new MewsClient(options.mewsUrl, options.clientToken, options.adminToken);
  const connections = await loadConnections(mews, options.email);
  const deactivated = new Set<string>();
  const extranet = new Extranet();
  /** Groups this channel manager sent (channelManagerId) → Mews confirmation numbers by reservation code. */
  const confirmed = new Map<string, Map<string, string>>();
  const sentGroups = new Set<string>();
  const basePath = (options.basePath ?? '/mews').replace(/\/+$/, '');

  /** The outcome of an inventory push: errors for what is not mapped or not allowed, else stored. */
  function inventory(operation: string, body: Record<string, unknown>): Answer {
    const { field } = FIELDS[operation];
    const token = String(body.connectionToken);
    const connection = connections.get(token);
    if (!connection || (deactivated.has(token) && defect !== 'ignores-own-deactivation')) {
      return defect === 'wrong-code-inactive'
        ? { success: false, errors: [{ code: 7, message: 'Cannot process this message.' }] }
        : { success: false, errors: [{ code: 3, message: 'The property connection is missing or inactive in the channel manager. Activate it in the extranet.' }] };
    }
    const items = (body[field] ?? []) as Record<string, unknown>[];
    const errors: ErrorItem[] = [];
    for (const item of items) {
      const space = String(item.spaceTypeCode);
      const rate = item.ratePlanCode === undefined ? undefined : String(item.ratePlanCode);
      if (!connection.spaceTypes.has(space) && defect !== 'success-for-unmapped-space' && !errors.some((e) => e.categoryCode === space)) {
        errors.push(
          defect === 'code10-without-categoryCode'
            ? { code: 10, message: 'Unknown space type category code.' }
            : { code: 10, message: `Unknown space type category code ${space}: map it in the channel manager.`, categoryCode: space },
        );
      }
      if (rate !== undefined && !connection.ratePlans.has(rate) && defect !== 'success-for-unmapped-rate' && !errors.some((e) => e.rateCode === rate)) {
        errors.push({ code: 9, message: `Unknown rate code ${rate}: map it in the channel manager.`, rateCode: rate });
      }
      const negative = [...((item.prices ?? []) as Record<string, number>[]), ...((item.agePrices ?? []) as Record<string, number>[])].find((p) => p.grossAmount < 0 || p.netAmount < 0);
      if (negative) errors.push({ code: 7, message: `A negative amount (${negative.grossAmount} gross, ${negative.netAmount} net) for ${rate} × ${space} from ${String(item.from)} cannot be stored.` });
    }
    if (errors.length) return { success: false, errors };
    if (defect !== 'discards-data') extranet.store(token, field, items);
    return { success: true };
  }

  /** Answers at once; in async mode the outcome goes to the push's responseUrl a moment later. */
  function answerPush(operation: string, body: Record<string, unknown>): Answer {
    const outcome = inventory(operation, body);
    const unknownConnection = outcome.errors?.some((e) => e.code === 3);
    if (!options.async || unknownConnection) return outcome;
    if (defect === 'async-never-confirms') return { success: true, asyncConfirmation: true };
    const rejected = defect === 'async-reject-in-confirmation' && operation === 'updateAvailability' && outcome.success;
    const confirmation = rejected ? { success: false, errors: [{ code: 7, message: 'The availability could not be stored; it was discarded.' }] } : outcome;
    setTimeout(() => {
      void mews
        .post(String(body.responseUrl), { clientToken: options.clientToken, connectionToken: body.connectionToken, relatedMessageId: body.messageId, ...confirmation })
        .catch((err: Error) => log(`confirmation of ${String(body.messageId)} failed: ${err.message}`));
    }, 5);
    return { success: true, asyncConfirmation: true };
  }

  const handlers: Record<string, (body: Record<string, unknown>) => Answer> = {
    updateAvailability: (body) => answerPush('updateAvailability', body),
    updatePrices: (body) => answerPush('updatePrices', body),
    updateRestrictions: (body) => answerPush('updateRestrictions', body),
    changeNotificaton: () => ({ success: true }),
    confirmGroup: (body) => {
      const id = String(body.channelManagerId);
      if (!sentGroups.has(id)) {
        const number = ((body.reservations ?? []) as { confirmationNumber?: string }[])[0]?.confirmationNumber ?? id;
        const message = defect === 'empty-error-message' ? '' : `Reservation ${number} (group ${id}) is not recorded in the channel manager.`;
        return { success: false, errors: [{ code: 2, message }] };
      }
      const numbers = confirmed.get(id) ?? new Map<string, string>();
      for (const r of (body.reservations ?? []) as { code: string; confirmationNumber: string }[]) numbers.set(r.code, r.confirmationNumber);
      confirmed.set(id, numbers);
      return { success: true };
    },
  };

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

  const bookings = new CertificationBookings(defect);
  const sendGroup = async (group: Record<string, unknown>) => {
    sentGroups.add(String(group.channelManagerId));
    const answer = await mews.call('processGroup', group);
    if (!answer.success) log(`processGroup ${String(group.channelManagerId)} refused: ${JSON.stringify(answer.errors)} (logged, not re-sent)`);
    return answer;
  };

  /** Acts on one prompt of the certification, by its action, on its connection. */
  async function act(prompt: Record<string, unknown>): Promise<void> {
    const action = String(prompt.action ?? '');
    const token = String(prompt.connection ?? '');
    const done = (body: unknown = {}) => mews.post(`/_sim/prompts/${String(prompt.id)}/done`, body);
    if (action === 'deactivate-connection' || action === 'reactivate-connection') {
      if (action === 'deactivate-connection') deactivated.add(token);
      else deactivated.delete(token);
      await done();
      return;
    }
    if (action === 'read-back') {
      await done({ values: ((prompt.readBack ?? []) as Parameters<Extranet['read']>[1][]).map((item) => extranet.read(token, item)) });
      return;
    }
    const connection = connections.get(token) ?? [...connections.values()].find((c) => c.pricingMode === (prompt.pricing === 'net' ? 1 : 0));
    const group = connection && bookings.groupFor(action, connection);
    if (!group) {
      log(`prompt ${String(prompt.id)} (${action}): nothing to do`);
      return;
    }
    const answer = await sendGroup(group);
    if (action === 'send-invalid-reservation' && !answer.success && defect === 'resend-invalid') await sendGroup({ ...group, messageId: `${String(group.messageId)}-again` });
  }

  const following = new AbortController();
  if (options.autoBook) void followPrompts(mews, following.signal, act, log);

  return {
    url,
    server,
    connections,
    stop: async () => {
      following.abort();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Watches the simulator's prompts and acts on each open one once, reconnecting when the stream ends. */
async function followPrompts(mews: MewsClient, signal: AbortSignal, act: (prompt: Record<string, unknown>) => Promise<void>, log: (line: string) => void): Promise<void> {
  const seen = new Set<string>();
  while (!signal.aborted) {
    try {
      for await (const prompt of mews.follow('/_sim/prompts/stream', signal)) {
        if (prompt.status !== 'open' || seen.has(String(prompt.id))) continue;
        seen.add(String(prompt.id));
        log(`prompt ${String(prompt.id)}: ${String(prompt.action)} — ${String(prompt.text)}`);
        await act(prompt).catch((err: Error) => log(`prompt ${String(prompt.id)} failed: ${err.message}`));
      }
    } catch (err) {
      if (signal.aborted) return;
      log(`prompt stream: ${(err as Error).message}; reconnecting`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
