import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { formatPath, locateJsonPath } from '../engine/json-locate.js';
import { parseJsonText, zodProblems, type FixtureProblem } from '../world/load.js';
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

/** Reads and validates scenario files; every problem comes with file, line, column, JSON path and reason. */
export function loadScenarios(paths: string[]): LoadResult {
  const { files, problems } = findScenarioFiles(paths);
  const scenarios: LoadedScenario[] = [];
  for (const file of files) {
    const result = parseScenarioText(readFileSync(file, 'utf8'), file);
    if ('scenario' in result) scenarios.push({ file, scenario: result.scenario });
    else problems.push(...result.problems);
  }
  return { scenarios, problems };
}

export function parseScenarioText(text: string, file = '<scenario>'): { scenario: Scenario } | { problems: FixtureProblem[] } {
  const json = parseJsonText(text, file);
  if ('problem' in json) return { problems: [json.problem] };
  const parsed = ScenarioSchema.safeParse(json.json);
  if (!parsed.success) return { problems: zodProblems(parsed.error, text, file) };
  const scenario = parsed.data;
  const problems: FixtureProblem[] = [];
  const ids = new Set<string>();
  scenario.steps.forEach((step, i) => {
    const where = (key: string, message: string) => {
      const path = ['steps', i, key];
      problems.push({ file, ...locateJsonPath(text, path), path: formatPath(path), message });
    };
    if (step.id) {
      if (ids.has(step.id)) where('id', `duplicate step id "${step.id}"`);
      ids.add(step.id);
    }
    if (step.type === 'push' && !step.body && !['updateAvailability', 'updatePrices', 'updateRestrictions'].includes(step.operation)) {
      where('operation', `a ${step.operation} push needs a "body"`);
    }
    if (step.type === 'push' && !step.body && (!step.from || !step.to)) where('from', 'an inventory push built from the world needs "from" and "to"');
    if (step.type === 'mapping' && (step.action === 'map' || step.action === 'unmap') && (!step.ratePlanCode || !step.spaceTypeCode)) {
      where('action', `${step.action} needs "ratePlanCode" and "spaceTypeCode"`);
    }
  });
  if ('file' in scenario.world && file !== '<scenario>') {
    const worldFile = resolve(dirname(file), scenario.world.file);
    if (!existsSync(worldFile)) problems.push({ file, ...locateJsonPath(text, ['world', 'file']), path: '$.world.file', message: `no world file at ${worldFile}` });
  }
  return problems.length ? { problems } : { scenario };
}
