import { describe, expect, it } from '@jest/globals';
import { OPERATIONS } from '../../src/channel-manager/operations/index.js';
import { PARTNER_OPERATIONS } from '../../src/channel-manager/partner.js';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';
import { CHANNEL_MANAGER_OPERATIONS, CONNECTOR_OPERATION_PATHS, OUTBOUND_OPERATIONS } from '../../src/testing/operations.js';
import { Simulator } from '../../src/simulator.js';
import '../../src/testing/jest.js';

// The matcher types list operation names as literals: when an operation is added, add it to src/testing/operations.ts.
describe('operation names of the matchers', () => {
  it('are exactly the operations served and sent', () => {
    expect([...CHANNEL_MANAGER_OPERATIONS].sort()).toEqual(OPERATIONS.map((o) => o.name).sort());
    expect([...CONNECTOR_OPERATION_PATHS].sort()).toEqual(CONNECTOR_OPERATIONS.map((o) => o.path).sort());
    expect([...OUTBOUND_OPERATIONS].sort()).toEqual([...PARTNER_OPERATIONS, 'generalWebhook', 'integrationWebhook'].sort());
  });

  it('are typed: a name of the wrong direction does not compile', async () => {
    const sim = new Simulator();
    // @ts-expect-error getConfiguration is received, never sent
    await expect(expect(sim).toHaveSent('getConfiguration')).rejects.toThrow(/No outbound getConfiguration call/);
    // @ts-expect-error a body field processGroup does not have
    await expect(expect(sim).toHaveReceived('processGroup', { noSuchField: 1 })).rejects.toThrow(/found 0/);
    // Sent bodies have their own types: a Mews-side processGroup carries paymentCardData, never paymentCard.
    await expect(expect(sim).toHaveSent('processGroup', { reservations: [{ paymentCardData: { obfuscatedNumber: { $regex: '\\*' } } }] })).rejects.toThrow(/found 0/);
    // @ts-expect-error paymentCard is what a channel manager sends, not what mews-sim sends
    await expect(expect(sim).toHaveSent('processGroup', { paymentCard: {} })).rejects.toThrow(/found 0/);
    await expect(expect(sim).toHaveSent('updateAvailability', { availabilities: [{ spaceTypeCode: 'DBL', availability: { $range: { min: 1 } } }] })).rejects.toThrow(/found 0/);
    sim.close();
  });
});
