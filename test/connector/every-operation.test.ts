import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { z } from 'zod';
import { isDiscontinued } from '../../src/connector/deprecations.js';
import { CONNECTOR_OPERATIONS } from '../../src/connector/operations/index.js';
import { DOCUMENTED_OPERATIONS } from '../../src/connector/schemas.generated.js';
import { CONNECTOR_DEMO } from '../../src/world/demo.js';
import { fillWorld, succeeding } from '../support/filled-world.js';
import { TRANSPORTS, type Transport } from '../support/transports.js';

const C = '/api/connector/v1';
const gross = { ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'paging tests 1.0' };
const NOW = '2027-01-10T08:00:00Z';
// Served operations discontinued by this clock answer 404 (test/connector/deprecations.test.ts).
const OPERATIONS = CONNECTOR_OPERATIONS.filter((op) => !isDiscontinued(op.path, new Date(NOW)));

/**
 * Rules every operation follows: a request missing required parameters is a 400 naming one, and
 * every getAll operation paged to the end gives what one large page gives, in the same order, each
 * item once (the world is filled first so the lists have several items).
 */
describe.each(TRANSPORTS)('Every Connector operation (%s)', (_name, start) => {
  let t: Transport;
  let filters: Record<string, Record<string, unknown>>;

  beforeAll(async () => {
    t = await start({ now: NOW, deltaPushes: false, changeNotifications: false, asyncDelayMs: 0, connectorRequestLimit: 0 });
    const post = succeeding(t, gross);
    filters = await fillWorld(t, post);
  });
  afterAll(() => t.close());

  const getAlls = OPERATIONS.filter((op) => op.collection);
  // Operations whose every parameter besides the tokens is optional (as the docs' tables say).
  const tokens = new Set(['ClientToken', 'AccessToken', 'Client']);
  const noneRequired = new Set(
    OPERATIONS.filter((op) => Object.entries(DOCUMENTED_OPERATIONS[op.path].request.shape).every(([name, schema]) => tokens.has(name) || (schema as z.ZodType).safeParse(undefined).success)).map((op) => op.path),
  );

  it.each(OPERATIONS.map((op) => [op.path]))('%s: only the tokens is a 400 naming a parameter', async (path) => {
    const r = await t.post(`${C}/${path}`, gross);
    if (noneRequired.has(path)) {
      expect(r.status).toBe(200);
      return;
    }
    expect(r.status).toBe(400);
    expect(r.body).toEqual({ Message: expect.stringMatching(/^Invalid [A-Z][A-Za-z]*(\[\d+\])?(\.[A-Za-z]+)*: /), RequestId: expect.any(String) });
  });

  it.each(getAlls.map((op) => [op.path, op.collection!]))('%s pages to the end', async (path, collection) => {
    const ask = (limitation: Record<string, unknown>) => t.post(`${C}/${path}`, { ...gross, ...filters[path], Limitation: limitation });
    const whole = await ask({ Count: 1000 });
    expect({ status: whole.status, message: whole.body.Message }).toEqual({ status: 200, message: undefined });
    const all = (whole.body[collection] as { Id: string }[]).map((x) => x.Id);
    expect(all.length).toBeGreaterThanOrEqual(1);
    // Pages smaller than the list (one item each for the short fixed lists: enterprises, services, ...).
    const count = all.length >= 3 ? 2 : 1;
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 1000; pages++) {
      const page = await ask({ Count: count, ...(cursor && { Cursor: cursor }) });
      expect(page.status).toBe(200);
      const ids = (page.body[collection] as { Id: string }[]).map((x) => x.Id);
      walked.push(...ids);
      if (ids.length < count) break;
      expect(page.body.Cursor).toBe(ids[count - 1]);
      cursor = page.body.Cursor;
    }
    expect(walked).toEqual(all);
    expect(new Set(walked).size).toBe(walked.length);
  });
});
