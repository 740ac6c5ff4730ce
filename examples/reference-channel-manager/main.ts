import { parseArgs } from 'node:util';
import { DEFECTS, startReferenceChannelManager, type Defect } from './server.js';

/**
 * Starts the reference channel manager.
 *
 *   npx tsx examples/reference-channel-manager/main.ts --mews http://localhost:8080 --port 9000 [--auto] [--async] [--defect <name>]
 *
 * --auto follows the certification's prompts (GET /_sim/prompts/stream); --async answers inventory
 * pushes with asyncConfirmation: true and confirms them later.
 */
const { values } = parseArgs({
  options: {
    mews: { type: 'string', default: 'http://localhost:8080' },
    port: { type: 'string', default: '9000' },
    'client-token': { type: 'string', default: '7D3C1E0A9B8F4A6C8E2D5B1F0A9C7E31-6B2F8D4A1C9E7B5D3F1A8C6E4B2D9F0' },
    email: { type: 'string', default: 'chm@mews-sim.test' },
    auto: { type: 'boolean', default: false },
    async: { type: 'boolean', default: false },
    'admin-token': { type: 'string', default: process.env.MEWS_SIM_ADMIN_TOKEN },
    defect: { type: 'string' },
  },
});
if (values.defect && !(DEFECTS as readonly string[]).includes(values.defect)) {
  console.error(`unknown defect ${values.defect}; known: ${DEFECTS.join(', ')}`);
  process.exit(2);
}
const cm = await startReferenceChannelManager({
  mewsUrl: values.mews,
  clientToken: values['client-token'],
  email: values.email,
  port: Number(values.port),
  autoBook: values.auto,
  async: values.async,
  adminToken: values['admin-token'],
  defect: values.defect as Defect | undefined,
  log: (line) => console.log(line),
});
console.log(`reference channel manager on ${cm.url} (${cm.connections.size} connections${values.auto ? ', following prompts' : ''})`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cm.stop().then(() => process.exit(0)));
