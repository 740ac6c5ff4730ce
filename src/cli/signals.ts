/**
 * Exit codes after SIGINT and SIGTERM: 128 + the signal number, as shells report them.
 * Documented in the README ("Exit codes").
 */
export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type ShutdownSignal = keyof typeof SIGNAL_EXIT_CODES;

/**
 * Runs `cleanup` once on the first SIGINT or SIGTERM, then exits with SIGNAL_EXIT_CODES[signal]; a
 * second signal, or cleanup taking longer than `timeoutMs`, exits at once. Needed in containers too:
 * as PID 1 a process without a handler ignores SIGTERM and is killed only after the grace period.
 * Returns a function that removes the handlers (when the command ends by itself).
 */
export function onShutdownSignal(cleanup: (signal: ShutdownSignal) => void | Promise<void> = () => undefined, options: { timeoutMs?: number } = {}): () => void {
  let received: ShutdownSignal | undefined;
  const handler = (signal: ShutdownSignal) => {
    const exit = () => process.exit(SIGNAL_EXIT_CODES[received ?? signal]);
    if (received) return exit();
    received = signal;
    setTimeout(exit, options.timeoutMs ?? 5000).unref();
    Promise.resolve()
      .then(() => cleanup(signal))
      .catch((err: unknown) => console.error(`mews-sim: cleanup after ${signal} failed: ${(err as Error).message}`))
      .finally(exit);
  };
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}
