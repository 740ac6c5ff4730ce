import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatPath, locateJsonPath } from '../engine/json-locate.js';
import { parseJsonText, type FixtureProblem } from '../world/load.js';
import { isPlainObject } from '../engine/json.js';
import { crossCheck, isCertificationScenario, reword, type CheckOptions } from './check.js';
import { ScenarioSchema, type Scenario } from './schema.js';

export interface LoadedScenario {
  file: string;
  scenario: Scenario;
}

export interface LoadResult {
  scenarios: LoadedScenario[];
  problems: FixtureProblem[];
}

/** Every *.json scenario in the given files and folders (folders recursively, sorted by path). */
export function findScenarioFiles(paths: string[]): { files: string[]; problems: FixtureProblem[] } {
  const files: string[] = [];
  const problems: FixtureProblem[] = [];
  const walk = (p: string) => {
    if (!existsSync(p)) {
      problems.push({ file: p, path: '$', message: 'no such file or folder' });
      return;
    }
    if (statSync(p).isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        const child = join(p, name);
        if (statSync(child).isDirectory()) walk(child);
        else if (name.endsWith('.json') && !name.endsWith('.schema.json')) files.push(child);
      }
    } else files.push(p);
  };
  paths.forEach(walk);
  return { files, problems };
}

/**
 * Reads and validates scenario files; every problem comes with file, line, column, JSON path and
 * reason. Files are read in order: a scenario with `"world": {"continue": true}` may use the
 * variables the scenarios before it captured or declared.
 */
export function loadScenarios(paths: string[]): LoadResult {
  const { files, problems } = findScenarioFiles(paths);
  const scenarios: LoadedScenario[] = [];
  let defined = new Set<string>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      problems.push({ file, path: '$', message: `cannot read the file (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})` });
      continue;
    }
    const result = analyseScenario(text, file, { inherited: defined });
    defined = result.defined;
    if (result.scenario) scenarios.push({ file, scenario: result.scenario });
    else problems.push(...result.problems);
  }
  return { scenarios, problems };
}

export function parseScenarioText(text: string, file = '<scenario>', options: CheckOptions = {}): { scenario: Scenario } | { problems: FixtureProblem[] } {
  const result = analyseScenario(text, file, options);
  return result.scenario ? { scenario: result.scenario } : { problems: result.problems };
}

// The certification suite gets these from `mews-sim certify` (SYSTEM_ERRORS_FILE, NO_RESEND_WINDOW, ...,
// and the connections it runs on: gross and net).
const SUPPLIED_BY_CERTIFY = /^(?:[A-Z][A-Z0-9_]*|gross|net)$/;

function analyseScenario(text: string, file: string, options: CheckOptions): { scenario?: Scenario; problems: FixtureProblem[]; defined: Set<string> } {
  const json = parseJsonText(text, file);
  if ('problem' in json) return { problems: [json.problem], defined: new Set() };
  const raw = json.json;
  const problems: FixtureProblem[] = [];
  const add = (path: (string | number)[], message: string) => problems.push({ file, ...locateJsonPath(text, path), path: formatPath(path), message });
  const parsed = ScenarioSchema.safeParse(raw);
  if (!parsed.success) for (const issue of parsed.error.issues) for (const f of reword(issue, raw)) add(f.path, f.message);
  const continues = isPlainObject(raw) && isPlainObject(raw.world) && raw.world.continue === true;
  const certification = isCertificationScenario(raw);
  const { findings, defined } = crossCheck(raw, {
    inherited: continues ? options.inherited : undefined,
    supplied: (name) => (certification && SUPPLIED_BY_CERTIFY.test(name)) || (options.supplied?.(name) ?? false),
  });
  for (const f of findings) add(f.path, f.message);
  if (parsed.success && 'file' in parsed.data.world && file !== '<scenario>') {
    const worldFile = resolve(dirname(file), parsed.data.world.file);
    if (!existsSync(worldFile)) add(['world', 'file'], `no world file at ${worldFile}`);
  }
  problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
  return problems.length || !parsed.success ? { problems: dedupe(problems), defined } : { scenario: parsed.data, problems, defined };
}

function dedupe(problems: FixtureProblem[]): FixtureProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.path} ${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
