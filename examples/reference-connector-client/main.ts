import { parseArgs } from 'node:util';
import { DEFECTS, type Defect } from './client.js';
import { rehearse } from './rehearse.js';

/**
 * Runs the reference revenue management client against a running mews-sim for N simulated hours:
 *   npx tsx examples/reference-connector-client/main.ts --url http://localhost:8080 --hours 48
 * Options: --defect <one of DEFECTS>, --webhook-port <n> (default 9100; start mews-sim with
 * --webhook-url http://127.0.0.1:9100/webhooks, or pass --register-webhook), --admin-token <token>.
 */
const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://localhost:8080' },
    hours: { type: 'string', default: '48' },
    defect: { type: 'string' },
    'webhook-port': { type: 'string', default: '9100' },
    'register-webhook': { type: 'boolean', default: false },
    'admin-token': { type: 'string', default: process.env.MEWS_SIM_ADMIN_TOKEN },
    'inject-429': { type: 'boolean', default: false },
  },
});
if (values.defect && !DEFECTS.includes(values.defect as Defect)) {
  console.error(`--defect must be one of ${DEFECTS.join(', ')}`);
  process.exit(2);
}
const result = await rehearse({
  url: values.url!,
  hours: Number(values.hours),
  defect: values.defect as Defect | undefined,
  webhookPort: Number(values['webhook-port']),
  registerWebhook: values['register-webhook'],
  adminToken: values['admin-token'],
  inject429: values['inject-429'],
  log: (line) => console.log(`  ${line}`),
});
console.log(`rehearsed ${values.hours} simulated hours (${result.simulatedStart} → ${result.simulatedEnd}): ${result.bookings} bookings, ${result.webhooks} webhooks received at ${result.webhookUrl}`);
