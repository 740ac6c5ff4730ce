/** What a review says: one result per criterion, a verdict, and how much simulated time it saw. */
export type ReviewSeverity = 'blocking' | 'should-fix' | 'info';
/** fail: the criterion found a problem; pass: it found none; not-judged: too little to go on. */
export type CriterionStatus = 'pass' | 'fail' | 'not-judged';

export interface Evidence {
  /** Journal entry id. */
  id: string;
  time: string;
  /** A short, masked excerpt: operation, status and the telling part of the request. */
  excerpt: string;
}

export interface CriterionResult {
  id: string;
  title: string;
  /** The severity a failure of this criterion has. */
  severity: ReviewSeverity;
  status: CriterionStatus;
  message: string;
  /** How to fix it, when it failed. */
  fixHint?: string;
  /** Occurrences found (calls, groups, windows...). */
  count: number;
  evidence: Evidence[];
  /** The docs page the criterion comes from. */
  source: string;
  /** Extra lines (e.g. error groups, one per cause). */
  details?: string[];
}

export interface OperationStats {
  operation: string;
  calls: number;
  errors: number;
  perHour: number;
  declared: boolean;
}

export interface ReviewResult {
  integration: string;
  verdict: 'pass' | 'needs changes';
  coverage: {
    entries: number;
    reviewedCalls: number;
    webhooksDelivered: number;
    firstCall?: string;
    lastCall?: string;
    simulatedHours: number;
    warnings: string[];
  };
  findings: CriterionResult[];
  operations: OperationStats[];
}
