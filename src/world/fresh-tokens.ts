import { randomBytes } from 'node:crypto';
import type { WorldFixture } from './schema.js';

/** A token in the format of Mews's: 32 and 31 upper-case hex digits joined by a dash. */
export function newToken(): string {
  const hex = randomBytes(32).toString('hex').toUpperCase();
  return `${hex.slice(0, 32)}-${hex.slice(32, 63)}`;
}

/** A copy of a fixture with every token replaced: a world of its own that no other world's tokens reach. */
export function withFreshTokens(fixture: WorldFixture): WorldFixture {
  const copy = structuredClone(fixture);
  copy.clientToken = newToken();
  if (copy.partnerClientToken !== undefined) copy.partnerClientToken = newToken();
  copy.connectorClientTokens = copy.connectorClientTokens.map(newToken);
  for (const property of copy.properties) {
    property.accessTokens = property.accessTokens.map(newToken);
    for (const connection of property.connections) connection.token = newToken();
  }
  return copy;
}
