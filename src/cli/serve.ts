import { listen } from './listen.js';
import { createLogger, type LogFormat } from './log.js';
import { startHeapGovernor } from '../engine/heap-governor.js';
import { Simulator } from '../simulator.js';
import { worldSummary } from '../admin/views.js';
import { PARTNER_OPERATIONS } from '../channel-manager/partner.js';

export interface ServeOptions {
  port: number;
  host: string;
  partnerUrl?: string;
  partnerEndpoint: Record<string, string>;
  world?: string;
  seed?: number;
  journalFile?: string;
  journalSize: number;
  journalMb: number;
  asyncDelay: number;
  now?: string;
  quiet?: boolean;
  publicUrl?: string;
  webhookUrl?: string;
  integrationWebhookUrl?: string;
  heapGrowth: number;
  delta: boolean;
  changeNotifications: boolean;
  batchSize: number;
  retryBase: number;
  confirmationTimeout: number;
  connectorRequestLimit?: number;
  logFormat?: LogFormat;
  maxReplyBytes?: number;
  adminToken?: string;
  allowedHost?: string[];
  allowOutboundHost?: string[];
  filesDir?: string;
  outboundPerHost?: number;
}

/** How long requests in flight may take to finish at shutdown. */
const SHUTDOWN_GRACE_MS = 5000;

/** Starts the HTTP server and prints a banner; resolves once listening. Shuts down cleanly on SIGINT/SIGTERM. */
export async function serve(opts: ServeOptions) {
  const log = createLogger(opts.logFormat);
  const unknown = Object.keys(opts.partnerEndpoint).filter((op) => !(PARTNER_OPERATIONS as readonly string[]).includes(op));
  if (unknown.length) throw new Error(`unknown partner operation(s): ${unknown.join(', ')}; known: ${PARTNER_OPERATIONS.join(', ')}`);
  // Loaded only when used: a world file's schema and the generator (faker) cost start-up time otherwise.
  const fixture = opts.world ? (await import('../world/load.js')).loadWorldFile(opts.world) : opts.seed !== undefined ? (await import('../world/generate.js')).generateWorld({ seed: opts.seed }) : undefined;
  const sim = new Simulator({
    fixture,
    now: opts.now,
    partner: { baseUrl: opts.partnerUrl, operations: opts.partnerEndpoint },
    journal: { maxEntries: opts.journalSize, maxBytes: opts.journalMb * 1024 * 1024, file: opts.journalFile },
    asyncDelayMs: opts.asyncDelay,
    deltaPushes: opts.delta,
    changeNotifications: opts.changeNotifications,
    pushBatchSize: opts.batchSize,
    retryBaseMs: opts.retryBase,
    confirmationTimeoutMs: opts.confirmationTimeout,
    ...(opts.maxReplyBytes !== undefined && { maxReplyBytes: Math.max(1, opts.maxReplyBytes) }),
    ...(opts.outboundPerHost !== undefined && { outboundPerHost: Math.max(1, opts.outboundPerHost) }),
    ...(opts.connectorRequestLimit !== undefined && { connectorRequestLimit: opts.connectorRequestLimit }),
    webhookUrl: opts.webhookUrl,
    integrationWebhookUrl: opts.integrationWebhookUrl,
    adminToken: opts.adminToken || undefined,
    allowedHosts: opts.allowedHost,
    allowOutboundHosts: opts.allowOutboundHost,
    filesDir: opts.filesDir,
  });
  startHeapGovernor({ growth: opts.heapGrowth });
  const { server, port } = await listen(sim, opts);
  // --quiet prints only the bound URL, on a line of its own, for scripts (serve --port 0).
  console.log(opts.quiet ? `http://localhost:${port}` : banner(sim, port, opts));
  log.info({ host: opts.host, port }, 'listening');
  let stopping = false;
  // Stop accepting, let the requests in flight finish (their calls are journaled), then close the
  // worlds (unsent calls journaled) and the journal file last: nothing answered is missing from it.
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      sim.close();
      process.exit(0);
    };
    server.close(finish);
    // Keep-alive connections close as soon as they are idle (after their answer).
    const idle = setInterval(() => server.closeIdleConnections(), 50);
    server.closeIdleConnections();
    // Live feeds and hanging clients get a grace period, then their connections are cut.
    setTimeout(() => {
      clearInterval(idle);
      server.closeAllConnections();
      setTimeout(finish, 200);
    }, SHUTDOWN_GRACE_MS);
  };
  // A bug in background work is logged; it must never end a simulator others are using.
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection in background work'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  return { sim, server, port };
}

function banner(sim: Simulator, port: number, opts: ServeOptions): string {
  const w = worldSummary(sim.defaultWorld);
  const base = `http://localhost:${port}`;
  const lines = [
    `mews-sim listening on ${base}`,
    `  Channel Manager API  ${base}/api/channelManager/v1/<operation>`,
    `  Admin API            ${base}/_sim/health, ${base}/_sim/journal`,
    `  World                ${opts.world ?? (opts.seed !== undefined ? `generated from seed ${opts.seed}` : 'built-in demo world')}`,
    `  clientToken          ${w.clientToken}`,
    `  employee emails      ${w.employees.join(', ')}`,
  ];
  lines.splice(2, 0, `  Connector API        ${base}/api/connector/v1/<resource>/<action>`);
  if (w.connectorClientTokens.length) lines.push(`  Connector ClientToken ${w.connectorClientTokens[0]}`);
  for (const p of w.properties) {
    lines.push(`  ${p.name} (${p.id}, ${p.pricingMode}, ${p.currencyCode})`);
    if (p.connectorAccessTokens.length) lines.push(`    Connector AccessToken ${p.connectorAccessTokens[0]}`);
    for (const c of p.connections) lines.push(`    connectionToken ${c.token}  ${c.name ?? ''}${c.active ? '' : ' [inactive]'}`);
  }
  lines.push('  Partner endpoints');
  for (const op of PARTNER_OPERATIONS) lines.push(`    ${op.padEnd(38)} ${sim.defaultWorld.partnerUrl(op) ?? '(not configured: calls are journaled as unsent)'}`);
  return lines.join('\n');
}
