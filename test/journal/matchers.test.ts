import { describe, expect, it } from '@jest/globals';
import { matchPartial } from '../../src/journal/match.js';

const ok = (expected: unknown, actual: unknown) => matchPartial(expected, actual).length === 0;

describe('matchers', () => {
  it('$any and $absent', () => {
    expect(ok({ a: { $any: true } }, { a: 0 })).toBe(true);
    expect(ok({ a: { $any: true } }, {})).toBe(false);
    expect(ok({ a: { $absent: true } }, { a: null })).toBe(true);
    expect(ok({ a: { $absent: true } }, { a: 1 })).toBe(false);
  });

  it('$type', () => {
    expect(ok({ $type: 'integer' }, 3)).toBe(true);
    expect(ok({ $type: 'number' }, 3)).toBe(true);
    expect(ok({ $type: 'integer' }, 3.5)).toBe(false);
    expect(ok({ $type: 'array' }, [])).toBe(true);
    expect(ok({ $type: 'null' }, null)).toBe(true);
    expect(matchPartial({ $type: 'string' }, 1)[0].reason).toBe('expected type string, got integer');
  });

  it('$regex, $range, $length', () => {
    expect(ok({ $regex: '^\\d{6}$' }, '100001')).toBe(true);
    expect(ok({ $regex: '^\\d{6}$' }, 100001)).toBe(false);
    expect(ok({ $range: { min: 1, max: 5 } }, 5)).toBe(true);
    expect(ok({ $range: { min: 1 } }, 0)).toBe(false);
    expect(ok({ $length: 2 }, [1, 2])).toBe(true);
    expect(ok({ $length: { min: 3 } }, 'ab')).toBe(false);
  });

  it('$oneOf takes literals or matchers; $exactly checks order and size', () => {
    expect(ok({ $oneOf: [3, 8] }, 8)).toBe(true);
    expect(ok({ $oneOf: [{ $type: 'string' }, null] }, null)).toBe(true);
    expect(ok({ $oneOf: [3, 8] }, 2)).toBe(false);
    expect(ok({ $exactly: [1, { $type: 'string' }] }, [1, 'x'])).toBe(true);
    expect(ok({ $exactly: [1] }, [1, 2])).toBe(false);
    expect(ok([1], [2, 1])).toBe(true);
  });

  it('matchers inside partial objects and arrays, with paths in the mismatch', () => {
    const m = matchPartial({ reservations: [{ code: { $regex: '^0' }, count: { $range: { max: 2 } } }] }, { reservations: [{ code: '01', count: 3 }] });
    expect(m).toEqual([{ path: '$.reservations[0].count', expected: { $range: { max: 2 } }, actual: 3, reason: 'outside -∞..2' }]);
  });
});
