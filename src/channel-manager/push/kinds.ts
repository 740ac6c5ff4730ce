/** The three inventory pushes, with their endpoint, the operation that confirms them and their error code. */
export type PushKind = 'availability' | 'prices' | 'restrictions';

export const PUSH_KINDS: readonly PushKind[] = ['availability', 'prices', 'restrictions'];

export const KIND_INFO: Record<PushKind, { operation: 'updateAvailability' | 'updatePrices' | 'updateRestrictions'; confirmWith: string; field: string; blockedCode: number }> = {
  availability: { operation: 'updateAvailability', confirmWith: 'processAvailabilityConfirmation', field: 'availabilities', blockedCode: 12 },
  prices: { operation: 'updatePrices', confirmWith: 'processRateConfirmation', field: 'ratePrices', blockedCode: 13 },
  restrictions: { operation: 'updateRestrictions', confirmWith: 'processRestrictionConfirmation', field: 'restrictions', blockedCode: 14 },
};

/** Change notification types (channel-manager-operations/notifications.md). */
export const ChangeType = { Created: 0, Updated: 1, Activated: 2, Deactivated: 3, Deleted: 4 } as const;
