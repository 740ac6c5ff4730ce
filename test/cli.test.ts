import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { DEMO_TOKENS } from '../src/world/demo.js';
import { TestPartner } from './support/partner.js';

const run = promisify(execFile);
const CLI = ['dist/cli/main.js'];

async function serveOnce(args: string[], check: (base: string, banner: string) => Promise<void>) {
  const child = spawn('node', [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m && out.includes('Partner endpoints')) setTimeout(() => resolve(m[1].replace('localhost', '127.0.0.1')), 50);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
  });
  try {
    await check(base, out);
  } finally {
    child.kill('SIGTERM');
  }
}

describe('mews-sim CLI', () => {
  it('serve prints a banner with tokens and partner endpoints, and applies them', async () => {
    await serveOnce(['--partner-url', 'http://partner.test:9000/chm', '--partner-endpoint', 'confirmGroup=http://other.test/confirm', '--now', '2027-01-01T00:00:00Z'], async (base, banner) => {
      expect(banner).toContain('clientToken          7D3C1E0A9B8F4A6C8E2D5B1F0A9C7E31');
      expect(banner).toMatch(/updateAvailability\s+http:\/\/partner\.test:9000\/chm\/updateAvailability/);
      expect(banner).toMatch(/changeNotificaton\s+http:\/\/partner\.test:9000\/chm\/changeNotificaton/);
      expect(banner).toMatch(/confirmGroup\s+http:\/\/other\.test\/confirm/);
      const clock = await (await fetch(`${base}/_sim/clock`)).json();
      expect(clock).toEqual({ now: '2027-01-01T00:00:00.000Z', frozen: true });
    });
  });

  it('serve --quiet prints only the bound URL, on its own line, and logs JSON when not in a terminal', async () => {
    const child = spawn('node', [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d;
          if (out.endsWith('\n')) resolve(out.trim());
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/localhost:\d+$/);
      expect((await (await fetch(`${url.replace('localhost', '127.0.0.1')}/_sim/health`)).json()).status).toBe('ok');
      expect(JSON.parse(err.trim().split('\n')[0])).toMatchObject({ msg: 'listening', port: Number(new URL(url).port) });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('serve --log-format pretty writes readable log lines', async () => {
    const child = spawn('node', [...CLI, 'serve', '--port', '0', '--host', '127.0.0.1', '--quiet', '--log-format', 'pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d;
          if (err.includes('\n')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      });
      expect(err.split('\n')[0]).toMatch(/^\d\d:\d\d:\d\d INFO listening (host=\S+ )?port=\d+$/);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('a command interrupted by SIGTERM or SIGINT says so and exits 143 or 130', async () => {
    // A simulator address that accepts the connection and never answers.
    const { createServer } = await import('node:net');
    const silent = createServer(() => undefined).listen(0, '127.0.0.1');
    await new Promise((r) => silent.once('listening', r));
    const url = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    try {
      for (const [signal, code] of [['SIGTERM', 143], ['SIGINT', 130]] as const) {
        const child = spawn('node', [...CLI, 'push', 'full', '--from', '2027-01-01', '--to', '2027-01-02', '--url', url], { stdio: ['ignore', 'pipe', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d: Buffer) => (err += d));
        await new Promise((r) => silent.once('connection', r));
        child.kill(signal);
        const exit = await new Promise<number | null>((r) => child.once('exit', r));
        expect({ exit, err: err.trim() }).toEqual({ exit: code, err: `mews-sim: ${signal} before /push answered` });
      }
    } finally {
      silent.close();
    }
  });

  it('serve --seed generates a world', async () => {
    await serveOnce(['--seed', '42'], async (base, banner) => {
      expect(banner).toContain('generated from seed 42');
      const world = await (await fetch(`${base}/_sim/world`)).json();
      expect(world.properties[0].id).toBe('property-1');
    });
  });

  it('drives a running simulator: push, set, connection, map', async () => {
    const partner = await new TestPartner().start();
    try {
      await serveOnce(['--partner-url', partner.url, '--no-change-notifications'], async (base) => {
        const cli = (...args: string[]) => run('node', [...CLI, ...args, '--url', base]);
        const push = await cli('push', 'availability', '--from', '2027-01-01', '--to', '2027-01-07', '--connection', DEMO_TOKENS.grossConnection, '--json');
        expect(JSON.parse(push.stdout).pushes[0]).toMatchObject({ kind: 'availability', accepted: 1 });
        expect(partner.received('updateAvailability')).toHaveLength(1);
        // Without --json: one line per connection.
        const table = (await cli('push', 'full', '--from', '2027-01-01', '--to', '2027-01-07')).stdout.trim().split('\n');
        expect(table).toContainEqual(expect.stringMatching(new RegExp(`^${DEMO_TOKENS.grossConnection}  availability 1/1 accepted \\(\\d+ items\\) · prices 1/1 accepted \\(\\d+ items\\) · restrictions 1/1 accepted`)));
        expect(new Set(table.map((l) => l.split(' ')[0])).size).toBe(table.length);
        const set = await cli('set', 'price', '--connection', DEMO_TOKENS.grossConnection, '--rate', 'BAR', '--space', 'DBL', '--from', '2027-02-01', '--to', '2027-02-02', '--value', '150');
        expect(JSON.parse(set.stdout)).toMatchObject({ propertyId: 'harbour-view', price: 150 });
        await partner.waitFor('updatePrices');
        await cli('set', 'restriction', '--connection', DEMO_TOKENS.grossConnection, '--rate', 'BAR', '--space', 'DBL', '--from', '2027-02-01', '--to', '2027-02-02', '--state', '6', '--min-los', '2');
        await partner.waitFor('updateRestrictions');
        const off = await cli('connection', 'disable', DEMO_TOKENS.netConnection);
        expect(JSON.parse(off.stdout)).toMatchObject({ token: DEMO_TOKENS.netConnection, active: false });
        const unmap = await cli('unmap', DEMO_TOKENS.grossConnection, '--rate', 'NR', '--space', 'SGL');
        expect(JSON.parse(unmap.stdout).inventoryMappings).not.toContainEqual({ ratePlanCode: 'NR', spaceTypeCode: 'SGL' });
        const refused = await cli('set', 'availability', '--space', 'NOPE', '--property', 'harbour-view', '--from', '2027-01-01', '--to', '2027-01-01', '--value', '1').catch((e) => e);
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("Unknown space type 'NOPE'");
      });
    } finally {
      await partner.stop();
    }
    // Eight CLI processes in turn: slow on a loaded machine.
  }, 90_000);

  it('refuses a bad world file with file, line, path and reason, exit code 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mews-sim-cli-')), 'world.json');
    writeFileSync(file, JSON.stringify({ clientToken: 'short', employees: [], properties: [] }, null, 2));
    const err = await run('node', [...CLI, 'serve', '--world', file]).catch((e) => e);
    expect(err.code).toBe(2);
    expect(err.stderr).toMatch(/world\.json:2:\d+ \$\.clientToken: /);
    expect(err.stderr).toMatch(/\$\.employees: /);
  });

  it('refuses an unknown partner operation and a malformed option', async () => {
    const unknown = await run('node', [...CLI, 'serve', '--partner-endpoint', 'updateEverything=http://x']).catch((e) => e);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown partner operation(s): updateEverything');
    const malformed = await run('node', [...CLI, 'serve', '--partner-endpoint', 'nourl']).catch((e) => e);
    expect(malformed.code).not.toBe(0);
    expect(malformed.stderr).toContain('expected operation=url');
    const growth = await run('node', [...CLI, 'serve', '--heap-growth', '0.5']).catch((e) => e);
    expect(growth.code).not.toBe(0);
    expect(growth.stderr).toContain('expected 0 (off) or a factor of at least 1');
    const fromEnv = await run('node', [...CLI, 'serve'], { env: { ...process.env, MEWS_SIM_HEAP_GROWTH: 'lots' } }).catch((e) => e);
    expect(fromEnv.code).not.toBe(0);
    expect(fromEnv.stderr).toContain("from env 'MEWS_SIM_HEAP_GROWTH' is invalid");
  });

  it('drives integrations: create, disable, regenerate-key', async () => {
    await serveOnce([], async (base) => {
      const cli = (...args: string[]) => run('node', [...CLI, ...args, '--url', base]);
      const created = JSON.parse((await cli('integration', 'create', '--property', 'harbour-view', '--name', 'CLI app', '--access-token', 'CLI-APP-TOKEN-1')).stdout);
      expect(created).toMatchObject({ name: 'CLI app', accessToken: 'CLI-APP-TOKEN-1', state: 'Enabled' });
      expect(JSON.parse((await cli('integration', 'disable', 'CLI-APP-TOKEN-1')).stdout).state).toBe('Disabled');
      const renewed = JSON.parse((await cli('integration', 'regenerate-key', 'CLI-APP-TOKEN-1')).stdout);
      expect(renewed.accessToken).not.toBe('CLI-APP-TOKEN-1');
      const refused = await cli('integration', 'enable', 'CLI-APP-TOKEN-1').catch((e) => e);
      expect(refused.code).toBe(1);
    });
  });
});
