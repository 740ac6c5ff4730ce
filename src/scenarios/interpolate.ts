import { addDays } from '../engine/dates.js';

/** A ${name} the scenario uses but nobody defined. */
export class UndefinedVariableError extends Error {
  constructor(
    message: string,
    /** The variable that has no value. */
    readonly variable?: string,
  ) {
    super(message);
  }
}

const RELATIVE_DATE = /^today(?:([+-])(\d+))?$/;
const VARIABLE = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** Environment variables a scenario run by the CLI may read: those named MEWS_SIM_VAR_*, and those allowed by name (--env NAME). */
export const ENV_PREFIX = 'MEWS_SIM_VAR_';

export function allowedEnvironment(env: NodeJS.ProcessEnv, names: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && (k.startsWith(ENV_PREFIX) || names.includes(k))) out[k] = v;
  return out;
}

/**
 * Resolves a step before it runs: ${name} from the variables (then the allowed environment values
 * given, none by default), and whole strings "today", "today+30", "today-2" as dates relative to the
 * simulated clock.
 */
export function interpolate<T>(value: T, variables: Record<string, unknown>, today: string, env: NodeJS.ProcessEnv = {}): T {
  return walk(value) as T;

  function walk(v: unknown): unknown {
    if (typeof v === 'string') return resolveString(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, inner] of Object.entries(v)) out[k] = walk(inner);
      return out;
    }
    return v;
  }

  function lookup(name: string): unknown {
    if (Object.hasOwn(variables, name)) return variables[name];
    if (Object.hasOwn(env, name) && env[name] !== undefined) return env[name];
    throw new UndefinedVariableError(
      `\${${name}} is not defined: capture it in an earlier step, declare it in "variables", or (for a file run by mews-sim run) set the environment variable ${name.startsWith(ENV_PREFIX) ? name : `${ENV_PREFIX}${name} and use that name, or allow ${name} with --env ${name}`}.`,
      name,
    );
  }

  function resolveString(s: string): unknown {
    const date = RELATIVE_DATE.exec(s);
    if (date) return date[1] ? addDays(today, (date[1] === '-' ? -1 : 1) * Number(date[2])) : today;
    const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/.exec(s);
    // "${x}" alone keeps the variable's type (a number stays a number).
    if (whole) return lookup(whole[1]);
    return s.replace(VARIABLE, (_m, name: string) => String(lookup(name)));
  }
}

/** Reads a value at a JSON path such as $.reservations[0].confirmationNumber. */
export function readPath(value: unknown, path: string): unknown {
  const parts = path
    .replace(/^\$/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '');
  let v = value;
  for (const part of parts) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[/^\d+$/.test(part) && Array.isArray(v) ? Number(part) : part];
  }
  return v;
}
