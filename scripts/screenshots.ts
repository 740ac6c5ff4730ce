/**
 * Regenerates the dashboard screenshots of the README (docs/screenshots/*.png): the demo world
 * after a booking, a full push and two certification runs, shown in Debian's Chromium at 1280 × 800.
 *
 *   npx tsx scripts/screenshots.ts
 */
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { CM, GROSS, singleGroup } from '../test/support/fixtures.js';
import { TestPartner } from '../test/support/partner.js';
import { launchBrowser, startSim } from '../test/ui/browser.js';

const OUT = 'docs/screenshots';

const partner = await new TestPartner().start();
// The partner refuses one price push, so the calendar and the calls show a failure too.
let refused = false;
partner.responder = (c) => {
  if (c.operation !== 'updatePrices' || refused) return undefined;
  refused = true;
  return { status: 500, body: {} };
};
const s = await startSim({ partner: { baseUrl: partner.url }, now: '2027-03-01T09:00:00Z', retryBaseMs: 1 });
const post = (path: string, body: unknown) => fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const browser = await launchBrowser();
const { page } = browser;
try {
  mkdirSync(OUT, { recursive: true });
  await post(`${CM}/processGroup`, singleGroup());
  await post('/_sim/push', { connection: GROSS, from: '2027-03-01', to: '2027-03-07' });
  await post(`${CM}/processGroup`, singleGroup({ messageId: 'msg-2', channelManagerId: 'CM-2' }, { from: '2027-03-12', to: '2027-03-10' }));
  for (const file of ['examples/01-inventory-push.json', 'certification/01-receive-multi-space-multi-rate-availability-push.json']) {
    await post('/_sim/runs', JSON.parse(readFileSync(`scenarios/${file}`, 'utf8')));
  }
  await post('/_sim/runs', {
    name: 'Prices are refused',
    requirement: 'required',
    world: { continue: true },
    steps: [{ id: 'prices', name: 'push BAR prices', type: 'push', operation: 'updatePrices', connection: GROSS, from: 'today', to: 'today+2', expect: { body: { success: false } } }],
  });
  await post('/_sim/idle', {});

  await page.goto(`${s.url}/_sim/ui/#calls`);
  await page.locator('.rows .row', { hasText: 'processGroup' }).last().click();
  await page.locator('.detail mark.masked').first().waitFor();
  await page.screenshot({ path: `${OUT}/calls.png` });

  await page.click('#tab-world');
  await page.locator('.grid td.pushed').first().waitFor();
  await page.screenshot({ path: `${OUT}/world.png` });

  await page.click('#tab-runs');
  await page.locator('table.checklist').waitFor();
  await page.locator('.run', { hasText: 'Prices are refused' }).click();
  await page.locator('.run-detail h2', { hasText: 'Prices are refused' }).waitFor();
  await page.screenshot({ path: `${OUT}/runs.png` });

  for (const name of ['calls', 'world', 'runs']) console.log(`${OUT}/${name}.png ${(statSync(`${OUT}/${name}.png`).size / 1024).toFixed(0)} KB`);
  if (browser.errors.length) throw new Error(`the page logged errors: ${browser.errors.join('; ')}`);
} finally {
  await browser.close();
  await s.close();
  await partner.stop();
}
