import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import '../../src/testing/jest.js';
import { MewsSimClient } from '../../src/admin/client.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';
import type { MatcherTarget } from '../../src/testing/matchers.js';

describe.each(TRANSPORTS)('toHaveReceived and toHaveSent (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  let targets: [string, MatcherTarget][];
  beforeAll(async () => {
    partner = await new TestPartner().start();
    // A slow confirmation, so only a matcher that waits can see it.
    t = await start({ now: '2026-11-23T12:00:00Z', asyncDelayMs: 1500, partner: { baseUrl: partner.url } });
    targets = [
      ['in-process Simulator', t.sim],
      ['MewsSimClient', new MewsSimClient(t.baseUrl)],
    ];
    expect((await t.post(`${CM}/processGroup`, singleGroup())).body.success).toBe(true);
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('sees what the partner sent, through the Simulator and through the client', async () => {
    for (const [, target] of targets) {
      await expect(target).toHaveReceived('processGroup', { channelManagerId: 'CM-1001', reservations: [{ code: '01' }] });
      await expect(target).toHaveReceived('processGroup', { channelManagerId: { $regex: '^CM-' } }, { times: 1 });
      await expect(target).not.toHaveReceived('getConfiguration');
    }
  });

  it('waits up to `within` for background work instead of needing idle()', async () => {
    const [, sim] = targets[0];
    // The confirmation is still scheduled: without waiting there is nothing yet.
    await expect(expect(sim).toHaveSent('confirmGroup', { channelManagerId: 'CM-1001' })).rejects.toThrow(/Expected at least 1 outbound confirmGroup call matching, found 0[\s\S]*No outbound confirmGroup call was recorded/);
    for (const [, target] of targets) await expect(target).toHaveSent('confirmGroup', { channelManagerId: 'CM-1001' }, { times: 1, within: 15_000 });
  });

  it('fails with the nearest miss and its diff', async () => {
    for (const [, target] of targets) {
      const failure = expect(target).toHaveSent('confirmGroup', { channelManagerId: 'CM-OTHER' }, { within: 200 });
      await expect(failure).rejects.toThrow(/Expected at least 1 outbound confirmGroup call matching within 200 ms, found 0\.\nNearest miss \(default-\d+\):\n\s+\$\.request\.channelManagerId: different value/);
      await expect(expect(target).toHaveSent('confirmGroup', {}, { times: 2 })).rejects.toThrow(/Expected exactly 2 outbound confirmGroup calls matching, found 1/);
    }
  });

  it('negated, watches for the whole of `within` and names what arrived', async () => {
    for (const [, target] of targets) {
      await expect(target).not.toHaveSent('changeNotificaton', undefined, { within: 100 });
      await expect(expect(target).not.toHaveSent('confirmGroup', undefined, { within: 100 })).rejects.toThrow(/Expected no outbound confirmGroup call matching within 100 ms[\s\S]*found 1: default-\d+/);
    }
  });

  it('filters by connection and by the response', async () => {
    const [, sim] = targets[0];
    const entry = t.sim.defaultWorld.journal.find({ operation: 'processGroup' })[0];
    await expect(sim).toHaveReceived('processGroup', {}, { connection: entry.connection, response: { success: true } });
    await expect(expect(sim).toHaveReceived('processGroup', {}, { connection: 'no-such-connection' })).rejects.toThrow(/found 0/);
  });

  it('refuses a target that is not a simulator', async () => {
    await expect(expect({}).toHaveSent('confirmGroup')).rejects.toThrow(/take a Simulator, a World or a MewsSimClient/);
  });
});
