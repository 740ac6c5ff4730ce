import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import type { Page } from 'playwright-core';
import { DEMO_TOKENS } from '../../src/world/demo.js';
import { CM, singleGroup } from '../support/fixtures.js';
import { TestPartner } from '../support/partner.js';
import { launchBrowser, startSim, type Browser, type RunningSim } from './browser.js';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
// A loaded 2-core machine starts Chromium slowly: generous waits, no timing assertions.
const WAIT = { timeout: 15_000 };

/** Accessibility violations of serious or critical impact on the page as it is now. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(AXE);
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<unknown> } }).axe.run(document, { resultTypes: ['violations'] }),
  )) as { violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('dashboard in Chromium', () => {
  let browser: Browser;
  let partner: TestPartner;
  let s: RunningSim;
  let page: Page;
  const post = (path: string, body: unknown) => fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  beforeAll(async () => {
    partner = await new TestPartner().start();
    s = await startSim({ partner: { baseUrl: partner.url }, now: '2027-03-01T09:00:00Z' });
    browser = await launchBrowser();
    page = browser.page;
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
    await partner?.stop();
  });

  test('a browser at / lands on the dashboard, which shows a call the moment it is made', async () => {
    await page.goto(s.url + '/');
    expect(new URL(page.url()).pathname).toBe('/_sim/ui/');
    await page.waitForSelector('#live-state[data-state="live"]', WAIT);
    await expect(page.locator('.rows .row').count()).resolves.toBe(0);
    // The call is made outside the page: only the live feed can bring it in.
    await post(`${CM}/processGroup`, singleGroup());
    await page.locator('.rows .row', { hasText: 'processGroup' }).waitFor(WAIT);
    await page.locator('.rows .row', { hasText: 'confirmGroup' }).waitFor(WAIT);
    // The booking also sends a delta push of availability: the list follows the journal, call for call.
    await post('/_sim/idle', {});
    const size = s.sim.defaultWorld.journal.size;
    expect(size).toBeGreaterThanOrEqual(3);
    await page.locator('#calls-count', { hasText: new RegExp(`^${size} calls$`) }).waitFor(WAIT);
  }, 60_000);

  test('filters on the server, opens a body with its card masked, and links the confirmation', async () => {
    await page.selectOption('select[name="operation"]', 'processGroup');
    await page.waitForFunction(() => document.querySelectorAll('.rows .row').length === 1, undefined, WAIT);
    expect(await page.textContent('#calls-count')).toBe(`1 of ${s.sim.defaultWorld.journal.size} calls`);
    await page.click('.rows .row >> text=processGroup');
    await page.locator('.detail h2', { hasText: 'processGroup' }).waitFor(WAIT);
    const detail = page.locator('.detail');
    await expect(detail.locator('pre.code').first().textContent()).resolves.toContain('"lastName": "Lovelace"');
    await expect(detail.locator('mark.masked').first().textContent()).resolves.toBe('411111******1111');
    await expect(detail.locator('.card-note').textContent()).resolves.toContain('the CVV was not stored');
    expect(await page.content()).not.toContain('4111111111111111');
    await detail.locator('button.link', { hasText: 'confirmed by' }).click();
    await page.locator('.detail h2', { hasText: 'confirmGroup' }).waitFor(WAIT);
    // Text search reaches into bodies: only the booking carries the guest's name.
    await page.click('button:has-text("Clear")');
    await page.fill('input[name="q"]', 'lovelace');
    await page.press('input[name="q"]', 'Enter');
    await page.waitForFunction(() => document.querySelector('#calls-count')?.textContent?.startsWith('1 of'), undefined, WAIT);
    await expect(page.locator('.rows .row .op').first().textContent()).resolves.toBe('processGroup');
    await page.click('button:has-text("Clear")');
    await page.locator('#calls-count', { hasText: `${s.sim.defaultWorld.journal.size} calls` }).waitFor(WAIT);
  }, 60_000);

  test('the list is driven by the keyboard', async () => {
    await page.focus('.list[role="listbox"]');
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    const active = await page.getAttribute('.list', 'aria-activedescendant');
    expect(active).toBe('call-row-1');
    const seq = await page.getAttribute('#call-row-1', 'data-seq');
    const operation = await page.textContent('#call-row-1 .op');
    await page.locator('.detail h2', { hasText: `#${seq} ${operation}` }).waitFor(WAIT);
    expect(await page.getAttribute('#call-row-1', 'aria-selected')).toBe('true');
  }, 30_000);

  test('a full push from the controls is confirmed on screen, reaches the partner and marks the calendar', async () => {
    await page.click('#tab-world');
    await page.locator('.calendar-wrap h2', { hasText: 'Inventory calendar' }).waitFor(WAIT);
    const before = partner.received('updateAvailability').length;
    const form = page.locator('form[aria-labelledby="ctl-push"]');
    await form.getByLabel('From').fill('2027-03-01');
    await form.getByLabel('To').fill('2027-03-05');
    await form.getByRole('button', { name: 'Full push' }).click();
    await page.locator('#status', { hasText: 'Full push sent' }).waitFor(WAIT);
    expect(await page.textContent('#status')).toMatch(/Full push sent: \d+ message\(s\), \d+ item\(s\); \d+ accepted/);
    expect(partner.received('updateAvailability').length).toBeGreaterThan(before);
    await page.locator('.grid td.pushed').first().waitFor(WAIT);
    const title = await page.locator('.grid td.pushed').first().getAttribute('title');
    expect(title).toMatch(/^2027-03-0\d: pushed at 2027-03-01 09:00:00 \(call #\d+\)$/);
    await page.click('#tab-calls');
    await page.locator('.rows .row', { hasText: 'updateAvailability' }).first().waitFor(WAIT);
  }, 60_000);

  test('the clock steps from the controls, and the header follows', async () => {
    await page.click('#tab-world');
    await page.getByRole('button', { name: '+1 day' }).click();
    await page.locator('#status', { hasText: 'Clock advanced 1 day to 2027-03-02 09:00:00' }).waitFor(WAIT);
    await page.locator('#clock', { hasText: '2027-03-02 09:00:00' }).waitFor(WAIT);
    expect(s.sim.defaultWorld.clock.now().toISOString()).toBe('2027-03-02T09:00:00.000Z');
  }, 30_000);

  test("a certification run shows its checklist, and its evidence opens in Calls", async () => {
    // The certification's availability test, with the connection certify would give it and without its read-back.
    const scenario = JSON.parse(readFileSync('scenarios/certification/01-receive-multi-space-multi-rate-availability-push.json', 'utf8'));
    scenario.variables = { gross: DEMO_TOKENS.grossConnection };
    scenario.steps = scenario.steps.filter((step: { type: string }) => step.type !== 'readBack');
    const result = await post('/_sim/runs', scenario);
    expect(result.status).toBe('passed');
    await page.click('#tab-runs');
    const table = page.locator('table.checklist');
    await table.waitFor(WAIT);
    const row = table.locator('tbody tr', { hasText: scenario.name });
    await expect(row.locator('td').nth(0).textContent()).resolves.toBe('required');
    await expect(row.locator('td').nth(1).textContent()).resolves.toBe('PASS');
    await expect(page.locator('.run-detail h2').textContent()).resolves.toContain('PASS');
    const evidence = row.locator('.evidence button.link').first();
    const seq = Number((await evidence.textContent())!.slice(1));
    expect(result.steps[0].entries).toContain(`default-${seq}`);
    await evidence.click();
    await page.locator('.detail h2', { hasText: `#${seq} updateAvailability` }).waitFor(WAIT);
  }, 60_000);

  test('every view passes an axe-core check with no serious violations', async () => {
    for (const view of ['calls', 'world', 'runs']) {
      await page.click(`#tab-${view}`);
      await page.waitForSelector(`#view-${view}:not([hidden])`, WAIT);
      await page.waitForTimeout(300);
      expect({ view, violations: await seriousViolations(page) }).toEqual({ view, violations: [] });
    }
    expect(browser.errors).toEqual([]);
  }, 60_000);
});

describe('dashboard with an admin token and certification prompts', () => {
  let browser: Browser;
  let s: RunningSim;
  const done: string[] = [];
  const prompts = [{ id: 'p-1', test: 'Send a single gross-priced reservation', text: 'Send a booking for 2 adults, DBL on BAR, 10-12 March.', expect: { operation: 'processGroup' }, deadline: '2027-03-01T09:05:00Z', status: 'waiting' }];

  beforeAll(async () => {
    s = await startSim({ now: '2027-03-01T09:00:00Z' }, [
      // As the admin token guard does: every /_sim call but the dashboard's files needs the token.
      (req, res, next) => {
        if (!req.path.startsWith('/_sim/') || req.path.startsWith('/_sim/ui')) return next();
        if (req.headers.authorization !== 'Bearer s3cret') return void res.status(401).json({ error: { message: 'admin token required' } });
        next();
      },
      // As the certification prompts route does.
      (req, res, next) => {
        if (req.path === '/_sim/prompts' && req.method === 'GET') return void res.json({ prompts: prompts.filter((p) => !done.includes(p.id)) });
        const m = /^\/_sim\/prompts\/([^/]+)\/done$/.exec(req.path);
        if (m && req.method === 'POST') {
          done.push(m[1]);
          return void res.json({ id: m[1], status: 'done' });
        }
        next();
      },
    ]);
    browser = await launchBrowser();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await s?.close();
  });

  test('asks for the token on a 401, keeps it for the tab, and marks a prompt done', async () => {
    const page = browser.page;
    await page.goto(s.url + '/_sim/ui/#runs');
    const dialog = page.locator('#token-dialog');
    await dialog.waitFor({ state: 'visible', ...WAIT });
    await page.fill('#token-input', 's3cret');
    await page.click('#token-form button[type="submit"]');
    await page.locator('#live-state[data-state="live"]').waitFor(WAIT);
    expect(await page.evaluate(() => sessionStorage.getItem('mews-sim.adminToken'))).toBe('s3cret');
    const prompt = page.locator('.prompt', { hasText: 'Send a single gross-priced reservation' });
    await prompt.waitFor(WAIT);
    await expect(prompt.textContent()).resolves.toContain('expects processGroup');
    await expect(page.locator('#prompt-count').textContent()).resolves.toBe('1 waiting');
    await prompt.getByRole('button', { name: 'Done' }).click();
    await page.locator('#status', { hasText: 'Marked done: Send a single gross-priced reservation.' }).waitFor(WAIT);
    expect(done).toEqual(['p-1']);
    await page.locator('.prompts', { hasText: 'Nothing is waiting for your system.' }).waitFor(WAIT);
    // A reload in the same tab needs no token again.
    await page.reload();
    await page.locator('#live-state[data-state="live"]').waitFor(WAIT);
    expect(await dialog.isVisible()).toBe(false);
    expect(browser.errors.filter((e) => !e.includes('401'))).toEqual([]);
  }, 60_000);

  test('a named world has its own dashboard, with a world picker', async () => {
    await fetch(s.url + '/_sim/worlds', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer s3cret' }, body: JSON.stringify({ name: 'job-2', now: '2027-05-01T00:00:00Z' }) });
    const page = browser.page;
    await page.goto(s.url + '/w/job-2/_sim/ui/#calls');
    await page.locator('#clock', { hasText: '2027-05-01 00:00:00' }).waitFor(WAIT);
    expect(await page.inputValue('#world-picker')).toBe('job-2');
    await page.selectOption('#world-picker', '');
    await page.waitForURL((u) => u.pathname === '/_sim/ui/' && u.hash === '#calls', WAIT);
    expect(new URL(page.url()).pathname).toBe('/_sim/ui/');
    await page.locator('#clock', { hasText: '2027-03-01 09:00:00' }).waitFor(WAIT);
  }, 60_000);
});
