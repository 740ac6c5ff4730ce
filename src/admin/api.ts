import type { z } from 'zod';
import { JSON_HEADERS, jsonResponse, type SimRequest, type SimResponse } from '../engine/http.js';
import { serializeEntry } from '../journal/journal.js';
import { isPlainObject, MAX_JSON_DEPTH, nestingDepth, parseJsonBody, safeDecode } from '../engine/json.js';
import { formatPath } from '../engine/json-locate.js';
import { CommandError } from '../engine/errors.js';
import { VERSION } from '../engine/version.js';
import type { World, WorldOptions } from '../engine/world.js';
import type { WorldFixture } from '../world/schema.js';
import { verify } from '../journal/verify.js';
import { demoWorld } from '../world/demo.js';
import { withFreshTokens } from '../world/fresh-tokens.js';
import { ClockRequest, CreateWorldRequest, PartnerEndpointsSchema, PromptDoneRequest, ResetRequest, VerifyRequestSchema } from './schemas.js';
import { connectionView, snapshotOf, worldSummary } from './views.js';
import {
  addSpaces,
  AddSpacesCommand,
  AvailabilityCommand,
  changeMapping,
  createConnection,
  CreateConnectionCommand,
  MappingCommand,
  PriceCommand,
  pushInventory,
  PushCommand,
  RestrictionCommand,
  setAvailability,
  setConnectionState,
  setPrice,
  setRestriction,
  setSynchronized,
} from '../channel-manager/commands.js';
import { pushEngine } from '../channel-manager/push/engine.js';
import { cancelMewsBooking, createMewsBlock, createMewsBooking, MewsBlockCommand, MewsBookingCommand } from '../channel-manager/push/mews-bookings.js';
import { SyncCommand, WebhookConfig } from './schemas.js';
import { FaultRequest } from '../engine/faults.js';
import { formatProblem } from '../world/load.js';
import { exportJournal, followFeed, followJournal } from './stream.js';
import { promptBoard, type PromptStatus } from '../scenarios/prompts.js';
import { maskBody, maskCardData } from '../journal/mask.js';
import { checkOutboundUrl, guardAdmin, hasAdminToken, hostsOf, type OutboundPolicy } from './security.js';
import { interpolate } from '../scenarios/interpolate.js';
import type { PartnerEndpoints } from '../engine/world.js';
import { CreateIntegrationCommand, INTEGRATION_ACTIONS, integrations, integrationView, type IntegrationAction } from '../connector/integrations.js';
import { runKept, uiRoute } from './ui.js';

export const ADMIN_PREFIX = '/_sim';

/** Journal entries per page when no limit is given, at most per page, and bytes of bodies per page at most. */
export const JOURNAL_DEFAULT_PAGE = 1000;
export const JOURNAL_MAX_PAGE = 10_000;
export const JOURNAL_PAGE_BYTES = 8 * 1024 * 1024;

const AdminError = CommandError;

type Handler = (world: World, request: SimRequest) => Promise<SimResponse> | SimResponse;

/** What the admin API needs of the simulator hosting it; the composition root (src/simulator.ts) provides it. */
export interface WorldHost {
  readonly worlds: Map<string, World>;
  readonly defaultWorld: World;
  world(name?: string): World | undefined;
  createWorld(name: string, fixture: WorldFixture, options?: Partial<WorldOptions> & { now?: string | number | Date }): World;
  deleteWorld(name: string): boolean;
  /** How the simulator was started: the part of its SimulatorOptions (src/simulator.ts) the admin API reads. */
  readonly options: Partial<Pick<WorldOptions, 'partner' | 'webhookUrl' | 'integrationWebhookUrl'>> & { adminToken?: string; allowedHosts?: string[]; allowOutboundHosts?: string[]; filesDir?: string };
}

/**
 * The admin API under /_sim: health, worlds, journal (query, verify, export, live feed), state
 * reset and snapshot, clock and partner endpoints. `/_sim/<x>` acts on the default world and
 * `/_sim/worlds/<name>/<x>` on a named one. Errors are `{error: {message, path?}}` with a 4xx status.
 */
export class AdminApi {
  private readonly routes: Record<string, Partial<Record<string, Handler>>> = {
    journal: {
      GET: (w, r) => this.journal(w, r),
      DELETE: (w) => {
        w.journal.clear();
        return jsonResponse(200, { cleared: true });
      },
    },
    'journal/verify': { POST: (w, r) => jsonResponse(200, verify(w.journal, this.body(r, VerifyRequestSchema))) },
    'journal/export': {
      GET: (w) => ({ status: 200, headers: { 'content-type': 'application/x-ndjson' }, body: exportJournal(w.journal.all()) }),
    },
    'journal/stream': {
      GET: (w, r) => ({
        status: 200,
        headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' },
        body: followJournal(w.journal, {
          sinceSeq: intParam(r, 'since'),
          limit: intParam(r, 'limit'),
          timeoutMs: intParam(r, 'timeoutMs'),
        }),
      }),
    },
    prompts: { GET: (w, r) => jsonResponse(200, { prompts: promptBoard(w).list(promptStatus(r)) }) },
    'prompts/stream': {
      GET: (w, r) => {
        const board = promptBoard(w);
        return {
          status: 200,
          headers: { 'content-type': 'application/x-ndjson', 'cache-control': 'no-cache' },
          body: followFeed(board.list('open'), (push) => board.subscribe(push), (p) => JSON.stringify(p) + '\n', { limit: intParam(r, 'limit'), timeoutMs: intParam(r, 'timeoutMs') }),
        };
      },
    },
    world: { GET: (w) => jsonResponse(200, worldSummary(w)) },
    snapshot: { GET: (w) => jsonResponse(200, snapshotOf(w)) },
    reset: {
      POST: (w, r) => {
        const body = r.body?.trim() ? this.body(r, ResetRequest) : {};
        w.reset(body.fixture ?? undefined);
        if (body.clearJournal) w.journal.clear();
        return jsonResponse(200, { reset: true, world: w.name });
      },
    },
    webhooks: {
      GET: (w) => jsonResponse(200, webhookView(w)),
      PUT: (w, r) => {
        const body = this.body(r, WebhookConfig);
        if (body.url) checkOutboundUrl(body.url, this.outbound, 'url');
        if (body.integrationUrl) checkOutboundUrl(body.integrationUrl, this.outbound, 'integrationUrl');
        if (body.url !== undefined) w.options.webhookUrl = body.url ?? undefined;
        if (body.integrationUrl !== undefined) w.options.integrationWebhookUrl = body.integrationUrl ?? undefined;
        return jsonResponse(200, webhookView(w));
      },
    },
    integrations: {
      GET: (w) => jsonResponse(200, { integrations: integrations(w).list().map(integrationView) }),
      POST: (w, r) => jsonResponse(201, integrationView(integrations(w).create(this.body(r, CreateIntegrationCommand)))),
    },
    partner: {
      GET: (w) => jsonResponse(200, { ...w.options.partner }),
      PUT: (w, r) => {
        const partner = this.body(r, PartnerEndpointsSchema);
        this.checkPartner(partner);
        w.setPartner(partner);
        return jsonResponse(200, { ...w.options.partner });
      },
    },
    clock: {
      GET: (w) => jsonResponse(200, clockView(w)),
      POST: (w, r) => {
        const body = this.body(r, ClockRequest);
        try {
          if (body.now !== undefined) w.clock.set(body.now);
          if (body.advanceMs !== undefined) w.clock.advance(body.advanceMs);
          if (body.advanceDays !== undefined) w.clock.advance(body.advanceDays * 86_400_000);
          if (body.release) w.clock.release();
        } catch (err) {
          throw new AdminError(400, (err as Error).message, 'now');
        }
        return jsonResponse(200, clockView(w));
      },
    },
    push: { POST: async (w, r) => jsonResponse(200, { pushes: await pushInventory(w, this.body(r, PushCommand)) }) },
    'push/flush': { POST: async (w) => jsonResponse(200, { pushes: await pushEngine(w).flush() }) },
    'inventory/availability': { POST: (w, r) => jsonResponse(200, setAvailability(w, this.body(r, AvailabilityCommand))) },
    'inventory/prices': { POST: (w, r) => jsonResponse(200, setPrice(w, this.body(r, PriceCommand))) },
    'inventory/restrictions': { POST: (w, r) => jsonResponse(200, setRestriction(w, this.body(r, RestrictionCommand))) },
    connections: {
      GET: (w) => jsonResponse(200, { connections: snapshotOf(w).connections }),
      POST: (w, r) => jsonResponse(201, connectionView(createConnection(w, this.body(r, CreateConnectionCommand)))),
    },
    bookings: { POST: async (w, r) => jsonResponse(201, await createMewsBooking(w, this.body(r, MewsBookingCommand))) },
    blocks: { POST: async (w, r) => jsonResponse(201, await createMewsBlock(w, this.body(r, MewsBlockCommand))) },
    runs: {
      POST: async (w, r) => {
        if (r.body === undefined) throw this.tooLarge(w, r);
        const depth = nestingDepth(r.body);
        if (depth > MAX_JSON_DEPTH) throw new AdminError(400, `The request body is nested ${depth} levels deep; at most ${MAX_JSON_DEPTH} are accepted.`);
        // Parsed as an in-memory scenario: validation must not probe the server's files (world.file is checked when run).
        const { parseScenarioText } = await import('../scenarios/load.js');
        const parsed = parseScenarioText(r.body);
        if ('problems' in parsed) throw new AdminError(400, parsed.problems.map(formatProblem).join('\n'), parsed.problems[0].path);
        const scenario = parsed.scenario;
        if (scenario.partner) this.checkPartner(interpolate(scenario.partner, scenario.variables ?? {}, w.clock.now().toISOString().slice(0, 10)));
        // The scenario's partner endpoints last for the run only; the world keeps its own.
        const before = { ...w.options.partner };
        try {
          return jsonResponse(200, maskCardData(await runKept(w, scenario, { env: {}, fileRoot: this.sim.options.filesDir ?? null })));
        } finally {
          if (scenario.partner) w.setPartner(before);
        }
      },
    },
    faults: {
      GET: (w) => jsonResponse(200, { faults: w.faults.list() }),
      POST: (w, r) => {
        const f = this.body(r, FaultRequest);
        w.faults.add(f.api, f.operation, f.count, f.fault);
        return jsonResponse(201, { faults: w.faults.list() });
      },
      DELETE: (w) => {
        w.faults.clear();
        return jsonResponse(200, { faults: [] });
      },
    },
    idle: {
      POST: async (w, r) => {
        const timeoutMs = intParam(r, 'timeoutMs') ?? 30_000;
        try {
          await w.tasks.idle(timeoutMs);
        } catch (err) {
          throw new AdminError(408, (err as Error).message);
        }
        return jsonResponse(200, { idle: true });
      },
    },
  };

  private readonly outbound: OutboundPolicy;

  constructor(private readonly sim: WorldHost) {
    const o = sim.options;
    this.outbound = {
      hosts: new Set([
        ...hostsOf([o.partner?.baseUrl, ...Object.values(o.partner?.operations ?? {}), o.webhookUrl, o.integrationWebhookUrl]),
        ...(o.allowOutboundHosts ?? []).map((h) => h.toLowerCase()),
      ]),
    };
  }

  async handle(request: SimRequest, path: string): Promise<SimResponse> {
    try {
      const rest = path.slice(ADMIN_PREFIX.length).replace(/^\/+|\/+$/g, '');
      if (!(rest === 'health' && request.method === 'GET')) guardAdmin(request, { adminToken: this.sim.options.adminToken, allowedHosts: this.sim.options.allowedHosts });
      return await this.route(request, rest);
    } catch (err) {
      if (err instanceof CommandError) {
        return jsonResponse(err.status, { error: { message: err.message, ...(err.path && { path: err.path }) } });
      }
      throw err;
    }
  }

  private async route(request: SimRequest, rest: string): Promise<SimResponse> {
    const method = request.method;
    if (rest === 'health' && method === 'GET') {
      return jsonResponse(200, {
        status: 'ok',
        version: VERSION,
        uptimeSeconds: Math.round((performance.now() / 1000) * 10) / 10,
        // World names are for those who may use the admin API.
        ...(hasAdminToken(request, this.sim.options.adminToken) && { worlds: [...this.sim.worlds.keys()] }),
      });
    }
    if (rest === 'worlds') {
      if (method === 'GET') return jsonResponse(200, { worlds: [...this.sim.worlds.values()].map(worldSummary) });
      if (method === 'POST') return this.createWorld(request);
      throw new AdminError(405, `Use GET or POST on /_sim/worlds, not ${method}.`);
    }
    let world = this.sim.defaultWorld;
    if (rest.startsWith('worlds/')) {
      const [, name, ...tail] = rest.split('/');
      const named = this.sim.world(safeDecode(name) ?? name);
      if (!named) throw new AdminError(404, `No world named "${name}". Known: ${[...this.sim.worlds.keys()].join(', ')}.`);
      if (tail.length === 0) {
        if (method === 'GET') return jsonResponse(200, worldSummary(named));
        if (method === 'DELETE') {
          try {
            this.sim.deleteWorld(named.name);
          } catch (err) {
            throw new AdminError(400, (err as Error).message);
          }
          return jsonResponse(200, { deleted: named.name });
        }
        throw new AdminError(405, `Use GET or DELETE on /_sim/worlds/${name}, not ${method}.`);
      }
      world = named;
      rest = tail.join('/');
    }
    const ui = uiRoute(world, request, rest);
    if (ui) return ui;
    const dynamic = this.dynamicRoute(world, request, rest);
    if (dynamic) return dynamic;
    const route = this.routes[rest];
    if (!route) {
      throw new AdminError(404, `No admin route /_sim/${rest}. Routes: health, worlds, ${Object.keys(this.routes).join(', ')}.`);
    }
    const handler = route[method];
    if (!handler) throw new AdminError(405, `Use ${Object.keys(route).join(' or ')} on /_sim/${rest}, not ${method}.`);
    return handler(world, request);
  }

  /** Routes with an id in the path: connections/<token>/<action>, integrations/<accessToken>/<action>, prompts/<id>/done, bookings/<groupId>/cancel, properties/<id>/spaces. */
  private dynamicRoute(world: World, request: SimRequest, rest: string): Promise<SimResponse> | SimResponse | undefined {
    const parts = rest.split('/').map((p) => safeDecode(p) ?? p);
    if (parts.length !== 3) return undefined;
    const [collection, id, action] = parts;
    if (request.method !== 'POST') throw new AdminError(405, `Use POST on /_sim/${rest}.`);
    if (collection === 'connections') {
      if (action === 'enable' || action === 'disable' || action === 'delete') return jsonResponse(200, connectionView(setConnectionState(world, id, action)));
      if (action === 'map' || action === 'unmap') return jsonResponse(200, connectionView(changeMapping(world, id, action, this.body(request, MappingCommand))));
      if (action === 'sync' || action === 'unsync') {
        const body = this.body(request, SyncCommand);
        return jsonResponse(200, connectionView(setSynchronized(world, id, body.ratePlanCode ? 'rate' : 'category', (body.ratePlanCode ?? body.spaceTypeCode)!, action === 'sync')));
      }
      throw new AdminError(404, `Unknown connection action '${action}': enable, disable, delete, map, unmap, sync, unsync.`);
    }
    if (collection === 'integrations') {
      if (!(INTEGRATION_ACTIONS as readonly string[]).includes(action)) throw new AdminError(404, `Unknown integration action '${action}': ${INTEGRATION_ACTIONS.join(', ')}.`);
      return jsonResponse(200, integrationView(integrations(world).apply(id, action as IntegrationAction)));
    }
    if (collection === 'prompts' && action === 'done') {
      const answer = request.body?.trim() ? this.body(request, PromptDoneRequest) : {};
      return jsonResponse(200, { prompt: promptBoard(world).done(id, answer) });
    }
    if (collection === 'properties' && action === 'spaces') return jsonResponse(200, addSpaces(world, id, this.body(request, AddSpacesCommand)));
    if (collection === 'bookings' && action === 'cancel') return cancelMewsBooking(world, id).then((r) => jsonResponse(200, r));
    return undefined;
  }

  private async createWorld(request: SimRequest): Promise<SimResponse> {
    const body = this.body(request, CreateWorldRequest);
    if (body.partner) this.checkPartner(body.partner);
    // The generator (and faker with it) loads only when a world is asked for by seed.
    const base = body.fixture ?? (body.seed !== undefined ? (await import('../world/generate.js')).generateWorld({ seed: body.seed, ...body.size }) : demoWorld());
    const fixture = body.tokens === 'fresh' ? withFreshTokens(base) : base;
    try {
      const world = this.sim.createWorld(body.name, fixture, { ...(body.partner && { partner: body.partner }), ...(body.now && { now: body.now }) });
      return jsonResponse(201, worldSummary(world));
    } catch (err) {
      throw new AdminError(409, (err as Error).message, 'name');
    }
  }

  /**
   * A page of the journal. `limit` alone: the last `limit` matching entries (at most JOURNAL_MAX_PAGE).
   * Otherwise the first page after `cursor` (or `since`), of JOURNAL_DEFAULT_PAGE entries or `limit`, cut
   * at JOURNAL_PAGE_BYTES of bodies; `nextCursor` continues it (null at the end).
   */
  private journal(world: World, request: SimRequest): SimResponse {
    const q = request.query;
    const since = q.get('since') ?? undefined;
    const cursor = intParam(request, 'cursor');
    const limit = intParam(request, 'limit');
    if (limit !== undefined && (limit < 1 || limit > JOURNAL_MAX_PAGE)) throw new AdminError(400, `Query parameter 'limit' must be 1 to ${JOURNAL_MAX_PAGE}; page on with 'cursor'.`, 'limit');
    const matches = world.journal.find({
      operation: q.get('operation') ?? undefined,
      direction: q.get('direction') ?? undefined,
      api: q.get('api') ?? undefined,
      connection: q.get('connection') ?? undefined,
      runId: q.get('runId') ?? undefined,
      since: cursor ?? (since !== undefined && /^\d+$/.test(since) ? Number(since) : since),
    });
    const lastOnes = limit !== undefined && cursor === undefined;
    const wanted = limit ?? JOURNAL_DEFAULT_PAGE;
    const start = lastOnes ? Math.max(0, matches.length - wanted) : 0;
    const end = Math.min(matches.length, start + wanted);
    const parts: string[] = [];
    let bytes = 0;
    let i = start;
    for (; i < end; i++) {
      if (parts.length > 0 && bytes + world.journal.approxBytes(matches[i]) > JOURNAL_PAGE_BYTES) break;
      bytes += world.journal.approxBytes(matches[i]);
      parts.push(serializeEntry(matches[i]));
    }
    const nextCursor = i < matches.length ? matches[i - 1].seq : null;
    // Entries are spliced in as their JSON: a large body kept as text is never parsed for the answer.
    const head = JSON.stringify({ world: world.name, total: world.journal.size, evicted: world.journal.evicted, nextCursor }).slice(0, -1);
    return { status: 200, headers: { ...JSON_HEADERS }, body: `${head},"entries":[${parts.join(',')}]}` };
  }

  /** Partner endpoints set through the admin API go only where the outbound policy allows. */
  private checkPartner(partner: PartnerEndpoints): void {
    if (partner.baseUrl) checkOutboundUrl(partner.baseUrl, this.outbound, 'baseUrl');
    for (const [op, url] of Object.entries(partner.operations ?? {})) checkOutboundUrl(url, this.outbound, `operations.${op}`);
  }

  private tooLarge(world: World, request: SimRequest): CommandError {
    return new AdminError(413, `The request body of ${request.bodyBytes} bytes exceeds the limit of ${world.options.bodyLimitBytes} bytes.`);
  }

  /** Parses and validates a JSON body; a problem becomes a 400 naming the field. */
  private body<S extends z.ZodType>(request: SimRequest, schema: S): z.output<S> {
    if (request.body === undefined) throw this.tooLarge(this.sim.defaultWorld, request);
    const parsed = parseJsonBody(request.body);
    if (!parsed.ok) throw new AdminError(400, parsed.reason);
    // Masked at ingress: a fixture, booking or edit sent here puts no card number into the world.
    const value = maskBody(parsed.value, request.body);
    if (!isPlainObject(value)) throw new AdminError(400, 'The request body must be a JSON object.');
    const result = schema.safeParse(value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more problems)` : '';
      throw new AdminError(400, `${formatPath(issue.path)}: ${issue.message}${more}`, formatPath(issue.path));
    }
    return result.data;
  }
}

const webhookView = (w: World) => ({ url: w.options.webhookUrl ?? null, integrationUrl: w.options.integrationWebhookUrl ?? null });

function intParam(request: SimRequest, name: string): number | undefined {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new AdminError(400, `Query parameter '${name}' must be a whole number; got '${raw}'.`, name);
  return n;
}

const PROMPT_STATUSES: readonly PromptStatus[] = ['open', 'done', 'expired', 'cancelled'];

function promptStatus(request: SimRequest): PromptStatus | undefined {
  const raw = request.query.get('status');
  if (raw === null || raw === '') return undefined;
  if (!(PROMPT_STATUSES as readonly string[]).includes(raw)) throw new AdminError(400, `Query parameter 'status' must be one of ${PROMPT_STATUSES.join(', ')}; got '${raw}'.`, 'status');
  return raw as PromptStatus;
}

function clockView(world: World) {
  return { now: world.clock.now().toISOString(), frozen: world.clock.frozen };
}

