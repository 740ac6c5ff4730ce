import { realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { CommandError } from '../engine/errors.js';

/**
 * Where a scenario may read files from (world fixtures, error lists). `undefined`: anywhere (a file
 * run by the local CLI); `null`: nowhere (a scenario sent over HTTP, with no folder allowed); a folder:
 * only inside it, after following symbolic links.
 */
export type FileRoot = string | null | undefined;

export function scenarioFile(path: string, base: string | undefined, root: FileRoot): string {
  if (root === undefined) return base ? resolve(base, path) : path;
  if (root === null) {
    throw new CommandError(400, `A scenario sent to the admin API cannot read files (${path}); start the server with --files-dir <folder> to allow one folder.`);
  }
  const inside = (p: string, dir: string) => {
    const rel = relative(dir, p);
    return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
  };
  const rootReal = safeRealpath(resolve(root)) ?? resolve(root);
  const target = resolve(rootReal, path);
  const real = safeRealpath(target) ?? target;
  if (!inside(target, rootReal) || !inside(real, rootReal)) {
    throw new CommandError(400, `${path} is outside the folder scenarios may read (--files-dir).`);
  }
  return real;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
