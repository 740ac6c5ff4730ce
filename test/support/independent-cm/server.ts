import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BookingDesk } from './bookings.js';
import type { Directory, Listing, MewsAccount } from './directory.js';
import { refuse, type ErrorItem } from './errors.js';
import { takeAvailability, takePrices, takeRestrictions, type Intake } from './inventory.js';
import { callJson, int, isObject, list, pause, text, type Json } from './wire.js';

const BODY_LIMIT = 32 * 1024 * 1024;

/** What the channel manager answered to one call from Mews (kept for tests). */
export interface Handled {
  operation: string;
  connection?: string;
  reply: Json;
}

/** A booking made in Mews and pushed here, under the code this channel manager gave it. */
interface MewsMadeGroup {
  code: string;
  /** Our reservation code per Mews confirmation number. */
  codes: Map<string, string>;
  message: Json;
}

interface Reply {
  body: Json;
  /** Work done once the answer has left: the asynchronous confirmation. */
  later?: () => Promise<void>;
}

const ok = (asyncConfirmation = false): Json => ({ success: true, asyncConfirmation });
const failed = (errors: ErrorItem[]): Json => ({ success: false, errors });

/**
 * The channel manager's one HTTP endpoint for everything Mews sends. The operation is the last
 * path segment; the connection comes from the body's connectionToken, so one base URL serves every
 * property connected here.
 */
export class InboundDesk {
  readonly handled: Handled[] = [];
  readonly confirmationsSent: { url: string; body: Json; status: number; answer: unknown }[] = [];
  readonly mewsMade = new Map<string, MewsMadeGroup>();
  readonly blocks = new Map<string, { code: string; message: Json }>();
  private server?: Server;
  private serial = 0;
  private readonly background = new Set<Promise<void>>();

  constructor(
    private readonly account: MewsAccount,
    private readonly directory: Directory,
    private readonly desk: BookingDesk,
    private readonly asyncReplies: boolean,
    private readonly mewsClientToken?: string,
  ) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      this.serve(req, res).catch(() => res.destroy());
    });
    this.server.listen(0, '127.0.0.1');
    await new Promise((r) => this.server!.once('listening', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.background]);
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise((r) => this.server!.close(r));
  }

  /** Resolves when every asynchronous confirmation started so far has been sent. */
  async drain(): Promise<void> {
    while (this.background.size) await Promise.allSettled([...this.background]);
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const operation = (req.url ?? '/').split('?')[0].split('/').filter(Boolean).at(-1) ?? '';
    const send = (status: number, body: Json) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    if (req.method !== 'POST') {
      send(405, failed([refuse.malformed(`${operation || '/'} is called with POST; got ${req.method}.`)]));
      return;
    }
    const raw = await readBody(req);
    let reply: Reply;
    let connection: string | undefined;
    if (raw === undefined) {
      reply = { body: failed([refuse.malformed(`the body is larger than ${BODY_LIMIT} bytes.`)]) };
    } else {
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        parsed = undefined;
      }
      if (!isObject(parsed)) reply = { body: failed([refuse.malformed('the body is not a JSON object.')]) };
      else {
        connection = text(parsed.connectionToken);
        reply = await this.dispatch(operation, parsed);
      }
    }
    this.handled.push({ operation, connection, reply: reply.body });
    res.once('finish', () => {
      if (!reply.later) return;
      const job = reply.later().finally(() => this.background.delete(job));
      this.background.add(job);
    });
    send(200, reply.body);
  }

  private async dispatch(operation: string, body: Json): Promise<Reply> {
    if (!['updateAvailability', 'updatePrices', 'updateRestrictions', 'confirmGroup', 'changeNotificaton', 'processGroup', 'processAvailabilityBlock'].includes(operation)) {
      return { body: failed([refuse.malformed(`"${operation}" is not an operation of this channel manager.`)]) };
    }
    if (this.mewsClientToken && operation !== 'processAvailabilityBlock' && body.clientToken !== this.mewsClientToken) {
      return { body: failed([refuse.credentials('the clientToken is not the one Mews was given for this channel manager.')]) };
    }
    if (operation === 'changeNotificaton') return this.notification(body);
    const token = text(body.connectionToken);
    const listing = token ? this.directory.listings.get(token) : undefined;
    if (!listing || listing.mewsSide === 'deleted') return { body: failed([refuse.noConnection(token)]) };
    if (listing.switchedOff) return { body: failed([refuse.switchedOff(listing.label)]) };
    switch (operation) {
      case 'updateAvailability':
        return this.inventory(listing, body, takeAvailability);
      case 'updatePrices':
        return this.inventory(listing, body, takePrices);
      case 'updateRestrictions':
        return this.inventory(listing, body, takeRestrictions);
      case 'confirmGroup':
        return { body: this.bookingConfirmed(listing, body) };
      case 'processGroup':
        return this.mewsBooking(listing, body);
      default:
        return this.availabilityBlock(listing, body);
    }
  }

  private inventory(listing: Listing, body: Json, take: (l: Listing, b: Json) => Intake): Reply {
    const intake = take(listing, body);
    if (intake.malformed) return { body: failed([intake.malformed]) };
    const result = intake.errors.length ? failed(intake.errors) : ok();
    const responseUrl = text(body.responseUrl);
    if (!this.asyncReplies || !responseUrl) return { body: result };
    const confirmation = {
      clientToken: this.account.clientToken,
      connectionToken: listing.token,
      relatedMessageId: text(body.messageId) ?? '',
      success: intake.errors.length === 0,
      ...(intake.errors.length && { errors: intake.errors }),
    };
    return { body: ok(true), later: () => this.confirm(responseUrl, confirmation) };
  }

  /** Mews's answer to a booking we sent: keep its confirmation numbers, or its failure. */
  private bookingConfirmed(listing: Listing, body: Json): Json {
    const id = text(body.channelManagerId);
    const numbers = list(body.reservations).filter(isObject);
    const booking = this.desk.find(listing.token, id);
    if (!booking) return failed([refuse.unknownBooking(numbers.map((r) => text(r.confirmationNumber)).filter((n): n is string => !!n), id)]);
    if (isObject(body.error)) {
      booking.failure = { code: int(body.error.code) ?? 1, message: text(body.error.message) ?? '' };
      return ok();
    }
    delete booking.failure;
    for (const r of numbers) {
      const code = text(r.code);
      const number = text(r.confirmationNumber);
      if (code && number) booking.confirmations.set(code, number);
    }
    return ok();
  }

  /** A booking made in Mews: kept under our own code, confirmed to the responseUrl. */
  private mewsBooking(listing: Listing, body: Json): Reply {
    const reservations = list(body.reservations).filter(isObject);
    const numbers = reservations.map((r) => text(r.confirmationNumber)).filter((n): n is string => !!n);
    const known = text(body.channelManagerId);
    let group = (known && this.mewsMade.get(`${listing.token}/${known}`)) || [...this.mewsMade.values()].find((g) => numbers.some((n) => g.codes.has(n)));
    if (!group) {
      this.serial += 1;
      group = { code: `MW${String(this.serial).padStart(4, '0')}`, codes: new Map(), message: body };
      this.mewsMade.set(`${listing.token}/${group.code}`, group);
    }
    group.message = body;
    const errors: ErrorItem[] = [];
    for (const r of reservations) {
      const space = text(r.spaceTypeCode);
      const rate = text(r.ratePlanCode);
      if (space && !listing.spaces.has(space)) errors.push(refuse.space(space));
      if (rate && !listing.rates.has(rate)) errors.push(refuse.rate(rate));
      const number = text(r.confirmationNumber);
      if (number && !group.codes.has(number)) group.codes.set(number, text(r.code) ?? `${group.code}-${group.codes.size + 1}`);
    }
    const responseUrl = text(body.responseUrl);
    if (!responseUrl) return { body: errors.length ? failed(errors) : ok() };
    const g = group;
    const confirmation = {
      clientToken: this.account.clientToken,
      connectionToken: listing.token,
      relatedMessageId: text(body.messageId) ?? '',
      success: errors.length === 0,
      code: g.code,
      ...(errors.length ? { errors } : { reservations: numbers.map((n) => ({ code: g.codes.get(n)!, confirmationNumber: n })) }),
    };
    return { body: ok(true), later: () => this.confirm(responseUrl, confirmation) };
  }

  private availabilityBlock(listing: Listing, body: Json): Reply {
    const block = isObject(body.availabilityBlock) ? body.availabilityBlock : undefined;
    const number = block && text(block.confirmationNumber);
    if (!block || !number) return { body: failed([refuse.malformed("'availabilityBlock' with a confirmationNumber is required.")]) };
    const key = `${listing.token}/${number}`;
    const code = text(block.code) ?? this.blocks.get(key)?.code ?? `BLK-${number}`;
    this.blocks.set(key, { code, message: body });
    const errors = list(block.spaceCategories)
      .filter(isObject)
      .map((c) => text(c.spaceTypeCode))
      .filter((s): s is string => !!s && !listing.spaces.has(s))
      .map(refuse.space);
    const responseUrl = text(body.responseUrl);
    if (!responseUrl) return { body: errors.length ? failed(errors) : ok() };
    const confirmation = {
      clientToken: this.account.clientToken,
      connectionToken: listing.token,
      relatedMessageId: text(body.messageId) ?? '',
      success: errors.length === 0,
      ...(errors.length && { errors }),
      code,
      confirmationNumber: number,
    };
    return { body: ok(true), later: () => this.confirm(responseUrl, confirmation) };
  }

  /** Connection changes in Mews: re-read what changed, forget what was deleted. */
  private async notification(body: Json): Promise<Reply> {
    const token = text(body.connectionToken);
    const type = int(body.type);
    if (!token) return { body: failed([refuse.noConnection(undefined)]) };
    if (type === undefined || type < 0 || type > 4) return { body: failed([refuse.malformed(`'type' must be a change notification type 0 to 4; got ${JSON.stringify(body.type)}.`)]) };
    let listing = this.directory.listings.get(token);
    if (!listing && type === 0) {
      await this.directory.load().catch(() => undefined);
      listing = this.directory.listings.get(token);
    }
    if (!listing) return { body: failed([refuse.noConnection(token)]) };
    if (type === 3) listing.mewsSide = 'disabled';
    else if (type === 4) listing.mewsSide = 'deleted';
    else await this.directory.refresh(listing);
    return { body: ok() };
  }

  /** Sends an asynchronous confirmation, a moment after the answer, again while Mews does not take it. */
  private async confirm(url: string, body: Json): Promise<void> {
    let wait = 60;
    for (let attempt = 1; attempt <= 6; attempt++) {
      await pause(wait);
      const answer = await callJson(url, body);
      this.confirmationsSent.push({ url, body, status: answer.status, answer: answer.body });
      if (answer.status === 200 && isObject(answer.body) && answer.body.success === true) return;
      wait *= 3;
    }
  }
}

function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (b: Buffer) => {
      size += b.length;
      if (size > BODY_LIMIT) over = true;
      else parts.push(b);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}
