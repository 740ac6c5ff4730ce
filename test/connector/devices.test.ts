import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'device tests 1.0' };
type Item = Record<string, unknown> & { Id: string };

/** Device integrations: the commands Mews queues for a device, and the access tokens a lock system keeps on a reservation. */
describe.each(TRANSPORTS)('Connector devices, commands and resource access tokens (%s)', (_name, start) => {
  let t: Transport;
  let reservation: string;
  let customer: string;
  let room: string;
  const post = async (path: string, body: Record<string, unknown> = {}) => {
    const r = await t.post(`${C}/${path}`, { ...gross, ...body });
    expect({ path, status: r.status, message: r.body?.Message }).toEqual({ path, status: 200, message: undefined });
    return r.body;
  };

  beforeAll(async () => {
    t = await start({ now: '2027-01-10T08:00:00Z', deltaPushes: false, changeNotifications: false });
    const stay = (await post('services/getAll', { Limitation: { Count: 1 } })).Services[0].Id;
    const category = (await post('resourceCategories/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).ResourceCategories[0].Id;
    room = (await post('resourceCategoryAssignments/getAll', { ResourceCategoryIds: [category], Limitation: { Count: 1 } })).ResourceCategoryAssignments[0].ResourceId;
    const adult = (await post('ageCategories/getAll', { Limitation: { Count: 1 } })).AgeCategories[0].Id;
    const rate = (await post('rates/getAll', { ServiceIds: [stay], Limitation: { Count: 1 } })).Rates[0].Id;
    customer = (await post('customers/add', { FirstName: 'Grace', LastName: 'Hopper', OverwriteExisting: false })).Id;
    const booked = await post('reservations/add', {
      ServiceId: stay,
      Reservations: [{ StartUtc: '2027-01-10T15:00:00Z', EndUtc: '2027-01-12T12:00:00Z', PersonCounts: [{ AgeCategoryId: adult, Count: 1 }], CustomerId: customer, RequestedCategoryId: category, RateId: rate }],
    });
    reservation = booked.Reservations[0].Reservation.Id;
  });
  afterAll(() => t.close());

  it('commands: added for each device, active until moved on, and ended states are final', async () => {
    const devices = (await post('devices/getAll')).Devices as Item[];
    expect(devices.map((d) => d.Type).sort()).toEqual(['FiscalMachine', 'KeyCutter', 'PaymentTerminal', 'Printer']);
    const of = (type: string) => devices.find((d) => d.Type === type)!.Id;
    const printed = (await post('commands/addPrinter', { PrinterId: of('Printer'), Data: Buffer.from('%PDF-1.4').toString('base64'), CopyCount: 2 })).CommandId;
    const paid = (await post('commands/addPaymentTerminal', { TerminalId: of('PaymentTerminal'), CustomerId: customer, Type: 'Payment', Amount: { Currency: 'GBP', Value: 42 }, ReservationId: reservation })).CommandId;
    const noRoom = await t.post(`${C}/commands/addKeyCutter`, { ...gross, KeyCutterId: of('KeyCutter'), ReservationId: reservation, KeyCount: 1 });
    expect(noRoom.status).toBe(403);
    await post('reservations/update', { ReservationUpdates: [{ ReservationId: reservation, AssignedResourceId: { Value: room } }] });
    const keys = (await post('commands/addKeyCutter', { KeyCutterId: of('KeyCutter'), ReservationId: reservation, KeyCount: 2 })).CommandId;

    const active = (await post('commands/getAllActive')).Commands as Item[];
    expect(active.map((c) => c.Id)).toEqual([keys, paid, printed]);
    expect(active.every((c) => c.State === 'Pending' && c.CreatedUtc === '2027-01-10T08:00:00Z')).toBe(true);
    expect(active[0]).toMatchObject({ Device: { Id: of('KeyCutter'), Type: 'KeyCutter' }, Data: { KeyCount: 2, FirstName: 'Grace', LastName: 'Hopper', ReservationId: reservation } });
    expect(active[1].Data).toMatchObject({ AccountId: customer, Amount: { Currency: 'GBP', GrossValue: 42 }, AccountData: { Discriminator: 'Customer', Customer: { FullName: 'Grace Hopper' } } });
    expect(active[2].Data).toMatchObject({ CopyCount: 2, FileType: 'application/pdf' });

    await post('commands/update', { CommandId: printed, State: 'Processing', Progress: 0.5 });
    await post('commands/update', { CommandId: printed, State: 'Processed', Notes: 'Printed' });
    await post('commands/update', { CommandId: paid, State: 'Cancelled' });
    expect((await post('commands/getAllActive')).Commands.map((c: Item) => c.Id)).toEqual([keys]);
    const byIds = await post('commands/getAllByIds', { CommandIds: [printed, paid], Limitation: { Count: 10 } });
    expect(byIds.Commands.map((c: Item) => [c.Id, c.State])).toEqual([
      [paid, 'Cancelled'],
      [printed, 'Processed'],
    ]);
    const final = await t.post(`${C}/commands/update`, { ...gross, CommandId: printed, State: 'Processing' });
    expect(final.status).toBe(403);
    const unknown = await t.post(`${C}/commands/update`, { ...gross, CommandId: '00000000-0000-0000-0000-000000000000', State: 'Processed' });
    expect(unknown.body.Message).toMatch(/^Invalid CommandId/);
    const wrongDevice = await t.post(`${C}/commands/addPrinter`, { ...gross, PrinterId: of('KeyCutter'), Data: 'AA==', CopyCount: 1 });
    expect(wrongDevice.body.Message).toMatch(/^Invalid PrinterId/);
    const noCustomer = await t.post(`${C}/commands/addPaymentTerminal`, { ...gross, TerminalId: of('PaymentTerminal'), CustomerId: 'nope', Type: 'Payment', Amount: { Currency: 'GBP', Value: 1 } });
    expect(noCustomer.body.Message).toMatch(/^Invalid CustomerId/);
  });

  it('resource access tokens: added to a reservation, updated, deleted, as getAll lists them', async () => {
    const permissions = { Bed: false, Room: true, Floor: false, Building: true };
    const added = (
      await post('resourceAccessTokens/add', {
        ResourceAccessTokenParameters: [{ ServiceOrderId: reservation, ResourceId: room, Type: 'PinCode', Value: '4711', ValidityStartUtc: '2027-01-10T15:00:00Z', ValidityEndUtc: '2027-01-12T12:00:00Z', Permissions: permissions }],
      })
    ).ResourceAccessTokens[0];
    expect(added).toMatchObject({ ServiceOrderId: reservation, ResourceId: room, Type: 'PinCode', Value: '4711', Permissions: permissions, IsActive: true });
    const list = async (states?: string[]) => (await post('resourceAccessTokens/getAll', { ServiceOrderIds: [reservation], ...(states && { ActivityStates: states }), Limitation: { Count: 10 } })).ResourceAccessTokens as Item[];
    expect((await list()).map((x) => x.Id)).toEqual([added.Id]);
    const colliding = await post('resourceAccessTokens/getAll', { CollidingUtc: { StartUtc: '2027-01-11T00:00:00Z', EndUtc: '2027-01-11T01:00:00Z' }, Limitation: { Count: 10 } });
    expect(colliding.ResourceAccessTokens.map((x: Item) => x.Id)).toEqual([added.Id]);

    const updated = (await post('resourceAccessTokens/update', { ResourceAccessTokenUpdates: [{ ResourceAccessTokenId: added.Id, Value: { Value: '0815' }, ValidityEndUtc: { Value: '2027-01-13T12:00:00Z' }, Permissions: { Floor: true } }] })).ResourceAccessTokens[0];
    expect(updated).toMatchObject({ Value: '0815', ValidityEndUtc: '2027-01-13T12:00:00Z', Permissions: { ...permissions, Floor: true } });
    expect((await list())[0]).toMatchObject({ Value: '0815' });
    const backwards = await t.post(`${C}/resourceAccessTokens/update`, { ...gross, ResourceAccessTokenUpdates: [{ ResourceAccessTokenId: added.Id, ValidityEndUtc: { Value: '2027-01-01T00:00:00Z' } }] });
    expect(backwards.body.Message).toMatch(/^Invalid ResourceAccessTokenUpdates\[0\]\.ValidityEndUtc/);

    await post('resourceAccessTokens/delete', { Ids: [added.Id] });
    expect(await list(['Active'])).toEqual([]);
    expect((await list(['Deleted'])).map((x) => x.Id)).toEqual([added.Id]);
    const again = await t.post(`${C}/resourceAccessTokens/delete`, { ...gross, Ids: [added.Id] });
    expect(again.body.Message).toMatch(/^Invalid Ids\[0\]/);
    const unknownReservation = await t.post(`${C}/resourceAccessTokens/add`, {
      ...gross,
      ResourceAccessTokenParameters: [{ ServiceOrderId: 'nope', Type: 'RfidTag', Value: 'A1', ValidityStartUtc: '2027-01-10T15:00:00Z', ValidityEndUtc: '2027-01-12T12:00:00Z', Permissions: permissions }],
    });
    expect(unknownReservation.body.Message).toMatch(/^Invalid ResourceAccessTokenParameters\[0\]\.ServiceOrderId/);
    const noFilter = await t.post(`${C}/resourceAccessTokens/getAll`, { ...gross, Limitation: { Count: 10 } });
    expect(noFilter.status).toBe(400);
  });

  it('resource access token permissions: plain booleans or bool update values, kept and answered as booleans', async () => {
    const token = { ServiceOrderId: reservation, Type: 'PinCode', ValidityStartUtc: '2027-01-10T15:00:00Z', ValidityEndUtc: '2027-01-12T12:00:00Z' };
    const [wrapped, mixed] = (
      await post('resourceAccessTokens/add', {
        ResourceAccessTokenParameters: [
          { ...token, Value: '1111', Permissions: { Bed: { Value: true }, Room: { Value: false }, Floor: { Value: false }, Building: { Value: true } } },
          { ...token, Value: '2222', Permissions: { Bed: false, Room: { Value: true }, Floor: true, Building: { Value: false } } },
        ],
      })
    ).ResourceAccessTokens as Item[];
    expect(wrapped.Permissions).toEqual({ Bed: true, Room: false, Floor: false, Building: true });
    expect(mixed.Permissions).toEqual({ Bed: false, Room: true, Floor: true, Building: false });
    const listed = async (id: string) => (await post('resourceAccessTokens/getAll', { ResourceAccessTokenIds: [id], Limitation: { Count: 1 } })).ResourceAccessTokens[0];
    expect((await listed(wrapped.Id)).Permissions).toEqual({ Bed: true, Room: false, Floor: false, Building: true });

    // Update: either form; a permission absent or null is left as it was.
    const [updated] = (await post('resourceAccessTokens/update', { ResourceAccessTokenUpdates: [{ ResourceAccessTokenId: wrapped.Id, Permissions: { Bed: { Value: false }, Room: true, Floor: null } }] })).ResourceAccessTokens;
    expect(updated.Permissions).toEqual({ Bed: false, Room: true, Floor: false, Building: true });
    expect((await listed(wrapped.Id)).Permissions).toEqual(updated.Permissions);

    const send = async (path: string, body: Record<string, unknown>) => {
      const r = await t.post(`${C}/${path}`, { ...gross, ...body });
      return { status: r.status, message: r.body?.Message as string };
    };
    const refused = { status: 400, message: 'Invalid ResourceAccessTokenParameters[0].Permissions.Room: true, false or a bool update value ({ "Value": true }) is expected.' };
    for (const Room of ['yes', { Value: 'yes' }, { Value: null }, {}]) {
      expect(await send('resourceAccessTokens/add', { ResourceAccessTokenParameters: [{ ...token, Value: '3333', Permissions: { Bed: true, Room, Floor: true, Building: true } }] })).toEqual(refused);
    }
    expect(await send('resourceAccessTokens/add', { ResourceAccessTokenParameters: [{ ...token, Value: '3333', Permissions: { Bed: true, Floor: true, Building: true } }] })).toEqual({ status: 400, message: 'Invalid ResourceAccessTokenParameters[0].Permissions.Room: it is required.' });
    expect(await send('resourceAccessTokens/update', { ResourceAccessTokenUpdates: [{ ResourceAccessTokenId: wrapped.Id, Permissions: { Building: { Value: null } } }] })).toEqual({ status: 400, message: expect.stringMatching(/^Invalid ResourceAccessTokenUpdates\[0\]\.Permissions\.Building: /) });
    expect((await listed(wrapped.Id)).Permissions).toEqual(updated.Permissions);
  });
});
