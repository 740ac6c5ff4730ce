import type { JournalEntry } from '../journal/entry.js';
import { maskCardText } from '../journal/mask.js';
import type { Evidence } from './types.js';

/** Evidence kept per criterion: enough to show the pattern, bounded so a million calls stay small. */
export const EVIDENCE_MAX = 5;
const EXCERPT_CHARS = 160;
const SECRET_KEYS = new Set(['ClientToken', 'AccessToken', 'Client']);

type Body = Record<string, unknown>;
const isObject = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The request body; one the simulator refused before parsing (404, bad JSON) is journaled as text. */
export function bodyOf(entry: JournalEntry): Body {
  const raw = entry.request?.body;
  if (isObject(raw)) return raw;
  if (typeof raw === 'string' && raw.length < 65_536) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (isObject(parsed)) return parsed;
    } catch {
      // Not JSON: nothing to read from it.
    }
  }
  return {};
}

/** The request without its tokens and Client, as short masked JSON. */
export function excerptOf(entry: JournalEntry, note?: string): string {
  const raw = entry.request?.body;
  const body = bodyOf(entry);
  let text: string;
  if (Object.keys(body).length || isObject(raw)) {
    const shown: Body = {};
    for (const [k, v] of Object.entries(body)) if (!SECRET_KEYS.has(k)) shown[k] = v;
    text = JSON.stringify(shown);
  } else {
    // Unparseable text: keep it, but never a token.
    text = typeof raw === 'string' ? raw.replace(/"(ClientToken|AccessToken)"\s*:\s*"[^"]*"/g, '"$1":"…"') : '';
  }
  if (text.length > EXCERPT_CHARS) text = text.slice(0, EXCERPT_CHARS - 1) + '…';
  const head = `${entry.operation.replace(/^\/api\/connector\/v1\//, '')} → ${entry.status || 'no answer'}`;
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
