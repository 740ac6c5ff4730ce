/** `import 'mews-sim/vitest'` (in a setup file or a test) adds toHaveReceived and toHaveSent to vitest's expect. */
import { expect } from 'vitest';
import { mewsSimMatchers, type MewsSimMatchers } from './matchers.js';

declare module 'vitest' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends MewsSimMatchers<T> {}
}

expect.extend(mewsSimMatchers);

export { mewsSimMatchers, type MewsSimMatchers, type CallOptions, type MatcherTarget } from './matchers.js';
export type { OperationName, InboundOperation, OutboundOperation } from './operations.js';
