import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
  const command = [...jsonArray('ENTRYPOINT'), ...jsonArray('CMD')];

  beforeAll(async () => {
    port = await freePort();
    child = spawn(command[0], command.slice(1), { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the image command did not start listening')), 15000);
      child.stdout!.on('data', (d: Buffer) => {
        if (d.toString().includes('listening on')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
    });
  });
  afterAll(() => {
    child.kill('SIGTERM');
  });

  it('runs the built CLI, which serves the demo world', async () => {
    expect(command).toEqual(['node', 'dist/cli/main.js', 'serve']);
    const res = await fetch(`http://127.0.0.1:${port}/_sim/world`);
    expect((await res.json()).properties).toHaveLength(4);
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

  it('builds the image and publishes the port the server listens on', () => {
    expect(service.build).toBe('.');
    expect(service.ports).toContain('8080:8080');
    expect(service.environment.PORT).toBe('8080');
  });

  it('health-checks /_sim/health on that port', () => {
    expect(service.healthcheck.test.join(' ')).toContain('http://127.0.0.1:8080/_sim/health');
    expect(service.healthcheck.retries).toBeGreaterThan(0);
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

  it('runs the scenario folder against the partner container with reports, through the image entrypoint', () => {
    expect(sim.command[0]).toBe('run');
    expect(sim.command).toEqual(expect.arrayContaining(['/scenarios', '--partner-url', '--reports', '/reports']));
    expect(sim.volumes.map((v: string) => v.split(':')[1])).toEqual(expect.arrayContaining(['/scenarios', '/reports']));
    const url = sim.command[sim.command.indexOf('--partner-url') + 1];
    expect(Object.keys(ci.services)).toContain(new URL(url).hostname);
  });

  it('uses only options the run command knows', async () => {
    const help = await promisify(execFile)('node', ['dist/cli/main.js', 'run', '--help']);
    for (const arg of sim.command.filter((a: string) => a.startsWith('--'))) expect(help.stdout).toContain(arg);
  });
});
