import express from 'express';
import type { RequestListener, Server } from 'node:http';
import { simulatorMiddleware } from './node.js';
import type { Simulator } from '../simulator.js';

export { simulatorMiddleware, type SimulatorMiddleware } from './node.js';

/** What createApp returns: an Express app, typed as a node:http request listener with `listen`. */
export interface SimulatorApp extends RequestListener {
  listen(port?: number, hostname?: string, callback?: () => void): Server;
  listen(port?: number, callback?: () => void): Server;
}

/**
 * A ready Express app serving the simulator (health, admin API, Channel Manager API):
 * `const server = createApp(sim).listen(0)`. Mount `simulatorMiddleware(sim)` in your own app to extend it.
 */
export function createApp(sim: Simulator): SimulatorApp {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.use(simulatorMiddleware(sim));
  return app as SimulatorApp;
}
