import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { DEMO_EMAIL, DEMO_TOKENS } from '../../src/world/demo.js';
import { startReferenceChannelManager } from '../../examples/reference-channel-manager/server.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

describe('mews-sim certify', () => {
  it('certifies the reference channel manager in three commands: exit 0, checklist and reports', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mews-sim-certify-'));
    const errors = join(dir, 'errors.json');
    writeFileSync(errors, JSON.stringify([{ code: 1, message: 'Timeout, maintenance or downtime of the channel manager; retry later.' }]));
    const [simPort, cmPort] = [await freePort(), await freePort()];
    const child = spawn('node', ['dist/cli/main.js', 'certify', '--port', String(simPort), '--host', '127.0.0.1', '--partner-url', `http://127.0.0.1:${cmPort}/mews`, '--system-errors', errors, '--resend-window', '1s', '--reports', join(dir, 'reports')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const started = new Promise<void>((resolve) => child.stdout.on('data', (d: Buffer) => (out += d.toString()).includes('Mews side on') && resolve()));
    const exit = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    await started;
    const cm = await startReferenceChannelManager({ mewsUrl: `http://127.0.0.1:${simPort}`, clientToken: DEMO_TOKENS.clientToken, email: DEMO_EMAIL, port: cmPort, autoBook: true });
    const code = await exit;
    await cm.stop();
    expect(out).toContain('| Send a single gross priced reservation | required | PASS |');
    expect(out).toContain('25 of 25 tests passed');
    expect(code).toBe(0);
    for (const f of ['certification.html', 'certification.xml', 'certification.json', 'certification.md']) expect(existsSync(join(dir, 'reports', f))).toBe(true);
    expect(readFileSync(join(dir, 'reports', 'certification.html'), 'utf8')).not.toContain('4111111111111111');
  });
});
