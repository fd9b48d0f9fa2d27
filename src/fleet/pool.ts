/** How one item of a pool ended; `skipped` when it never started. */
export type PoolOutcome<R> = { status: 'fulfilled'; value: R } | { status: 'rejected'; reason: unknown } | { status: 'skipped' };

export interface PoolOptions {
  /** How many items may run at once: a whole number, at least 1. */
  concurrency: number;
  /** When it aborts, no further item starts; the running ones see the same signal. */
  signal: AbortSignal;
  /** After the first rejection, no further item starts (the running ones finish). */
  stopOnFailure: boolean;
}

/**
 * Runs `work` over the items, at most `concurrency` at a time, starting them in item order, and
 * gives each item's outcome in item order. A failure of one item is its outcome, never the pool's:
 * the promise rejects only for a concurrency that is not a whole number of at least 1 (a caller's
 * bug), and then before any item starts.
 */
export async function runPool<T, R>(items: readonly T[], options: PoolOptions, work: (item: T, index: number, signal: AbortSignal) => Promise<R>): Promise<PoolOutcome<R>[]> {
  const { concurrency, signal, stopOnFailure } = options;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`the concurrency must be a whole number of at least 1, not ${concurrency}`);
  const outcomes: PoolOutcome<R>[] = items.map(() => ({ status: 'skipped' }));
  let next = 0;
  let failed = false;
  const mayStart = (): boolean => next < items.length && !signal.aborted && !(stopOnFailure && failed);
  // Each lane takes the next item as soon as its last one ends, so `concurrency` stay busy.
  const lane = async (): Promise<void> => {
    while (mayStart()) {
      const index = next++;
      try {
        outcomes[index] = { status: 'fulfilled', value: await work(items[index], index, signal) };
      } catch (reason) {
        outcomes[index] = { status: 'rejected', reason };
        failed = true;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
  return outcomes;
}
