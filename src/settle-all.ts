/**
 * Promise.all for requests sent side by side, except that it waits for every one to finish before
 * it fails: a command that stops on the first error then leaves no request in flight behind it
 * (which would still reach Graph after the command reported its error). The first failure, in
 * the order given, is the one thrown.
 */
export async function settleAll<T extends readonly unknown[]>(promises: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
