/**
 * Partial matching of JSON values, as used by verify and (later) scenario expectations:
 * every key of the expected object must match; extra keys in the actual value are fine. An expected
 * array matches when each of its elements matches some element of the actual array.
 */
export interface Mismatch {
  path: string;
  expected: unknown;
  actual: unknown;
  reason: string;
}

export function matchPartial(expected: unknown, actual: unknown, path = '$'): Mismatch[] {
  if (expected === null || typeof expected !== 'object') {
    return Object.is(expected, actual) || expected === actual
      ? []
      : [{ path, expected, actual, reason: actual === undefined ? 'missing' : 'different value' }];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [{ path, expected, actual, reason: 'expected an array' }];
    const out: Mismatch[] = [];
    expected.forEach((item, i) => {
      if (actual.some((candidate) => matchPartial(item, candidate).length === 0)) return;
      // Report the closest element's differences so the diff says what to fix.
      const closest = actual
        .map((candidate, j) => ({ j, misses: matchPartial(item, candidate, `${path}[${j}]`) }))
        .sort((a, b) => a.misses.length - b.misses.length)[0];
      if (closest) out.push(...closest.misses);
      else out.push({ path: `${path}[${i}]`, expected: item, actual: undefined, reason: 'no element matches' });
    });
    return out;
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
    return [{ path, expected, actual, reason: 'expected an object' }];
  }
  const out: Mismatch[] = [];
  for (const [key, value] of Object.entries(expected)) {
    out.push(...matchPartial(value, (actual as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return out;
}

export function formatMismatches(mismatches: Mismatch[]): string {
  return mismatches
    .map((m) => `${m.path}: ${m.reason} (expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual) ?? 'nothing'})`)
    .join('\n');
}
