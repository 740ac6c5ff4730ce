/**
 * The dashboard with 100,000 journal entries, in Debian's Chromium: time to the first rows on
 * screen, and time from changing a filter to the list showing the answer, each against a
 * baseline measured in the same run (the same page over an empty journal; a bare round trip to
 * /_sim/health from the page).
 *
 *   npx tsx bench/ui.ts [--entries 100000] [--repeat 7]
 */
import type { Page } from 'playwright-core';
import { searchCalls } from '../src/ui/calls.js';
import { launchBrowser, startSim, type RunningSim } from '../test/ui/browser.js';
import { loadavg } from 'node:os';
import { GROSS, NET, singleGroup } from '../test/support/fixtures.js';
import { maskCardData } from '../src/journal/mask.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const ENTRIES = arg('entries', 100_000);
const REPEAT = arg('repeat', 7);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x: number) => `${x.toFixed(0)} ms`;

/** A journal of realistic calls: bookings in, confirmations and pushes out, some refused, some with findings. */
function fill(s: RunningSim, n: number): void {
  const world = s.sim.defaultWorld;
  const start = Date.parse('2027-03-01T09:00:00Z');
  for (let i = 0; i < n; i++) {
    const time = new Date(start + i * 250).toISOString();
    const connection = i % 3 ? GROSS : NET;
    const kind = i % 5;
    const common = { time, api: 'channelManager' as const, method: 'POST', connection, durationMs: 1 + (i % 17), messageId: `m-${i}` };
    if (kind === 0) {
      const body = maskCardData(singleGroup({ messageId: `m-${i}`, channelManagerId: `CM-${i}`, customer: { firstName: 'Guest', lastName: `Number${i}` } }));
      const refused = i % 50 === 0;
      world.record(
        {
          ...common,
          direction: 'inbound',
          operation: 'processGroup',
          url: '/api/channelManager/v1/processGroup',
          status: 200,
          success: !refused,
          ...(refused && { errorCodes: [7] }),
          request: { body },
          response: { body: refused ? { success: false, errors: [{ code: 7, message: 'from is after to' }] } : { success: true, asyncConfirmation: false } },
          findings: refused ? [{ severity: 'error', kind: 'rule', message: 'reservations[0].from is after to', path: 'reservations[0].from' }] : [],
        },
        1500,
      );
    } else if (kind === 1) {
      world.record(
        {
          ...common,
          direction: 'outbound',
          operation: 'confirmGroup',
          url: 'http://partner/confirmGroup',
          status: 200,
          success: true,
          relatedMessageId: `m-${i - 1}`,
          request: { body: { channelManagerId: `CM-${i - 1}`, reservations: [{ code: '01', confirmationNumber: `${100000 + i}` }] } },
          response: { body: { success: true } },
          findings: [],
        },
        400,
      );
    } else {
      const operation = ['updateAvailability', 'updatePrices', 'updateRestrictions'][kind - 2];
      const failed = i % 97 === 0;
      world.record(
        {
          ...common,
          direction: 'outbound',
          operation,
          url: `http://partner/${operation}`,
          status: failed ? 500 : 200,
          success: !failed,
          request: { body: { availabilities: [{ spaceTypeCode: 'DBL', from: '2027-03-01', to: '2027-03-07', availability: i % 12 }] } },
          response: { body: failed ? {} : { success: true } },
          findings: failed ? [{ severity: 'warning', kind: 'reply', message: 'HTTP 500: re-sent with backoff' }] : [],
        },
        600,
      );
    }
  }
}

/** Milliseconds from a change of the page (done by `act`) to the list showing the answer. */
async function timed(page: Page, act: string): Promise<number> {
  return page.evaluate(async (act) => {
    const before = document.body.dataset.callsRendered;
    const t0 = performance.now();
    new Function(act)();
    await new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (document.body.dataset.callsRendered !== before) {
          observer.disconnect();
          resolve();
        }
      });
      observer.observe(document.body, { attributes: true, attributeFilter: ['data-calls-rendered'] });
    });
    // The rows are in the DOM; wait for the frame that paints them.
    await new Promise((r) => requestAnimationFrame(() => r(undefined)));
    return performance.now() - t0;
  }, act);
}

const setSelect = (name: string, value: string) => `{ const el = document.querySelector('select[name="${name}"]'); if (![...el.options].some((o) => o.value === ${JSON.stringify(value)})) el.append(new Option(${JSON.stringify(value)}, ${JSON.stringify(value)})); el.value = ${JSON.stringify(value)}; el.dispatchEvent(new Event('change')); }`;
const search = (text: string) => `const el = document.querySelector('input[name="q"]'); el.value = ${JSON.stringify(text)}; el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));`;

async function firstRender(page: Page, url: string): Promise<number> {
  await page.goto('about:blank');
  await page.goto(`${url}/_sim/ui/`);
  await page.waitForFunction(() => document.body.dataset.callsRendered === '1', undefined, { polling: 'raf', timeout: 30_000 });
  return page.evaluate(() => performance.now());
}

async function main() {
  const s = await startSim({ journal: { maxEntries: ENTRIES, maxBytes: 2 * 1024 * 1024 * 1024 } });
  const browser = await launchBrowser();
  const { page } = browser;
  try {
    // Baselines first, over an empty journal.
    const emptyRender = median(await sequence(REPEAT, () => firstRender(page, s.url)));
    const roundTrip = median(
      await sequence(REPEAT, () =>
        page.evaluate(async () => {
          const t0 = performance.now();
          await (await fetch('/_sim/health')).json();
          return performance.now() - t0;
        }),
      ),
    );

    const t0 = performance.now();
    fill(s, ENTRIES);
    const fillMs = performance.now() - t0;
    const journal = s.sim.defaultWorld.journal;

    // The one-time cost a background warm-up spreads out: a text search over a journal never read before.
    const c0 = performance.now();
    const coldProbe = searchCalls(journal, { q: 'number4242' }).matched;
    const coldInProcess = performance.now() - c0;

    const render = median(await sequence(REPEAT, () => firstRender(page, s.url)));
    const clearFilters = `document.querySelector('.filters .buttons button[type="button"]').click()`;
    const filters: [string, string][] = [
      ['operation = confirmGroup', setSelect('operation', 'confirmGroup')],
      ['status = failed', setSelect('status', 'failed')],
      ['findings = error, direction = inbound', setSelect('findings', 'error') + setSelect('direction', 'inbound')],
    ];
    const rows: [string, number][] = [];
    for (const [label, act] of filters) {
      const times = await sequence(REPEAT, async () => {
        const t = await timed(page, act);
        await timed(page, clearFilters);
        return t;
      });
      rows.push([label, median(times)]);
    }
    // Text search from the page; every entry's text was read once already (by the probe above).
    const warm = median(await sequence(REPEAT, async () => {
      const t = await timed(page, search(`number${Math.floor(Math.random() * ENTRIES)}`));
      await timed(page, search(''));
      return t;
    }));
    const serverSide = median(await sequence(REPEAT, async () => {
      const a = performance.now();
      searchCalls(journal, { operation: 'confirmGroup' });
      return performance.now() - a;
    }));
    // A string, not a function: the page must not see the names the TypeScript loader adds.
    const scrollOnce = `(async () => {
      const list = document.querySelector('.list');
      const t = performance.now();
      list.scrollTop = Math.floor(list.scrollHeight * Math.random());
      await new Promise((resolve) => {
        const check = () => (document.querySelector('.rows .row') && !document.querySelector('.rows .row.placeholder') ? resolve() : requestAnimationFrame(check));
        requestAnimationFrame(check);
      });
      return performance.now() - t;
    })()`;
    const scrollMs = median(await sequence(REPEAT, () => page.evaluate(scrollOnce) as Promise<number>));

    console.log(`mews-sim dashboard benchmark — ${journal.size.toLocaleString('en')} journal entries (filled in ${ms(fillMs)}), Chromium ${browser.context.browser()?.version() ?? ''}, median of ${REPEAT}, load average ${loadavg()[0].toFixed(1)}`);
    console.log('');
    console.log('| measure | time | baseline | ratio | goal |');
    console.log('| --- | ---: | ---: | ---: | --- |');
    console.log(`| first render (navigation to rows on screen) | ${ms(render)} | ${ms(emptyRender)} (empty journal) | ${(render / emptyRender).toFixed(2)} | < 1 s ${render < 1000 ? 'met' : 'MISSED'} |`);
    for (const [label, t] of rows) console.log(`| filter: ${label} | ${ms(t)} | ${ms(roundTrip)} (page → /_sim/health) | ${(t / roundTrip).toFixed(1)} | < 200 ms ${t < 200 ? 'met' : 'MISSED'} |`);
    console.log(`| text search in bodies (text read before) | ${ms(warm)} | ${ms(roundTrip)} | ${(warm / roundTrip).toFixed(1)} | < 200 ms ${warm < 200 ? 'met' : 'MISSED'} |`);
    console.log(`| scroll to a random place, rows filled | ${ms(scrollMs)} | | | |`);
    console.log(`| text search over a journal never read before (server only, once) | ${ms(coldInProcess)} | | | |`);
    console.log('');
    console.log(`server-side search alone (operation filter over ${journal.size.toLocaleString('en')}): ${serverSide.toFixed(1)} ms; rows in the DOM: ${await page.evaluate(() => document.querySelectorAll('.rows .row').length)}; text probe matched ${coldProbe}`);
    if (browser.errors.length) console.log(`page errors: ${browser.errors.join('; ')}`);
  } finally {
    await browser.close();
    await s.close();
  }
}

async function sequence<T>(n: number, fn: () => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return out;
}

await main();
