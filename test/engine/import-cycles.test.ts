import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';

type Graph = Map<string, string[]>;

/** Every relative module a file names: import and export from (type-only ones too) and import(). */
function importGraph(root: string): Graph {
  const graph: Graph = new Map();
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /\.ts$/.test(f));
  for (const file of files) {
    const text = readFileSync(join(root, file), 'utf8');
    const specifiers = [...text.matchAll(/(?:^(?:import|export)\s[^;]*?from\s+|\bimport\(\s*)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]);
    graph.set(
      file,
      specifiers.map((s) => relative(root, resolve(root, dirname(file), s.replace(/\.js$/, '.ts')))),
    );
  }
  return graph;
}

/** Each cycle found by a depth-first walk, as the chain of files that closes it. */
function cyclesIn(graph: Graph): string[] {
  const cycles: string[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string) => {
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else if (!done.has(next) && graph.has(next)) visit(next);
    }
    path.pop();
    done.add(file);
  };
  for (const file of graph.keys()) if (!done.has(file)) visit(file);
  return cycles;
}

describe('the import graph of src/', () => {
  it('finds a cycle when there is one', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cyclesIn(graph)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  it('reads the imports of the sources', () => {
    const graph = importGraph('src');
    expect(graph.get(join('engine', 'world.ts'))).toContain(join('engine', 'outbound-call.ts'));
    expect(graph.get(join('engine', 'outbound.ts'))).toContain(join('engine', 'world.ts'));
    expect(graph.get(join('cli', 'main.ts'))).toContain(join('cli', 'serve.ts'));
  });

  it('has no cycle, type-only imports included', () => {
    expect(cyclesIn(importGraph('src'))).toEqual([]);
  });
});
