import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

interface LockEntry {
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  devOptional?: boolean;
  optional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '', npm_config_update_notifier: 'false' } });

/** Packs this repository (dist/ must be built: `npm run build`) into dir; returns the tarball's path and its file list. */
export function pack(dir: string): { tarball: string; files: string[]; integrity: string } {
  const [info] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], process.cwd())) as { filename: string; integrity: string; files: { path: string }[] }[];
  return { tarball: join(dir, info.filename), files: info.files.map((f) => f.path), integrity: info.integrity };
}

/**
 * The lock entries a project installing mews-sim (and `extra` packages, e.g. msw) needs, taken from this
 * repository's lock: node's resolution walked from the roots, so `npm ci --offline` installs them from the cache.
 */
function closure(roots: string[]): Record<string, LockEntry> {
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, LockEntry> };
  const out: Record<string, LockEntry> = {};
  const locate = (from: string, name: string): string | undefined => {
    for (let base = from; ; base = base.slice(0, Math.max(0, base.lastIndexOf('/node_modules/')))) {
      const path = `${base ? `${base}/` : ''}node_modules/${name}`;
      if (lock.packages[path]) return path;
      if (!base) return undefined;
    }
  };
  const visit = (path: string) => {
    if (out[path]) return;
    const entry = lock.packages[path];
    const { dev: _dev, devOptional: _devOptional, optional: _optional, peer: _peer, ...kept } = entry;
    out[path] = kept;
    const peers = Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional);
    for (const name of [...Object.keys(entry.dependencies ?? {}), ...Object.keys(entry.optionalDependencies ?? {}), ...peers]) {
      const found = locate(path, name);
      // An optional dependency for another platform is absent from the lock.
      if (found) visit(found);
    }
  };
  for (const name of roots) visit(`node_modules/${name}`);
  return out;
}

/** A temporary project with the tarball (and `extra` dependencies of this repository's lock) installed offline. */
export function installTarball(tarball: string, integrity: string, extra: string[] = []): string {
  const project = mkdtempSync(join(tmpdir(), 'mews-sim-consumer-'));
  const own = JSON.parse(readFileSync('package.json', 'utf8'));
  const spec = `file:${resolve(tarball)}`;
  const extraVersions = Object.fromEntries(extra.map((n) => [n, own.devDependencies?.[n] ?? own.dependencies?.[n]]));
  const deps = { 'mews-sim': spec, ...extraVersions };
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module', dependencies: deps }, null, 2));
  const packages: Record<string, LockEntry> = {
    '': { name: 'consumer', dependencies: deps },
    'node_modules/mews-sim': {
      version: own.version,
      resolved: spec,
      integrity,
      license: own.license,
      dependencies: own.dependencies,
      peerDependencies: own.peerDependencies,
      peerDependenciesMeta: own.peerDependenciesMeta,
      bin: own.bin,
      engines: own.engines,
    },
    ...closure([...Object.keys(own.dependencies), ...extra]),
  };
  writeFileSync(join(project, 'package-lock.json'), JSON.stringify({ name: 'consumer', lockfileVersion: 3, requires: true, packages }, null, 2));
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  npm(['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], project);
  return project;
}
