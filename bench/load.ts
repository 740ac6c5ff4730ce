import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import autocannon from 'autocannon';

/** Shared helpers of the load benchmarks: free ports, child servers, one autocannon run. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The node flags `npm start` runs mews-sim with (package.json): the benchmarks measure what users run. */
export function startFlags(): string[] {
  const words = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(/\s+/);
  const main = words.findIndex((word) => word.endsWith('main.js'));
  if (words[0] !== 'node' || main < 0) throw new Error(`npm start is not \`node [flags] …main.js serve\`: ${words.join(' ')}`);
  return words.slice(1, main);
}

/** `mews-sim serve` as npm start runs it, from a build folder. */
export const simServe = (dist = 'dist'): string[] => ['node', ...startFlags(), join(dist, 'cli/main.js'), 'serve'];

const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((c) => c.kill()));

export interface ReadyCheck {
  /** What is POSTed to the ready URL. */
  body?: string;
  /** How often it is tried until the server listens. */
  pollMs?: number;
  /** The first answer must be a 2xx (else any status will do). */
  ok?: boolean;
  env?: Record<string, string>;
}

/** Starts a server process and waits until `readyUrl` answers; `startupSec` is spawn to that answer. */
export async function startServer(command: string[], readyUrl: string, check: ReadyCheck = {}): Promise<ChildProcess & { startupSec: number }> {
  const t0 = performance.now();
  const child = spawn(command[0], command.slice(1), { env: { ...process.env, LOG_LEVEL: 'warn', ...check.env }, stdio: ['ignore', 'ignore', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited with ${child.exitCode}`);
    let res: Response;
    try {
      res = await fetch(readyUrl, { method: 'POST', body: check.body ?? '{}', headers: { 'content-type': 'application/json' } });
    } catch {
      // Not listening yet.
      if (performance.now() - t0 > 20_000) throw new Error(`${command.join(' ')} did not start`);
      await new Promise((r) => setTimeout(r, check.pollMs ?? 100));
      continue;
    }
    await res.arrayBuffer();
    if (check.ok && !res.ok) throw new Error(`${readyUrl}: HTTP ${res.status}`);
    return Object.assign(child, { startupSec: (performance.now() - t0) / 1000 });
  }
}

export interface LoadResult {
  name: string;
  requestsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(name: string, url: string, body: string, options: { connections: number; durationSec: number; warmupSec: number }): Promise<LoadResult> {
  const opts = { url, method: 'POST' as const, body, headers: { 'content-type': 'application/json' }, connections: options.connections };
  await autocannon({ ...opts, duration: options.warmupSec });
  const r = await autocannon({ ...opts, duration: options.durationSec });
  return { name, requestsPerSec: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx };
}

export function printTable(rows: LoadResult[], floor: LoadResult, machine: LoadResult): void {
  console.log('\n| server | requests/s | p50 ms | p99 ms | vs Express floor | vs bare node:http | errors |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.requestsPerSec.toFixed(0)} | ${r.p50} | ${r.p99} | ${(r.requestsPerSec / floor.requestsPerSec).toFixed(2)} | ${(r.requestsPerSec / machine.requestsPerSec).toFixed(2)} | ${r.errors + r.non2xx} |`,
    );
  }
}
