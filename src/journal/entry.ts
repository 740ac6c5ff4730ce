/** One recorded call, in either direction. Bodies are stored masked (see mask.ts). */
export type Direction = 'inbound' | 'outbound';
export type ApiName = 'channelManager' | 'connector' | 'admin';
export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  severity: Severity;
  /** Stable identifier of the kind of finding, e.g. "deprecated-field", "schema", "rule". */
  kind: string;
  message: string;
  /** JSON path in the request (inbound) or reply (outbound) the finding is about. */
  path?: string;
}

export interface JournalEntry {
  id: string;
  seq: number;
  /** Simulated time the call started (ISO 8601). */
  time: string;
  world: string;
  direction: Direction;
  api: ApiName;
  operation: string;
  method: string;
  url: string;
  /** Connection token (CM) or access token (Connector), when known. */
  connection?: string;
  clientToken?: string;
  /** HTTP status answered (inbound) or received (outbound); 0 when no answer came. */
  status: number;
  /** API-level outcome: CM success flag, or a 2xx status for the Connector API. */
  success?: boolean;
  /** Error codes of the answer (CM codes, or the HTTP status for the Connector API). */
  errorCodes?: number[];
  messageId?: string;
  relatedMessageId?: string;
  request: { headers?: Record<string, string>; body: unknown };
  response?: { headers?: Record<string, string>; body: unknown };
  durationMs: number;
  findings: Finding[];
  /** For outbound calls that never got an answer: why (timeout, refused, unsent at shutdown...). */
  failure?: string;
  /** Scenario run and step that caused the call, when one did. */
  runId?: string;
  stepId?: string;
}

export type NewJournalEntry = Omit<JournalEntry, 'id' | 'seq' | 'world'>;
