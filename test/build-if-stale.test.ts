import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';

/** `npm start` runs scripts/build-if-stale.mjs first: tsc only when a source is newer than dist/. */
describe('npm start builds only when sources changed', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mews-sim-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = () => execFileSync(process.execPath, [resolve('scripts/build-if-stale.mjs')], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const mtime = (file: string, seconds: number) => utimesSync(join(dir, file), seconds, seconds);

  it('builds a missing dist/, skips a current one and rebuilds after a change', () => {
    mkdirSync(join(dir, 'src/cli'), { recursive: true });
    symlinkSync(resolve('node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { outDir: 'dist', rootDir: 'src', module: 'NodeNext', target: 'ES2022', lib: ['ES2022'], types: [], skipLibCheck: true }, include: ['src'] }));
    writeFileSync(join(dir, 'src/cli/main.ts'), 'export const a: number = 1;\n');
    run();
    expect(execFileSync('cat', [join(dir, 'dist/cli/main.js')], { encoding: 'utf8' })).toContain('export const a = 1');
    mtime('src/cli/main.ts', 1_000_000);
    mtime('tsconfig.json', 1_000_000);
    mtime('dist/cli/main.js', 2_000_000);
    run();
    expect(execFileSync('cat', [join(dir, 'dist/cli/main.js')], { encoding: 'utf8' })).toContain('export const a = 1');
    writeFileSync(join(dir, 'src/cli/main.ts'), 'export const a: number = 2;\n');
    mtime('src/cli/main.ts', 3_000_000);
    run();
    expect(execFileSync('cat', [join(dir, 'dist/cli/main.js')], { encoding: 'utf8' })).toContain('export const a = 2');
  }, 60_000);

  it('skips tsc entirely when dist/ is current', () => {
    writeFileSync(join(dir, 'src/cli/main.ts'), 'export const a: number = 3;\n');
    mtime('src/cli/main.ts', 1_000_000);
    mtime('dist/cli/main.js', 4_000_000);
    run();
    expect(execFileSync('cat', [join(dir, 'dist/cli/main.js')], { encoding: 'utf8' })).toContain('export const a = 2');
  });
});
