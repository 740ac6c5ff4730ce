import { EventEmitter } from 'node:events';
import type { World } from '../engine/world.js';
import type { CmErrorItem } from './errors.js';

/** A push Mews sent to the partner that waits for the partner's asynchronous confirmation. */
export interface PendingPush {
  messageId: string;
  /** The outbound operation (updateAvailability, processGroup, ...). */
  operation: string;
  /** The Mews-side operation the partner must call to confirm it. */
  confirmWith: string;
  connectionToken: string;
  sentAt: string;
  confirmedAt?: string;
  success?: boolean;
  /** Rate codes the push carried, for consequences of errors in the confirmation. */
  rates?: string[];
  /** What the push was about: the booking group id or the block's confirmation number. */
  subject?: string;
  /** Stops the missing-confirmation timer once the confirmation came. */
  cancelTimeout?: () => void;
}

export interface AvailabilityBlock {
  propertyId: string;
  code: string;
  confirmationNumber: string;
  status: 'created' | 'updated' | 'canceled';
  name: string;
  start: string;
  end: string;
  /** Allocated spaces booked against availability: [spaceTypeCode, start, end, count]. */
  allocations: { spaceTypeCode: string; start: string; end: string; count: number }[];
  updatedUtc: string;
  /** For blocks made in Mews: the channel manager's code, from its confirmation. */
  partnerCode?: string;
}

/** Channel-manager-specific state of a world (not hotel data): pending pushes, blocks, rejected groups. */
export interface CmEvents {
  ariRequest: [{ connectionToken: string; from: string; to: string }];
  confirmation: [{ push: PendingPush; success: boolean; errors: CmErrorItem[] }];
}

export class CmState extends EventEmitter<CmEvents> {
  readonly pending = new Map<string, PendingPush>();
  readonly blocks = new Map<string, AvailabilityBlock>();
  /** channelManagerId → fingerprint of a group rejected with code 7, to spot a re-sent invalid group. */
  readonly rejectedGroups = new Map<string, string>();
  readonly ariRequests: { connectionToken: string; from: string; to: string; at: string }[] = [];
  private nextMessage = 1;

  newMessageId(world: World): string {
    return `${world.name}-${world.clock.nowMs().toString(36)}-${this.nextMessage++}`;
  }
}

export const cmState = (world: World): CmState => world.apiStateOf('channelManager', () => new CmState());
