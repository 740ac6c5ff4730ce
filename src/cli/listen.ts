import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulatorServer } from '../adapters/node.js';
import type { Simulator } from '../simulator.js';

/**
 * Serves a simulator over HTTP and points every world's responseUrl at it: the given public URL, or
 * the local port when none is given. Shared by serve, run and certify.
 */
export async function listen(sim: Simulator, opts: { port: number; host: string; publicUrl?: string }): Promise<{ server: Server; port: number; stop(): void }> {
  // A bare node:http server: the same handler Express mounts, without loading Express at start.
  const server = createSimulatorServer(sim).listen(opts.port, opts.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const port = (server.address() as AddressInfo).port;
  const publicUrl = opts.publicUrl ?? `http://localhost:${port}`;
  sim.options.publicUrl = publicUrl;
  for (const world of sim.worlds.values()) world.options.publicUrl = publicUrl;
  return {
    server,
    port,
    stop() {
      sim.close();
      server.closeAllConnections();
      server.close();
    },
  };
}
