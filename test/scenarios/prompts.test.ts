import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { promptBoard } from '../../src/scenarios/prompts.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

describe.each(TRANSPORTS)('prompts in the admin API (%s)', (_name, make) => {
  let t: Transport;
  beforeEach(async () => {
    t = await make();
  });
  afterEach(() => t.close());

  const open = (fields: Record<string, unknown> = {}, ms = 5000) =>
    promptBoard(t.sim.defaultWorld).open({ test: 'A test', step: 'step-1', action: 'deactivate-connection', text: 'Deactivate it.', ...fields }, ms);

  it('lists prompts, filters by status, and takes "done" with the values read back', async () => {
    const { prompt, answered } = open({ action: 'read-back', readBack: [{ kind: 'availability', spaceTypeCode: 'DBL', date: '2027-01-01' }] });
    const listed = await t.request('GET', '/_sim/prompts?status=open');
    expect(listed.status).toBe(200);
    expect(listed.body.prompts).toEqual([expect.objectContaining({ id: prompt.id, status: 'open', action: 'read-back', deadline: expect.any(String) })]);
    const done = await t.post(`/_sim/prompts/${prompt.id}/done`, { values: [{ kind: 'availability', spaceTypeCode: 'DBL', date: '2027-01-01', availability: 3 }] });
    expect(done.status).toBe(200);
    expect(done.body.prompt.status).toBe('done');
    expect(await answered).toEqual({ values: [{ kind: 'availability', spaceTypeCode: 'DBL', date: '2027-01-01', availability: 3 }] });
    expect((await t.request('GET', '/_sim/prompts?status=open')).body.prompts).toEqual([]);
  });

  it('answers 404 for an unknown prompt, 409 for one no longer open, 400 for a bad status or body', async () => {
    const { prompt } = open();
    expect((await t.post('/_sim/prompts/p-999/done', {})).status).toBe(404);
    expect((await t.post(`/_sim/prompts/${prompt.id}/done`, {})).status).toBe(200);
    const again = await t.post(`/_sim/prompts/${prompt.id}/done`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('no longer open');
    expect((await t.request('GET', '/_sim/prompts?status=later')).status).toBe(400);
    const { prompt: other } = open();
    expect((await t.post(`/_sim/prompts/${other.id}/done`, { values: 'nope' })).status).toBe(400);
  });

  it('an unanswered prompt expires at its deadline', async () => {
    const { answered } = open({}, 50);
    expect(await answered).toBeUndefined();
    expect(promptBoard(t.sim.defaultWorld).list()[0].status).toBe('expired');
  });

  it('streams open prompts, then every change, as NDJSON', async () => {
    const { prompt: first } = open();
    const streamed = t.request('GET', '/_sim/prompts/stream?limit=3&timeoutMs=5000');
    await new Promise((r) => setTimeout(r, 200));
    const { prompt: second } = open();
    promptBoard(t.sim.defaultWorld).done(first.id, {});
    const res = await streamed;
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = res.text.trim().split('\n').map((l) => JSON.parse(l) as { id: string; status: string });
    expect(lines.map((l) => [l.id, l.status])).toEqual([
      [first.id, 'open'],
      [second.id, 'open'],
      [first.id, 'done'],
    ]);
  });
});
