import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import express, { type RequestHandler } from 'express';
import { simulatorMiddleware } from '../../src/adapters/express.js';
import { Simulator, type SimulatorOptions } from '../../src/simulator.js';

/** Debian's Chromium (scripts/setup-browser.sh installs it); MEWS_SIM_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.MEWS_SIM_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'];

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Messages the page logged as errors, and uncaught exceptions: a test fails on any. */
  errors: string[];
  close(): Promise<void>;
}

/** Chromium with a fresh profile, one page at 1280 × 800. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: run scripts/setup-browser.sh (it installs Debian's chromium package).`);
  const profile = mkdtempSync(join(tmpdir(), 'mews-sim-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
    timeout: 60_000,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const errors: string[] = [];
  page.on('console', (m) => {
    // A simulator without the prompts route answers 404 there; the page expects it.
    if (m.type() === 'error' && !m.location().url.includes('/prompts')) errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    context,
    page,
    errors,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface RunningSim {
  sim: Simulator;
  url: string;
  close(): Promise<void>;
}

/**
 * The simulator over a real socket on port 0 (the dashboard needs a server, not MSW); `before`
 * runs ahead of it (an admin token guard or a prompts route, as other parts of the product add them).
 */
export async function startSim(options: SimulatorOptions = {}, before: RequestHandler[] = []): Promise<RunningSim> {
  const sim = new Simulator({ asyncDelayMs: 0, deltaDelayMs: 10, ...options });
  const app = express();
  for (const handler of before) app.use(handler);
  app.use(simulatorMiddleware(sim));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sim.defaultWorld.options.publicUrl = url;
  return {
    sim,
    url,
    close: async () => {
      sim.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(() => r(undefined)));
    },
  };
}
