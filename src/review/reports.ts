import junitModule, { type Builder } from 'junit-report-builder';
import { maskCardText } from '../journal/mask.js';
import type { CriterionResult, ReviewResult } from './types.js';

// The package's types declare an ES default export, but at run time module.exports is the builder.
const junit = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder;

const MARK = { pass: '✓', fail: '✗', 'not-judged': '–' } as const;
const failing = (r: ReviewResult) => r.findings.filter((f) => f.status === 'fail' && f.severity !== 'info');
/** Findings first: failures by severity, then remarks, then what passed. */
const ORDER = (f: CriterionResult) => (f.status === 'fail' ? { blocking: 0, 'should-fix': 1, info: 3 }[f.severity] : f.status === 'not-judged' ? 2 : 4);
export const ordered = (r: ReviewResult) => [...r.findings].sort((a, b) => ORDER(a) - ORDER(b));

export function consoleReport(r: ReviewResult): string {
  const lines = [
    `Certification review of ${r.integration}: ${r.verdict === 'pass' ? 'PASS' : 'NEEDS CHANGES'}`,
    `${r.coverage.reviewedCalls} Connector calls (${r.coverage.entries} journal entries, ${r.coverage.webhooksDelivered} webhooks delivered) over ${r.coverage.simulatedHours} h of simulated time` +
      (r.coverage.firstCall ? ` (${r.coverage.firstCall} → ${r.coverage.lastCall})` : ''),
    ...r.coverage.warnings.map((w) => `! ${w}`),
    '',
  ];
  for (const f of ordered(r)) {
    const remark = f.status === 'fail' && f.severity === 'info';
    const tag = f.status === 'fail' && !remark ? ` [${f.severity}]` : '';
    lines.push(`${remark ? '•' : MARK[f.status]} ${f.title}${tag} — ${f.message}`);
    if (f.status !== 'fail' || remark) continue;
    for (const d of f.details?.filter((d) => d.startsWith('UNRESOLVED')) ?? []) lines.push(`    ${d}`);
    for (const e of f.evidence.slice(0, 3)) lines.push(`    ${e.id} ${e.time} ${e.excerpt}`);
    if (f.fixHint) lines.push(`    fix: ${f.fixHint}`);
  }
  const bad = failing(r);
  lines.push('', bad.length ? `${bad.length} finding(s) to fix: ${bad.map((f) => f.id).join(', ')}` : 'No finding to fix.');
  return maskCardText(lines.join('\n'));
}

export function jsonReport(r: ReviewResult): string {
  return maskCardText(JSON.stringify({ ...r, findings: ordered(r) }, null, 2)) + '\n';
}

/** JUnit XML: one test case per criterion; failing criteria fail, remarks are skipped with their message. */
export function junitReport(r: ReviewResult): string {
  const builder = junit.newBuilder();
  const suite = builder.testSuite().name(`Certification review: ${r.integration}`);
  suite.property('verdict', r.verdict).property('simulatedHours', String(r.coverage.simulatedHours));
  for (const f of r.findings) {
    const tc = suite.testCase().className(`review.${f.severity}`).name(`${f.id}: ${f.title}`);
    const text = [f.message, ...(f.details ?? []), ...f.evidence.map((e) => `${e.id} ${e.time} ${e.excerpt}`), f.fixHint && `fix: ${f.fixHint}`].filter(Boolean).join('\n');
    if (f.status === 'fail' && f.severity !== 'info') tc.failure(maskCardText(f.message), f.severity).stacktrace(maskCardText(text));
    else if (f.status === 'not-judged') tc.skipped();
    else tc.standardOutput(maskCardText(text));
  }
  return builder.build();
}

const esc = (s: string) => maskCardText(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Self-contained HTML: verdict, findings first (each expandable to its calls), then the operations table. */
export function htmlReport(r: ReviewResult): string {
  const finding = (f: CriterionResult) => `<details class="${f.status} ${f.severity}"${f.status === 'fail' && f.severity !== 'info' ? ' open' : ''}>
<summary><span class="badge">${f.status === 'fail' ? esc(f.severity) : esc(f.status)}</span> ${esc(f.title)} <small>${esc(f.id)}</small></summary>
<p>${esc(f.message)}</p>
${f.details?.length ? `<ul>${f.details.map((d) => `<li>${esc(d)}</li>`).join('')}</ul>` : ''}
${f.evidence.length ? `<table><thead><tr><th>entry</th><th>simulated time</th><th>call</th></tr></thead><tbody>${f.evidence.map((e) => `<tr><td><code>${esc(e.id)}</code></td><td>${esc(e.time)}</td><td><code>${esc(e.excerpt)}</code></td></tr>`).join('')}</tbody></table>${f.count > f.evidence.length ? `<p class="meta">${f.evidence.length} of ${f.count} shown</p>` : ''}` : ''}
${f.status === 'fail' && f.fixHint ? `<p class="fix">Fix: ${esc(f.fixHint)}</p>` : ''}
<p class="meta">Source: ${esc(f.source)}</p>
</details>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Certification review: ${esc(r.integration)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#222}
.verdict{font-size:1.3rem;padding:.6rem 1rem;border-radius:6px}.verdict.pass{background:#e3f6e6}.verdict.fail{background:#fde7e7}
details{border:1px solid #ddd;border-radius:6px;margin:.5rem 0;padding:.4rem .8rem}summary{cursor:pointer}
.badge{display:inline-block;min-width:6.5rem;text-align:center;border-radius:4px;padding:0 .4rem;margin-right:.4rem;background:#eee;font-size:.85em}
.fail.blocking .badge{background:#c62828;color:#fff}.fail.should-fix .badge{background:#ef6c00;color:#fff}.pass .badge{background:#2e7d32;color:#fff}
table{border-collapse:collapse;width:100%;margin:.4rem 0}td,th{border-bottom:1px solid #eee;padding:.2rem .4rem;text-align:left;vertical-align:top}code{font-size:.85em;word-break:break-all}
.meta{color:#666;font-size:.85em}.fix{background:#fff8e1;padding:.3rem .6rem;border-radius:4px}.warn{color:#8a5300}
</style></head><body>
<h1>Certification review: ${esc(r.integration)}</h1>
<p class="verdict ${r.verdict === 'pass' ? 'pass' : 'fail'}">${r.verdict === 'pass' ? 'Pass' : 'Needs changes'} — ${failing(r).length} finding(s) to fix</p>
<p>${r.coverage.reviewedCalls} Connector calls over ${r.coverage.simulatedHours} h of simulated time${r.coverage.firstCall ? ` (${esc(r.coverage.firstCall)} → ${esc(r.coverage.lastCall ?? '')})` : ''}; ${r.coverage.webhooksDelivered} webhooks delivered; ${r.coverage.entries} journal entries read.</p>
${r.coverage.warnings.map((w) => `<p class="warn">⚠ ${esc(w)}</p>`).join('\n')}
<h2>Findings</h2>
${ordered(r).map(finding).join('\n')}
<h2>Operations</h2>
<table><thead><tr><th>operation</th><th>calls</th><th>per simulated hour</th><th>errors</th><th>declared</th></tr></thead><tbody>
${r.operations.map((o) => `<tr><td><code>${esc(o.operation)}</code></td><td>${o.calls}</td><td>${o.perHour}</td><td>${o.errors}</td><td>${o.declared ? 'yes' : '<b>no</b>'}</td></tr>`).join('\n')}
</tbody></table>
</body></html>
`;
}
