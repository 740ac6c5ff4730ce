import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { CONNECTOR_DEMO, DEMO_TOKENS } from '../src/world/demo.js';

/**
 * Every module a `serve` process loads, ESM and CommonJS, recorded by a preloaded hook (`--import`):
 * ESM resolutions through a module.register hook, require() through Module._resolveFilename.
 */
async function modulesLoadedByServe(): Promise<string[]> {
  const dir = mkdtempSync(join(tmpdir(), 'mews-sim-modules-'));
  const out = join(dir, 'modules.json');
  writeFileSync(
    join(dir, 'resolve.mjs'),
    `let port;
export function initialize(data) { port = data.port; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  port.postMessage(r.url);
  return r;
}
`,
  );
  writeFileSync(
    join(dir, 'record.mjs'),
    `import Module, { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
const seen = new Set();
const { port1, port2 } = new MessageChannel();
port1.on('message', (url) => seen.add(url));
port1.unref();
register(${JSON.stringify(pathToFileURL(join(dir, 'resolve.mjs')).href)}, { data: { port: port2 }, transferList: [port2] });
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (...args) {
  const file = resolveFilename.apply(this, args);
  seen.add(file);
  return file;
};
process.on('exit', () => writeFileSync(${JSON.stringify(out)}, JSON.stringify([...seen])));
`,
  );
  const child = spawn('node', ['--import', pathToFileURL(join(dir, 'record.mjs')).href, 'dist/cli/main.js', 'serve', '--quiet', '--port', '0', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const base = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      const m = /^(http:\/\/\S+)\n/m.exec(text);
      if (m) resolve(m[1].replace('localhost', '127.0.0.1'));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
  });
  try {
    // A call to each API, so modules loaded on first use are seen too.
    const post = (path: string, body: unknown) => fetch(base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await fetch(`${base}/_sim/health`)).status).toBe(200);
    expect((await post('/api/channelManager/v1/getConfiguration', { clientToken: DEMO_TOKENS.clientToken, connectionToken: DEMO_TOKENS.grossConnection })).status).toBe(200);
    expect((await post('/api/connector/v1/configuration/get', { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'test 1.0' })).status).toBe(200);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

describe('serve', () => {
  it('never loads @faker-js/faker, msw or Express', async () => {
    const modules = await modulesLoadedByServe();
    const from = (pkg: string) => modules.filter((m) => m.includes(`/node_modules/${pkg}/`));
    // The hook sees both kinds of module: zod (ESM) and pino (CommonJS).
    expect(from('zod').length).toBeGreaterThan(0);
    expect(from('pino').length).toBeGreaterThan(0);
    expect(from('@faker-js/faker')).toEqual([]);
    expect(from('msw')).toEqual([]);
    expect(from('@mswjs/interceptors')).toEqual([]);
    expect(from('express')).toEqual([]);
  }, 30_000);
});
