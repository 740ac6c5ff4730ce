import { DEMO_EMAIL, DEMO_TOKENS } from '../../src/world/demo.js';

export const CLIENT = DEMO_TOKENS.clientToken;
export const GROSS = DEMO_TOKENS.grossConnection;
export const NET = DEMO_TOKENS.netConnection;
export const INACTIVE = DEMO_TOKENS.grossInactiveConnection;
export const EMAIL = DEMO_EMAIL;
export const CM = '/api/channelManager/v1';

export const auth = (connectionToken: string = GROSS) => ({ clientToken: CLIENT, connectionToken });

/** A valid single-reservation group for the gross demo property, with overrides. */
export function singleGroup(overrides: Record<string, unknown> = {}, reservation: Record<string, unknown> = {}) {
  return {
    ...auth(),
    messageId: 'msg-1',
    channelId: 'BDC-1001',
    channelManagerId: 'CM-1001',
    currencyCode: 'GBP',
    paymentType: 2,
    customer: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com' },
    sources: [{ code: 1, name: 'Booking.com', type: 0, isPrimary: true }],
    paymentCard: { type: 1, number: '4111111111111111', expireDate: '1230', cvv: '123', holderName: 'Ada Lovelace' },
    totalAmount: { gross: 250 },
    reservations: [
      <Record<string, unknown>>{
        code: '01',
        spaceTypeCode: 'DBL',
        ratePlanCode: 'BAR',
        from: '2027-03-10',
        to: '2027-03-12',
        guestCounts: [
          { code: 'Adult', count: 2 },
          { code: 'Child', count: 1 },
        ],
        guests: [{ firstName: 'Charles', lastName: 'Babbage' }],
        amounts: [{ gross: 120 }, { gross: 130 }],
        totalAmount: { gross: 250 },
        ...reservation,
      },
    ],
    ...overrides,
  };
}
