/**
 * Cold start: a fresh `node` process imports dist/simulator.js, builds the demo world and answers its
 * first Connector call (configuration/get). Beside it, in the same run, the floor: a fresh `node`
 * process that does nothing. Prints each run, the medians and the difference.
 *
 *   npm run build && npx tsx bench/cold-start.ts [--runs 7]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' } } });
const runs = Number(values.runs);
const dist = fileURLToPath(new URL('../dist/simulator.js', import.meta.url));

const FIRST_ANSWER = `
const t0 = performance.now();
const { Simulator } = await import(${JSON.stringify(dist)});
const { CONNECTOR_DEMO } = await import(${JSON.stringify(dist.replace(/simulator\.js$/, 'world/demo.js'))});
const sim = new Simulator({});
const body = JSON.stringify({ ClientToken: CONNECTOR_DEMO.clientTokens[0], AccessToken: CONNECTOR_DEMO.grossAccessTokens[0], Client: 'cold start 1.0' });
const r = await sim.handle({ method: 'POST', path: '/api/connector/v1/configuration/get', query: new URLSearchParams(), headers: { 'content-type': 'application/json' }, body, bodyBytes: body.length });
if (r.status !== 200) throw new Error('status ' + r.status);
console.log(performance.now() - t0 + performance.timeOrigin - ${'${START}'});
`;

/** Milliseconds from spawning the process to the end of its work (the process reports its own end). */
function run(script: string): number {
  const start = Date.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script.replace('${START}', String(start))], { encoding: 'utf8' });
  const reported = Number(out.trim().split('\n').at(-1));
  return Number.isFinite(reported) ? reported : Date.now() - start;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const floor: number[] = [];
const sim: number[] = [];
for (let i = 0; i < runs; i++) {
  // Alternated, so a change of the machine's load touches both alike.
  floor.push(run(`console.log(performance.now() + performance.timeOrigin - \${START});`));
  sim.push(run(FIRST_ANSWER));
}
const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(', ');
console.log(`node doing nothing:        ${fmt(floor)} ms (median ${Math.round(median(floor))})`);
console.log(`first Connector answer:    ${fmt(sim)} ms (median ${Math.round(median(sim))})`);
console.log(`mews-sim's own cold start: ${Math.round(median(sim) - median(floor))} ms over the node floor (goal: first answer < 500 ms)`);
