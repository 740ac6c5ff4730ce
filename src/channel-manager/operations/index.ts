import type { CmOperation } from '../operation.js';
import { processAvailabilityBlock } from './availabilityBlock.js';
import { getChannels, getConfiguration, getProperties } from './configuration.js';
import {
  processAvailabilityBlockConfirmation,
  processAvailabilityConfirmation,
  processGroupConfirmation,
  processRateConfirmation,
  processRestrictionConfirmation,
} from './confirmations.js';
import { requestAriUpdate, setInventory } from './inventory.js';
import { processGroup } from './processGroup.js';

/** Every Mews-side operation, served at /api/channelManager/v1/<name>. */
export const OPERATIONS: CmOperation[] = [
  getProperties,
  getConfiguration,
  getChannels,
  setInventory,
  requestAriUpdate,
  processGroup,
  processGroupConfirmation,
  processAvailabilityConfirmation,
  processRateConfirmation,
  processRestrictionConfirmation,
  processAvailabilityBlock,
  processAvailabilityBlockConfirmation,
] as CmOperation[];

/**
 * PCI-proxy-style push addresses (…/v1/push/<id>) that partners register for reservation and
 * block pushes, as in the docs' test and production environments.
 */
export const PUSH_ALIASES: Record<string, string> = {
  '0426f19b66715a93': 'processGroup',
  b2721c9a0351d553: 'processGroup',
  '4ef00bba562b5622': 'processAvailabilityBlock',
  '9eaa344245feed7f': 'processAvailabilityBlock',
};
