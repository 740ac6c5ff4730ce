import type { z } from 'zod';
import { closest, didYouMean } from '../engine/did-you-mean.js';
import { FaultSchema } from '../engine/faults.js';
import { ExpectReply, OPERATION_NAMES, ScenarioSchema, STEP_TYPES } from './schema.js';

/**
 * What `validate` knows before anything runs, beyond the shape zod checks: plain-words rewording of
 * zod's issues (did-you-mean for fields, step types and names), and the checks across steps —
 * operations of the right direction, step ids, variables used before they exist.
 */
export interface Finding {
  path: (string | number)[];
  message: string;
}

type Raw = Record<string, unknown>;
const isObject = (v: unknown): v is Raw => v !== null && typeof v === 'object' && !Array.isArray(v);
const at = (root: unknown, path: readonly PropertyKey[]): unknown => path.reduce<unknown>((v, k) => (v !== null && typeof v === 'object' ? (v as Raw)[k as string] : undefined), root);

const STEP_BY_TYPE = new Map<string, z.ZodObject>(STEP_TYPES.map((s) => [String((s.shape.type as z.ZodLiteral).value), s as unknown as z.ZodObject]));
export const STEP_TYPE_NAMES = [...STEP_BY_TYPE.keys()];

/** Names of the fields an object at this path may have, when known. */
function knownFields(root: unknown, path: readonly PropertyKey[]): string[] | undefined {
  if (path.length === 0) return Object.keys(ScenarioSchema.shape);
  if (path[0] === 'partner' && path.length === 1) return ['baseUrl', 'operations'];
  if (path[0] !== 'steps' || typeof path[1] !== 'number') return undefined;
  const type = at(root, [...path.slice(0, 2), 'type']);
  const step = typeof type === 'string' ? STEP_BY_TYPE.get(type) : undefined;
  if (!step) return undefined;
  if (path.length === 2) return Object.keys(step.shape);
  if (path.length === 3 && path[2] === 'expect') return Object.keys((ExpectReply.unwrap() as unknown as z.ZodObject).shape);
  if (path.length === 3 && path[2] === 'fault') return Object.keys(FaultSchema.shape);
  return undefined;
}

/** zod's issues, reworded where plain words help. One issue may become several (one per unknown key). */
export function reword(issue: z.core.$ZodIssue, root: unknown): Finding[] {
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const known = knownFields(root, path);
    const type = path.length === 2 && path[0] === 'steps' ? at(root, [...path, 'type']) : undefined;
    const owner = type ? `${/^[aeiou]/i.test(String(type)) ? 'an' : 'a'} ${String(type)} step` : path.length === 0 ? 'a scenario' : `${path.at(-1)}`;
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `unknown field "${key}"${known ? didYouMean(key, known) : ''}${known ? `; ${owner} takes ${known.map((k) => `"${k}"`).join(', ')}` : ''}`,
    }));
  }
  if (issue.code === 'invalid_union' && (issue as { note?: string }).note === 'No matching discriminator') {
    const value = at(root, path);
    return [
      {
        path,
        message:
          value === undefined
            ? `every step needs a "type": one of ${STEP_TYPE_NAMES.join(', ')}`
            : `unknown step type ${JSON.stringify(value)}${typeof value === 'string' ? didYouMean(value, STEP_TYPE_NAMES) : ''}; step types are ${STEP_TYPE_NAMES.join(', ')}`,
      },
    ];
  }
  if (issue.code === 'invalid_value') {
    const value = at(root, path);
    const options = issue.values.map(String);
    const last = path.at(-1);
    if (last === 'operation') return [{ path, message: `unknown operation ${JSON.stringify(value)}${typeof value === 'string' ? didYouMean(value, options) : ''}` }];
    return [{ path, message: `${JSON.stringify(value)} is not one of ${options.map((o) => JSON.stringify(o)).join(', ')}${typeof value === 'string' ? didYouMean(value, options) : ''}` }];
  }
  if (issue.code === 'invalid_union' && path.length === 1 && path[0] === 'world') {
    return [{ path, message: 'world takes one of {"builtin": "demo"}, {"file": "…"}, {"seed": 42, "size": {…}}, {"fixture": {…}}, {"continue": true}' }];
  }
  if (issue.code === 'invalid_type' && at(root, path) === undefined) return [{ path, message: `"${String(path.at(-1))}" is required (${issue.expected})` }];
  return [{ path, message: issue.message }];
}

const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** Environment variables a scenario may name without declaring them. */
export const ENV_PREFIX = 'MEWS_SIM_VAR_';

export interface CheckOptions {
  /** Variables defined before the scenario starts (earlier scenarios of a suite with world.continue). */
  inherited?: Set<string>;
  /** Names the runner supplies (e.g. the certification suite's SYSTEM_ERRORS_FILE). */
  supplied?: (name: string) => boolean;
}

/** Checks across steps, on the raw JSON (so they run even when zod found other problems). */
export function crossCheck(root: unknown, options: CheckOptions = {}): { findings: Finding[]; defined: Set<string> } {
  const findings: Finding[] = [];
  const defined = new Set<string>(options.inherited ?? []);
  if (!isObject(root) || !Array.isArray(root.steps)) return { findings, defined };
  for (const name of Object.keys(isObject(root.variables) ? root.variables : {})) defined.add(name);
  const steps = root.steps as unknown[];
  // Where each variable is defined, to tell "later" from "never".
  const definedBy = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!isObject(s)) return;
    for (const name of Object.keys(isObject(s.capture) ? s.capture : {})) if (!definedBy.has(name)) definedBy.set(name, i);
    if (s.type === 'set' && isObject(s.variables)) for (const name of Object.keys(s.variables)) if (!definedBy.has(name)) definedBy.set(name, i);
  });
  const closeVariable = (name: string) => {
    const hit = closest(name, [...defined, ...definedBy.keys()]);
    return hit ? ` (did you mean \${${hit}}?)` : '';
  };
  const use = (value: unknown, path: (string | number)[], skipKeys: string[] = []) => {
    const walk = (v: unknown, p: (string | number)[]) => {
      if (typeof v === 'string') {
        for (const m of v.matchAll(VARIABLE)) {
          const name = m[1];
          if (defined.has(name) || name.startsWith(ENV_PREFIX) || options.supplied?.(name)) continue;
          const later = definedBy.get(name);
          findings.push({
            path: p,
            message:
              later !== undefined && later >= (typeof path[1] === 'number' ? path[1] : -1)
                ? `\${${name}} is used before it is captured: step ${later + 1} ${later === path[1] ? '(this one) captures it only after it runs' : 'captures it later'}`
                : `\${${name}} is never captured or declared${closeVariable(name)}: capture it in an earlier step, declare it in "variables", or use an environment variable named ${ENV_PREFIX}…`,
          });
        }
      } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...p, i]));
      else if (isObject(v)) for (const [k, x] of Object.entries(v)) if (!(p.length === path.length && skipKeys.includes(k))) walk(x, [...p, k]);
    };
    walk(value, path);
  };
  use(root.partner, ['partner']);
  use(root.timeout, ['timeout']);
  const ids = new Map<string, number>();
  steps.forEach((s, i) => {
    if (!isObject(s)) return;
    const path = ['steps', i];
    if (typeof s.id === 'string') {
      if (ids.has(s.id)) findings.push({ path: [...path, 'id'], message: `duplicate step id "${s.id}" (step ${ids.get(s.id)! + 1} has it too)` });
      else ids.set(s.id, i);
    }
    use(s, path, ['capture']);
    for (const name of Object.keys(isObject(s.capture) ? s.capture : {})) defined.add(name);
    if (s.type === 'set' && isObject(s.variables)) for (const name of Object.keys(s.variables)) defined.add(name);
    findings.push(...stepChecks(s, path, ids, steps));
  });
  return { findings, defined };
}

function stepChecks(s: Raw, path: (string | number)[], ids: Map<string, number>, steps: unknown[]): Finding[] {
  const out: Finding[] = [];
  const here = (key: string, message: string) => out.push({ path: [...path, key], message });
  if (s.type === 'expectCall') {
    const direction = s.direction === 'outbound' ? 'outbound' : 'inbound';
    const other = direction === 'inbound' ? 'outbound' : 'inbound';
    // Unknown names are the schema's to report; here, known names in the wrong direction.
    if (typeof s.operation === 'string' && !OPERATION_NAMES[direction].includes(s.operation) && OPERATION_NAMES[other].includes(s.operation)) {
      here('operation', `${s.operation} is an ${other} operation (${other === 'outbound' ? 'mews-sim calls the partner' : 'the partner calls mews-sim'}): add "direction": "${other}"`);
    }
    const watches = ['never', 'atMost', 'count'].filter((k) => s[k] !== undefined && s[k] !== false);
    if (watches.length > 1) here(watches[1], `use one of "never", "atMost" and "count", not ${watches.map((w) => `"${w}"`).join(' and ')}`);
    if (s.since !== undefined && s.sinceStart) here('since', 'use "since" or "sinceStart", not both');
    if (typeof s.since === 'string') {
      const target = ids.get(s.since);
      if (target === undefined) {
        const later = steps.findIndex((x) => isObject(x) && x.id === s.since);
        here(
          'since',
          later >= 0 ? `step "${s.since}" comes later (step ${later + 1}); "since" must name an earlier step` : `no earlier step has the id "${s.since}"${didYouMean(s.since, [...ids.keys()])}`,
        );
      } else if (target === path[1]) here('since', `"since" names this step itself; name an earlier step`);
    }
  }
  if (s.type === 'fault' && typeof s.operation === 'string') {
    const api = s.api === 'connector' ? 'connector' : 'channelManager';
    const names = OPERATION_NAMES[api];
    if (!names.includes(s.operation)) {
      const otherApi = api === 'connector' ? 'channelManager' : 'connector';
      here(
        'operation',
        OPERATION_NAMES[otherApi].includes(s.operation)
          ? `${s.operation} is a ${otherApi === 'connector' ? 'Connector' : 'Channel Manager'} API operation: add "api": "${otherApi}"`
          : `unknown ${api === 'connector' ? 'Connector' : 'Channel Manager'} API operation "${s.operation}"${didYouMean(s.operation, names)}`,
      );
    }
  }
  if (s.type === 'push' && typeof s.operation === 'string') {
    const inventory = ['updateAvailability', 'updatePrices', 'updateRestrictions'].includes(s.operation);
    if (s.body === undefined && !inventory && OPERATION_NAMES.outbound.includes(s.operation)) here('operation', `a ${s.operation} push needs a "body"`);
    if (s.body === undefined && inventory && (s.from === undefined || s.to === undefined)) here(s.from === undefined ? 'from' : 'to', 'an inventory push built from the world needs "from" and "to"');
  }
  if (s.type === 'mapping' && (s.action === 'map' || s.action === 'unmap') && (s.ratePlanCode === undefined || s.spaceTypeCode === undefined)) {
    here('action', `${s.action} needs "ratePlanCode" and "spaceTypeCode"`);
  }
  return out;
}

/** Whether a scenario belongs to the certification suite (run by `certify`, refused by `run`). */
export function isCertificationScenario(raw: unknown): boolean {
  if (!isObject(raw)) return false;
  return raw.suite === 'certification' || (Array.isArray(raw.tags) && raw.tags.includes('certification'));
}
