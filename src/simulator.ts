import { ChannelManagerApi } from './channel-manager/api.js';
import { ConnectorApi } from './connector/api.js';
import { AdminApi } from './admin/api.js';
import { demoWorld } from './world/demo.js';
import type { WorldFixture } from './world/schema.js';
import type { ApiModule } from './engine/api.js';
import { SimClock } from './engine/clock.js';
import { jsonResponse, type SimRequest, type SimResponse } from './engine/http.js';
import { World, type WorldOptions } from './engine/world.js';
import { safeDecode } from './engine/json.js';
import { serveUi, UI_PATH, wantsDashboard } from './ui/static.js';

export interface SimulatorOptions extends Partial<WorldOptions> {
  /** The default world's data; the built-in demo world when omitted. */
  fixture?: WorldFixture;
  /** Name of the default world (the one served without a /w/<name> prefix). */
  defaultWorld?: string;
  /** Start the default world's clock at this instant (frozen) instead of real time. */
  now?: string | number | Date;
  /** When set, every /_sim route but health needs `Authorization: Bearer <token>`. */
  adminToken?: string;
  /** Dotted host names the admin API answers to besides loopback, IP literals and single-label names; "*" for any. */
  allowedHosts?: string[];
  /** Hosts the admin API may point outbound calls at, besides loopback, single-label names and start-up URLs; "*" for any. */
  allowOutboundHosts?: string[];
  /** The folder scenarios sent to POST /_sim/runs may read files from (none when unset). */
  filesDir?: string;
}

export const WORLD_PREFIX = '/w/';
const WORLD_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/**
 * The composition root: the engine's worlds and the APIs that serve them (the engine knows no API).
 * The simulated Mews: a set of independent worlds and the APIs that serve them. Framework-free:
 * adapters hand it a SimRequest and send back the SimResponse.
 *
 * Routing: `/_sim/...` is the admin API; `/w/<world>/<api path>` reaches a named world; any other
 * path reaches the default world.
 */
export class Simulator {
  readonly worlds = new Map<string, World>();
  readonly apis: ApiModule[];
  readonly admin: AdminApi;
  readonly defaultWorldName: string;
  readonly startedAt = new Date();

  constructor(readonly options: SimulatorOptions = {}) {
    this.defaultWorldName = options.defaultWorld ?? 'default';
    this.apis = [new ChannelManagerApi(), new ConnectorApi()];
    this.admin = new AdminApi(this);
    this.createWorld(this.defaultWorldName, options.fixture ?? demoWorld(), options);
  }

  get defaultWorld(): World {
    return this.worlds.get(this.defaultWorldName)!;
  }

  world(name: string = this.defaultWorldName): World | undefined {
    return this.worlds.get(name);
  }

  createWorld(name: string, fixture: WorldFixture, options: Partial<WorldOptions> & { now?: string | number | Date } = {}): World {
    if (!WORLD_NAME.test(name)) throw new RangeError(`World names are 1-64 letters, digits, "-", "_" or "."; got "${name}"`);
    if (this.worlds.has(name)) throw new RangeError(`A world named "${name}" already exists`);
    const base = this.worlds.get(this.defaultWorldName)?.options ?? this.options;
    // Named worlds share the memory bounds of the default one but never its journal file.
    const journal = options.journal ?? (name === this.defaultWorldName ? base.journal : { maxEntries: base.journal?.maxEntries, maxBytes: base.journal?.maxBytes });
    const world = new World(name, fixture, { ...base, ...options, journal }, new SimClock(options.now), this.defaultWorldName);
    for (const api of this.apis) api.attach?.(world);
    this.worlds.set(name, world);
    return world;
  }

  deleteWorld(name: string): boolean {
    if (name === this.defaultWorldName) throw new RangeError('The default world cannot be deleted; reset it instead');
    const world = this.worlds.get(name);
    world?.close();
    return this.worlds.delete(name);
  }

  async handle(request: SimRequest): Promise<SimResponse> {
    try {
      return await this.route(request);
    } catch (err) {
      // Last resort: a bug must still produce an answer, never a dropped connection.
      return jsonResponse(500, { message: `mews-sim internal error: ${(err as Error).message}` });
    }
  }

  private async route(request: SimRequest): Promise<SimResponse> {
    let path = request.path;
    // The dashboard's files are public (they hold no data); every call they make goes through the admin API.
    if (path === UI_PATH || path.startsWith(`${UI_PATH}/`)) return serveUi(request, path.slice(UI_PATH.length), UI_PATH);
    if (path === '/_sim' || path.startsWith('/_sim/')) return this.admin.handle(request, path);
    let world = this.defaultWorld;
    if (path.startsWith(WORLD_PREFIX)) {
      const end = path.indexOf('/', WORLD_PREFIX.length);
      const raw = path.slice(WORLD_PREFIX.length, end === -1 ? undefined : end);
      const name = safeDecode(raw) ?? raw;
      path = end === -1 ? '/' : path.slice(end);
      const named = this.worlds.get(name);
      if (!named) {
        const api = this.apis.find((a) => a.owns(path));
        const message = `No world named "${name}". Create it with POST /_sim/worlds or use a known one: ${[...this.worlds.keys()].join(', ')}.`;
        return api ? api.reject(request, path, 404, message) : jsonResponse(404, { message });
      }
      world = named;
      if (path === UI_PATH || path.startsWith(`${UI_PATH}/`)) return serveUi(request, path.slice(UI_PATH.length), `${WORLD_PREFIX}${encodeURIComponent(name)}${UI_PATH}`);
    }
    if (path === '/' && wantsDashboard(request)) return { status: 302, headers: { location: `${request.path.replace(/\/$/, '')}${UI_PATH}/` }, body: undefined };
    const api = this.apis.find((a) => a.owns(path));
    if (!api) {
      return jsonResponse(404, {
        message: `mews-sim serves nothing at ${request.method} ${request.path}.`,
        hint: 'Channel Manager API: POST /api/channelManager/v1/<operation>; admin API: GET /_sim/health.',
      });
    }
    // An oversized body arrives as body undefined; the API answers it in its own shape and journals it.
    return api.handle(world, request, path);
  }

  /** Waits until every world has no background work left. */
  async idle(timeoutMs?: number): Promise<void> {
    await Promise.all([...this.worlds.values()].map((w) => w.tasks.idle(timeoutMs)));
  }

  close(): void {
    for (const world of this.worlds.values()) world.close();
  }

  /** `await using sim = new Simulator()` closes it at the end of the block. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}
