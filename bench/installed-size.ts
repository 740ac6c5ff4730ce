/**
 * Installed size of what the image and a user's `npm install mews-sim` get: the packed tarball
 * installed offline with production dependencies only (no msw, no typescript), measured on disk.
 * Run after `npm run build`:  npx tsx bench/installed-size.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installTarball, pack } from '../test/support/pack.js';

const kb = (path: string) => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]);
const dir = mkdtempSync(join(tmpdir(), 'mews-sim-size-'));
const packed = pack(dir);
const project = installTarball(packed.tarball, packed.integrity);
try {
  const modules = join(project, 'node_modules');
  const packages = readdirSync(modules).filter((n) => !n.startsWith('.'));
  const sizes = packages.map((n) => [n, kb(join(modules, n))] as const).sort((a, b) => b[1] - a[1]);
  console.log(`tarball: ${(kb(packed.tarball) / 1024).toFixed(1)} MB, ${packed.files.length} files`);
  console.log(`installed (node_modules): ${(kb(modules) / 1024).toFixed(1)} MB in ${packages.length} top-level packages`);
  console.log(`largest: ${sizes.slice(0, 6).map(([n, s]) => `${n} ${(s / 1024).toFixed(1)} MB`).join(', ')}`);
  console.log(`msw installed: ${packages.includes('msw')}, typescript installed: ${packages.includes('typescript')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
  rmSync(project, { recursive: true, force: true });
}
