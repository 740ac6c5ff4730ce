import type { Command } from 'commander';
import { MewsSimClient } from '../admin/client.js';
import { INTEGRATION_ACTIONS } from '../connector/integrations.js';
import { onShutdownSignal } from './signals.js';
import type { PushSummary } from '../channel-manager/push/engine.js';

/**
 * Commands that drive a running simulator through its admin API: pushes, inventory edits,
 * connection switches and mappings, integration state. Each prints the JSON answer; a refused command exits 1.
 */
export function registerAdminCommands(program: Command): void {
  const withTarget = (cmd: Command) =>
    cmd
      .option('--url <url>', 'address of the running simulator (env MEWS_SIM_URL)', process.env.MEWS_SIM_URL ?? 'http://localhost:8080')
      .option('--world <name>', 'a named world instead of the default one')
      .option('--admin-token <token>', 'the admin token of the simulator (env MEWS_SIM_ADMIN_TOKEN)', process.env.MEWS_SIM_ADMIN_TOKEN);
  const run = (route: string, body: (opts: Record<string, unknown>) => unknown, print: (answer: unknown, opts: Record<string, unknown>) => string = (a) => JSON.stringify(a, null, 2)) => async (...args: unknown[]) => {
    const cmd = args.at(-1) as Command;
    const opts = cmd.opts();
    const client = new MewsSimClient(String(opts.url), opts.world as string | undefined, { adminToken: opts.adminToken as string | undefined });
    // Interrupted while waiting for the simulator: say so and exit 130/143 (the request may still complete there).
    const release = onShutdownSignal((signal) => console.error(`mews-sim: ${signal} before ${route} answered`));
    try {
      const answer = await client.post(route.replace('<token>', encodeURIComponent(cmd.args[0] ?? '')), body(opts));
      console.log(print(answer, opts));
    } catch (err) {
      console.error(`mews-sim: ${(err as Error).message}`);
      process.exitCode = 1;
    } finally {
      release();
    }
  };
  const range = (cmd: Command) => cmd.requiredOption('--from <date>', 'first date (yyyy-MM-dd)').requiredOption('--to <date>', 'last date, included');
  const scope = (cmd: Command) => cmd.option('--connection <token>', 'connection token').option('--property <id>', 'property id');

  const push = program.command('push').description('Send a full inventory push from a running simulator to the partner');
  for (const kind of ['full', 'availability', 'prices', 'restrictions'] as const) {
    withTarget(range(push.command(kind).description(kind === 'full' ? 'availability, prices and restrictions' : `${kind} only`)))
      .option('--connection <token>', 'one connection (all active ones by default)')
      .option('--json', 'print the full answer as JSON')
      .action(run('/push', (o) => ({ from: o.from, to: o.to, connection: o.connection, kinds: kind === 'full' ? undefined : [kind] }), (a, o) => (o.json ? JSON.stringify(a, null, 2) : pushTable(a as { pushes: PushSummary[] }))));
  }

  const set = program.command('set').description('Edit inventory for a date range (a delta push follows)');
  withTarget(scope(range(set.command('availability').requiredOption('--space <code>', 'space type code').requiredOption('--value <n>', 'availability, or "clear"'))))
    .action(run('/inventory/availability', (o) => ({ connection: o.connection, propertyId: o.property, spaceTypeCode: o.space, from: o.from, to: o.to, availability: o.value === 'clear' ? null : Number(o.value) })));
  withTarget(scope(range(set.command('price').requiredOption('--rate <code>', 'rate plan code').requiredOption('--space <code>', 'space type code').requiredOption('--value <amount>', 'price at default occupancy, or "clear"'))))
    .action(run('/inventory/prices', (o) => ({ connection: o.connection, propertyId: o.property, ratePlanCode: o.rate, spaceTypeCode: o.space, from: o.from, to: o.to, price: o.value === 'clear' ? null : Number(o.value) })));
  withTarget(
    scope(
      range(
        set
          .command('restriction')
          .requiredOption('--rate <code>', 'rate plan code')
          .requiredOption('--space <code>', 'space type code')
          .requiredOption('--state <codes>', 'comma-separated states (1 open, 6 closed to arrival, 7 to departure, 8 to stay), or "clear"')
          .option('--min-los <n>', 'minimum length of stay')
          .option('--max-los <n>', 'maximum length of stay'),
      ),
    ),
  ).action(
    run('/inventory/restrictions', (o) => ({
      connection: o.connection,
      propertyId: o.property,
      ratePlanCode: o.rate,
      spaceTypeCode: o.space,
      from: o.from,
      to: o.to,
      state: o.state === 'clear' ? null : String(o.state).split(',').map(Number),
      minLos: o.minLos === undefined ? undefined : Number(o.minLos),
      maxLos: o.maxLos === undefined ? undefined : Number(o.maxLos),
    })),
  );

  const connection = program.command('connection').description('Enable, disable or delete a connection (a change notification follows)');
  for (const action of ['enable', 'disable', 'delete'] as const) {
    withTarget(connection.command(`${action} <token>`)).action(run(`/connections/<token>/${action}`, () => ({})));
  }
  const integration = program.command('integration').description('Change a Connector API integration (an integration webhook follows)');
  for (const action of INTEGRATION_ACTIONS) {
    withTarget(integration.command(`${action} <token>`).description(`${action} the integration of an AccessToken`)).action(run(`/integrations/<token>/${action}`, () => ({})));
  }
  withTarget(integration.command('create').description('Create an integration (a new AccessToken) for a property'))
    .requiredOption('--property <id>', 'property id')
    .option('--name <name>', 'integration name')
    .option('--access-token <token>', 'the AccessToken (generated when absent)')
    .action(run('/integrations', (o) => ({ property: o.property, name: o.name, accessToken: o.accessToken })));
  for (const action of ['map', 'unmap'] as const) {
    withTarget(program.command(`${action} <token>`).description(`${action === 'map' ? 'Map' : 'Unmap'} a rate plan × space type pair on a connection`))
      .requiredOption('--rate <code>', 'rate plan code')
      .requiredOption('--space <code>', 'space type code')
      .action(run(`/connections/<token>/${action}`, (o) => ({ ratePlanCode: o.rate, spaceTypeCode: o.space })));
  }
}

/** One line per connection: each kind's messages accepted, pending, failed, or why it was skipped. */
export function pushTable({ pushes }: { pushes: PushSummary[] }): string {
  const byConnection = new Map<string, PushSummary[]>();
  for (const p of pushes) byConnection.set(p.connection, [...(byConnection.get(p.connection) ?? []), p]);
  const lines = [...byConnection].map(([connection, list]) => {
    const parts = list.map((p) => {
      if (p.skipped) return `${p.kind} skipped (${p.skipped})`;
      const extra = [p.pendingConfirmation && `${p.pendingConfirmation} pending`, p.failed && `${p.failed} failed`].filter(Boolean).join(', ');
      return `${p.kind} ${p.accepted}/${p.messages} accepted${extra ? `, ${extra}` : ''} (${p.items} items)`;
    });
    return `${connection}  ${parts.join(' · ')}`;
  });
  return lines.length ? lines.join('\n') : 'no active connection to push to';
}
