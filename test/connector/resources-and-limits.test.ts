import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'resource tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** What a resource is like (features, photos, today's occupancy), overbooking limits and booking sources, read from the world. */
describe.each(TRANSPORTS)('Connector resource features, images, occupancy, overbooking limits and sources (%s)', (_name, start) => {
  let t: Transport;
  let stay: string;
  let categories: Item[];
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };
  const byCode = (code: string) => categories.find((c) => c.ExternalIdentifier === code)!.Id;

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', deltaPushes: false, changeNotifications: false });
    stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    categories = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } })).ResourceCategories;
  });
  afterAll(() => t.close());

  it('resource features follow each category, and every resource has its category feature', async () => {
    const { ResourceFeatures } = await post('resourceFeatures/getAll', { ServiceIds: [stay], Limitation: { Count: 100 } });
    const twin = ResourceFeatures.find((f: Item) => f.Classification === 'TwinBeds');
    expect(twin).toMatchObject({ ServiceId: stay, IsActive: true });
    const assigned = (await post('resourceFeatureAssignments/getAll', { ResourceFeatureIds: [twin.Id], Limitation: { Count: 100 } })).ResourceFeatureAssignments as Item[];
    const twinRooms = (await post('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [byCode('TWN')], Limitation: { Count: 100 } })).ResourceCategoryAssignments.map((a: Item) => a.ResourceId);
    expect(assigned.map((a) => a.ResourceId).sort()).toEqual([...twinRooms].sort());
    expect(assigned.every((a) => a.FeatureId === twin.Id)).toBe(true);
  });

  it('category images are listed and their URLs are data: URLs that reach no other host', async () => {
    const { ResourceCategoryImageAssignments: images } = await post('resourceCategoryImageAssignments/getAll', { ResourceCategoryIds: [byCode('DBL'), byCode('SGL')], Limitation: { Count: 100 } });
    expect(images.map((i: Item) => [i.CategoryId, i.Ordering])).toEqual([
      [byCode('DBL'), 0],
      [byCode('DBL'), 1],
    ]);
    const { ImageUrls } = await post('images/getUrls', { Images: [{ ImageId: images[0].ImageId, Width: 320, Height: 200, ResizeMode: 'Fit' }] });
    expect(ImageUrls).toEqual([{ ImageId: images[0].ImageId, Url: expect.stringMatching(/^data:image\/svg\+xml;base64,/) }]);
    expect(Buffer.from(ImageUrls[0].Url.split(',')[1], 'base64').toString()).toContain('width="320" height="200"');
    const unknown = await t.post(`${C}/images/getUrls`, { ...gross, Images: [{ ImageId: '00000000-0000-0000-0000-000000000000' }] });
    expect(unknown.body.Message).toMatch(/^Invalid Images\[0\]\.ImageId/);
  });

  it("resources/getOccupancyState: today's reservations, blocks and housekeeping states of the world", async () => {
    const rooms = (await post('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [byCode('DBL')], Limitation: { Count: 100 } })).ResourceCategoryAssignments.map((a: Item) => a.ResourceId as string);
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const customer = (await post('customers/add', { LastName: 'Occupant', OverwriteExisting: false })).Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-01-09T15:00:00Z', EndUtc: '2027-01-12T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 2 }], CustomerId: customer, RequestedCategoryId: byCode('DBL'), RateId: rate }],
    });
    await post('reservations/update', { ReservationUpdates: [{ ReservationId: booked.Reservations[0].Reservation.Id, AssignedResourceId: { Value: rooms[0] }, AssignedResourceLocked: { Value: true } }] });
    await post('resourceBlocks/add', { ResourceBlocks: [{ ResourceId: rooms[1], StartUtc: '2027-01-10T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z', Type: 'OutOfOrder', Name: 'Leak' }] });
    await post('resources/update', { ResourceUpdates: [{ ResourceId: rooms[2], State: { Value: 'Dirty' } }] });
    const { ResourceCategoryOccupancyStates: states } = await post('resources/getOccupancyState', { ResourceCategoryIds: [byCode('DBL')] });
    const of = new Map(states[0].ResourceOccupancyStates.map((s: Item) => [s.ResourceId, [s.ResourceState, s.OccupancyState]]));
    expect(states[0].ResourceCategoryId).toBe(byCode('DBL'));
    expect(of.get(rooms[0])).toEqual(['Clean', 'ReservedLocked']);
    expect(of.get(rooms[1])).toEqual(['Clean', 'OutOfOrder']);
    expect(of.get(rooms[2])).toEqual(['Dirty', 'Vacant']);
    const dirty = await post('resources/getOccupancyState', { ResourceCategoryIds: [byCode('DBL')], ResourceStates: ['Dirty'] });
    expect(dirty.ResourceCategoryOccupancyStates[0].ResourceOccupancyStates).toEqual([{ ResourceId: rooms[2], ResourceState: 'Dirty', OccupancyState: 'Vacant' }]);
    const unknown = await t.post(`${C}/resources/getOccupancyState`, { ...gross, ResourceCategoryIds: ['nope'] });
    expect(unknown.body.Message).toMatch(/^Invalid ResourceCategoryIds\[0\]/);
  });

  it('serviceOverbookingLimits: set, reset on part of the days, cleared, and listed as set', async () => {
    const list = async (states?: string[]) =>
      ((await post('serviceOverbookingLimits/getAll', { ServiceIds: [stay], ...(states && { ActivityStates: states }), Limitation: { Count: 100 } })).ServiceOverbookingLimits as Item[])
        .map((l) => [l.FirstTimeUnitStartUtc, l.LastTimeUnitStartUtc, l.Limit])
        .sort();
    await post('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-02-01T00:00:00Z', LastTimeUnitStartUtc: '2027-02-10T00:00:00Z', Limit: 3 }] });
    expect(await list()).toEqual([['2027-02-01T00:00:00Z', '2027-02-10T00:00:00Z', 3]]);
    await post('serviceOverbookingLimits/set', { ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-02-04T00:00:00Z', LastTimeUnitStartUtc: '2027-02-05T00:00:00Z', Limit: 5 }] });
    expect(await list()).toEqual([
      ['2027-02-01T00:00:00Z', '2027-02-03T00:00:00Z', 3],
      ['2027-02-04T00:00:00Z', '2027-02-05T00:00:00Z', 5],
      ['2027-02-06T00:00:00Z', '2027-02-10T00:00:00Z', 3],
    ]);
    await post('serviceOverbookingLimits/clear', { ServiceId: stay, ClearServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-02-01T00:00:00Z', LastTimeUnitStartUtc: '2027-02-05T00:00:00Z' }] });
    expect(await list()).toEqual([['2027-02-06T00:00:00Z', '2027-02-10T00:00:00Z', 3]]);
    expect((await list(['Deleted'])).length).toBe(3);
    const colliding = await post('serviceOverbookingLimits/getAll', { ServiceIds: [stay], CollidingUtc: { StartUtc: '2027-01-01T00:00:00Z', EndUtc: '2027-01-31T00:00:00Z' }, Limitation: { Count: 10 } });
    expect(colliding.ServiceOverbookingLimits).toEqual([]);
    const badStart = await t.post(`${C}/serviceOverbookingLimits/set`, { ...gross, ServiceId: stay, SetServiceOverbookingLimits: [{ FirstTimeUnitStartUtc: '2027-02-01T10:00:00Z', LastTimeUnitStartUtc: '2027-02-02T00:00:00Z', Limit: 1 }] });
    expect(badStart.body.Message).toMatch(/^Invalid SetServiceOverbookingLimits\[0\]\.FirstTimeUnitStartUtc/);
    const badService = await t.post(`${C}/serviceOverbookingLimits/clear`, { ...gross, ServiceId: 'nope', ClearServiceOverbookingLimits: [] });
    expect(badService.body.Message).toMatch(/^Invalid ServiceId/);
  });

  it('source assignments: the sources a channel manager sent with a booking, per group and per reservation', async () => {
    const done = await t.post(`${CM}/processGroup`, singleGroup({ channelManagerId: 'CM-SOURCES', messageId: 'sources-1', sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: false }, { code: 2, name: 'Expedia', type: 0, isPrimary: true }] }));
    expect(done.status).toBe(200);
    await t.sim.idle();
    const { Sources } = await post('sources/getAll', { Limitation: { Count: 1000 } });
    const sourceOf = (code: number) => Sources.find((s: Item) => s.Code === code).Id;
    const reservation = (await post('reservations/getAll/2023-06-06', { UpdatedUtc: { StartUtc: '2027-01-09T00:00:00Z', EndUtc: '2027-01-11T00:00:00Z' }, Limitation: { Count: 100 } })).Reservations.find(
      (r: Item) => r.ChannelManagerNumber === 'CM-SOURCES',
    );
    const old = await post('sourceAssignments/getAll', { ReservationGroupIds: [reservation.GroupId], Limitation: { Count: 10 } });
    expect(old.SourceAssignments.map((a: Item) => [a.SourceId, a.IsPrimary]).sort()).toEqual([
      [sourceOf(1), false],
      [sourceOf(2), true],
    ].sort());
    const current = await post('sourceAssignments/getAll/2024-09-20', { ReservationIds: [reservation.Id], Limitation: { Count: 10 } });
    expect(current.SourceAssignments).toHaveLength(2);
    expect(current.SourceAssignments.every((a: Item) => a.ReservationId === reservation.Id)).toBe(true);
    expect(current.SourceAssignments.find((a: Item) => a.IsPrimary).SourceId).toBe(sourceOf(2));
    const none = await post('sourceAssignments/getAll', { ReservationGroupIds: ['00000000-0000-0000-0000-000000000000'], Limitation: { Count: 10 } });
    expect(none.SourceAssignments).toEqual([]);
  });
});
