import type { JournalEntry } from '../journal/entry.js';
import { maskCardText } from '../journal/mask.js';
import type { Evidence } from './types.js';

/** Evidence kept per criterion: enough to show the pattern, bounded so a million calls stay small. */
export const EVIDENCE_MAX = 5;
const EXCERPT_CHARS = 160;
const SECRET_KEYS = new Set(['ClientToken', 'AccessToken']);

/** The request without its tokens (only their last 4 characters), as short masked JSON. */
export function excerptOf(entry: JournalEntry, note?: string): string {
  const body = entry.request?.body;
  let text = '';
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const shown: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(body)) {
      if (SECRET_KEYS.has(k)) continue;
      if (k === 'Client') continue;
      shown[k] = v;
    }
    text = JSON.stringify(shown);
  } else if (body !== undefined && body !== null) {
    text = typeof body === 'string' ? body : JSON.stringify(body);
  }
  if (text.length > EXCERPT_CHARS) text = text.slice(0, EXCERPT_CHARS - 1) + '…';
  const head = `${entry.operation} → ${entry.status || 'no answer'}`;
  return maskCardText([head, note, text].filter(Boolean).join(' '));
}

/** A bounded list of evidence with a count of everything it stood for. */
export class EvidenceList {
  readonly items: Evidence[] = [];
  count = 0;

  add(entry: JournalEntry, note?: string): void {
    this.count++;
    if (this.items.length < EVIDENCE_MAX) this.items.push({ id: entry.id, time: entry.time, excerpt: excerptOf(entry, note) });
  }
}
