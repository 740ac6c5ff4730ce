/**
 * Large list answers (reservations/getAll) sent from cached bytes: each item's JSON is kept, with a
 * leading comma, in arenas filled in order, so a page whose items were cached together is one
 * contiguous run of memory and goes out as a few views, with no page string built, encoded or copied.
 */

/** Bytes of item JSON kept across all worlds; the items cached first give theirs up first. */
const CACHE_BYTES = 16 * 1024 * 1024;
const ARENA_BYTES = 1024 * 1024;

/** Something that can keep its JSON bytes (a row of a cached list); rebuilt lists start empty, so bytes are never stale. */
export interface JsonHolder {
  json?: Buffer;
}

let arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
let arenaUsed = 0;
const holders: (JsonHolder | undefined)[] = [];
let head = 0;
let cachedBytes = 0;

/** Arenas, rather than Node's shared pool, so memory is given back whole once its items are dropped. */
function store(text: string): Buffer {
  const length = Buffer.byteLength(text);
  if (length > ARENA_BYTES / 8) return Buffer.from(text);
  if (arenaUsed + length > ARENA_BYTES) {
    arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
    arenaUsed = 0;
  }
  const bytes = arena.subarray(arenaUsed, arenaUsed + length);
  bytes.write(text);
  arenaUsed += length;
  return bytes;
}

/** The holder's JSON as `,{...}` bytes, built with `build` on first use and kept within the cache budget. */
export function cachedJson(holder: JsonHolder, build: () => string): Buffer {
  if (holder.json) return holder.json;
  const json = store(`,${build()}`);
  holder.json = json;
  holders.push(holder);
  cachedBytes += json.length;
  while (cachedBytes > CACHE_BYTES && head < holders.length) {
    const old = holders[head];
    holders[head++] = undefined;
    if (old?.json) {
      cachedBytes -= old.json.length;
      old.json = undefined;
    }
  }
  if (head > 4096 && head * 2 > holders.length) {
    holders.splice(0, head);
    head = 0;
  }
  return json;
}

/**
 * `open` + the items (each `,{...}`, the first without its comma) + `close`, as pieces: items that sit
 * next to each other in memory are joined into one view.
 */
export function joinedPieces(open: Buffer, items: readonly Buffer[], close: Buffer): Buffer[] {
  const pieces: Buffer[] = [open];
  let run: Buffer | undefined;
  let runLength = 0;
  const flush = () => {
    if (run) pieces.push(Buffer.from(run.buffer, run.byteOffset, runLength));
  };
  items.forEach((item, i) => {
    const bytes = i === 0 ? item.subarray(1) : item;
    if (run && run.buffer === bytes.buffer && run.byteOffset + runLength === bytes.byteOffset) {
      runLength += bytes.length;
      return;
    }
    flush();
    run = bytes;
    runLength = bytes.length;
  });
  flush();
  pieces.push(close);
  // An exact-size copy: the journal keeps this array, and a pushed-to one carries spare capacity.
  return pieces.slice();
}
