import type { MewsClient } from './mews.js';

/** What the channel manager knows of one connection: the codes it mapped from getConfiguration. */
export interface KnownConnection {
  token: string;
  spaceTypes: Set<string>;
  ratePlans: Set<string>;
  pricingMode: number;
}

/** Loads every connection an employee email can see; a connection Mews refuses (inactive) is not set up. */
export async function loadConnections(mews: MewsClient, email: string): Promise<Map<string, KnownConnection>> {
  const known = new Map<string, KnownConnection>();
  const props = await mews.call('getProperties', { email });
  const properties = (props.properties ?? []) as { connections?: { token: string }[] }[];
  for (const p of properties) {
    for (const c of p.connections ?? []) {
      const config = await mews.call('getConfiguration', { connectionToken: c.token, extent: { includeProducts: true } });
      if (!config.success) continue;
      known.set(c.token, {
        token: c.token,
        spaceTypes: new Set((config.spaceCategories as { code: string }[]).map((s) => s.code)),
        ratePlans: new Set((config.ratePlans as { code: string }[]).map((r) => r.code)),
        pricingMode: (config.property as { pricingMode: number }).pricingMode,
      });
    }
  }
  return known;
}
