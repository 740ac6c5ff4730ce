import { FACTS } from '../review/facts.generated.js';
import type { Finding } from '../journal/entry.js';
import { DISCONTINUED_OPERATIONS, DOCUMENTED_OPERATIONS } from './schemas.generated.js';

interface Deprecation {
  replacement: string;
  replacedBy: string[];
  discontinued: string | null;
}

const DEPRECATIONS = new Map<string, Deprecation>(FACTS.deprecatedOperations.map((d) => [d.operation, d]));

const PREFIX = '/api/connector/v1/';

/**
 * Whether an operation is gone at the world's time: listed on operations/discontinued.md, or deprecated
 * with a discontinuation date the clock has reached.
 */
export function isDiscontinued(path: string, now: Date): boolean {
  if (DISCONTINUED_OPERATIONS[path]) return true;
  const discontinued = DEPRECATIONS.get(path)?.discontinued;
  return discontinued != null && Date.parse(discontinued) <= now.getTime();
}

/** What to use instead: the replacement operations by address, or the docs' advice where they name none. */
function instead(d: Deprecation | undefined): string {
  if (!d) return '';
  if (d.replacedBy.length === 0) return ` ${d.replacement.replace(/\.?$/, '.')}`;
  return ` Use ${d.replacedBy.map((p) => `${PREFIX}${p}`).join(' and ')} instead.`;
}

/** The 404 of a discontinued operation, naming its replacement and the date. */
export function discontinuedMessage(path: string): string {
  const d = DEPRECATIONS.get(path);
  const title = DOCUMENTED_OPERATIONS[path]?.title ?? DISCONTINUED_OPERATIONS[path]?.title ?? path;
  const since = d?.discontinued ? ` since ${d.discontinued}` : '';
  return `Not found: ${PREFIX}${path}. The operation ${title} is discontinued${since}.${instead(d)}`;
}

/** The warning every call of a deprecated operation that still works carries. */
export function deprecationFinding(path: string): Finding | undefined {
  const d = DEPRECATIONS.get(path);
  if (!d) return undefined;
  const until = d.discontinued ? ` It is discontinued on ${d.discontinued}.` : ' No discontinuation date is set.';
  return { severity: 'warning', kind: 'deprecated-operation', message: `${path} is deprecated.${instead(d)}${until}` };
}
