import type { Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { companyRecords } from './lists.js';

/** Customer or Company, for an account id either API knows; 400 naming the parameter otherwise. */
export function accountType(ctx: Ctx, id: string, at: string): 'Customer' | 'Company' {
  if (ctx.world.state.customers.has(id)) return 'Customer';
  if (companyRecords(ctx.world).some((c) => c.Id === id && c.IsActive)) return 'Company';
  throw invalidParameter(at, `no customer or company ${id}.`);
}
