import { hash } from 'node:crypto';

/** A stable GUID for an entity of the world: the same seed and parts always give the same id. */
export function stableId(seed: number, ...parts: string[]): string {
  const h = hash('sha1', `${seed}|${parts.join('|')}`, 'hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
