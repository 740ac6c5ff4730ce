import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { installTarball, pack } from './support/pack.js';

/**
 * What a user gets from npm: the tarball, installed offline into a fresh project, with only the
 * production dependencies. dist/ must be built (`npm test` builds first).
 */
const run = promisify(execFile);
const own = JSON.parse(readFileSync('package.json', 'utf8'));

describe('the npm package, installed into a fresh project', () => {
  let dir: string;
  let project: string;
  let files: string[];
  const node = (code: string) => run(process.execPath, ['--input-type=module', '-e', code], { cwd: project, env: { ...process.env, NODE_OPTIONS: '' } });
  const link = (name: string) => {
    mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
    symlinkSync(resolve('node_modules', name), join(project, 'node_modules', name), 'dir');
  };

  beforeAll(() => {
    if (!existsSync('dist/index.js')) throw new Error('dist/ is not built: run npm run build');
    dir = mkdtempSync(join(tmpdir(), 'mews-sim-pack-'));
    const packed = pack(dir);
    files = packed.files;
    project = installTarball(packed.tarball, packed.integrity);
  }, 120_000);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(project, { recursive: true, force: true });
  });

  it('builds dist/ when packed, and ships it with the LICENSE and every file the README links', () => {
    expect(own.scripts.prepack).toMatch(/npm run build/);
    expect(files).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/testing/jest.js', 'dist/testing/vitest.js', 'LICENSE', 'README.md']));
    const links = [...readFileSync('README.md', 'utf8').matchAll(/\]\(((?!https?:|#)[^)]+)\)/g)].map((m) => m[1].replace(/#.*$/, '').replace(/\/$/, ''));
    expect(links.length).toBeGreaterThan(5);
    for (const target of links) expect(files.some((f) => f === target || f.startsWith(`${target}/`))).toBe(true);
    expect(files.filter((f) => f.startsWith('src/') || f.startsWith('test/'))).toEqual([]);
  });

  it('installs without msw or typescript: the server path needs neither', async () => {
    expect(existsSync(join(project, 'node_modules/msw'))).toBe(false);
    expect(existsSync(join(project, 'node_modules/typescript'))).toBe(false);
    const { stdout } = await node(`
      const { Simulator, createApp } = await import('mews-sim');
      const { MewsSimClient } = await import('mews-sim/client');
      const sim = new Simulator();
      const server = createApp(sim).listen(0, '127.0.0.1');
      await new Promise((r) => server.once('listening', r));
      const client = new MewsSimClient('http://127.0.0.1:' + server.address().port);
      console.log((await client.health()).status);
      server.close();
      sim.close();
      await import('mews-sim/msw').then(() => console.log('msw entry loaded'), (e) => console.log(e.code));
    `);
    expect(stdout.trim().split('\n')).toEqual(['ok', 'ERR_MODULE_NOT_FOUND']);
  });

  it('runs its bin', async () => {
    expect((await run(join(project, 'node_modules/.bin/mews-sim'), ['--version'])).stdout.trim()).toBe(own.version);
    const validate = await run(join(project, 'node_modules/.bin/mews-sim'), ['validate', 'node_modules/mews-sim/scenarios/examples'], { cwd: project });
    expect(validate.stdout).toMatch(/^ok /m);
    const child = spawn(join(project, 'node_modules/.bin/mews-sim'), ['serve', '--port', '0', '--host', '127.0.0.1', '--quiet'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'] });
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error('serve printed no URL')), 15_000);
      child.once('exit', () => clearTimeout(timer));
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d;
        const m = /^(http:\/\/\S+)$/m.exec(out);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${out}`)));
    }).catch((err) => {
      child.kill('SIGKILL');
      throw err;
    });
    try {
      expect((await (await fetch(`${url.replace('localhost', '127.0.0.1')}/_sim/health`)).json()).status).toBe('ok');
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('imports every entry point, with msw and a test runner present as a user would have them', async () => {
    link('msw');
    const { stdout } = await node(`
      const root = await import('mews-sim');
      const { createMswHandlers } = await import('mews-sim/msw');
      const sim = new root.Simulator();
      console.log(createMswHandlers(sim).length > 0);
      sim.close();
      const extended = [];
      globalThis.expect = { extend: (m) => extended.push(...Object.keys(m)) };
      await import('mews-sim/jest');
      console.log(extended.join(','));
      console.log(import.meta.resolve('mews-sim/vitest').endsWith('/dist/testing/vitest.js'));
      console.log(JSON.parse((await import('node:fs')).readFileSync('node_modules/mews-sim/package.json', 'utf8')).version);
    `);
    expect(stdout.trim().split('\n')).toEqual(['true', 'toHaveReceived,toHaveSent', 'true', own.version]);
  });

  it('type-checks in a consumer with skipLibCheck off (no framework types needed)', () => {
    for (const name of ['expect', '@jest/globals', 'vitest']) if (!existsSync(join(project, 'node_modules', name))) link(name);
    writeFileSync(
      join(project, 'index.ts'),
      [
        "import { Simulator, createApp, simulatorMiddleware, type JournalEntry } from 'mews-sim';",
        "import { MewsSimClient } from 'mews-sim/client';",
        "import { createMswHandlers } from 'mews-sim/msw';",
        "import { expect } from '@jest/globals';",
        "import 'mews-sim/jest';",
        'export async function use(): Promise<JournalEntry[]> {',
        '  await using sim = new Simulator();',
        '  const server = createApp(sim).listen(0);',
        '  void simulatorMiddleware(sim);',
        '  void createMswHandlers(sim);',
        "  await expect(sim).toHaveSent('confirmGroup', { channelManagerId: 'CM-1' }, { times: 1, within: 1000 });",
        '  server.close();',
        "  return new MewsSimClient('http://localhost:8080', undefined, { token: 't' }).expectCalled({ operation: 'confirmGroup', within: 100 });",
        '}',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: false, noEmit: true, types: ['node'], typeRoots: [resolve('node_modules/@types')] },
        files: ['index.ts'],
      }),
    );
    try {
      execFileSync(process.execPath, [resolve('node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    } catch (err) {
      throw new Error(`tsc failed:\n${(err as { stdout?: string }).stdout}`);
    }
  }, 180_000);
});
