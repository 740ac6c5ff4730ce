import { z } from 'zod';
import { add, getAll, remove, stored, update, type Body, type Ctx } from '../builder.js';
import { invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import type { Entity } from '../store.js';
import { RequestBase } from './common.js';

/**
 * Resource access tokens (PIN codes, RFID tags) a lock integration keeps on a reservation: what is
 * added, updated and deleted is what getAll lists.
 */

const utc = z.iso.datetime({ offset: true });
const PERMISSIONS = ['Bed', 'Room', 'Floor', 'Building'] as const;
// The permission parameters' type is not defined: the answers' permissions are booleans, the docs'
// request examples send bool update values. Either is taken; a token keeps plain booleans.
const Permission = z.union([z.boolean(), z.object({ Value: z.boolean() })], {
  error: (issue) => (issue.input === undefined ? 'it is required.' : 'true, false or a bool update value ({ "Value": true }) is expected.'),
}).meta({ id: 'ResourceAccessTokenPermissionParameter' });
const Permissions = z.object({ Bed: Permission, Room: Permission, Floor: Permission, Building: Permission });
const PermissionUpdates = z.object({ Bed: Permission.nullish(), Room: Permission.nullish(), Floor: Permission.nullish(), Building: Permission.nullish() });
type PermissionValue = z.infer<typeof Permission>;

/** The permissions given, as plain booleans; those not given (null: not updated) are left out. */
function permissionsOf(given: Partial<Record<(typeof PERMISSIONS)[number], PermissionValue | null>>): Record<string, boolean> {
  const out: Record<string, boolean> = {};
  for (const name of PERMISSIONS) {
    const v = given[name];
    if (v != null) out[name] = typeof v === 'boolean' ? v : v.Value;
  }
  return out;
}

// The docs link the parameters' type without defining it; these are the token's own fields a client sets.
const AddRequest = RequestBase.extend({
  ResourceAccessTokenParameters: z
    .array(
      z.object({
        ServiceOrderId: z.string(),
        ResourceId: z.string().nullish(),
        CompanionshipId: z.string().nullish(),
        Type: z.enum(['PinCode', 'RfidTag']),
        Value: z.string().min(1),
        SerialNumber: z.string().nullish(),
        ValidityStartUtc: utc,
        ValidityEndUtc: utc,
        Permissions,
      }),
    )
    .min(1, 'at least one resource access token is required')
    .max(1000, 'at most 1000 items'),
}).meta({ id: 'ResourceAccessTokensAddRequest' });

const UpdateRequest = RequestBase.extend({
  EnterpriseId: z.string().nullish(),
  ResourceAccessTokenUpdates: z
    .array(
      z.object({
        ResourceAccessTokenId: z.string(),
        ValidityStartUtc: z.object({ Value: utc.nullish() }).nullish(),
        ValidityEndUtc: z.object({ Value: utc.nullish() }).nullish(),
        Value: z.object({ Value: z.string().nullish() }).nullish(),
        Permissions: PermissionUpdates.nullish(),
      }),
    )
    .max(1000, 'at most 1000 items')
    .nullish(),
}).meta({ id: 'ResourceAccessTokensUpdateRequest' });

function checkValidity(start: string, end: string, at: string): void {
  if (Date.parse(end) <= Date.parse(start)) throw invalidParameter(at, 'ValidityEndUtc must be after ValidityStartUtc.');
}

export const getAllResourceAccessTokens = getAll('resourceAccessTokens/getAll', {
  collection: 'ResourceAccessTokens',
  items: stored('resourceAccessTokens'),
  filters: { ResourceAccessTokenIds: 'Id', ServiceOrderIds: 'ServiceOrderId' },
  times: {
    UpdatedUtc: 'UpdatedUtc',
    CollidingUtc: (t, range) => Date.parse(t.ValidityStartUtc as string) <= range.end && Date.parse(t.ValidityEndUtc as string) >= range.start,
  },
  oneOf: [['ResourceAccessTokenIds', 'ServiceOrderIds', 'CollidingUtc', 'UpdatedUtc']],
});

export const addResourceAccessTokens = add('resourceAccessTokens/add', {
  kind: 'resourceAccessTokens',
  collection: 'ResourceAccessTokens',
  request: AddRequest,
  input: (b) => b.ResourceAccessTokenParameters,
  build(ctx: Ctx, p: Body, i: number): Entity {
    const at = `ResourceAccessTokenParameters[${i}]`;
    const r = ctx.world.state.reservations.get(p.ServiceOrderId);
    if (!r || r.propertyId !== ctx.property.id) throw invalidParameter(`${at}.ServiceOrderId`, `no reservation ${p.ServiceOrderId}.`);
    if (p.ResourceId != null && !modelOf(ctx.world, ctx.property).resources.some((x) => x.Id === p.ResourceId)) throw invalidParameter(`${at}.ResourceId`, `no resource ${p.ResourceId}.`);
    checkValidity(p.ValidityStartUtc, p.ValidityEndUtc, `${at}.ValidityEndUtc`);
    return {
      Id: ctx.world.state.uuid(),
      EnterpriseId: ctx.enterpriseId,
      ServiceOrderId: p.ServiceOrderId,
      CompanionshipId: p.CompanionshipId ?? null,
      ResourceId: p.ResourceId ?? r.details?.assignedResourceId ?? null,
      Type: p.Type,
      Value: p.Value,
      SerialNumber: p.SerialNumber ?? null,
      ValidityStartUtc: p.ValidityStartUtc,
      ValidityEndUtc: p.ValidityEndUtc,
      Permissions: permissionsOf(p.Permissions),
      CreatedUtc: ctx.now,
      UpdatedUtc: ctx.now,
      IsActive: true,
    };
  },
});

export const updateResourceAccessTokens = update('resourceAccessTokens/update', {
  kind: 'resourceAccessTokens',
  collection: 'ResourceAccessTokens',
  request: UpdateRequest,
  input: (b) => b.ResourceAccessTokenUpdates ?? [],
  id: (u, i) => [u.ResourceAccessTokenId, `ResourceAccessTokenUpdates[${i}].ResourceAccessTokenId`],
  apply(_ctx, e, u, i) {
    if (u.ValidityStartUtc?.Value) e.ValidityStartUtc = u.ValidityStartUtc.Value;
    if (u.ValidityEndUtc?.Value) e.ValidityEndUtc = u.ValidityEndUtc.Value;
    if (u.Value?.Value) e.Value = u.Value.Value;
    if (u.Permissions) e.Permissions = { ...(e.Permissions as object), ...permissionsOf(u.Permissions) };
    checkValidity(e.ValidityStartUtc as string, e.ValidityEndUtc as string, `ResourceAccessTokenUpdates[${i}].ValidityEndUtc`);
  },
});

export const deleteResourceAccessTokens = remove('resourceAccessTokens/delete', {
  kind: 'resourceAccessTokens',
  ids: (b) => b.Ids,
  param: 'Ids',
});
