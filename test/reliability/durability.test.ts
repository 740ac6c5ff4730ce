import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEMO_TOKENS } from '../../src/world/demo.js';

const CLI = ['dist/cli/main.js'];

/** Starts `mews-sim serve` from dist on a free port; resolves with its base URL and the parsed "listening" log line. */
async function startServe(args: string[]): Promise<{ child: ChildProcess; base: string; log: Record<string, unknown> }> {
  const env = { ...process.env };
  delete env.HOST;
  const child = spawn('node', [...CLI, 'serve', '--port', '0', '--quiet', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let err = '';
  const log = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${err}`)), 20_000);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const line = err.split('\n').find((l) => l.includes('"listening"'));
      if (line) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return { child, base: `http://127.0.0.1:${log.port}`, log };
}

describe('durability (mews-sim serve from dist)', () => {
  it('binds 127.0.0.1 unless told otherwise', async () => {
    const { child, log } = await startServe([]);
    child.kill('SIGTERM');
    expect(log.host).toBe('127.0.0.1');
  });

  it('loses no answered call when SIGTERM arrives mid-burst with --journal-file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mews-sim-durability-'));
    const file = join(dir, 'journal.ndjson');
    const { child, base } = await startServe(['--journal-file', file]);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    const answered: string[] = [];
    let n = 0;
    let stop = false;
    const client = async () => {
      while (!stop) {
        const id = `burst-${n++}`;
        try {
          const res = await fetch(`${base}/api/channelManager/v1/getChannels`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ clientToken: DEMO_TOKENS.clientToken, messageId: id }),
          });
          await res.text();
          answered.push(id);
        } catch {
          // Refused or cut once the server stops accepting: not answered, so nothing to find.
          if (stop) return;
        }
      }
    };
    const clients = Array.from({ length: 16 }, client);
    while (answered.length < 300) await new Promise((r) => setTimeout(r, 20));
    // Calls still being worked on when the signal arrives: each is delayed 500 ms by an injected fault.
    await fetch(`${base}/_sim/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api: 'channelManager', operation: 'getChannels', count: 1000, fault: { delayMs: 500 } }),
    });
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGTERM');
    const code = await exited;
    stop = true;
    await Promise.all(clients);
    expect(code).toBe(0);
    const recorded = new Set(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .filter((e) => e.operation === 'getChannels')
        .map((e) => e.messageId),
    );
    const missing = answered.filter((id) => !recorded.has(id));
    expect(answered.length).toBeGreaterThanOrEqual(300);
    expect(missing).toEqual([]);
  }, 60_000);
});
