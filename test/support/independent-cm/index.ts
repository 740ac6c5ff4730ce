import { BookingDesk } from './bookings.js';
import { Directory } from './directory.js';
import { PromptFollower } from './prompts.js';
import { InboundDesk } from './server.js';

export { systemErrors, writeSystemErrors, type SystemError } from './errors.js';

/**
 * A second channel manager, written from the Mews documentation alone, so mews-sim's own tests can
 * check that `certify` judges a system built differently from its reference partner the same way.
 */
export interface IndependentOptions {
  /** Base URL of the Mews side (the simulator), e.g. http://127.0.0.1:8080 or .../w/<world>. */
  mewsUrl: string;
  clientToken: string;
  /** An employee email of the enterprise, for getProperties. */
  email: string;
  /** Answer inventory pushes with asyncConfirmation and confirm them later to the responseUrl. */
  async?: boolean;
  /** Sent as `Authorization: Bearer` on the simulator's prompt routes. */
  adminToken?: string;
  /** Follow the certification prompts (default true). */
  followPrompts?: boolean;
  /** Admin API base when it differs from mewsUrl (e.g. mewsUrl names a world), and the world's name. */
  adminUrl?: string;
  world?: string;
  /** When set, pushes carrying another clientToken are refused with code 8. */
  mewsClientToken?: string;
}

export interface IndependentChannelManager {
  /** The one base URL for every operation Mews calls. */
  url: string;
  stop(): Promise<void>;
  directory: Directory;
  desk: BookingDesk;
  inbound: InboundDesk;
  prompts?: PromptFollower;
}

export async function startIndependentChannelManager(options: IndependentOptions): Promise<IndependentChannelManager> {
  const account = { mewsUrl: options.mewsUrl, clientToken: options.clientToken, email: options.email };
  const directory = new Directory(account);
  await directory.load();
  const desk = new BookingDesk(account);
  const inbound = new InboundDesk(account, directory, desk, options.async === true, options.mewsClientToken);
  const url = await inbound.listen();
  let prompts: PromptFollower | undefined;
  if (options.followPrompts !== false) {
    prompts = new PromptFollower({ mewsUrl: options.adminUrl ?? options.mewsUrl, world: options.world, adminToken: options.adminToken }, directory, desk);
    prompts.start();
  }
  return {
    url,
    directory,
    desk,
    inbound,
    prompts,
    async stop() {
      await prompts?.stop();
      await inbound.close();
    },
  };
}
