/** Edit distance (insertions, deletions, substitutions, swaps of neighbours), case-insensitive. */
function distance(a: string, b: string): number {
  a = a.toLowerCase();
  b = b.toLowerCase();
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known name closest to `name`, when it is close enough to be what was meant. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const k of known) {
    const d = distance(name, k);
    if (!best || d < best.d) best = { name: k, d };
  }
  if (!best) return undefined;
  const allowed = Math.max(2, Math.floor(Math.max(name.length, best.name.length) / 3));
  return best.d <= allowed ? best.name : undefined;
}

/** ` (did you mean "x"?)`, or '' when nothing known is close; bare leaves the quotes out. */
export function didYouMean(name: string, known: readonly string[], bare = false): string {
  const hit = closest(name, known);
  if (!hit) return '';
  return bare ? ` (did you mean ${hit}?)` : ` (did you mean "${hit}"?)`;
}
