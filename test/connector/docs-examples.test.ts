import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildShapes, DEFAULT_DOCS, OUT, type RequestShape } from '../../scripts/docs-request-shapes.js';
import { isDiscontinued } from '../../src/connector/deprecations.js';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';
import { localToUtc } from '../../src/connector/time.js';
import type { SimClock } from '../../src/engine/clock.js';
import { addDays } from '../../src/engine/dates.js';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { fillWorld, succeeding } from '../support/filled-world.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'docs examples 1.0' };
const NOW = '2027-01-10T08:00:00Z';
const TODAY = NOW.slice(0, 10);
const ZONE = 'Europe/London';
const TAX_CODES = ['UK-S', 'UK-R', 'UK-Z'];
const SHAPES = JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, RequestShape>;
const OPERATIONS = CONNECTOR_OPERATIONS.filter((op) => !isDiscontinued(op.path, new Date(NOW)));

/** The collection an identifier's property names, where its name alone does not say it. */
const ALIASES: Record<string, string> = {
  Account: 'Customers',
  SourceAccount: 'Customers',
  TargetAccount: 'Customers',
  SourceCustomer: 'Customers',
  TargetCustomer: 'Customers',
  Booker: 'Customers',
  AssociatedAccount: 'Customers',
  Category: 'ResourceCategories',
  RequestedCategory: 'ResourceCategories',
  ExactRate: 'Rates',
  BaseRate: 'Rates',
  AssignedRate: 'Rates',
  AssignedResource: 'Resources',
  ServiceOrder: 'Reservations',
  LinkedReservation: 'Reservations',
  Item: 'OrderItems',
  AccountingItem: 'OrderItems',
  ChannelManagerBusinessSegment: 'BusinessSegments',
  PartnerCompany: 'Companies',
  TravelAgency: 'Companies',
  TravelAgencyContract: 'TravelAgencyContracts',
  CompanyContract: 'TravelAgencyContracts',
  BillCounter: 'Counters',
  Printer: 'Devices:Printer',
  Terminal: 'Devices:PaymentTerminal',
  KeyCutter: 'Devices:KeyCutter',
};
type Item = { Id: string } & Record<string, unknown>;

/**
 * Examples that break their operation's own property table, the contract (docs/fidelity.md): each
 * is a 400 naming what the table requires.
 */
const CONTRADICTIONS: Record<string, RegExp> = {
  // Limitation is required; the examples send none.
  'billingAutomations/getAll': /^Invalid Limitation: it is required/,
  'identityDocuments/getAll': /^Invalid Limitation: it is required/,
  'tasks/getAll': /^Invalid Limitation: it is required/,
  'companionships/getAll': /^Invalid Extent: it is required/,
  'cancellationPolicies/getByRates': /^Invalid ReservationStartUtc: it is required/,
  // A year of CreatedUtc where the table allows 3 months.
  'resources/getAll': /^Invalid CreatedUtc: the interval is longer than the maximum of 3 months/,
  'companies/add': /^Invalid Options\.AddTaxDeductedPaymentToInvoices: it is required/,
  'accounts/addFile': /^Invalid Data: it is required/,
  // Booleans sent as strings ("true").
  'accounts/update': /^Invalid AccountUpdates\[0\]\.Company\.Options\.Invoiceable\.Value: /,
  'creditCards/addTokenized': /^Invalid CreditCardData\.StorageData: it is required/,
  'bills/close': /^Invalid Options\.DisplayTaxation: /,
  // Amount parameters require TaxCodes; the payment examples send none.
  'payments/addExternal': /^Invalid Amount\.TaxCodes: it is required/,
  'payments/addAlternative': /^Invalid Amount\.TaxCodes: it is required/,
  'payments/addCreditCard': /^Invalid Amount\.TaxCodes: it is required/,
  'creditCards/charge': /^Invalid Amount\.TaxCodes: it is required/,
  'rates/set': /^Invalid Rates\[0\]\.Pricing\.BaseRatePricing\.Amount\.TaxCodes: it is required/,
};

/** Entities still open to change first. */
const live = (i: Item) =>
  Number(i.IsActive !== false) + Number(!['Canceled', 'Processed', 'Closed', 'Deleted'].includes(String(i.State ?? ''))) + Number(!['Inactive', 'Canceled'].includes(String(i.AccountingState ?? '')));

/** Reads, changes, what ends an entity, then merges, so an example does not remove what a later one names. */
const phase = (path: string) => {
  const verb = path.split('/')[1];
  if (/^get|^search/.test(verb) || path.startsWith('exports/')) return 0;
  if (verb === 'merge') return 3;
  return /^(delete|cancel|close|clear|remove|process|refund)/.test(verb) ? 2 : 1;
};

/** Identifiers the example makes up rather than names: a fresh one each time. */
const FRESH = new Set(['ExternalIdentifier', 'ReferenceIdentifier', 'Identifier']);

const plural = (kind: string) => (/[^aeiou]y$/.test(kind) ? `${kind.slice(0, -1)}ies` : /(s|x|ch)$/.test(kind) ? `${kind}es` : `${kind}s`);

/**
 * Every docs request example, with the demo world's identifiers, dates and texts in place of the
 * docs' (scripts/docs-request-shapes.ts keeps only the examples' shape), is sent to a filled demo
 * world; the answer must be a 2xx whose body conforms to the operation's documented response table.
 */
describe.each(TRANSPORTS)('The docs request examples (%s)', (_name, start) => {
  let t: Transport;
  let filters: Record<string, Record<string, unknown>>;
  const lists = new Map<string, Item[]>();
  const collections = new Map<string, string>();
  const created = new Set<string>();
  // The setup's own guest and what it owns: examples naming several entities find them tied together.
  const ours = new Set<string>();
  // Set aside for the examples that end them; others leave them alone.
  const reserved = new Set<string>();
  let emails = 0;
  const results: { path: string; status: number; message?: string }[] = [];
  /** What an example of an operation needs of the entities it names, beyond being live. */
  const prefer: Record<string, (i: Item) => boolean> = {
    'reservations/confirm': (i) => i.State === 'Optional',
    'orderItems/cancel': (i) => i.Type !== 'SpaceOrder',
    'payments/refund': (i) => /CreditCard|Alternative/.test(String(i.Type)),
    'rates/delete': (i) => i.BaseRateId != null,
    'creditCards/disable': (i) => i.Kind === 'Gateway',
    'fiscalMachineCommands/getAll': (i) => i.Type === 'FiscalMachine',
  };

  beforeAll(async () => {
    t = await start({ now: NOW, deltaPushes: false, changeNotifications: false, asyncDelayMs: 0, connectorRequestLimit: 0 });
    const post = succeeding(t, gross);
    filters = await fillWorld(t, post);
    for (const op of [...OPERATIONS].reverse()) if (op.collection && !collections.has(op.collection)) collections.set(op.collection, op.path);
    // What some examples act on and the filled world lacks: companies to merge, stays to start and end, an empty bill.
    for (const name of ['Merged Ltd', 'Folded Ltd', 'Kept Ltd', 'Spare Ltd']) await post('companies/add', { Name: name, Options: { Invoiceable: false, AddFeesToInvoices: false, AddTaxDeductedPaymentToInvoices: false } });
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const category = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const rooms = (await post('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [category], Limitation: { Count: 10 } })).ResourceCategoryAssignments.map((a: { ResourceId: string }) => a.ResourceId);
    const guest = async (name: string) => (await post('customers/add', { LastName: name, OverwriteExisting: false })).Id as string;
    const [customer, leaving, companion] = [await guest('Arrival'), await guest('Departure'), await guest('Companion')];
    const book = async (owner: string, from: string, to: string, state: string, room?: string) => {
      const r = await post('reservations/add', { ServiceId: stay, Reservations: [{ State: state, StartUtc: `${from}T15:00:00Z`, EndUtc: `${to}T10:00:00Z`, PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: owner, RequestedCategoryId: category, RateId: rate }] });
      const id = r.Reservations[0].Reservation.Id as string;
      if (room) await post('reservations/update', { ReservationUpdates: [{ ReservationId: id, AssignedResourceId: { Value: room } }] });
      return id;
    };
    const arriving = await book(customer, TODAY, addDays(TODAY, 1), 'Confirmed', rooms[0]);
    await post('reservations/addCompanion', { ReservationId: arriving, CustomerId: companion });
    await book(customer, addDays(TODAY, 3), addDays(TODAY, 5), 'Optional');
    // Checked in yesterday, its stay paid: the clock goes back a day for the check-in.
    const staying = await book(leaving, addDays(TODAY, -1), TODAY, 'Confirmed', rooms[1]);
    const clock = t.sim.world()!.clock as SimClock;
    clock.set(`${addDays(TODAY, -1)}T16:00:00Z`);
    await post('reservations/start', { ReservationId: staying });
    clock.set(NOW);
    const owed = (await post('orderItems/getAll', { ServiceOrderIds: [staying], Limitation: { Count: 100 } })).OrderItems.reduce((sum: number, i: { Amount: { GrossValue: number } }) => sum + i.Amount.GrossValue, 0);
    await post('payments/addExternal', { AccountId: leaving, Amount: { Currency: 'GBP', GrossValue: owed, TaxCodes: [] }, Type: 'Cash' });
    await post('bills/add', { Bills: [{ AccountId: customer, Name: 'Open' }] });
    const empty = (await post('bills/add', { Bills: [{ AccountId: customer, Name: 'Empty' }] })).Bills[0].Id;
    await post('creditCards/addTokenized', { CustomerId: customer, CreditCardData: { StorageData: 'pci-arrival', Expiration: '2030-01' } });
    await post('payments/addCreditCard', { CustomerId: customer, Amount: { Currency: 'GBP', GrossValue: 120, TaxCodes: [] }, CreditCard: { Type: 'Visa', Number: '411111******1111', Expiration: '12/2030', Name: 'A Guest' } });
    for (const id of [customer, arriving]) ours.add(id);
    for (const f of Object.values(filters)) for (const key of ['CustomerIds', 'AccountIds']) if (Array.isArray(f[key])) f[key] = [...(f[key] as string[]), customer, leaving, companion];
    for (const id of [staying, empty]) reserved.add(id);
    created.add((await post('resourceCategories/add', { ResourceCategories: [{ ServiceId: stay, Type: 'Room', Capacity: 2, ExtraCapacity: 0, Names: { 'en-GB': 'Spare' } }] })).ResourceCategories[0].Id);
    Object.assign(prefer, {
      'reservations/start': (i: Item) => i.Id === arriving,
      'commands/addKeyCutter': (i: Item) => i.Id === arriving,
      'reservations/deleteCompanion': (i: Item) => i.Id === arriving || i.Id === companion,
      'reservations/process': (i: Item) => i.Id === staying,
      'bills/delete': (i: Item) => i.Id === empty,
    });
  }, 60_000);
  afterAll(() => t?.close());

  /** Entities no paged getAll lists, or listed inside others. */
  const unpaged: Record<string, () => Promise<Item[]>> = {
    Chains: async () => [{ Id: (await t.post(`${C}/configuration/get`, gross)).body.Enterprise.ChainId }],
    Devices: async () => (await t.post(`${C}/devices/getAll`, gross)).body.Devices,
    BillingAutomationAssignments: async () => (await items('BillingAutomations')).flatMap((a) => a.Assignments as Item[]),
    Images: async () => (await items('ResourceCategoryImageAssignments')).map((a) => ({ ...a, Id: a.ImageId as string })),
  };

  /** A collection as its getAll lists it now. */
  async function items(collection: string): Promise<Item[]> {
    const hit = lists.get(collection);
    if (hit) return hit;
    const [name, type] = collection.split(':');
    const path = collections.get(name);
    let list: Item[] = [];
    if (unpaged[name]) list = await unpaged[name]();
    else if (path) list = (await t.post(`${C}/${path}`, { ...gross, ...filters[path], Limitation: { Count: 100 } })).body?.[name] ?? [];
    list = list.filter((i) => !type || i.Type === type);
    lists.set(collection, list);
    return list;
  }

  function collectionOf(key: string, path: string, company: boolean): string {
    const kind = key.replace(/Ids?$/, '');
    if (kind === '') {
      const resource = path.split('/')[0];
      return resource === 'accounts' ? (company ? 'Companies' : 'Customers') : resource[0].toUpperCase() + resource.slice(1);
    }
    if (company && /Account$/.test(kind)) return 'Companies';
    return ALIASES[kind] ?? plural(kind);
  }

  /**
   * The example's shape with world values. Distinct ids of a kind are distinct entities, chosen live
   * first, then those the operation needs, then those an example made (for what ends an entity), then
   * those tied to the entities already chosen (a bill of the chosen account).
   */
  async function fill(path: string, shape: unknown): Promise<unknown> {
    // Reads look back (the latest date the example names is today); changes look ahead from today.
    const offsets = [...JSON.stringify(shape).matchAll(/"\$(?:utc|date):\+?(-?\d+)d/g)].map((m) => +m[1]);
    const shift = phase(path) === 0 && offsets.length ? -Math.max(...offsets) : 0;
    const chosen = new Map<string, Item>();
    const tied = new Set<string>();
    const score = (i: Item) => {
      const fields = Object.entries(i).filter(([k, v]) => /Id$/.test(k) && typeof v === 'string') as [string, string][];
      const links = fields.filter(([, v]) => tied.has(v)).length + Number(tied.has(i.Id));
      const mine = Number([i.Id, i.AccountId, i.CustomerId].some((v) => typeof v === 'string' && ours.has(v)));
      const wanted = prefer[path]?.(i) ?? false;
      const aside = reserved.has(i.Id) && !wanted ? -10_000 : 0;
      return aside + (wanted ? 5000 : 0) + live(i) * 1000 + links * 300 + (phase(path) >= 2 && created.has(i.Id) ? 200 : 0) + mine * 5;
    };
    let taxCodes = 0;
    const walk = async (value: unknown, key: string, company: boolean): Promise<unknown> => {
      if (Array.isArray(value)) {
        const out: unknown[] = [];
        for (const v of value) out.push(await walk(v, key, company));
        return out;
      }
      if (value !== null && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        const inCompany = company || o.AccountType === 'Company' || o.Discriminator === 'Company';
        const out: Record<string, unknown> = {};
        // An update value ({ "Value": ... }) names what its property names.
        for (const [k, v] of Object.entries(o)) if (k !== 'Cursor') out[k] = await walk(v, k === 'Value' ? key : k, k === 'Customer' ? false : inCompany || k === 'Company');
        return out;
      }
      // Tax codes name the world's tax rates, as ids name its entities: the demo enterprise's, in order.
      if (key === 'TaxCodes' && typeof value === 'string') return TAX_CODES[taxCodes++ % TAX_CODES.length];
      if (typeof value !== 'string' || !value.startsWith('$')) return value;
      const [marker, arg = ''] = value.split(/:(.*)/s);
      switch (marker) {
        case '$id':
        case '$eid': {
          if (FRESH.has(key)) return randomUUID();
          const collection = collectionOf(key, path, company);
          const hit = chosen.get(`${collection}|${arg}`);
          if (hit) return hit.Id;
          const taken = new Set([...chosen].filter(([k]) => k.startsWith(`${collection}|`)).map(([, i]) => i.Id));
          const all = await items(collection);
          const wanted = all.filter((i) => prefer[path]?.(i));
          const ranked = [...(wanted.length ? wanted : all)].sort((a, b) => score(b) - score(a));
          const item = ranked.find((i) => !taken.has(i.Id)) ?? ranked[0];
          if (!item) return randomUUID();
          chosen.set(`${collection}|${arg}`, item);
          tied.add(item.Id);
          for (const [k, v] of Object.entries(item)) if (/Id$/.test(k) && typeof v === 'string') tied.add(v);
          return item.Id;
        }
        case '$utc': {
          const [, days, time] = /^\+?(-?\d+)d@(.*)$/.exec(arg)!;
          // 22:00 and 23:00 UTC are the docs' Prague midnights: the demo enterprise's midnight here.
          if (/^2[23]:00/.test(time)) return localToUtc(addDays(TODAY, shift + +days + 1), '00:00', ZONE);
          return `${addDays(TODAY, shift + +days)}T${time}Z`;
        }
        case '$date':
          return addDays(TODAY, shift + +/^\+?(-?\d+)d$/.exec(arg)![1]);
        case '$month':
          return `${+TODAY.slice(0, 4) + 1}${TODAY.slice(4, 7)}`;
        case '$email':
          return `guest${++emails}@example.com`;
        case '$url':
          return 'https://example.com/';
        case '$phone':
          return '+44 20 7946 0000';
        case '$base64':
          return Buffer.from('%PDF-1.0\n%%EOF\n').toString('base64');
        default:
          return 'mews-sim example';
      }
    };
    return walk(shape, '', false);
  }

  /** The entities an answer made (its items' `Id`, its own `OrderId`...): what a later example ending one should act on. */
  const collectIds = (value: unknown, root = true): void => {
    if (Array.isArray(value)) value.forEach((v) => collectIds(v, false));
    else if (value !== null && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) {
        if ((k === 'Id' || (root && /Id$/.test(k))) && typeof v === 'string') created.add(v);
        else collectIds(v, false);
      }
  };

  it('are a 2xx with a documented body, except where the example contradicts its own table', async () => {
    for (const op of [...OPERATIONS].sort((a, b) => phase(a.path) - phase(b.path))) {
      const example = SHAPES[op.path];
      if (!example) {
        results.push({ path: op.path, status: 0, message: 'no request example in the docs' });
        continue;
      }
      const body = { ...gross, ...((await fill(op.path, example.shape)) as Record<string, unknown>) };
      try {
        const r = await t.post(`${C}/${op.path}`, body);
        results.push({ path: op.path, status: r.status, message: r.body?.Message });
        if (r.status === 200 && /^add/.test(op.path.split('/')[1])) collectIds(r.body);
      } catch (e) {
        // The answer does not match the documented response table.
        results.push({ path: op.path, status: 200, message: (e as Error).message });
      }
      if (!/^get|^search/.test(op.path.split('/')[1])) lists.clear();
    }
    const ok = results.filter((r) => r.status >= 200 && r.status < 300 && !r.message);
    console.log(`docs request examples: ${ok.length}/${results.length} answered 2xx with a documented body (${((ok.length / results.length) * 100).toFixed(1)}%); ${Object.keys(CONTRADICTIONS).length} contradict their tables`);
    // Each contradiction is refused as the table requires, naming the parameter; every other example succeeds.
    expect(results.filter((r) => !ok.includes(r)).map((r) => ({ path: r.path, status: r.status, message: r.message }))).toEqual(
      Object.entries(CONTRADICTIONS)
        .map(([path, message]) => ({ path, status: 400, message: expect.stringMatching(message) }))
        .sort((a, b) => results.findIndex((r) => r.path === a.path) - results.findIndex((r) => r.path === b.path)),
    );
  }, 120_000);
});

describe('The docs request shapes', () => {
  (existsSync(DEFAULT_DOCS) ? it : it.skip)(`${OUT} is what scripts/docs-request-shapes.ts reads from the docs`, () => {
    expect(buildShapes(DEFAULT_DOCS)).toEqual(SHAPES);
  });
});
