import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Tasks } from '../../src/engine/tasks.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

/** The measured defects of "safe to run anywhere", each reproduced through both adapters. */
describe.each(TRANSPORTS)('safety defects (%s)', (_name, start) => {
  let t: Transport;
  let partner: TestPartner;
  beforeAll(async () => {
    partner = await new TestPartner().start();
    t = await start({ now: '2026-11-23T12:00:00Z', partner: { baseUrl: partner.url }, deltaDelayMs: 0 });
  });
  afterAll(async () => {
    await t.close();
    await partner.stop();
  });

  it('refuses a clock out of range with 400, and background work goes on', async () => {
    for (const body of [{ advanceMs: 1e21 }, { advanceDays: 1e12 }, { now: '+275760-09-13T00:00:00Z' }, { now: '1900-01-01T00:00:00Z' }, { advanceMs: -1e15 }]) {
      const r = await t.post('/_sim/clock', body);
      expect(r.status).toBe(400);
      expect(r.body.error.message).toMatch(/between 1970-01-01 and 9000-01-01/);
    }
    expect((await t.request('GET', '/_sim/clock')).body.now).toBe('2026-11-23T12:00:00.000Z');
    const booked = await t.post(`${CM}/processGroup`, singleGroup());
    expect(booked.body.success).toBe(true);
    await t.sim.idle();
    expect(partner.received('confirmGroup').length).toBeGreaterThanOrEqual(1);
    expect((await t.request('GET', '/_sim/health')).status).toBe(200);
  });
});

describe('background tasks', () => {
  it('never throw, even when recording the error fails', async () => {
    const tasks = new Tasks(() => {
      throw new RangeError('Invalid time value');
    });
    const written: string[] = [];
    const original = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string) => (written.push(String(chunk)), true)) as typeof process.stderr.write;
    try {
      tasks.schedule('delta', () => {
        throw new Error('boom');
      });
      await tasks.idle(5_000);
    } finally {
      process.stderr.write = original;
    }
    expect(written.join('')).toMatch(/background task delta failed \(boom\)/);
  });
});
