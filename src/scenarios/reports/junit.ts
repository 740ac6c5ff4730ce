import junitModule, { type Builder } from 'junit-report-builder';
import type { ScenarioResult } from '../runner.js';

// The package's types declare an ES default export, but at run time module.exports is the builder.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

/** JUnit XML: one test suite per scenario, one test case per step (CI systems show it natively). */
export function junitReport(results: ScenarioResult[], suiteName = 'mews-sim'): string {
  const builder = junit.newBuilder();
  for (const r of results) {
    const suite = builder.testSuite().name(r.name).timestamp(r.startedAt).time(r.durationMs / 1000);
    if (r.file) suite.property('file', r.file);
    for (const s of r.steps) {
      const tc = suite
        .testCase()
        .className(`${suiteName}.${r.name}`)
        .name(`${String(s.index + 1).padStart(2, '0')} ${s.name}`)
        .time(s.durationMs / 1000);
      if (s.status === 'failed') tc.failure([s.message, s.diff].filter(Boolean).join('\n'));
      if (s.status === 'skipped') tc.skipped();
    }
  }
  return builder.build();
}
