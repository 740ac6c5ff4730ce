import type { World } from '../../engine/world.js';
import { stableId } from '../../world/ids.js';
import type { Property, SpaceCategory } from '../../world/schema.js';
import { notifyChange } from '../../channel-manager/push/notifications.js';
import { ChangeType } from '../../channel-manager/push/kinds.js';
import { setSynchronized } from '../../channel-manager/commands.js';
import { getAll, operation, type Body } from '../builder.js';
import { ConnectorError, invalidParameter } from '../errors.js';
import { modelOf } from '../model.js';
import { catalogChanges, categoryViews } from './catalog.js';

/**
 * Resource categories added, updated and deleted through the Connector API are space categories of
 * the one world: a new one starts without resources (so no availability), shows in
 * resourceCategories/getAll, services/getAvailability and, for every channel manager connection that
 * covers all the property's categories, in getConfiguration (unmapped until the channel manager maps it).
 */

const STATIC_UTC = '2025-01-06T09:00:00Z';

/** Resource classification → the world's space classification code. */
const CLASSIFICATION_CODES: Record<string, number> = { StandardSingle: 9, StandardDouble: 4, StandardTwin: 14, Triple: 13, JuniorSuite: 11, SharedOrDorm: 16, Studio: 10, OneBedroomApartment: 1 };

const textOf = (t: Record<string, string> | null | undefined): string | undefined => (t ? Object.values(t).find((v) => v) : undefined);

/** A resource category's world code by its id; active categories only (400 naming the parameter otherwise). */
export function categoryCode(world: World, property: Property, id: string, at: string): string {
  const m = modelOf(world, property);
  const view = categoryViews(world, property).find((c) => c.Id === id);
  if (!view || view.IsActive === false) throw invalidParameter(at, `no resource category ${id} in this enterprise.`);
  return [...m.categoryIdByCode].find(([, cid]) => cid === id)![0];
}

/** Channel manager connections that see the category: a change notification each. */
function notifyCovering(world: World, property: Property, code: string): void {
  for (const c of world.state.connections.values()) {
    if (c.propertyId === property.id && !c.deleted && c.spaceTypeCodes.includes(code)) notifyChange(world, c, ChangeType.Updated);
  }
}

export const addResourceCategories = operation('resourceCategories/add', {
  handle(ctx) {
    const { world, property } = ctx;
    const m = modelOf(world, property);
    const taken = new Set(property.spaceCategories.map((s) => s.code));
    const items = ctx.body.ResourceCategories as Body[];
    if (!items.length) throw invalidParameter('ResourceCategories', 'at least one resource category is required.');
    const built = items.map((item, i) => {
      const at = `ResourceCategories[${i}]`;
      if (item.ServiceId !== m.stayServiceId) throw invalidParameter(`${at}.ServiceId`, 'resource categories belong to the bookable service of this enterprise.');
      if (item.Capacity < 1) throw invalidParameter(`${at}.Capacity`, 'it must be at least 1.');
      if ((item.ExtraCapacity ?? 0) < 0) throw invalidParameter(`${at}.ExtraCapacity`, 'it must not be negative.');
      if (item.AccountingCategoryId != null && ![...m.accountingCategoryIdByCode.values()].includes(item.AccountingCategoryId)) throw invalidParameter(`${at}.AccountingCategoryId`, `no accounting category ${item.AccountingCategoryId}.`);
      let code = item.ExternalIdentifier ?? textOf(item.ShortNames);
      if (item.ExternalIdentifier != null && taken.has(code)) throw invalidParameter(`${at}.ExternalIdentifier`, `a resource category with external identifier ${code} exists.`);
      if (!code || taken.has(code)) code = `C-${world.state.uuid().slice(0, 8).toUpperCase()}`;
      taken.add(code);
      const name = textOf(item.Names) ?? code;
      const description = textOf(item.Descriptions);
      // Priced like the base category until a rate's prices are set for it.
      const space: SpaceCategory = {
        code,
        name,
        ...(description && { description }),
        classification: CLASSIFICATION_CODES[item.Classification ?? ''] ?? 0,
        bedCount: item.Capacity,
        extraBedCount: item.ExtraCapacity ?? 0,
        spaceCount: 0,
        basePrice: property.spaceCategories[0].basePrice,
      };
      const details = {
        Type: item.Type,
        Classification: item.Classification ?? 'Other',
        Names: item.Names ?? { [property.languageCode]: name },
        ShortNames: item.ShortNames ?? { [property.languageCode]: code },
        Descriptions: item.Descriptions ?? {},
        ...(item.Ordering != null && { Ordering: item.Ordering }),
        ExternalIdentifier: item.ExternalIdentifier ?? null,
        AccountingCategoryId: item.AccountingCategoryId ?? null,
      };
      return { space, details };
    });
    const inv = world.state.inventory(property.id);
    const allCodes = property.spaceCategories.map((s) => s.code);
    const covering = [...world.state.connections.values()].filter((c) => c.propertyId === property.id && !c.deleted && allCodes.every((s) => c.spaceTypeCodes.includes(s)));
    const changes = catalogChanges(world, property).categories;
    const ids = built.map(({ space, details }) => {
      inv.addSpace(space);
      for (const c of covering) c.spaceTypeCodes.push(space.code);
      // The catalog changed: cached views rebuild.
      world.state.version++;
      const id = modelOf(world, property).categoryIdByCode.get(space.code)!;
      changes.set(id, details);
      return id;
    });
    for (const c of covering) notifyChange(world, c, ChangeType.Updated);
    const views = categoryViews(world, property);
    return { ResourceCategories: ids.map((id) => views.find((v) => v.Id === id)!) };
  },
});

export const updateResourceCategories = operation('resourceCategories/update', {
  handle(ctx) {
    const { world, property } = ctx;
    const updates = ctx.body.ResourceCategoryUpdates as Body[];
    const m = modelOf(world, property);
    const inv = world.state.inventory(property.id);
    const found = updates.map((u, i) => {
      const at = `ResourceCategoryUpdates[${i}]`;
      const code = categoryCode(world, property, u.ResourceCategoryId, `${at}.ResourceCategoryId`);
      if (u.Capacity != null && !(u.Capacity.Value >= 1)) throw invalidParameter(`${at}.Capacity`, 'it must be at least 1.');
      if (u.ExtraCapacity?.Value != null && u.ExtraCapacity.Value < 0) throw invalidParameter(`${at}.ExtraCapacity`, 'it must not be negative.');
      if (u.Names != null && !textOf(u.Names.Value)) throw invalidParameter(`${at}.Names`, 'a resource category keeps at least one name.');
      if (u.AccountingCategoryId?.Value != null && ![...m.accountingCategoryIdByCode.values()].includes(u.AccountingCategoryId.Value)) throw invalidParameter(`${at}.AccountingCategoryId`, `no accounting category ${u.AccountingCategoryId.Value}.`);
      return code;
    });
    const changes = catalogChanges(world, property).categories;
    updates.forEach((u, i) => {
      const space = inv.space(found[i])!;
      const c: Record<string, unknown> = { ...changes.get(u.ResourceCategoryId) };
      if (u.Names != null) {
        c.Names = u.Names.Value;
        space.name = textOf(u.Names.Value)!;
      }
      if (u.ShortNames != null) c.ShortNames = u.ShortNames.Value ?? {};
      if (u.Descriptions != null) {
        c.Descriptions = u.Descriptions.Value ?? {};
        const d = textOf(u.Descriptions.Value);
        if (d) space.description = d;
        else delete space.description;
      }
      if (u.Type != null) c.Type = u.Type.Value;
      if (u.Classification != null) c.Classification = u.Classification.Value ?? 'Other';
      if (u.Capacity != null) space.bedCount = u.Capacity.Value;
      if (u.ExtraCapacity != null) space.extraBedCount = u.ExtraCapacity.Value ?? 0;
      if (u.Ordering?.Value != null) c.Ordering = u.Ordering.Value;
      if (u.ExternalIdentifier != null) c.ExternalIdentifier = u.ExternalIdentifier.Value ?? null;
      if (u.AccountingCategoryId != null) c.AccountingCategoryId = u.AccountingCategoryId.Value ?? null;
      changes.set(u.ResourceCategoryId, c);
      notifyCovering(world, property, space.code);
    });
    world.state.version++;
    const views = categoryViews(world, property);
    return { ResourceCategories: updates.map((u) => views.find((v) => v.Id === u.ResourceCategoryId)!) };
  },
});

export const deleteResourceCategories = operation('resourceCategories/delete', {
  handle(ctx) {
    const { world, property } = ctx;
    const ids = ctx.body.ResourceCategoryIds as string[];
    const inv = world.state.inventory(property.id);
    const codes = ids.map((id, i) => categoryCode(world, property, id, `ResourceCategoryIds[${i}]`));
    codes.forEach((code, i) => {
      const n = inv.space(code)!.spaceCount;
      // Its resources and their reservations would be left without a category.
      if (n > 0) throw new ConnectorError(403, `The resource category ${ids[i]} still has ${n} resource(s).`);
    });
    const changes = catalogChanges(world, property).categories;
    ids.forEach((id) => changes.set(id, { ...changes.get(id), IsActive: false }));
    for (const c of world.state.connections.values()) {
      if (c.propertyId !== property.id || c.deleted) continue;
      for (const code of codes) if (c.spaceTypeCodes.includes(code)) setSynchronized(world, c.token, 'category', code, false);
    }
    world.state.version++;
    return {};
  },
});

// ---- images ----

interface CategoryImage {
  Id: string;
  ImageId: string;
  CategoryId: string;
  Ordering: number;
}

/** The images of the world's space categories, with stable ids. */
export function categoryImages(world: World, property: Property): CategoryImage[] {
  const m = modelOf(world, property);
  const seed = world.state.fixture.seed;
  return property.spaceCategories.flatMap((s) =>
    (s.images ?? []).map((_, n) => ({
      Id: stableId(seed, property.id, 'resource-category-image-assignment', s.code, String(n)),
      ImageId: stableId(seed, property.id, 'image', s.code, String(n)),
      CategoryId: m.categoryIdByCode.get(s.code)!,
      Ordering: n,
    })),
  );
}

export const getAllResourceCategoryImageAssignments = getAll('resourceCategoryImageAssignments/getAll', {
  collection: 'ResourceCategoryImageAssignments',
  items: (ctx) => {
    const active = new Map(categoryViews(ctx.world, ctx.property).map((c) => [c.Id, c.IsActive !== false]));
    return categoryImages(ctx.world, ctx.property).map((a) => ({ ...a, IsActive: active.get(a.CategoryId) ?? false, CreatedUtc: STATIC_UTC, UpdatedUtc: STATIC_UTC }));
  },
  filters: { ResourceCategoryIds: 'CategoryId', ResourceCategoryImageAssignmentIds: 'Id' },
  times: { UpdatedUtc: 'UpdatedUtc' },
});

/**
 * An image's URL is a self-contained data: URL (a placeholder of the requested size): a client
 * following it never reaches another host, and the simulator never fetches the fixture's image.
 */
function placeholder(width: number, height: number): string {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#c8d2dc"/></svg>`;
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export const getImageUrls = operation('images/getUrls', {
  handle(ctx) {
    const known = new Set(categoryImages(ctx.world, ctx.property).map((i) => i.ImageId));
    const images = ctx.body.Images as Body[];
    return {
      ImageUrls: images.map((img, i) => {
        if (!known.has(img.ImageId)) throw invalidParameter(`Images[${i}].ImageId`, `no image ${img.ImageId}.`);
        for (const d of ['Width', 'Height'] as const) if (img[d] != null && !(img[d] >= 1 && img[d] <= 10000)) throw invalidParameter(`Images[${i}].${d}`, 'it must be from 1 to 10000.');
        return { ImageId: img.ImageId, Url: placeholder(img.Width ?? img.Height ?? 640, img.Height ?? img.Width ?? 480) };
      }),
    };
  },
});

