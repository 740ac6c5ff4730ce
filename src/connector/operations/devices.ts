import { operation, stored, type Body, type Ctx } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf, reservationOwner, reservationView } from '../model.js';
import { paginate, type Limitation } from '../pagination.js';
import { entities, type Entity } from '../store.js';
import { openBillNamed } from './credit-cards.js';
import { devicesOf, type DeviceType } from './device-list.js';

/**
 * Devices of the enterprise (a printer, a payment terminal, a key cutter) and the commands Mews
 * queues for them: a device integration picks up the active ones and moves each on with
 * commands/update (Pending → Received → Processing → Processed, or Cancelled / Error).
 */

const KIND = 'commands';
const ACTIVE = ['Pending', 'Received', 'Processing'];
/** States a command moves on from; the others end it. */
const NEXT: Record<string, string[]> = { Pending: ['Received', 'Processing', 'Processed', 'Cancelled', 'Error'], Received: ['Processing', 'Processed', 'Cancelled', 'Error'], Processing: ['Processing', 'Processed', 'Cancelled', 'Error'] };


function device(ctx: Ctx, id: string, type: DeviceType, at: string) {
  const d = devicesOf(ctx).find((x) => x.Id === id);
  if (!d || d.Type !== type) throw invalidParameter(at, `no ${type} device ${id} in this enterprise.`);
  return d;
}

function reservationOf(ctx: Ctx, id: string, at: string) {
  const r = ctx.world.state.reservations.get(id);
  if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(at, `no reservation ${id}.`);
  return r;
}

function queue(ctx: Ctx, d: ReturnType<typeof devicesOf>[number], data: Record<string, unknown>) {
  const command: Entity = { Id: ctx.world.state.uuid(), EnterpriseId: ctx.enterpriseId, State: 'Pending', CreatedUtc: ctx.now, Creator: null, Device: d, Data: data };
  entities(ctx.world).put(KIND, command);
  return { CommandId: command.Id };
}

const view = ({ EnterpriseId: _, ...c }: Entity) => c;

export const getAllDevices = operation('devices/getAll', { handle: (ctx) => ({ Devices: devicesOf(ctx) }) });

export const getAllActiveCommands = operation('commands/getAllActive', {
  handle: (ctx) => ({ Commands: stored(KIND)(ctx).filter((c) => ACTIVE.includes(c.State as string)).map(view) }),
});

export const getAllCommandsByIds = operation('commands/getAllByIds', {
  collection: 'Commands',
  handle(ctx) {
    const wanted = new Set(ctx.body.CommandIds as string[]);
    const { page, cursor } = paginate(stored(KIND)(ctx).filter((c) => wanted.has(c.Id)), ctx.body.Limitation as Limitation | undefined);
    return { Commands: page.map(view), ...(ctx.body.Limitation != null && { Cursor: cursor }) };
  },
});

export const addPrinterCommand = operation('commands/addPrinter', {
  handle(ctx) {
    const d = device(ctx, ctx.body.PrinterId, 'Printer', 'PrinterId');
    if (ctx.body.CopyCount < 1) throw invalidParameter('CopyCount', 'at least one copy is required.');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(ctx.body.Data)) throw invalidParameter('Data', 'it is not Base64 encoded.');
    return queue(ctx, d, { CopyCount: ctx.body.CopyCount, FileType: 'application/pdf', FileData: ctx.body.Data, PrinterName: d.Name, PrinterDriverName: 'PDF', PrinterPortName: 'LPT1' });
  },
});

export const addPaymentTerminalCommand = operation('commands/addPaymentTerminal', {
  handle(ctx) {
    const b = ctx.body as Body;
    const d = device(ctx, b.TerminalId, 'PaymentTerminal', 'TerminalId');
    const customer = ctx.world.state.customers.get(b.CustomerId);
    if (!customer) throw invalidParameter('CustomerId', `no customer ${b.CustomerId}.`);
    if (b.ReservationId != null) reservationOf(ctx, b.ReservationId, 'ReservationId');
    const billId = b.BillId != null ? openBillNamed(ctx, customer.id, b.BillId, 'BillId') : null;
    if (b.PaymentRequestId != null && !stored('paymentRequests')(ctx).some((r) => r.Id === b.PaymentRequestId && r.AccountId === customer.id)) throw invalidParameter('PaymentRequestId', `no payment request ${b.PaymentRequestId} of the customer.`);
    const value = b.Amount.Value ?? (b.Amount.Net != null ? b.Amount.Net + (b.Amount.Tax ?? 0) : undefined);
    if (!(value > 0)) throw invalidParameter('Amount', 'a positive Value is required.');
    const net = b.Amount.Net ?? value;
    return queue(ctx, d, {
      PaymentTerminalId: d.Id,
      AccountId: customer.id,
      BillId: billId,
      PaymentId: null,
      PreauthorizationId: null,
      Type: b.Type,
      Amount: { Currency: b.Amount.Currency, NetValue: net, GrossValue: value, TaxValues: [] },
      Fee: null,
      PaymentTerminalData: null,
      AccountData: { Discriminator: 'Customer', Customer: { FullName: [customer.firstName, customer.lastName].filter(Boolean).join(' ') } },
    });
  },
});

export const addKeyCutterCommand = operation('commands/addKeyCutter', {
  handle(ctx) {
    const { world, property, body } = ctx;
    const d = device(ctx, body.KeyCutterId, 'KeyCutter', 'KeyCutterId');
    const r = reservationOf(ctx, body.ReservationId, 'ReservationId');
    if (body.KeyCount < 1) throw invalidParameter('KeyCount', 'at least one key is required.');
    const resource = r.details?.assignedResourceId;
    if (!resource) throw new ConnectorError(403, `The reservation ${r.id} has no assigned resource to cut keys for.`);
    const m = modelOf(world, property);
    const v = reservationView(world, property, m, r);
    const owner = world.state.customers.get(reservationOwner(world, r));
    const guest = (world.state.groups.get(r.groupId)?.customer ?? {}) as { firstName?: string; lastName?: string; email?: string; telephone?: string };
    return queue(ctx, d, {
      KeyCutterId: d.Id,
      ApiUrl: null,
      KeyCutterData: null,
      KeyCount: body.KeyCount,
      LockIds: [m.resources.find((x) => x.Id === resource)?.Name ?? resource],
      StartUtc: v.ScheduledStartUtc,
      EndUtc: v.ScheduledEndUtc,
      FirstName: owner?.firstName ?? guest.firstName ?? null,
      LastName: owner?.lastName ?? guest.lastName ?? '',
      Telephone: owner?.phone ?? guest.telephone ?? null,
      Email: owner?.email ?? guest.email ?? null,
      ReservationId: r.id,
      ReservationNumber: r.confirmationNumber,
    });
  },
});

export const updateCommand = operation('commands/update', {
  handle(ctx) {
    const store = entities(ctx.world);
    const c = stored(KIND)(ctx).find((x) => x.Id === ctx.body.CommandId);
    if (!c) throw invalidParameter('CommandId', `no command ${ctx.body.CommandId}.`);
    const state = ctx.body.State as string;
    if (!(NEXT[c.State as string] ?? []).includes(state)) throw new ConnectorError(403, `The command is ${c.State}; it cannot become ${state}.`);
    store.put(KIND, { ...c, State: state });
    return {};
  },
});
