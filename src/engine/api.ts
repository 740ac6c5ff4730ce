import type { SimRequest, SimResponse } from './http.js';
import type { World } from './world.js';

/** An API the simulator serves (Channel Manager, Connector). Each owns its paths and error shape. */
export interface ApiModule {
  readonly name: 'channelManager' | 'connector';
  /** True when this API answers the path (already stripped of any world prefix). */
  owns(path: string): boolean;
  handle(world: World, request: SimRequest, path: string): Promise<SimResponse>;
  /** The API's error answer for a request that never reached a world (unknown world prefix). */
  reject(request: SimRequest, path: string, status: number, message: string): SimResponse;
  /** Called for every new world: the place to start background behaviour (pushes, webhooks). */
  attach?(world: World): void;
}
