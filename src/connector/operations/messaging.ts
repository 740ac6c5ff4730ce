import { add, getAll, operation, remove, stored, update, applyUpdateValues } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { entities } from '../store.js';
import { tasksOf } from './tasks.js';

/**
 * Message threads and messages between the enterprise and the integration, service order notes and
 * closing tasks. A message an integration adds raises MessageAdded.
 */

export const getAllMessageThreads = getAll('messageThreads/getAll', {
  collection: 'MessageThreads',
  items: stored('messageThreads'),
  filters: { MessageThreadIds: 'Id', EnterpriseIds: 'EnterpriseId' },
  times: { CreatedUtc: 'CreatedUtc', UpdatedUtc: 'UpdatedUtc' },
  oneOf: [['MessageThreadIds', 'CreatedUtc', 'UpdatedUtc']],
});

export const addMessageThread = add('messageThreads/add', {
  kind: 'messageThreads',
  collection: 'MessageThreads',
  input: (b) => [b],
  build: (ctx, b) => ({ Id: ctx.world.state.uuid(), EnterpriseId: ctx.enterpriseId, OriginalSender: b.OriginalSender, Subject: b.Subject, CreatedUtc: ctx.now, UpdatedUtc: ctx.now, IsResolved: false }),
});

export const getAllMessages = getAll('messages/getAll', {
  collection: 'Messages',
  items: stored('messages'),
  filters: { MessageThreadIds: 'MessageThreadId' },
  times: { CreatedUtc: 'CreatedUtc' },
});

export const addMessages = add('messages/add', {
  kind: 'messages',
  input: (b) => b.Messages,
  build(ctx, m, i) {
    const thread = entities(ctx.world).get('messageThreads', m.MessageThreadId);
    if (!thread || thread.EnterpriseId !== ctx.enterpriseId) throw invalidParameter(`Messages[${i}].MessageThreadId`, `no message thread ${m.MessageThreadId}.`);
    return { Id: ctx.world.state.uuid(), MessageThreadId: m.MessageThreadId, Text: m.Text, Sender: { Discriminator: 'Application', Value: null }, CreatedUtc: ctx.now, Identifier: m.Identifier ?? null };
  },
  answer: (added) => ({ Messages: added.map(({ Identifier, ...message }) => ({ Identifier, Message: message })) }),
  after(ctx, added) {
    for (const m of added) {
      const thread = entities(ctx.world).get('messageThreads', m.MessageThreadId as string)!;
      entities(ctx.world).put('messageThreads', { ...thread, UpdatedUtc: ctx.now });
    }
    ctx.world.state.changed({ type: 'message', propertyId: ctx.property.id, messageIds: added.map((m) => m.Id) });
  },
});

export const getAllServiceOrderNotes = getAll('serviceOrderNotes/getAll', {
  collection: 'ServiceOrderNotes',
  items: stored('serviceOrderNotes'),
  filters: { ServiceOrderIds: 'OrderId', ServiceOrderNoteIds: 'Id', Types: 'Type' },
  times: { UpdatedUtc: 'UpdatedUtc' },
  activity: 'Active',
});

export const addServiceOrderNotes = add('serviceOrderNotes/add', {
  kind: 'serviceOrderNotes',
  collection: 'ServiceOrderNotes',
  input: (b) => b.ServiceOrderNotes,
  build(ctx, n, i) {
    const r = ctx.world.state.reservations.get(n.ServiceOrderId);
    if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(`ServiceOrderNotes[${i}].ServiceOrderId`, `no service order ${n.ServiceOrderId}.`);
    return { Id: ctx.world.state.uuid(), EnterpriseId: ctx.enterpriseId, OrderId: n.ServiceOrderId, Text: n.Text, Type: 'General', CreatedUtc: ctx.now, UpdatedUtc: ctx.now, IsActive: true };
  },
  after: (ctx, added) => ctx.world.state.changed({ type: 'reservation', propertyId: ctx.property.id, reservationIds: [...new Set(added.map((n) => n.OrderId as string))] }),
});

export const updateServiceOrderNotes = update('serviceOrderNotes/update', {
  kind: 'serviceOrderNotes',
  collection: 'ServiceOrderNotes',
  input: (b) => b.ServiceOrderNoteUpdates,
  id: (u, i) => [u.ServiceOrderNoteId, `ServiceOrderNoteUpdates[${i}].ServiceOrderNoteId`],
  apply: (_ctx, e, u) => applyUpdateValues(e, u, ['Text']),
});

export const deleteServiceOrderNotes = remove('serviceOrderNotes/delete', { kind: 'serviceOrderNotes', ids: (b) => b.ServiceOrderNoteIds, param: 'ServiceOrderNoteIds' });

export const closeTasks = operation('tasks/close', {
  handle(ctx) {
    const tasks = tasksOf(ctx.world, ctx.property);
    const found = (ctx.body.TaskIds as string[]).map((id, i) => {
      const t = tasks.find((x) => x.Id === id);
      if (!t) throw invalidParameter(`TaskIds[${i}]`, `no task ${id}.`);
      return t;
    });
    for (const t of found) {
      if (t.State === 'Closed') continue;
      t.State = 'Closed';
      t.ClosedUtc = ctx.now;
    }
    return {};
  },
});
