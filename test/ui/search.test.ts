import { describe, expect, it } from '@jest/globals';
import { Journal } from '../../src/journal/journal.js';
import type { NewJournalEntry } from '../../src/journal/entry.js';
import { searchCalls } from '../../src/ui/calls.js';

const entry = (operation: string, extra: Partial<NewJournalEntry> = {}): NewJournalEntry => ({
  time: '2027-03-01T09:00:00.000Z',
  direction: 'inbound',
  api: 'channelManager',
  operation,
  method: 'POST',
  url: `/api/channelManager/v1/${operation}`,
  status: 200,
  request: { body: { operation } },
  durationMs: 1,
  findings: [],
  ...extra,
});

describe('journal search over its column index', () => {
  it('follows evictions, clears and new entries between queries', () => {
    const journal = new Journal('w', { maxEntries: 5 });
    for (let i = 1; i <= 8; i++) journal.record(entry(i % 2 ? 'odd' : 'even', { connection: `c${i}` }));
    let page = searchCalls(journal, {});
    expect(page).toMatchObject({ total: 5, matched: 5, evicted: 3, lastSeq: 8 });
    expect(page.rows.map((r) => r.seq)).toEqual([8, 7, 6, 5, 4]);
    expect(searchCalls(journal, { operation: 'odd' }).rows.map((r) => r.seq)).toEqual([7, 5]);
    // A connection seen only in evicted entries matches nothing now.
    expect(searchCalls(journal, { connection: 'c1' }).matched).toBe(0);
    expect(searchCalls(journal, { connection: 'c6' }).rows.map((r) => r.seq)).toEqual([6]);
    journal.clear();
    expect(searchCalls(journal, {})).toMatchObject({ total: 0, matched: 0, lastSeq: 0, rows: [] });
    journal.record(entry('odd', { direction: 'outbound', status: 500, success: false }));
    page = searchCalls(journal, { operation: 'odd', direction: 'outbound', status: 'failed' });
    expect(page.rows.map((r) => r.seq)).toEqual([9]);
    expect(searchCalls(journal, { operation: 'never-seen' }).matched).toBe(0);
    expect(searchCalls(journal, { direction: 'sideways' }).matched).toBe(0);
  });

  it('sees findings added to an entry after it was recorded', () => {
    const journal = new Journal('w');
    const e = journal.record(entry('updatePrices', { direction: 'outbound' }));
    expect(searchCalls(journal, { findings: 'any' }).matched).toBe(0);
    expect(searchCalls(journal, { q: 'gave up' }).matched).toBe(0);
    e.findings.push({ severity: 'error', kind: 'gave-up', message: 'The partner did not accept this updatePrices; gave up.' });
    expect(searchCalls(journal, { findings: 'error' }).matched).toBe(1);
    expect(searchCalls(journal, { q: 'GAVE UP' }).matched).toBe(1);
  });
});
