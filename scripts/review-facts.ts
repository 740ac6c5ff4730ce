import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Derives the review's table of facts from the Connector API docs: which operations each use case
 * names, which operations and fields are deprecated (with dates), and which general webhook event
 * stands for changes a getAll would otherwise poll for. Every entry cites the page it comes from.
 * Usage: tsx scripts/review-facts.ts [docs dir]  (default /work/mews-docs/connector-api, or MEWS_DOCS)
 */
export const DEFAULT_DOCS = process.env.MEWS_DOCS ?? '/work/mews-docs/connector-api';
const OUT = 'src/review/facts.generated.ts';

export function buildFacts(DOCS: string) {
  const read = (path: string) => readFileSync(join(DOCS, path), 'utf8');
  const slug = (heading: string) =>
    heading
      .replace(/~~/g, '')
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .replace(/ /g, '-');

  /** "file.md#anchor" → operation path, from each operation page's headings and addresses. */
  const anchors = new Map<string, string>();
  for (const file of readdirSync(join(DOCS, 'operations')).filter((f) => f.endsWith('.md'))) {
    let heading: string | undefined;
    for (const line of read(`operations/${file}`).split('\n')) {
      const h = /^## (.+)$/.exec(line);
      if (h) heading = h[1];
      const a = /^`\[PlatformAddress\]\/api\/connector\/v1\/([^`]+)`/.exec(line);
      if (a && heading) {
        anchors.set(`${file}#${slug(heading)}`, a[1]);
        heading = undefined;
      }
    }
}
const opOf = (link: string) => anchors.get(link.replace(/^.*operations\//, ''));
/** A link whose anchor differs from the heading only in a plural (…automation-assignments for "automations assignments"). */
const singular = (anchor: string) => anchor.replace(/s(?=-|$)/g, '');
const looseOpOf = (link: string) => opOf(link) ?? [...anchors].find(([anchor]) => singular(anchor) === singular(link))?.[1];
const linksIn = (text: string) => [...text.matchAll(/\]\(\.\.\/operations\/([a-z0-9-]+\.md#[a-z0-9-]+)\)/g)].map((m) => m[1]);

// Use cases: the operations named in their "'How to' use case | API Operations" tables.
const useCases: Record<string, { title: string; source: string; operations: string[] }> = {};
for (const file of readdirSync(join(DOCS, 'use-cases')).filter((f) => f.endsWith('.md') && f !== 'README.md' && f !== 'how-to.md')) {
  const text = read(`use-cases/${file}`);
  const ops = new Set<string>();
  for (const line of text.split('\n').filter((l) => l.startsWith('|'))) for (const link of linksIn(line)) if (opOf(link)) ops.add(opOf(link)!);
  useCases[file.replace(/\.md$/, '')] = { title: /^# (.+)$/m.exec(text)?.[1] ?? file, source: `use-cases/${file}`, operations: [...ops].sort() };
}

// Deprecations: the two tables of deprecations/README.md.
const deprecations = read('deprecations/README.md');
const section = (title: string) => deprecations.split(`## ${title}`)[1]?.split('\n## ')[0] ?? '';
const rows = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('| ') && !l.startsWith('| Feature') && !l.startsWith('| :'))
    .map((l) => l.split(' | ').map((c) => c.replace(/^\| |\s*\|$/g, '').trim()));
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** "10 Jan 2027", "9th Jan 2025" → "2027-01-10"; a typo'd or absent date ("-", "20255") → null. */
const date = (text: string): string | null => {
  const m = /^(\d{1,2})(?:st|nd|rd|th)? (\w{3})\w* (?:\w{3} )?(\d{4})$/.exec(text.trim());
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  return m && month >= 0 ? new Date(Date.UTC(Number(m[3]), month, Number(m[1]))).toISOString().slice(0, 10) : null;
};

/** Link text without its target and without markdown escapes ("\\(ver ...\\)"). */
const plain = (text: string) =>
  text
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/\\([()[\]_*])/g, '$1')
    .replace(/\s+/g, ' ');
/** The operations a comment links, also relative to operations/ ("payments.md#..."). */
const operationsLinked = (text: string) => [...text.matchAll(/\]\((?:\.\.\/operations\/)?([a-z0-9-]+\.md#[a-z0-9-]+)\)/g)].map((m) => looseOpOf(m[1])).filter((o) => o !== undefined);

// An operation without a link (Add restrictions) is found by its heading in operations/discontinued.md.
const deprecatedOperations = rows(section('Deprecated operations'))
  .map(([feature, comment, deprecated, discontinued]) => {
    const link = linksIn(feature)[0];
    const operation = link ? opOf(link) : opOf(`discontinued.md#${slug(feature)}`);
    const replacedBy = [...new Set(operationsLinked(comment.replace(/;.*$/, '')))];
    return operation ? { operation, replacement: plain(comment).replace(/;.*$/, ''), replacedBy, deprecated: date(deprecated), discontinued: date(discontinued), source: 'deprecations/README.md' } : undefined;
  })
  .filter((x) => x !== undefined);

const deprecatedFields = rows(section('Deprecated properties'))
  .flatMap(([feature, comment, deprecated, discontinued]) => {
    const [names, where = ''] = feature.split(/<br>|\bin \[/);
    const isExtent = /^\s*Extent\b/.test(names);
    const fields = [...names.matchAll(/`([A-Za-z]+)`/g)].map((m) => (isExtent ? `Extent.${m[1]}` : m[1]));
    const ops = [...new Set([...linksIn(feature), ...linksIn(where)].map(opOf).filter((o): o is string => o !== undefined))];
    // Only fields of requests the review can see: "Extent X in <getAll>" or a request parameter of an operation.
    return ops.length && fields.length
      ? [{ fields, operations: ops, replacement: comment.replace(/\[([^\]]+)\]\([^)]*\)/g, '$1'), deprecated: date(deprecated), discontinued: date(discontinued), source: 'deprecations/README.md' }]
      : [];
  });

// General webhooks: event discriminator → the operation that fetches what changed.
const webhookEvents: Record<string, { operation: string; source: string }> = {};
for (const line of read('events/wh-general.md').split('\n')) {
  const m = /^\| `(\w+)`\s*\|.*\|\s*\[[^\]]+\]\(\.\.\/operations\/([a-z0-9-]+\.md#[a-z0-9-]+)\)\s*\|$/.exec(line);
  if (m && opOf(m[2])) webhookEvents[m[1]] = { operation: opOf(m[2])!, source: 'events/wh-general.md' };
}

// Static data to cache (best-practices.md, "Cache data and limit high-traffic calls"): its list of
// kinds of data, mapped by hand to the operations that read them.
const staticOperations = {
  source: 'guidelines/best-practices.md',
  operations: ['resourceCategories/getAll', 'services/getAll', 'products/getAll', 'accountingCategories/getAll', 'businessSegments/getAll', 'configuration/get', 'taxations/getAll', 'taxEnvironments/getAll', 'ageCategories/getAll', 'rateGroups/getAll', 'departments/getAll', 'enterprises/getAll'],
};

return { generatedBy: 'scripts/review-facts.ts', useCases, deprecatedOperations, deprecatedFields, webhookEvents, staticOperations };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const facts = buildFacts(process.argv[2] ?? DEFAULT_DOCS);
  writeFileSync(OUT, `/** Generated by scripts/review-facts.ts from the Connector API docs; do not edit. */\nexport const FACTS = ${JSON.stringify(facts, null, 2)};\n`);
  console.log(`wrote ${OUT}: ${Object.keys(facts.useCases).length} use cases, ${facts.deprecatedOperations.length} deprecated operations, ${facts.deprecatedFields.length} deprecated fields, ${Object.keys(facts.webhookEvents).length} webhook events`);
}
