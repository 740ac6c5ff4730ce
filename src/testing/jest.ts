/**
 * `import 'mews-sim/jest'` (in a setup file or a test) adds toHaveReceived and toHaveSent to jest's expect.
 * Both the `@jest/globals` expect and the global one (with @types/jest) are typed.
 */
import type {} from 'expect';
import { mewsSimMatchers, type MewsSimMatchers } from './matchers.js';

declare module 'expect' {
  // The type parameters must repeat expect's own declaration.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unused-vars
  interface Matchers<R extends void | Promise<void>, T = unknown> extends MewsSimMatchers<R> {}
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Matchers<R> extends MewsSimMatchers<R> {}
  }
}

const jestExpect = (globalThis as { expect?: { extend(matchers: object): void } }).expect;
if (!jestExpect?.extend) throw new Error("mews-sim/jest: no global expect; import it from a jest test or a setupFilesAfterEnv file, or call expect.extend(mewsSimMatchers) yourself");
jestExpect.extend(mewsSimMatchers);

export { mewsSimMatchers, type MewsSimMatchers, type CallOptions, type MatcherTarget } from './matchers.js';
export type { OperationName, InboundOperation, OutboundOperation } from './operations.js';
