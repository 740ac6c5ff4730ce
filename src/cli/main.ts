#!/usr/bin/env node
import { Command, InvalidArgumentError, Option } from 'commander';
import { registerAdminCommands } from './admin-commands.js';
import { LOG_FORMATS } from './log.js';
import { onShutdownSignal } from './signals.js';
import { VERSION } from '../engine/version.js';

/** Exit code 3: a file or folder mews-sim must write (journal, reports) is not writable. */
const WRITE_FAILURES = new Set(['EACCES', 'EPERM', 'EROFS']);
const exitCodeOf = (err: unknown) => (WRITE_FAILURES.has((err as NodeJS.ErrnoException).code ?? '') ? 3 : 2);
function describeFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (!WRITE_FAILURES.has(e.code ?? '')) return e.message;
  return `cannot write ${e.path ?? 'a file'} (${e.code}). In Docker, let the image's entrypoint prepare the folder (no \`user:\`), or create it writable for the container's user first (mkdir -p reports).`;
}

// Each command loads its own modules when it runs: `serve` stays lean (no scenario runner, reports or review).
const program = new Command();
program.name('mews-sim').description('Offline simulator of the Mews Channel Manager and Connector APIs').version(VERSION);

const collect = (value: string, previous: Record<string, string>) => {
  const eq = value.indexOf('=');
  if (eq < 1) throw new InvalidArgumentError('expected operation=url, e.g. confirmGroup=http://localhost:9000/confirm');
  return { ...previous, [value.slice(0, eq)]: value.slice(eq + 1) };
};
const list = (value: string, previous: string[] = []) => [...previous, ...value.split(',').map((v) => v.trim()).filter(Boolean)];
const envList = (name: string) => (process.env[name] ? list(process.env[name]!) : []);
const int = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number');
  return n;
};
const factor = (value: string) => {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (n > 0 && n < 1)) throw new InvalidArgumentError('expected 0 (off) or a factor of at least 1, e.g. 1.5');
  return n;
};

program
  .command('serve')
  .description('Start the simulator HTTP server (Channel Manager API and admin API)')
  .option('-p, --port <port>', 'port to listen on (env PORT)', int, process.env.PORT ? int(process.env.PORT) : 8080)
  .option('--host <host>', 'interface to bind (env HOST); 0.0.0.0 to accept other machines', process.env.HOST || '127.0.0.1')
  .option('--admin-token <token>', 'require "Authorization: Bearer <token>" on every /_sim route but health (env MEWS_SIM_ADMIN_TOKEN)', process.env.MEWS_SIM_ADMIN_TOKEN)
  .option('--allowed-host <name>', 'a dotted host name the admin API answers to (repeatable; env MEWS_SIM_ALLOWED_HOSTS, comma-separated)', list, envList('MEWS_SIM_ALLOWED_HOSTS'))
  .option('--allow-outbound-host <name>', 'a host the admin API may point calls at besides loopback and single-label names (repeatable; env MEWS_SIM_OUTBOUND_HOSTS)', list, envList('MEWS_SIM_OUTBOUND_HOSTS'))
  .option('--files-dir <dir>', 'folder scenarios sent to POST /_sim/runs may read files from (env MEWS_SIM_FILES_DIR); none by default', process.env.MEWS_SIM_FILES_DIR)
  .option('--partner-url <url>', "base URL of the channel manager's endpoints (env MEWS_SIM_PARTNER_URL)", process.env.MEWS_SIM_PARTNER_URL || undefined)
  .option('--partner-endpoint <operation=url>', 'URL for one channel manager operation (repeatable)', collect, {})
  .option('--world <file>', 'world fixture JSON file (env MEWS_SIM_WORLD); the demo world by default', process.env.MEWS_SIM_WORLD || undefined)
  .option('--seed <n>', 'generate a world from this seed instead of the demo world', int)
  .option('--journal-file <file>', 'append every call to this NDJSON file (env MEWS_SIM_JOURNAL_FILE)', process.env.MEWS_SIM_JOURNAL_FILE || undefined)
  .option('--journal-size <n>', 'entries kept in memory per world', int, 10_000)
  .option('--journal-mb <n>', 'megabytes of bodies kept in memory per world', int, 64)
  .option('--async-delay <ms>', 'delay before asynchronous confirmations', int, 20)
  .option('--now <instant>', 'freeze the simulated clock at this instant (ISO 8601)')
  .option('--public-url <url>', 'address partners use to reach mews-sim, for responseUrl (env MEWS_SIM_PUBLIC_URL)', process.env.MEWS_SIM_PUBLIC_URL || undefined)
  .option('--webhook-url <url>', 'where Connector API general webhooks go (env MEWS_SIM_WEBHOOK_URL)', process.env.MEWS_SIM_WEBHOOK_URL || undefined)
  .option('--integration-webhook-url <url>', 'where Connector API integration webhooks go (env MEWS_SIM_INTEGRATION_WEBHOOK_URL)', process.env.MEWS_SIM_INTEGRATION_WEBHOOK_URL || undefined)
  .option('--no-delta', 'do not send delta pushes on changes of state')
  .option('--no-change-notifications', 'do not send changeNotificaton calls')
  .option('--batch-size <n>', 'items per push message', int, 1000)
  .option('--retry-base <ms>', 'first retry delay of a push the partner did not accept (doubles each time)', int, 1000)
  .option('--confirmation-timeout <ms>', 'time allowed for an asynchronous confirmation', int, 60_000)
  .option('--max-reply-bytes <n>', "bytes of a partner's reply read at most; a longer reply is a bad reply", int, 1024 * 1024)
  .option('--outbound-per-host <n>', 'calls in flight at once toward one partner host (the rest queue)', int, 64)
  .option('--connector-request-limit <n>', 'Connector API requests allowed per AccessToken in 30 s; 0 lifts the limit (load tests)', int, 200)
  .addOption(
    new Option('--heap-growth <factor>', 'collect garbage once the heap outgrows its live size by this factor; 0 leaves it to V8').env('MEWS_SIM_HEAP_GROWTH').argParser(factor).default(1.5),
  )
  .addOption(new Option('--log-format <format>', 'log lines on stderr: pretty (default in a terminal) or json (default otherwise)').env('MEWS_SIM_LOG_FORMAT').choices(LOG_FORMATS))
  .option('--quiet', 'no banner: print only the bound URL')
  .action(async (opts) => {
    try {
      const { serve } = await import('./serve.js');
      await serve(opts);
    } catch (err) {
      console.error(`mews-sim: ${describeFailure(err)}`);
      process.exit(exitCodeOf(err));
    }
  });

/** Options of the commands that serve the Mews side while they run. */
const serverOptions = (cmd: Command) =>
  cmd
    .option('--partner-url <url>', "base URL of your channel manager's endpoints (env MEWS_SIM_PARTNER_URL)", process.env.MEWS_SIM_PARTNER_URL || undefined)
    .option('-p, --port <port>', 'port of the Mews side during the run (env PORT)', int, process.env.PORT ? int(process.env.PORT) : 8080)
    .option('--host <host>', 'interface to bind (env HOST)', process.env.HOST || '127.0.0.1')
    .option('--public-url <url>', 'address your system uses to reach mews-sim (env MEWS_SIM_PUBLIC_URL)', process.env.MEWS_SIM_PUBLIC_URL || undefined);

serverOptions(program.command('run <paths...>'))
  .description('Run scenario files or folders against your system; exit code 0 all passed, 1 a failure, 2 invalid files, 130/143 stopped by SIGINT/SIGTERM')
  .option('--reports <dir>', 'write junit.xml, report.html and report.json here')
  .option('--junit <file>', 'JUnit XML report')
  .option('--html <file>', 'HTML report')
  .option('--json <file>', 'JSON report')
  .option('--async-delay <ms>', 'delay before asynchronous confirmations', int, 20)
  .option('--env <name>', 'an environment variable ${NAME} may read besides MEWS_SIM_VAR_* (repeatable)', list, [])
  .option('--quiet', 'no progress output')
  .action(async (paths: string[], opts) => {
    try {
      const { runCommand } = await import('./run.js');
      const code = await runCommand(paths, opts);
      // Stopped by a signal: the reports are written; calls still in flight are not waited for.
      if (code >= 128) process.exit(code);
      process.exitCode = code;
    } catch (err) {
      console.error(`mews-sim: ${describeFailure(err)}`);
      process.exitCode = exitCodeOf(err);
    }
  });

program
  .command('validate <paths...>')
  .description('Check scenario files without running them: every problem as file:line:column, JSON path and reason; exit 0 valid, 2 not')
  .action(async (paths: string[]) => {
    onShutdownSignal();
    const { validateCommand } = await import('./run.js');
    process.exitCode = validateCommand(paths);
  });

serverOptions(program.command('certify'))
  .description('Rehearse the Channel Manager certification against your system; exit 0 when every required test passed')
  .option('--system-errors <file>', 'JSON file listing your system errors: [{"code": 1, "message": "...", "situation": "timeout"}] or {"errors": [...]}')
  .option('--gross-connection <token>', 'the gross-priced connection your system serves ("none" if it serves none)')
  .option('--net-connection <token>', 'the net-priced connection your system serves ("none" if it serves none)')
  .option('--interactive', 'a person sends the bookings when asked: wait up to 10 minutes per step')
  .option('--resend-window <duration>', 'how long to watch for a re-sent invalid reservation', '10s')
  .option('--reports <dir>', 'write certification.html, .xml, .json and .md here')
  .option('--wait-for-partner <seconds>', 'wait this long for your system to answer before starting', int, 60)
  .option('--quiet', 'print only the checklist')
  .action(async (opts) => {
    // Exits 130/143 on a signal; its server goes with the process.
    onShutdownSignal();
    try {
      const { certifyCommand } = await import('./certify.js');
      process.exitCode = await certifyCommand(opts);
    } catch (err) {
      console.error(`mews-sim: ${(err as Error).message}`);
      process.exitCode = 2;
    }
  });

program
  .command('review [journal]')
  .description('Review Connector API calls as the certification does; exit 0 pass, 1 needs changes, 2 bad declaration or journal')
  .option('--url <url>', 'review the journal of a running mews-sim (GET /_sim/journal/export)')
  .option('--journal-file <file>', 'review an NDJSON journal (serve --journal-file, or a saved export)')
  .option('--admin-token <token>', 'admin API token for --url (env MEWS_SIM_ADMIN_TOKEN)')
  .option('--world <name>', 'a named world of --url instead of the default one')
  .option('-d, --declaration <file>', 'the declaration (JSON, schemas/review-declaration.schema.json)', 'mews-sim.review.json')
  .option('--init', 'write a starting declaration drawn from the journal instead of reviewing')
  .option('--name <name>', 'integration name for --init')
  .option('--force', 'let --init overwrite an existing declaration')
  .option('--access-token <token>', 'review only calls made with this AccessToken (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
  .option('--request-limit <n>', 'requests allowed per AccessToken in 30 s', int, 200)
  .option('--reports <dir>', 'write review.html, review.json and review.xml (JUnit) here')
  .option('--html <file>', 'HTML report')
  .option('--json <file>', 'JSON report')
  .option('--junit <file>', 'JUnit XML report')
  .option('--quiet', 'no console summary')
  .action(async (journal: string | undefined, opts) => {
    const { reviewCommand } = await import('./review.js');
    process.exitCode = await reviewCommand(journal, opts);
  });

registerAdminCommands(program);

await program.parseAsync();
