import { listen } from './listen.js';
import { createLogger, type LogFormat } from './log.js';
import { startHeapGovernor } from '../engine/heap-governor.js';
import { Simulator } from '../engine/simulator.js';
import { worldSummary } from '../admin/views.js';
import { PARTNER_OPERATIONS } from '../channel-manager/partner.js';
import { loadWorldFile } from '../world/load.js';

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
}

/** Starts the HTTP server and prints a banner; resolves once listening. Shuts down cleanly on SIGINT/SIGTERM. */
export async function serve(opts: ServeOptions) {
  const log = createLogger(opts.logFormat);
  const unknown = Object.keys(opts.partnerEndpoint).filter((op) => !(PARTNER_OPERATIONS as readonly string[]).includes(op));
  if (unknown.length) throw new Error(`unknown partner operation(s): ${unknown.join(', ')}; known: ${PARTNER_OPERATIONS.join(', ')}`);
  const fixture = opts.world ? loadWorldFile(opts.world) : opts.seed !== undefined ? (await import('../world/generate.js')).generateWorld({ seed: opts.seed }) : undefined;
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
    ...(opts.connectorRequestLimit !== undefined && { connectorRequestLimit: opts.connectorRequestLimit }),
    webhookUrl: opts.webhookUrl,
    integrationWebhookUrl: opts.integrationWebhookUrl,
  });
  startHeapGovernor({ growth: opts.heapGrowth });
  const { server, port } = await listen(sim, opts);
  // --quiet prints only the bound URL, on a line of its own, for scripts (serve --port 0).
  console.log(opts.quiet ? `http://localhost:${port}` : banner(sim, port, opts));
  log.info({ port }, 'listening');
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    sim.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
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
