import { describe, expect, it } from '@jest/globals';
import { cachedJson, joinedPieces, type JsonHolder } from '../../src/connector/json-pieces.js';

const OPEN = Buffer.from('{"Items":[');
const CLOSE = Buffer.from('],"Cursor":null}');
const text = (pieces: Buffer[]) => Buffer.concat(pieces).toString();

describe('json pieces', () => {
  it('caches an item once, with a leading comma, and builds it only on first use', () => {
    const holder: JsonHolder = {};
    let built = 0;
    const build = () => (built++, JSON.stringify({ Id: 'a', Name: 'Zoë' }));
    expect(cachedJson(holder, build).toString()).toBe(',{"Id":"a","Name":"Zoë"}');
    expect(cachedJson(holder, build)).toBe(holder.json);
    expect(built).toBe(1);
  });

  it('joins items cached together into one run, and the page reads as valid JSON', () => {
    const items = ['a', 'b', 'c'].map((Id) => cachedJson({}, () => JSON.stringify({ Id })));
    const pieces = joinedPieces(OPEN, items, CLOSE);
    expect(pieces).toHaveLength(3);
    expect(JSON.parse(text(pieces))).toEqual({ Items: [{ Id: 'a' }, { Id: 'b' }, { Id: 'c' }], Cursor: null });
  });

  it('keeps items apart in memory as separate pieces, in the order asked', () => {
    const [a, b, c] = ['a', 'b', 'c'].map((Id) => cachedJson({}, () => JSON.stringify({ Id })));
    const pieces = joinedPieces(OPEN, [c, a, b], CLOSE);
    expect(pieces).toHaveLength(4);
    expect(JSON.parse(text(pieces)).Items).toEqual([{ Id: 'c' }, { Id: 'a' }, { Id: 'b' }]);
  });

  it('answers an empty page', () => {
    expect(JSON.parse(text(joinedPieces(OPEN, [], CLOSE)))).toEqual({ Items: [], Cursor: null });
  });

  it('drops the oldest items beyond its budget and rebuilds them on demand', () => {
    const big = 'x'.repeat(100_000);
    const first: JsonHolder = {};
    cachedJson(first, () => JSON.stringify({ big, n: 0 }));
    for (let i = 1; i < 200; i++) cachedJson({}, () => JSON.stringify({ big, n: i }));
    expect(first.json).toBeUndefined();
    expect(JSON.parse(cachedJson(first, () => JSON.stringify({ big, n: 0 })).subarray(1).toString()).n).toBe(0);
  });
});
