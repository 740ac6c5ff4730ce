import { z } from 'zod';
import type { World } from '../../engine/world.js';
import type { Property } from '../../world/schema.js';
import { stableId } from '../../world/ids.js';
import { invalidParameter } from '../errors.js';
import { getAll, operation } from '../builder.js';
import { apiTime } from '../time.js';
import { RequestBase } from './common.js';
import { DEPARTMENTS } from './lists.js';

/** Tasks for the property's staff (housekeeping, maintenance, ...), as integrations file them. */
type Task = {
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
};

export const tasksOf = (world: World, property: Property) => world.apiStateOf(`connector:tasks:${property.id}`, () => [] as Task[]);

export const getAllTasks = getAll('tasks/getAll', {
  summary: 'Tasks of the enterprise, filtered by ids, dates, departments or reservations.',
  collection: 'Tasks',
  items: ({ world, property }) => [...tasksOf(world, property)].reverse(),
  filters: { TaskIds: 'Id', DepartmentIds: 'DepartmentId', ServiceOrderIds: 'ServiceOrderId' },
  times: { CreatedUtc: 'CreatedUtc', ClosedUtc: 'ClosedUtc', DeadlineUtc: 'DeadlineUtc' },
  extra({ body }) {
    if (body.DepartmentIds && !body.TaskIds && !body.ServiceOrderIds && !body.CreatedUtc && !body.ClosedUtc && !body.DeadlineUtc) {
      throw invalidParameter('DepartmentIds', 'it cannot be used on its own; combine it with another filter.');
    }
    return {};
  },
});

export const addTask = operation('tasks/add', {
  summary: 'Files a task for a department, optionally linked to a reservation.',
  request: RequestBase.extend({
    EnterpriseId: z.string().nullish(),
    DepartmentId: z.string().nullish(),
    ServiceOrderId: z.string().nullish(),
    Name: z.string().min(1, 'it is required'),
    Description: z.string().nullish(),
    DeadlineUtc: z.iso.datetime({ offset: true }),
  }).meta({ id: 'TasksAddRequest' }),
  handle({ world, property, body, enterpriseId, now }) {
    const seed = world.state.fixture.seed;
    if (body.DepartmentId && !DEPARTMENTS.some((d) => stableId(seed, property.id, 'department', d) === body.DepartmentId)) {
      throw invalidParameter('DepartmentId', `no department ${body.DepartmentId}.`);
    }
    if (body.ServiceOrderId && world.state.reservations.get(body.ServiceOrderId)?.propertyId !== property.id) {
      throw invalidParameter('ServiceOrderId', `no reservation ${body.ServiceOrderId}.`);
    }
    const task: Task = {
      Id: world.state.uuid(),
      EnterpriseId: enterpriseId,
      Name: body.Name,
      State: 'Open',
      Description: body.Description ?? null,
      DepartmentId: body.DepartmentId ?? null,
      ServiceOrderId: body.ServiceOrderId ?? null,
      CreatedUtc: now,
      DeadlineUtc: apiTime(body.DeadlineUtc),
      ClosedUtc: null,
    };
    tasksOf(world, property).push(task);
    return { TaskId: task.Id };
  },
});
