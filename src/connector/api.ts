import { randomUUID } from 'node:crypto';
import type { ApiModule } from '../engine/api.js';
import type { SimRequest, SimResponse } from '../engine/http.js';
import type { World } from '../engine/world.js';
import { CONNECTOR_PREFIX, errorResponse } from './errors.js';
import type { ConnectorHandler } from './handle.js';
import { webhooks } from './webhooks.js';

export { CONNECTOR_PREFIX };

/**
 * The Connector API as the simulator mounts it. Its envelope and its 200 operations, with their
 * schemas (handle.ts), load on the first Connector call: a simulator serving the Channel Manager API
 * alone starts without them. Webhooks follow the world's changes from the start.
 */
export class ConnectorApi implements ApiModule {
  readonly name = 'connector' as const;
  private handler: ConnectorHandler | undefined;
  private loading: Promise<ConnectorHandler> | undefined;

  attach(world: World): void {
    world.onChange((change) => webhooks(world).onChange(change));
  }

  owns(path: string): boolean {
    return path.startsWith('/api/connector/');
  }

  reject(_request: SimRequest, _path: string, status: number, message: string): SimResponse {
    return errorResponse(status, message, randomUUID());
  }

  async handle(world: World, request: SimRequest, path: string): Promise<SimResponse> {
    const handler = this.handler ?? (await this.load());
    return handler.handle(world, request, path);
  }

  private load(): Promise<ConnectorHandler> {
    this.loading ??= import('./handle.js').then(({ ConnectorHandler }) => (this.handler = new ConnectorHandler()));
    return this.loading;
  }
}
