import { serializeEntry } from '../../journal/journal.js';
import type { JournalEntry } from '../../journal/entry.js';
import type { ScenarioResult, StepResult } from '../runner.js';
import { summarize } from './json.js';

/**
 * A self-contained HTML report (no scripts, no external files) readable by someone who was not
 * there: failed scenarios first, per scenario the steps with their verdict and diffs, then the
 * timeline of every call with its bodies and findings. A "failures only" switch (pure CSS) hides
 * what passed. Every call is an anchor named by its journal id (report.html#<id>).
 */
export function htmlReport(results: ScenarioResult[], title = 'mews-sim run'): string {
  const s = summarize(results);
  // Failures first; the order within each group stays the run's.
  const ordered = results.map((r, i) => ({ r, i })).sort((a, b) => Number(a.r.status === 'passed') - Number(b.r.status === 'passed') || a.i - b.i);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${CSS}</style></head>
<body>
<header><h1>${esc(title)}</h1>
<p class="summary ${s.failed ? 'bad' : 'good'}">${s.passed} passed, ${s.failed} failed — ${s.scenarios} scenario(s) in ${(s.durationMs / 1000).toFixed(2)} s</p></header>
<input type="checkbox" id="failures-only" class="switch"${s.failed ? '' : ' disabled'}><label for="failures-only" class="switch">failures only</label>
<main>
<nav><ul>${ordered.map(({ r, i }) => `<li class="${r.status}"><a href="#s${i}">${esc(r.name)}</a></li>`).join('')}</ul></nav>
${ordered.map(({ r, i }) => scenarioSection(r, i)).join('\n')}
</main>
</body></html>
`;
}

function scenarioSection(r: ScenarioResult, i: number): string {
  return `<section id="s${i}" class="scenario ${r.status}">
<h2><span class="badge ${r.status}">${r.status}</span> ${esc(r.name)}</h2>
${r.description ? `<p>${esc(r.description)}</p>` : ''}
${r.aborted ? `<p class="message bad">${esc(r.aborted)}</p>` : ''}
<p class="meta">${r.file ? `${esc(r.file)} · ` : ''}${r.requirement ? `${esc(r.requirement)} · ` : ''}run ${esc(r.runId)} · started ${esc(r.startedAt)} · ${(r.durationMs / 1000).toFixed(2)} s</p>
<h3>Steps</h3>
<table class="steps"><thead><tr><th>#</th><th>step</th><th>result</th><th>time</th><th>calls</th></tr></thead><tbody>
${r.steps.map(stepRow).join('\n')}
</tbody></table>
<h3>Calls (${r.journal.length})</h3>
<ol class="timeline">${r.journal.map(callItem).join('\n')}</ol>
</section>`;
}

function stepRow(s: StepResult): string {
  const row = `<tr class="${s.status}"><td>${s.index + 1}</td><td>${esc(s.name)}<div class="type">${esc(s.type)}${s.id.startsWith('step-') ? '' : ` · ${esc(s.id)}`}</div></td><td><span class="badge ${s.status}">${s.status}</span></td><td>${s.durationMs.toFixed(0)} ms</td><td>${s.entries.map((e) => `<a href="#${esc(e)}">${esc(e)}</a>`).join(' ')}</td></tr>`;
  // The message and diff get a row of their own, the table's full width: a wide diff never squeezes the step column.
  if (!s.message && !s.diff) return row;
  return `${row}\n<tr class="${s.status} detail"><td></td><td colspan="4">${s.message ? `<div class="message">${esc(s.message)}</div>` : ''}${s.diff ? `<pre class="diff">${esc(s.diff)}</pre>` : ''}</td></tr>`;
}

function callItem(e: JournalEntry): string {
  const arrow = e.direction === 'inbound' ? 'partner → mews-sim' : 'mews-sim → partner';
  const verdict = e.failure ? `<span class="badge failed">${esc(e.failure)}</span>` : e.success === false ? `<span class="badge failed">${e.errorCodes?.length ? `codes ${e.errorCodes.join(', ')}` : 'not accepted'}</span>` : '<span class="badge passed">ok</span>';
  const findings = e.findings.length ? `<ul class="findings">${e.findings.map((f) => `<li class="${f.severity}">${esc(f.severity)} · ${esc(f.kind)}${f.path ? ` · ${esc(f.path)}` : ''}: ${esc(f.message)}</li>`).join('')}</ul>` : '';
  const request = JSON.parse(serializeEntry(e)).request?.body;
  return `<li id="${esc(e.id)}"><div class="call"><span class="time">${esc(e.time.slice(11, 23))}</span> <span class="dir">${arrow}</span> <b>${esc(e.operation)}</b> HTTP ${e.status} ${verdict} <span class="step">${esc(e.stepId ?? '')}</span> <span class="dur">${e.durationMs} ms</span></div>
${findings}<details><summary>request</summary><pre>${esc(pretty(request))}</pre></details><details><summary>response</summary><pre>${esc(pretty(e.response?.body))}</pre></details></li>`;
}

function pretty(v: unknown): string {
  if (v === undefined) return '(none)';
  const text = typeof v === 'string' ? v : JSON.stringify(v, null, 2);
  return text.length > 20_000 ? `${text.slice(0, 20_000)}\n… (${text.length - 20_000} more characters)` : text;
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header,section,nav,main{max-width:1100px;margin:0 auto;padding:12px 24px}
h1{margin:.4em 0}h2{margin:.2em 0}h3{margin:1em 0 .4em;font-size:15px;color:#444}
.summary{font-size:16px;font-weight:600}.good{color:#17804a}.bad{color:#b42318}
nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:6px}nav li a{display:block;padding:3px 8px;border-radius:4px;background:#fff;border:1px solid #dde;text-decoration:none;color:inherit}
nav li.failed a{border-color:#f3b4ae;background:#fff4f3}
section.scenario{background:#fff;border:1px solid #e3e5ea;border-radius:8px;margin:16px auto}
.meta{color:#667;font-size:12px}
.badge{display:inline-block;padding:1px 7px;border-radius:10px;font-size:12px;font-weight:600;background:#eef}
.badge.passed{background:#dcfae6;color:#085d3a}.badge.failed,.badge.aborted{background:#fee4e2;color:#912018}.badge.skipped{background:#eee;color:#666}
table.steps{border-collapse:collapse;width:100%;table-layout:fixed}table.steps td,table.steps th{border-bottom:1px solid #eee;padding:6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
table.steps th:nth-child(1){width:2.5em}table.steps th:nth-child(3){width:6em}table.steps th:nth-child(4){width:6em}table.steps th:nth-child(5){width:28%}
tr.detail td{border-top:0}tr.failed,tr.aborted{background:#fff8f7}
input.switch{margin-left:24px}label.switch{font-size:13px;cursor:pointer;user-select:none}
#failures-only:checked~main .scenario.passed,#failures-only:checked~main nav li.passed,#failures-only:checked~main tr.passed,#failures-only:checked~main tr.skipped{display:none}.type{color:#889;font-size:12px}.message{margin-top:4px}
pre{background:#f3f4f6;padding:8px;border-radius:4px;overflow:auto;max-height:420px;font-size:12px}
pre.diff{background:#fff1f0;border-left:3px solid #d92d20}
ol.timeline{padding-left:22px}ol.timeline li{margin:6px 0}.call{font-family:ui-monospace,monospace;font-size:12.5px}
.time,.dur,.step{color:#889}.dir{color:#4b5fd0}
ul.findings{margin:2px 0 2px 0;font-size:12px}ul.findings li.error{color:#b42318}ul.findings li.warning{color:#935f00}ul.findings li.info{color:#555}
details summary{cursor:pointer;color:#4b5fd0;font-size:12px}
`;
