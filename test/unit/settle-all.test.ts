// Unit: requests sent side by side are all finished before the first failure is thrown, so a
// command never ends with a request still on its way to Graph.
import { expect, test } from '@jest/globals';
import { settleAll } from '../../src/settle-all.js';

const after = <T>(ms: number, value: T, fail = false): Promise<T> => new Promise((resolve, reject) => setTimeout(() => (fail ? reject(value) : resolve(value)), ms));

test('all succeed: the values, in order', async () => {
  expect(await settleAll([after(20, 'a'), after(5, 1)])).toEqual(['a', 1]);
});

test('one fails early: the error comes only once the slower request has finished', async () => {
  let slowDone = false;
  const slow = after(60, 'slow').then((v) => {
    slowDone = true;
    return v;
  });
  await expect(settleAll([after(5, new Error('first'), true), slow])).rejects.toThrow('first');
  expect(slowDone).toBe(true);
});

test('several fail: the first in the order given is thrown', async () => {
  await expect(settleAll([after(30, new Error('one'), true), after(5, new Error('two'), true)])).rejects.toThrow('one');
});
