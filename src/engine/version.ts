import { readFileSync } from 'node:fs';

/** The package version, read once (src/engine and dist/engine are both two levels below it). */
export const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version as string;
  } catch {
    return '0.0.0';
  }
})();
