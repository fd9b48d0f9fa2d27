// Unit: the bounded pool the fleet runs tenants through — the bound, the order of outcomes,
// stopping after a failure, and Ctrl-C.
import { describe, expect, test } from '@jest/globals';
import { type PoolOutcome, runPool } from '../../src/fleet/pool.js';

/** A promise settled from outside, so a test decides when each item ends. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (reason: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every queued callback run (the pool starts the next item on a later tick). */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const options = (concurrency: number, extra: { signal?: AbortSignal; stopOnFailure?: boolean } = {}) => ({
  concurrency,
  signal: extra.signal ?? new AbortController().signal,
  stopOnFailure: extra.stopOnFailure ?? false,
});

/** Work whose items take random turns of the event loop, counting how many run at once. */
function countingWork(delays: number[]) {
  const seen = { running: 0, most: 0, started: [] as number[] };
  const work = async (item: string, index: number): Promise<string> => {
    seen.running++;
    seen.most = Math.max(seen.most, seen.running);
    seen.started.push(index);
    for (let turn = 0; turn < delays[index]; turn++) await settle();
    seen.running--;
    return item.toUpperCase();
  };
  return { seen, work };
}

describe('runPool', () => {
  test('never more than `concurrency` at once, all of them used, outcomes in item order', async () => {
    const items = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const { seen, work } = countingWork([5, 1, 3, 0, 4, 2, 6, 1, 0, 3, 2, 1]);
    const outcomes = await runPool(items, options(3), work);
    expect(seen.most).toBe(3);
    expect(seen.running).toBe(0);
    expect(seen.started).toEqual(items.map((_, i) => i));
    expect(outcomes).toEqual(items.map((item) => ({ status: 'fulfilled', value: item.toUpperCase() })));
  });

  test('concurrency 1 is serial: each item starts after the last one ended', async () => {
    const log: string[] = [];
    await runPool(['a', 'b', 'c'], options(1), async (item) => {
      log.push(`start ${item}`);
      await settle();
      log.push(`end ${item}`);
    });
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  test('a concurrency larger than the items starts them all at once', async () => {
    const { seen, work } = countingWork([2, 2, 2]);
    const outcomes = await runPool(['a', 'b', 'c'], options(50), work);
    expect(seen.most).toBe(3);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });

  test('zero items: no work, no outcomes', async () => {
    let calls = 0;
    await expect(
      runPool([], options(4), async () => {
        calls++;
      }),
    ).resolves.toEqual([]);
    expect(calls).toBe(0);
  });

  test('the work gets the item, its index and the signal', async () => {
    const controller = new AbortController();
    const calls: [string, number, AbortSignal][] = [];
    await runPool(['x', 'y'], options(2, { signal: controller.signal }), async (item, index, signal) => {
      calls.push([item, index, signal]);
    });
    expect(calls).toEqual([
      ['x', 0, controller.signal],
      ['y', 1, controller.signal],
    ]);
  });

  test('without stopOnFailure a rejection is one outcome and the rest go on; a synchronous throw counts too', async () => {
    const failure = new Error('Graph answered 503');
    const outcomes = await runPool([1, 2, 3, 4], options(2), (n) => {
      if (n === 2) return Promise.reject(failure);
      if (n === 3) throw new TypeError('bug in the work');
      return Promise.resolve(n * 10);
    });
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 10 },
      { status: 'rejected', reason: failure },
      { status: 'rejected', reason: expect.any(TypeError) },
      { status: 'fulfilled', value: 40 },
    ]);
  });

  test('stopOnFailure: the first rejection starts nothing more; the running ones finish; the rest are skipped', async () => {
    const gates = Array.from({ length: 6 }, () => deferred<string>());
    const started: number[] = [];
    const running = runPool([0, 1, 2, 3, 4, 5], options(2, { stopOnFailure: true }), (n) => {
      started.push(n);
      return gates[n].promise;
    });
    await settle();
    expect(started).toEqual([0, 1]);
    gates[0].reject(new Error('north failed'));
    await settle();
    expect(started).toEqual([0, 1]);
    gates[1].resolve('south done');
    const outcomes: PoolOutcome<string>[] = await running;
    expect(started).toEqual([0, 1]);
    expect(outcomes).toEqual([
      { status: 'rejected', reason: new Error('north failed') },
      { status: 'fulfilled', value: 'south done' },
      { status: 'skipped' },
      { status: 'skipped' },
      { status: 'skipped' },
      { status: 'skipped' },
    ]);
  });

  test('stopOnFailure: a running item that fails after the first failure is still its own outcome', async () => {
    const gates = [deferred<number>(), deferred<number>(), deferred<number>()];
    const running = runPool([0, 1, 2], options(2, { stopOnFailure: true }), (n) => gates[n].promise);
    gates[1].reject(new Error('second'));
    await settle();
    gates[0].reject(new Error('first'));
    // Harmless when the pool is right (item 2 never starts); ends the test quickly when it is not.
    gates[2].resolve(2);
    expect((await running).map((o) => o.status)).toEqual(['rejected', 'rejected', 'skipped']);
  });

  test('abort: nothing new starts, the running ones see the aborted signal and finish, the rest are skipped', async () => {
    const controller = new AbortController();
    const gates = Array.from({ length: 5 }, () => deferred<string>());
    const sawAbort: boolean[] = [];
    const started: number[] = [];
    const running = runPool([0, 1, 2, 3, 4], options(2, { signal: controller.signal }), async (n, _index, signal) => {
      started.push(n);
      const value = await gates[n].promise;
      sawAbort.push(signal.aborted);
      return value;
    });
    gates[0].resolve('a');
    await settle();
    expect(started).toEqual([0, 1, 2]);
    controller.abort();
    gates[1].resolve('b');
    gates[2].reject(new Error('interrupted'));
    const outcomes = await running;
    expect(started).toEqual([0, 1, 2]);
    expect(sawAbort).toEqual([false, true]);
    expect(outcomes).toEqual([
      { status: 'fulfilled', value: 'a' },
      { status: 'fulfilled', value: 'b' },
      { status: 'rejected', reason: new Error('interrupted') },
      { status: 'skipped' },
      { status: 'skipped' },
    ]);
  });

  test('a signal aborted before the start runs nothing', async () => {
    let calls = 0;
    const outcomes = await runPool(['a', 'b'], options(2, { signal: AbortSignal.abort() }), async () => {
      calls++;
    });
    expect(calls).toBe(0);
    expect(outcomes).toEqual([{ status: 'skipped' }, { status: 'skipped' }]);
  });

  test('a concurrency that is not a whole number of at least 1 is a bug, refused before anything starts', async () => {
    for (const concurrency of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      let calls = 0;
      await expect(
        runPool(['a'], options(concurrency), async () => {
          calls++;
        }),
      ).rejects.toThrow(RangeError);
      expect(calls).toBe(0);
    }
  });
});
