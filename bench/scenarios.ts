import { setAvailability } from '../src/channel-manager/commands.js';
import { Simulator } from '../src/simulator.js';
import { parseScenarioText } from '../src/scenarios/load.js';
import { runScenario } from '../src/scenarios/runner.js';
import { DEMO_TOKENS } from '../src/world/demo.js';

/**
 * Runs 1,000 trivial scenarios (three setAvailability steps each) in-process and compares the
 * runner's cost per step with calling the same operation directly, in the same run.
 *
 *   npx tsx bench/scenarios.ts [--scenarios 1000]
 */
const i = process.argv.indexOf('--scenarios');
const count = i > 0 ? Number(process.argv[i + 1]) : 1000;
const steps = [1, 2, 3].map((n) => ({ type: 'setAvailability', connection: '${gross}', spaceTypeCode: 'DBL', from: `today+${n}`, to: `today+${n + 1}`, availability: n }));
const parsed = parseScenarioText(JSON.stringify({ name: 'trivial', variables: { gross: DEMO_TOKENS.grossConnection }, steps }));
if ('problems' in parsed) throw new Error('invalid bench scenario');
const scenario = parsed.scenario;

const sim = new Simulator({ deltaPushes: false, changeNotifications: false, journal: { maxEntries: 1000 } });
const world = sim.defaultWorld;
// Warm-up of both paths.
for (let k = 0; k < 50; k++) await runScenario(world, scenario);

const t0 = performance.now();
let failed = 0;
for (let k = 0; k < count; k++) if ((await runScenario(world, scenario)).status !== 'passed') failed++;
const runMs = performance.now() - t0;

const today = world.clock.now().toISOString().slice(0, 10);
const day = (n: number) => new Date(Date.parse(today) + n * 86_400_000).toISOString().slice(0, 10);
const t1 = performance.now();
for (let k = 0; k < count; k++) {
  world.reset();
  for (let n = 1; n <= 3; n++) setAvailability(world, { connection: DEMO_TOKENS.grossConnection, spaceTypeCode: 'DBL', from: day(n), to: day(n + 1), availability: n });
}
const directMs = performance.now() - t1;
sim.close();

const stepsRun = count * 3;
console.log(`${count} scenarios × 3 steps, in-process, Node ${process.version}\n`);
console.log('| measure | value |');
console.log('| --- | ---: |');
console.log(`| scenarios per second | ${Math.round(count / (runMs / 1000)).toLocaleString('en')} |`);
console.log(`| runner: time per step (incl. world reset, interpolation, journal) | ${((runMs / stepsRun) * 1000).toFixed(1)} µs |`);
console.log(`| direct call: time per step (world reset + the same operation) | ${((directMs / stepsRun) * 1000).toFixed(1)} µs |`);
console.log(`| runner overhead per step | ${(((runMs - directMs) / stepsRun) * 1000).toFixed(1)} µs (${(runMs / directMs).toFixed(2)}× the direct call) |`);
console.log(`| failed scenarios | ${failed} |`);
process.exit(0);
