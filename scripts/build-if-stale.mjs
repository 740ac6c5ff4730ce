// `npm start` runs this first: build only when a source file is newer than the last build.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const built = (() => {
  try {
    return statSync('dist/cli/main.js').mtimeMs;
  } catch {
    return 0;
  }
})();
function newest(dir) {
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return max;
}
const sources = Math.max(newest('src'), statSync('tsconfig.json').mtimeMs);
if (sources > built) {
  console.error('mews-sim: building dist/ (sources changed since the last build)');
  execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.json'], { stdio: 'inherit' });
}
