import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CLIENT, CM, singleGroup } from '../support/fixtures.js';
import { expressTransport, TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'mews-sim tests 1.0' };
const net = { ...gross, AccessToken: CONNECTOR_DEMO.netAccessTokens[1] };
const page = (Count = 100, Cursor?: string) => ({ Limitation: { Count, ...(Cursor && { Cursor }) } });

describe.each(TRANSPORTS)('Connector API (%s)', (_name, start) => {
  let t: Transport;
  let stayServiceId: string;
  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z' });
    const services = await t.post(`${C}/services/getAll`, { ...gross, ...page() });
    stayServiceId = services.body.Services.find((s: { Data: { Discriminator: string } }) => s.Data.Discriminator === 'Bookable').Id;
  });
  afterAll(() => t.close());

  describe('cross-cutting behaviour', () => {
    it('answers with a Request-Id header on every response, and RequestId in error bodies', async () => {
      const ok = await t.post(`${C}/configuration/get`, gross);
      expect(ok.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
      const bad = await t.post(`${C}/configuration/get`, { ...gross, AccessToken: 'nope' });
      expect(bad.status).toBe(401);
      expect(bad.body).toEqual({ Message: expect.stringContaining('AccessToken'), RequestId: bad.headers.get('request-id') });
    });

    it('401 for an unknown ClientToken; 400 naming a missing Client', async () => {
      expect((await t.post(`${C}/configuration/get`, { ...gross, ClientToken: 'X'.repeat(20) })).status).toBe(401);
      const missing = await t.post(`${C}/configuration/get`, { ClientToken: gross.ClientToken, AccessToken: gross.AccessToken });
      expect(missing.status).toBe(400);
      expect(missing.body.Message).toBe('Invalid Client: it is required.');
    });

    it('400 Invalid JSON for non-strict JSON (a trailing comma)', async () => {
      const r = await t.post(`${C}/configuration/get`, `{"ClientToken": "${gross.ClientToken}",}`);
      expect(r.status).toBe(400);
      expect(r.body.Message).toMatch(/^Invalid JSON/);
    });

    it('404 for a path that differs in case or has a trailing slash, and for GET', async () => {
      for (const path of [`${C}/Configuration/get`, `${C}/configuration/get/`, `${C}/configuration/fetch`]) {
        expect((await t.post(path, gross)).status).toBe(404);
      }
      expect((await t.request('GET', `${C}/configuration/get`)).status).toBe(404);
    });

    it('400 naming the parameter for invalid Limitation and too long time filters', async () => {
      const count = await t.post(`${C}/services/getAll`, { ...gross, Limitation: { Count: 1001 } });
      expect(count.status).toBe(400);
      expect(count.body.Message).toBe('Invalid Limitation.Count: Count must be at most 1000');
      const missing = await t.post(`${C}/services/getAll`, gross);
      expect(missing.body.Message).toMatch(/^Invalid Limitation/);
      const long = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ...page(), UpdatedUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-06-01T00:00:00Z' } });
      expect(long.status).toBe(400);
      expect(long.body.Message).toBe('Invalid UpdatedUtc: the interval is longer than the maximum of 3 months.');
      const both = await t.post(`${C}/reservations/getAll/2023-06-06`, {
        ...gross,
        ...page(),
        ScheduledStartUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-02-01T00:00:00Z' },
        ActualStartUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-02-01T00:00:00Z' },
      });
      expect(both.body.Message).toMatch(/^Invalid ActualStartUtc/);
    });

    it('204 with Prefer: return=minimal on an empty page', async () => {
      const r = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ...page(), Numbers: ['no-such-number'] }, { prefer: 'return=minimal' });
      expect(r.status).toBe(204);
      expect(r.text).toBe('');
      expect(r.headers.get('request-id')).toBeTruthy();
      const full = await t.post(`${C}/services/getAll`, { ...gross, ...page() }, { prefer: 'return=minimal' });
      expect(full.status).toBe(200);
    });

    it('records LanguageCode without CultureCode as a finding, answering with the defaults', async () => {
      const r = await t.post(`${C}/configuration/get`, { ...gross, LanguageCode: 'en-US' });
      expect(r.status).toBe(200);
      const entry = t.sim.defaultWorld.journal.find({ api: 'connector' }).at(-1)!;
      expect(entry.findings[0].kind).toBe('language-culture');
    });

    it('413 for an oversized body', async () => {
      const small = await expressTransport({ bodyLimitBytes: 1024 });
      const r = await small.post(`${C}/configuration/get`, { ...gross, Pad: 'x'.repeat(4096) });
      expect(r.status).toBe(413);
      expect(r.body.Message).toContain('too large');
      await small.close();
    });

    it('429 with Retry-After past 200 requests per AccessToken in 30 s, counted from the first request', async () => {
      const fresh = await expressTransport({ now: '2027-01-10T08:00:00Z' });
      const token = { ...gross, AccessToken: CONNECTOR_DEMO.grossAccessTokens[2] };
      for (let i = 0; i < 200; i++) expect((await fresh.post(`${C}/configuration/get`, token)).status).toBe(200);
      fresh.sim.defaultWorld.clock.advance(10_000);
      const limited = await fresh.post(`${C}/configuration/get`, token);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('20');
      // Another token of the same enterprise has its own window.
      expect((await fresh.post(`${C}/configuration/get`, { ...token, AccessToken: CONNECTOR_DEMO.grossAccessTokens[3] })).status).toBe(200);
      fresh.sim.defaultWorld.clock.advance(20_000);
      expect((await fresh.post(`${C}/configuration/get`, token)).status).toBe(200);
      await fresh.close();
    });

    it('injects 408, 409, 500 and 429 faults on demand', async () => {
      await t.post('/_sim/faults', { api: 'connector', operation: 'rates/getAll', count: 2, fault: { httpStatus: 408 } });
      await t.post('/_sim/faults', { api: 'connector', operation: 'rates/getAll', count: 1, fault: { httpStatus: 429, retryAfter: 7 } });
      const body = { ...gross, ServiceIds: [stayServiceId], ...page() };
      expect((await t.post(`${C}/rates/getAll`, body)).status).toBe(408);
      expect((await t.post(`${C}/rates/getAll`, body)).status).toBe(408);
      const limited = await t.post(`${C}/rates/getAll`, body);
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('7');
      expect((await t.post(`${C}/rates/getAll`, body)).status).toBe(200);
      await t.post('/_sim/faults', { api: 'connector', operation: 'configuration/get', count: 1, fault: { noAnswer: true, delayMs: 10 } });
      await expect(t.post(`${C}/configuration/get`, gross)).rejects.toThrow();
      expect(t.sim.defaultWorld.journal.find({ operation: 'configuration/get' }).at(-1)!.failure).toBe('injected fault: no answer');
      expect((await t.post(`${C}/configuration/get`, gross)).status).toBe(200);
    });
  });

  describe('operations', () => {
    it('configuration/get describes the gross (UK) and net (US) demo enterprises', async () => {
      const g = await t.post(`${C}/configuration/get`, gross);
      expect(g.body).toMatchObject({ NowUtc: '2027-01-10T08:00:00Z', Enterprise: { Name: 'Harbour View Hotel & Hostel', Pricing: 'Gross', LegalEnvironmentCode: 'UK', TimeZoneIdentifier: 'Europe/London', IsPortfolio: false } });
      expect(g.body.Enterprise.Currencies).toContainEqual({ Currency: 'GBP', IsDefault: true, IsEnabled: true });
      const n = await t.post(`${C}/configuration/get`, net);
      expect(n.body.Enterprise).toMatchObject({ Name: 'Liberty Hall Hotel', Pricing: 'Net', AccommodationEnvironmentCode: 'US' });
    });

    it('enterprises/getAll, resourceCategories/getAll, rates/getAll, ageCategories/getAll return every required field', async () => {
      const e = await t.post(`${C}/enterprises/getAll`, { ...gross, ...page() });
      expect(e.body.Enterprises).toHaveLength(1);
      expect(e.body.Cursor).toBe(e.body.Enterprises[0].Id);
      const rc = await t.post(`${C}/resourceCategories/getAll`, { ...gross, ServiceIds: [stayServiceId], ...page() });
      expect(rc.body.ResourceCategories.map((c: { Type: string }) => c.Type)).toEqual(['Room', 'Room', 'Room', 'Suite', 'Dorm', 'Bed']);
      expect(rc.body.ResourceCategories[0]).toMatchObject({ ServiceId: stayServiceId, Classification: 'StandardSingle', Capacity: 1, ExtraCapacity: 0, IsActive: true, Names: { 'en-GB': 'Single Room' } });
      const rates = await t.post(`${C}/rates/getAll`, { ...gross, ServiceIds: [stayServiceId], ...page() });
      const adv = rates.body.Rates.find((r: { ExternalIdentifier: string }) => r.ExternalIdentifier === 'ADV');
      const bar = rates.body.Rates.find((r: { ExternalIdentifier: string }) => r.ExternalIdentifier === 'BAR');
      expect(adv).toMatchObject({ BaseRateId: bar.Id, IsBaseRate: false, Type: 'Private', IsPublic: false, IsDefault: false, Names: { 'en-GB': 'Advance Purchase' } });
      expect(bar).toMatchObject({ IsBaseRate: true, IsDefault: true, UpdatedUtc: expect.any(String) });
      expect(rates.body.RateGroups).toHaveLength(1);
      const noServices = await t.post(`${C}/rates/getAll`, { ...gross, ...page() });
      expect(noServices.status).toBe(400);
      expect(noServices.body.Message).toMatch(/^Invalid ServiceIds/);
      const ages = await t.post(`${C}/ageCategories/getAll`, { ...gross, ...page() });
      expect(ages.body.AgeCategories.map((a: { Classification: string }) => a.Classification)).toEqual(['Adult', 'Child', 'Child']);
    });

    it('resources/getAll pages through every room to the end', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let i = 0; i < 20; i++) {
        const r = await t.post(`${C}/resources/getAll`, { ...gross, Extent: { Resources: true }, ...page(10, cursor) });
        seen.push(...r.body.Resources.map((x: { Id: string }) => x.Id));
        if (r.body.Resources.length < 10) {
          expect(r.body.Cursor === null || r.body.Cursor === seen.at(-1)).toBe(true);
          break;
        }
        cursor = r.body.Cursor;
      }
      expect(seen).toHaveLength(43);
      expect(new Set(seen).size).toBe(43);
      const bad = await t.post(`${C}/resources/getAll`, { ...gross, Extent: { Resources: true }, ...page(10, '00000000-0000-4000-8000-000000000000') });
      expect(bad.status).toBe(400);
    });

    it('a booking pushed by the channel manager is visible through reservations/getAll/2023-06-06', async () => {
      await t.post(`${CM}/processGroup`, singleGroup());
      await t.sim.idle();
      const r = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ...page(), ChannelNumbers: ['BDC-1001'] });
      expect(r.body.Reservations).toHaveLength(1);
      const res = r.body.Reservations[0];
      expect(res).toMatchObject({ State: 'Confirmed', Origin: 'ChannelManager', ChannelManagerNumber: 'CM-1001', ServiceId: stayServiceId, ScheduledStartUtc: '2027-03-10T15:00:00Z', ScheduledEndUtc: '2027-03-12T12:00:00Z' });
      expect(res.PersonCounts).toHaveLength(2);
      expect(r.body.Cursor).toBe(res.Id);
      const colliding = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...gross, ...page(), CollidingUtc: { StartUtc: '2027-03-11T00:00:00Z', EndUtc: '2027-03-11T06:00:00Z' } });
      expect(colliding.body.Reservations.map((x: { Id: string }) => x.Id)).toEqual([res.Id]);
      const netSide = await t.post(`${C}/reservations/getAll/2023-06-06`, { ...net, ...page() });
      expect(netSide.body.Reservations).toHaveLength(0);

      // The journal keeps the page exactly as it was sent: in queries and in the NDJSON export.
      const journaled = await t.request('GET', '/_sim/journal?operation=reservations/getAll/2023-06-06');
      const first = journaled.body.entries.find((e: { response: { body: { Reservations?: unknown[] } } }) => e.response.body.Reservations?.length === 1);
      expect(first.response.body).toEqual(r.body);
      const exported = await t.request('GET', '/_sim/journal/export');
      const lines = exported.text.trim().split('\n').map((l) => JSON.parse(l));
      const sent = lines.filter((l) => l.operation === 'reservations/getAll/2023-06-06' && l.response.body.Reservations?.length === 1);
      expect(sent[0].response.body).toEqual(r.body);
    });
  });
});

describe('Connector rate groups and sources', () => {
  it('rateGroups/getAll needs ServiceIds or RateGroupIds and returns the rates group; sources/getAll mirrors the channel list', async () => {
    const t = await expressTransport();
    const services = await t.post(`${C}/services/getAll`, { ...gross, ...page() });
    const stay = services.body.Services[0].Id;
    const none = await t.post(`${C}/rateGroups/getAll`, { ...gross, ...page() });
    expect(none.status).toBe(400);
    const groups = await t.post(`${C}/rateGroups/getAll`, { ...gross, ServiceIds: [stay], ...page() });
    const rates = await t.post(`${C}/rates/getAll`, { ...gross, ServiceIds: [stay], ...page() });
    expect(groups.body.RateGroups.map((g: { Id: string }) => g.Id)).toEqual([rates.body.Rates[0].GroupId]);
    const sources = await t.post(`${C}/sources/getAll`, { ...gross, ...page(1000) });
    const channels = await t.post(`${CM}/getChannels`, { clientToken: CLIENT });
    expect(sources.body.Sources.map((s: { Code: number }) => s.Code)).toEqual(channels.body.channels.map((c: { code: number }) => c.code));
    expect(sources.body.Sources[0]).toMatchObject({ Name: 'Booking.com', Type: 'OnlineTravelAgency', Code: 1 });
    await t.close();
  });
});

describe('Connector business segments and resource category assignments', () => {
  it('assign every resource to its category, and list business segments', async () => {
    const t = await expressTransport();
    const stay = (await t.post(`${C}/services/getAll`, { ...gross, ...page() })).body.Services[0].Id;
    const cats = (await t.post(`${C}/resourceCategories/getAll`, { ...gross, ServiceIds: [stay], ...page() })).body.ResourceCategories;
    const dbl = cats.find((c: { ExternalIdentifier: string }) => c.ExternalIdentifier === 'DBL').Id;
    const assigned = await t.post(`${C}/resourceCategoryAssignments/getAll`, { ...gross, ResourceCategoryIds: [dbl], ...page() });
    expect(assigned.body.ResourceCategoryAssignments).toHaveLength(12);
    expect(assigned.body.ResourceCategoryAssignments.every((a: { CategoryId: string }) => a.CategoryId === dbl)).toBe(true);
    const missing = await t.post(`${C}/resourceCategoryAssignments/getAll`, { ...gross, ...page() });
    expect(missing.body.Message).toMatch(/^Invalid ResourceCategoryIds/);
    const none = await t.post(`${C}/resourceCategoryAssignments/getAll`, { ...gross, ResourceCategoryIds: [], ...page() });
    expect({ status: none.status, message: none.body.Message }).toEqual({ status: 400, message: 'Invalid ResourceCategoryIds: at least one resource category id is required' });
    const segments = await t.post(`${C}/businessSegments/getAll`, { ...gross, ...page() });
    expect(segments.body.BusinessSegments.map((b: { Name: string }) => b.Name)).toEqual(['Leisure', 'Corporate', 'Groups']);
    const departments = await t.post(`${C}/departments/getAll`, { ...gross, ...page() });
    expect(departments.body.Departments.map((d: { Name: string }) => d.Name)).toContain('Housekeeping');
    const accounting = await t.post(`${C}/accountingCategories/getAll`, { ...gross, ...page(2) });
    expect(accounting.body.AccountingCategories).toHaveLength(2);
    const next = await t.post(`${C}/accountingCategories/getAll`, { ...gross, ...page(2, accounting.body.Cursor) });
    expect(next.body.AccountingCategories.map((a: { Classification: string }) => a.Classification)).toEqual(['Taxes', 'Payments']);
    const companies = await t.post(`${C}/companies/getAll`, { ...gross, ...page() });
    expect(companies.body.Companies.map((c: { Name: string; Iata: string | null }) => [c.Name, c.Iata])).toEqual([
      ['Northwind Traders Ltd', null],
      ['Expedia', '96637524'],
    ]);
    await t.close();
  });
});

describe('Connector tasks', () => {
  it('tasks/add files a task for a department, tasks/getAll finds it; departments alone are not a filter', async () => {
    const t = await expressTransport({ now: '2027-01-10T08:00:00Z' });
    const housekeeping = (await t.post(`${C}/departments/getAll`, { ...gross, ...page() })).body.Departments.find((d: { Name: string }) => d.Name === 'Housekeeping').Id;
    const added = await t.post(`${C}/tasks/add`, { ...gross, DepartmentId: housekeeping, Name: 'Extra towels for 204', DeadlineUtc: '2027-01-10T18:00:00Z' });
    expect(added.status).toBe(200);
    const found = await t.post(`${C}/tasks/getAll`, { ...gross, TaskIds: [added.body.TaskId], ...page() });
    expect(found.body.Tasks[0]).toMatchObject({ Name: 'Extra towels for 204', State: 'Open', DepartmentId: housekeeping, DeadlineUtc: '2027-01-10T18:00:00Z', CreatedUtc: '2027-01-10T08:00:00Z', ClosedUtc: null });
    const alone = await t.post(`${C}/tasks/getAll`, { ...gross, DepartmentIds: [housekeeping], ...page() });
    expect(alone.status).toBe(400);
    const bad = await t.post(`${C}/tasks/add`, { ...gross, DepartmentId: 'nope', Name: 'x', DeadlineUtc: '2027-01-10T18:00:00Z' });
    expect(bad.body.Message).toMatch(/^Invalid DepartmentId/);
    await t.close();
  });
});
