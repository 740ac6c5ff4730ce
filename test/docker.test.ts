import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';

/**
 * No Docker engine runs here, so the image is checked by its parts: the exact command it runs
 * (from the built dist/, as in the image), its healthcheck against that process, and the compose file.
 */
const dockerfile = readFileSync('Dockerfile', 'utf8');
const jsonArray = (instruction: string) => JSON.parse(new RegExp(`^${instruction}\\s+(\\[.*\\])\\s*$`, 'm').exec(dockerfile.replace(/\\\n\s*/g, ''))![1]) as string[];
const compose = parse(readFileSync('docker-compose.yml', 'utf8'));
/** The image puts docker/entrypoint.sh at this path; here it runs from the repository. */
const ENTRYPOINT_PATH = '/usr/local/bin/mews-sim-entrypoint';
const local = (command: string[]) => command.map((a) => (a === 'mews-sim-entrypoint' || a === ENTRYPOINT_PATH ? 'docker/entrypoint.sh' : a));
const asRoot = process.getuid?.() === 0;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe('Docker image', () => {
  let port: number;
  let child: ReturnType<typeof spawn>;
  let writable: string;
  let banner = '';
  const command = [...jsonArray('ENTRYPOINT'), ...jsonArray('CMD')];

  beforeAll(async () => {
    port = await freePort();
    // A root-owned folder standing for a bind mount Docker created: the entrypoint must hand it over.
    writable = mkdtempSync(join(tmpdir(), 'mews-sim-journal-'));
    const [cmd, ...args] = local(command);
    child = spawn(cmd, [...args, '--journal-file', join(writable, 'journal.ndjson')], {
      env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), HOST: '127.0.0.1', MEWS_SIM_WRITABLE_DIRS: writable, MEWS_SIM_WORLD: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the image command did not start listening')), 15000);
      child.stdout!.on('data', (d: Buffer) => {
        banner += d.toString();
        if (banner.includes('Partner endpoints')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
  });
  afterAll(() => {
    child.kill('SIGTERM');
    rmSync(writable, { recursive: true, force: true });
  });

  it('runs the built CLI through its entrypoint, which serves the demo world', async () => {
    expect(command).toEqual(['mews-sim-entrypoint', 'node', '--max-semi-space-size=4', 'dist/cli/main.js', 'serve']);
    expect(dockerfile).toMatch(new RegExp(`^COPY --chmod=755 docker/entrypoint\\.sh ${ENTRYPOINT_PATH}$`, 'm'));
    const res = await fetch(`http://127.0.0.1:${port}/_sim/world`);
    expect((await res.json()).properties).toHaveLength(4);
  });

  it('runs node with the flags npm start uses, the ones the benchmarks measure', () => {
    const start = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
    const flags = (words: string[]) => words.slice(words.indexOf('node') + 1, words.findIndex((w) => w.endsWith('main.js')));
    expect(flags(command)).toEqual(flags(start));
    expect(readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(flags(start)));
  });

  it('runs node as uid 1000, with the root-owned journal folder handed to it', async () => {
    await fetch(`http://127.0.0.1:${port}/_sim/health`);
    const pid = child.pid!;
    const node = /^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1];
    expect(Number(node)).toBe(asRoot ? 1000 : process.getuid!());
    expect(statSync(writable).uid).toBe(asRoot ? 1000 : process.getuid!());
    expect(existsSync(join(writable, 'journal.ndjson'))).toBe(true);
  });

  it('prints no empty World line when MEWS_SIM_WORLD is empty', () => {
    expect(banner).toMatch(/^ {2}World {16}built-in demo world$/m);
  });

  it('exits 3 with a clear message when the journal folder is not writable', async () => {
    if (!asRoot) return; // Only root can make a folder this process cannot write to and hand the process to another user.
    const locked = mkdtempSync(join(tmpdir(), 'mews-sim-locked-'));
    mkdirSync(join(locked, 'journal'), { mode: 0o755 });
    try {
      const [cmd, ...args] = local(command);
      // With `user:` set the entrypoint changes nothing: simulated by running as uid 1000 directly.
      const r = await promisify(execFile)('setpriv', ['--reuid=1000', '--regid=1000', '--clear-groups', cmd, ...args, '--port', '0', '--journal-file', join(locked, 'journal', 'j.ndjson')], { env: { ...process.env, NODE_OPTIONS: '' } }).catch((e) => e);
      expect(r.code).toBe(3);
      expect(r.stderr).toMatch(/cannot write \S*mews-sim-locked-\S* \(EACCES\)/);
    } finally {
      rmSync(locked, { recursive: true, force: true });
    }
  });

  it('uses the Node major every test runs on', () => {
    const majors = [...dockerfile.matchAll(/^FROM node:(\d+)/gm)].map((m) => Number(m[1]));
    expect(majors.length).toBe(2);
    for (const major of majors) expect(major).toBe(Number(process.versions.node.split('.')[0]));
  });

  it('builds from a context without node_modules, dist or reports (.dockerignore)', () => {
    const ignored = readFileSync('.dockerignore', 'utf8').split('\n').map((l) => l.trim());
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'reports', '.git']));
    for (const copied of [...dockerfile.matchAll(/^COPY (?!--from)(?:--\S+ )?(.+) \S+$/gm)].flatMap((m) => m[1].split(' '))) expect(ignored).not.toContain(copied);
  });

  it('passes its own healthcheck', async () => {
    const hc = jsonArray('HEALTHCHECK.*CMD');
    expect(hc.join(' ')).toContain('/_sim/health');
    await promisify(execFile)(hc[0], hc.slice(1), { env: { ...process.env, PORT: String(port) } });
  });

  it('fails its healthcheck when nothing listens', async () => {
    const hc = jsonArray('HEALTHCHECK.*CMD');
    await expect(promisify(execFile)(hc[0], hc.slice(1), { env: { ...process.env, PORT: String(await freePort()) } })).rejects.toThrow();
  });
});

describe('docker-compose.yml', () => {
  const service = compose.services['mews-sim'];

  it('builds the image, runs it under an init process and publishes the port the server listens on', () => {
    expect(service.build).toBe('.');
    expect(service.init).toBe(true);
    expect(service.ports).toContain('${PORT:-8080}:${PORT:-8080}');
    expect(service.environment.PORT).toBe('${PORT:-8080}');
  });

  it('sets the public URL, so responseUrl is not the partner’s own localhost', () => {
    expect(service.environment.MEWS_SIM_PUBLIC_URL).toBe('${MEWS_SIM_PUBLIC_URL:-http://localhost:8080}');
  });

  it('health-checks /_sim/health on the port the server listens on, whatever PORT is', async () => {
    const hc = service.healthcheck.test as string[];
    expect(hc[0]).toBe('CMD');
    expect(hc.join(' ')).toContain('/_sim/health');
    expect(service.healthcheck.retries).toBeGreaterThan(0);
    const port = await freePort();
    const child = spawn('node', ['dist/cli/main.js', 'serve', '--quiet', '--host', '127.0.0.1'], { env: { ...process.env, NODE_OPTIONS: '', PORT: String(port) }, stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      await new Promise((r) => child.stdout.once('data', r));
      await promisify(execFile)(hc[1], hc.slice(2), { env: { ...process.env, PORT: String(port) } });
    } finally {
      child.kill('SIGTERM');
    }
  });

  it('mounts volumes for scenarios and worlds and passes the partner URL through', () => {
    const targets = service.volumes.map((v: string) => v.split(':')[1]);
    expect(targets).toEqual(expect.arrayContaining(['/scenarios', '/worlds']));
    expect(Object.keys(service.environment)).toContain('MEWS_SIM_PARTNER_URL');
  });
});

describe('examples/ci/docker-compose.yml', () => {
  const ci = parse(readFileSync('examples/ci/docker-compose.yml', 'utf8'));
  const sim = ci.services['mews-sim'];

  it('runs the user’s scenario folder against the partner container with reports, through the image entrypoint', () => {
    expect(sim.command[0]).toBe('run');
    expect(sim.volumes).toContain('./scenarios:/scenarios:ro');
    expect(sim.init).toBe(true);
    expect(sim.command[sim.command.indexOf('--public-url') + 1]).toBe('http://mews-sim:8080');
    expect(sim.command).toEqual(expect.arrayContaining(['/scenarios', '--partner-url', '--reports', '/reports']));
    expect(sim.volumes.map((v: string) => v.split(':')[1])).toEqual(expect.arrayContaining(['/scenarios', '/reports']));
    const url = sim.command[sim.command.indexOf('--partner-url') + 1];
    expect(Object.keys(ci.services)).toContain(new URL(url).hostname);
  });

  it('waits until the channel manager is healthy, which needs a healthcheck', () => {
    expect(sim.depends_on['channel-manager'].condition).toBe('service_healthy');
    expect(ci.services['channel-manager'].healthcheck.test.length).toBeGreaterThan(1);
  });

  it('uses only options the run command knows', async () => {
    const help = await promisify(execFile)('node', ['dist/cli/main.js', 'run', '--help']);
    for (const arg of sim.command.filter((a: string) => a.startsWith('--'))) expect(help.stdout).toContain(arg);
  });
});
