import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { stableId } from '../../world/ids.js';
import { invalidParameter } from '../errors.js';
import { defineConnectorOperation } from '../operation.js';
import { maxMonths } from '../builder.js';
import { modelOf } from '../model.js';
import { paginate } from '../pagination.js';
import { apiTime, checkInterval, inInterval } from '../time.js';
import { ids, interval, limitation, RequestBase } from './common.js';
import { DEPARTMENTS } from './lists.js';

/** Tasks for the property's staff (housekeeping, maintenance, ...), as integrations file them. */
interface Task {
  Id: string;
  EnterpriseId: string;
  Name: string;
  State: 'Open' | 'Closed';
  Description: string | null;
  DepartmentId: string | null;
  ServiceOrderId: string | null;
  CreatedUtc: string;
  DeadlineUtc: string;
  ClosedUtc: string | null;
}

export const tasksOf = (world: World, property: Property) => world.apiStateOf(`connector:tasks:${property.id}`, () => [] as Task[]);

export const getAllTasks = defineConnectorOperation({
  path: 'tasks/getAll',
  summary: 'Tasks of the enterprise, filtered by ids, dates, departments or reservations.',
  request: RequestBase.extend({
    EnterpriseIds: ids(),
    CreatedUtc: interval,
    ClosedUtc: interval,
    DeadlineUtc: interval,
    TaskIds: ids(),
    DepartmentIds: ids(),
    ServiceOrderIds: ids(),
    Limitation: limitation,
  }).meta({ id: 'TasksGetAllRequest' }),
  collection: 'Tasks',
  handle({ world, property, body }) {
    const created = checkInterval('CreatedUtc', body.CreatedUtc, maxMonths('tasks/getAll', 'CreatedUtc'));
    const closed = checkInterval('ClosedUtc', body.ClosedUtc, maxMonths('tasks/getAll', 'ClosedUtc'));
    const deadline = checkInterval('DeadlineUtc', body.DeadlineUtc, maxMonths('tasks/getAll', 'DeadlineUtc'));
    if (body.DepartmentIds && !body.TaskIds && !body.ServiceOrderIds && !created && !closed && !deadline) {
      throw invalidParameter('DepartmentIds', 'it cannot be used on its own; combine it with another filter.');
    }
    const items = [...tasksOf(world, property)]
      .reverse()
      .filter(
        (t) =>
          (!body.TaskIds || body.TaskIds.includes(t.Id)) &&
          (!body.DepartmentIds || (t.DepartmentId !== null && body.DepartmentIds.includes(t.DepartmentId))) &&
          (!body.ServiceOrderIds || (t.ServiceOrderId !== null && body.ServiceOrderIds.includes(t.ServiceOrderId))) &&
          inInterval(t.CreatedUtc, created) &&
          (!closed || inInterval(t.ClosedUtc, closed)) &&
          inInterval(t.DeadlineUtc, deadline),
      );
    const { page, cursor } = paginate(items, body.Limitation);
    return { Tasks: page, Cursor: cursor };
  },
});

export const addTask = defineConnectorOperation({
  path: 'tasks/add',
  summary: 'Files a task for a department, optionally linked to a reservation.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    DepartmentId: z.string().nullish(),
    ServiceOrderId: z.string().nullish(),
    Name: z.string().min(1, 'it is required'),
    Description: z.string().nullish(),
    DeadlineUtc: z.iso.datetime({ offset: true }),
  }).meta({ id: 'TasksAddRequest' }),
  handle({ world, property, body }) {
    const seed = world.state.fixture.seed;
    if (body.DepartmentId && !DEPARTMENTS.some((d) => stableId(seed, property.id, 'department', d) === body.DepartmentId)) {
      throw invalidParameter('DepartmentId', `no department ${body.DepartmentId}.`);
    }
    if (body.ServiceOrderId && world.state.reservations.get(body.ServiceOrderId)?.propertyId !== property.id) {
      throw invalidParameter('ServiceOrderId', `no reservation ${body.ServiceOrderId}.`);
    }
    const task: Task = {
      Id: world.state.uuid(),
      EnterpriseId: modelOf(world, property).enterprise.Id as string,
      Name: body.Name,
      State: 'Open',
      Description: body.Description ?? null,
      DepartmentId: body.DepartmentId ?? null,
      ServiceOrderId: body.ServiceOrderId ?? null,
      CreatedUtc: apiTime(world.clock.now().toISOString()),
      DeadlineUtc: apiTime(body.DeadlineUtc),
      ClosedUtc: null,
    };
    tasksOf(world, property).push(task);
    return { TaskId: task.Id };
  },
});
