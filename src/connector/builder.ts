import type { z } from 'zod';
import { invalidParameter } from './errors.js';
import { modelOf } from './model.js';
import type { ConnectorContext, ConnectorOperation } from './operation.js';
import { paginate, type Limitation } from './pagination.js';
import { DOCUMENTED_OPERATIONS, type DocumentedOperation } from './schemas.generated.js';
import { entities, type Entity } from './store.js';
import { apiTime, checkInterval, inInterval, type TimeInterval } from './time.js';

/**
 * One way to declare a Connector operation by its documented path. The request and response
 * schemas come from the docs' property tables (schemas.generated.ts) unless a hand-written request
 * schema carries stricter business rules; ordinary getAll/add/update/delete operations are
 * declarations over the entity store, and hand-written code is left for real business rules.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Body = Record<string, any>;
export interface Ctx<B = Body> extends ConnectorContext<B> {
  /** Now, in the API's datetime format. */
  now: string;
  enterpriseId: string;
}

export function documented(path: string): DocumentedOperation {
  const doc = DOCUMENTED_OPERATIONS[path];
  if (!doc) throw new Error(`${path} is not a documented Connector API operation`);
  return doc;
}

const idOf = (path: string) =>
  path
    .split('/')
    .map((p) => p.replace(/[^A-Za-z0-9]/g, ''))
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');

function context<B>(ctx: ConnectorContext<B>): Ctx<B> {
  return { ...ctx, now: apiTime(ctx.world.clock.now()), enterpriseId: modelOf(ctx.world, ctx.property).enterprise.Id as string };
}

export interface OperationSpec<S extends z.ZodType = z.ZodType<Body>> {
  summary?: string;
  /** A hand-written request schema, for rules the table cannot say (its parsed body is typed); the documented one otherwise. */
  request?: S;
  /** The collection whose emptiness makes `Prefer: return=minimal` answer 204. */
  collection?: string;
  handle(ctx: Ctx<z.output<S>>): Record<string, unknown> | Promise<Record<string, unknown>>;
}

/** A Connector operation at its documented path; with a hand-written request schema its handler's body is typed by it. */
export function operation<S extends z.ZodType>(path: string, spec: OperationSpec<S> & { request: S }): ConnectorOperation;
export function operation(path: string, spec: OperationSpec): ConnectorOperation;
export function operation(path: string, spec: OperationSpec<z.ZodType>): ConnectorOperation {
  const doc = documented(path);
  // Built on first use, like the generated schemas: a cold start builds none of them.
  let request: z.ZodType | undefined = spec.request;
  return {
    path,
    summary: spec.summary ?? `${doc.title}.`,
    get request() {
      return (request ??= doc.request.meta({ id: `${idOf(path)}Request` }));
    },
    get response() {
      return doc.response;
    },
    collection: spec.collection,
    handle: (ctx) => spec.handle(context(ctx)),
  };
}

/** The documented maximum length of an interval filter, in months (undefined: the table gives none). */
export const maxMonths = (path: string, name: string): number | undefined => documented(path).intervals[name];

/** A documented time interval filter, checked against the operation's documented maximum (none where the table gives none). */
export function interval(path: string, ctx: Ctx, name: string): { start: number; end: number } | undefined {
  const months = documented(path).intervals[name];
  return checkInterval(name, ctx.body[name] as TimeInterval | null | undefined, months);
}

export interface GetAllSpec {
  summary?: string;
  /** The response's list (Countries, Addresses, ...). */
  collection: string;
  /** Every item the enterprise has, newest first. */
  items(ctx: Ctx): Entity[];
  /** Id (or value) filters: request parameter → item field (or a test of the item). */
  filters?: Record<string, string | ((item: Entity, wanted: Set<string>) => boolean)>;
  /** Time filters: interval parameter → item field. */
  times?: Record<string, string | ((item: Entity, range: { start: number; end: number }) => boolean)>;
  /** ActivityStates: the default when none is given ('all' where the docs give none). */
  activity?: 'Active' | 'all';
  /** Groups of parameters of which at least one must be given. */
  oneOf?: string[][];
  /** Further checks or answer fields (extents). */
  extra?(ctx: Ctx, page: Entity[]): Record<string, unknown>;
  request?: z.ZodType<Body>;
}

/** A getAll: filters by ids, activity state and time intervals, then pages with Limitation and Cursor. */
export function getAll(path: string, spec: GetAllSpec): ConnectorOperation {
  return operation(path, {
    summary: spec.summary,
    request: spec.request,
    collection: spec.collection,
    handle(ctx) {
      const body = ctx.body;
      for (const group of spec.oneOf ?? []) {
        if (group.every((p) => body[p] == null)) throw invalidParameter(group[0], `${group.join(' or ')} is required.`);
      }
      const ranges = Object.entries(spec.times ?? {}).map(([name, test]) => [interval(path, ctx, name), test] as const);
      const lists = Object.entries(spec.filters ?? {}).flatMap(([name, test]) => (body[name] != null ? [[new Set<string>([body[name]].flat()), test] as const] : []));
      const states: string[] | undefined = body.ActivityStates?.length ? body.ActivityStates : spec.activity === 'Active' ? ['Active'] : undefined;
      // A token reaches one enterprise: EnterpriseIds without it select nothing.
      const enterprises = body.EnterpriseIds as string[] | null | undefined;
      const items = (enterprises?.length && !enterprises.includes(ctx.enterpriseId) ? [] : spec.items(ctx)).filter(
        (item) =>
          (!states || states.includes(item.IsActive === false ? 'Deleted' : 'Active')) &&
          lists.every(([wanted, test]) => (typeof test === 'string' ? wanted.has(item[test] as string) : test(item, wanted))) &&
          ranges.every(([range, test]) => !range || (typeof test === 'string' ? inInterval(item[test] as string, range) : test(item, range))),
      );
      const { page, cursor } = paginate(items, body.Limitation as Limitation | undefined);
      return { [spec.collection]: page, ...spec.extra?.(ctx, page), ...(body.Limitation !== undefined && { Cursor: cursor }) };
    },
  });
}

/** Items of a stored kind of the caller's enterprise, newest first. */
export const stored = (kind: string) => (ctx: Ctx) =>
  entities(ctx.world)
    .list(kind)
    .filter((e) => e.EnterpriseId === undefined || e.EnterpriseId === ctx.enterpriseId)
    .reverse();

export interface AddSpec {
  summary?: string;
  /** A hand-written request schema, for rules the table cannot say. */
  request?: z.ZodType<Body>;
  kind: string;
  /** The request's list of new items (or the body itself, for a single one). */
  input(body: Body): Body[];
  /** The stored entity of one new item (validate it here: 400 naming the parameter). */
  build(ctx: Ctx, item: Body, index: number): Entity;
  /** The answer: the added entities under this name; an empty answer when omitted. */
  collection?: string;
  /** The answer for one entity (operations that add one and answer it). */
  single?: boolean;
  /** Any other answer. */
  answer?(added: Entity[]): Record<string, unknown>;
  /** Side effects: webhooks, availability. */
  after?(ctx: Ctx, added: Entity[]): void;
}

/** An add: builds and stores each item (every item is checked before any is stored). */
export function add(path: string, spec: AddSpec): ConnectorOperation {
  return operation(path, {
    summary: spec.summary,
    request: spec.request,
    handle(ctx) {
      const built = spec.input(ctx.body).map((item, i) => spec.build(ctx, item, i));
      const store = entities(ctx.world);
      for (const e of built) store.put(spec.kind, e);
      spec.after?.(ctx, built);
      if (spec.answer) return spec.answer(built);
      if (spec.single) return built[0];
      return spec.collection ? { [spec.collection]: built } : {};
    },
  });
}

export interface UpdateSpec {
  summary?: string;
  request?: z.ZodType<Body>;
  kind: string;
  input(body: Body): Body[];
  /** The id an update names, and the parameter name to blame when none matches. */
  id(update: Body, index: number): [string, string];
  /** Applies one update to a copy of the stored entity. */
  apply(ctx: Ctx, entity: Entity, update: Body, index: number): void;
  collection?: string;
  single?: boolean;
  after?(ctx: Ctx, updated: Entity[]): void;
}

/** An update: finds each entity (400 naming the id otherwise), applies the change, stamps UpdatedUtc. */
export function update(path: string, spec: UpdateSpec): ConnectorOperation {
  return operation(path, {
    summary: spec.summary,
    request: spec.request,
    handle(ctx) {
      const store = entities(ctx.world);
      const mine = new Set(stored(spec.kind)(ctx).map((e) => e.Id));
      const changed = spec.input(ctx.body).map((u, i) => {
        const [id, param] = spec.id(u, i);
        const found = store.get(spec.kind, id);
        if (!found || !mine.has(id) || found.IsActive === false) throw invalidParameter(param, `no ${spec.kind} ${id}.`);
        const copy: Entity = structuredClone(found);
        spec.apply(ctx, copy, u, i);
        copy.UpdatedUtc = ctx.now;
        return copy;
      });
      for (const e of changed) store.put(spec.kind, e);
      spec.after?.(ctx, changed);
      if (spec.single) return changed[0];
      return spec.collection ? { [spec.collection]: changed } : {};
    },
  });
}

export interface DeleteSpec {
  summary?: string;
  request?: z.ZodType<Body>;
  kind: string;
  /** The ids to delete and the parameter that lists them. */
  ids(body: Body): string[];
  param: string;
  after?(ctx: Ctx, deleted: Entity[]): void;
}

/** A delete: marks each entity inactive (kept, so getAll with ActivityStates ["Deleted"] finds it). */
export function remove(path: string, spec: DeleteSpec): ConnectorOperation {
  return operation(path, {
    summary: spec.summary,
    request: spec.request,
    handle(ctx) {
      const store = entities(ctx.world);
      const mine = new Set(stored(spec.kind)(ctx).map((e) => e.Id));
      const found = spec.ids(ctx.body).map((id, i) => {
        const e = store.get(spec.kind, id);
        if (!e || !mine.has(id) || e.IsActive === false) throw invalidParameter(`${spec.param}[${i}]`, `no ${spec.kind} ${id}.`);
        return e;
      });
      for (const e of found) store.put(spec.kind, { ...e, IsActive: false, UpdatedUtc: ctx.now, ...('DeletedUtc' in e && { DeletedUtc: ctx.now }) });
      spec.after?.(ctx, found);
      return {};
    },
  });
}

/** Applies the documented update values ({Value}) that are given: field → update parameter. */
export function applyUpdateValues(entity: Entity, update: Body, fields: string[]): void {
  for (const f of fields) {
    const v = update[f];
    if (v != null && typeof v === 'object' && 'Value' in v) entity[f] = v.Value ?? null;
  }
}
