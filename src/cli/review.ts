import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadDeclaration, ReviewInputError } from '../review/declaration.js';
import { evictedEntries, readJournalFile, readJournalUrl } from '../review/read.js';
import { consoleReport, htmlReport, jsonReport, junitReport } from '../review/reports.js';
import { initDeclaration, review } from '../review/review.js';
import type { JournalEntry } from '../journal/entry.js';

export interface ReviewCliOptions {
  url?: string;
  journalFile?: string;
  adminToken?: string;
  world?: string;
  declaration: string;
  init?: boolean;
  name?: string;
  force?: boolean;
  accessToken?: string[];
  requestLimit?: number;
  reports?: string;
  html?: string;
  json?: string;
  junit?: string;
  quiet?: boolean;
}

const SCHEMA = fileURLToPath(new URL('../../schemas/review-declaration.schema.json', import.meta.url));

function source(file: string | undefined, opts: ReviewCliOptions): AsyncIterable<JournalEntry> {
  const chosen = [file, opts.journalFile, opts.url].filter(Boolean);
  if (chosen.length !== 1) throw new ReviewInputError('mews-sim review', '', 'give exactly one journal: --url <mews-sim address>, --journal-file <file>, or an NDJSON export file');
  if (opts.url) return readJournalUrl({ url: opts.url, adminToken: opts.adminToken, world: opts.world });
  return readJournalFile((file ?? opts.journalFile)!);
}

/** `mews-sim review`: the Connector API certification review of a journal. Exit 0 pass, 1 needs changes, 2 bad input. */
export async function reviewCommand(file: string | undefined, opts: ReviewCliOptions): Promise<number> {
  const say = (text: string) => opts.quiet || console.log(text);
  // From the environment, not a default: --help must never print a token.
  opts = { ...opts, adminToken: opts.adminToken ?? process.env.MEWS_SIM_ADMIN_TOKEN };
  try {
    if (opts.init) {
      if (existsSync(opts.declaration) && !opts.force) throw new ReviewInputError(opts.declaration, '', 'already exists; pass --force to overwrite it');
      const schema = relative(dirname(resolve(opts.declaration)), SCHEMA).split('\\').join('/');
      const declaration = await initDeclaration(source(file, opts), { name: opts.name, schema });
      mkdirSync(dirname(resolve(opts.declaration)), { recursive: true });
      writeFileSync(opts.declaration, JSON.stringify(declaration, null, 2) + '\n');
      say(`wrote ${opts.declaration}: ${(declaration.operations as unknown[]).length} operations. State each purpose, check the use case and extents, then run mews-sim review again without --init.`);
      return 0;
    }
    const declaration = loadDeclaration(opts.declaration);
    if (opts.accessToken?.length) declaration.accessTokens = opts.accessToken;
    const journal = source(file, opts);
    const evicted = opts.url ? await evictedEntries({ url: opts.url, adminToken: opts.adminToken, world: opts.world }) : 0;
    const warnings = evicted
      ? [`The simulator had already dropped ${evicted} older entries from memory; start it with --journal-file run.ndjson (or a larger --journal-size) and review that file.`]
      : [];
    const result = await review(journal, declaration, { requestLimit: opts.requestLimit, warnings });
    const reports: [string | undefined, () => string][] = [
      [opts.html ?? (opts.reports && join(opts.reports, 'review.html')), () => htmlReport(result)],
      [opts.json ?? (opts.reports && join(opts.reports, 'review.json')), () => jsonReport(result)],
      [opts.junit ?? (opts.reports && join(opts.reports, 'review.xml')), () => junitReport(result)],
    ];
    for (const [out, build] of reports) {
      if (!out) continue;
      try {
        mkdirSync(dirname(resolve(out)), { recursive: true });
        writeFileSync(out, build());
      } catch (err) {
        throw new ReviewInputError(out, '', `cannot be written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
    }
    say(consoleReport(result));
    return result.verdict === 'pass' ? 0 : 1;
  } catch (err) {
    // A bad input names its file and place; anything else (an unwritable report path...) still gets one plain line.
    const e = err as NodeJS.ErrnoException;
    console.error(`mews-sim review: ${err instanceof ReviewInputError ? e.message : `${e.path ? `${e.path}: ` : ''}${e.code ?? e.message}`}`);
    return 2;
  }
}
