import { CommandError } from '../engine/errors.js';
import { jsonResponse, type SimRequest, type SimResponse } from '../engine/http.js';
import type { World } from '../engine/world.js';
import type { RunOptions, ScenarioResult } from '../scenarios/runner.js';
import type { Scenario } from '../scenarios/schema.js';
import { connectionCalendar } from '../ui/calendar.js';
import { callDetail, FILTER_KEYS, searchCalls, type CallFilter } from '../ui/calls.js';
import { liveCalls } from '../ui/live.js';
import { runLog } from '../ui/runs.js';

/**
 * Admin read routes the dashboard needs (and anyone may use), kept apart from the core admin API:
 *
 * - `GET journal/search?api=&operation=&direction=&connection=&status=&findings=&runId=&stepId=&q=&offset=&limit=&facets=1`
 * - `GET journal/entry/<seq>`: one entry with its bodies and linked calls
 * - `GET journal/events?since=`: server-sent events of new calls (summaries)
 * - `GET calendar?connection=&from=&days=`: a connection's inventory calendar
 * - `GET runs`, `GET runs/<id>`: scenario and certification runs with their checklists
 *
 * Answers undefined for anything else, so the core routes handle it.
 */
export function uiRoute(world: World, request: SimRequest, rest: string): SimResponse | undefined {
  if (request.method !== 'GET') return undefined;
  const q = request.query;
  if (rest === 'journal/search') {
    const filter: CallFilter = {};
    for (const key of FILTER_KEYS) {
      const v = q.get(key);
      if (v) filter[key] = v;
    }
    try {
      const page = searchCalls(world.journal, filter, int(q, 'offset') ?? 0, Math.min(int(q, 'limit') ?? 100, 1000), q.get('facets') === '1');
      return jsonResponse(200, { world: world.name, ...page });
    } catch (err) {
      if (err instanceof RangeError) throw new CommandError(400, err.message);
      throw err;
    }
  }
  const entry = /^journal\/entry\/(\d+)$/.exec(rest);
  if (entry) {
    const detail = callDetail(world.journal, Number(entry[1]));
    if (!detail) throw new CommandError(404, `No journal entry ${entry[1]} in memory (it may have been evicted or cleared).`);
    return jsonResponse(200, detail);
  }
  if (rest === 'journal/events') {
    return {
      status: 200,
      headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' },
      body: liveCalls(world.journal, { sinceSeq: int(q, 'since'), timeoutMs: int(q, 'timeoutMs') }),
    };
  }
  if (rest === 'calendar') {
    const token = q.get('connection');
    if (!token) throw new CommandError(400, "Query parameter 'connection' is required (a connection token).", 'connection');
    return jsonResponse(200, connectionCalendar(world, token, q.get('from') || undefined, int(q, 'days') ?? 14));
  }
  if (rest === 'runs') return jsonResponse(200, { runs: runLog(world).list() });
  const run = /^runs\/([^/]+)$/.exec(rest);
  if (run) {
    const record = runLog(world).get(decodeURIComponent(run[1]));
    if (!record) throw new CommandError(404, `No run '${run[1]}' is kept (the last 50 are).`);
    return jsonResponse(200, record);
  }
  return undefined;
}

/** Runs a scenario posted to /_sim/runs, keeping it (with its progress) for the dashboard. */
export async function runKept(world: World, scenario: Scenario, options: RunOptions = {}): Promise<ScenarioResult> {
  // The runner and its steps load on the first run: a server that runs no scenario never loads them.
  const { runScenario } = await import('../scenarios/runner.js');
  const run = runLog(world).start(scenario.requirement ? 'certification' : 'scenario', scenario.name);
  try {
    return await runScenario(world, scenario, { ...options, onProgress: run.onProgress });
  } finally {
    run.finish();
  }
}

function int(q: URLSearchParams, name: string): number | undefined {
  const raw = q.get(name);
  if (raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new CommandError(400, `Query parameter '${name}' must be a whole number; got '${raw}'.`, name);
  return n;
}
