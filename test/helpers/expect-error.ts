// Unit-test helpers: run something that must fail with one of our error classes and exit code,
// and hand the error back for further checks.
import { expect } from '@jest/globals';
import { type EduFlowError, InvalidInputError, UsageError } from '../../src/errors.js';

type ErrorClass<E extends EduFlowError> = new (...args: never[]) => E;

export function thrown<E extends EduFlowError>(fn: () => unknown, kind: ErrorClass<E>, exitCode: number): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    expect((error as EduFlowError).exitCode).toBe(exitCode);
    return error as E;
  }
  throw new Error(`expected a ${kind.name} (exit ${exitCode}), but nothing was thrown`);
}

export async function rejected<E extends EduFlowError>(promise: Promise<unknown>, kind: ErrorClass<E>, exitCode: number): Promise<E> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(kind);
    expect((error as EduFlowError).exitCode).toBe(exitCode);
    return error as E;
  }
  throw new Error(`expected a ${kind.name} (exit ${exitCode}), but the promise resolved`);
}

/** Exit 2. */
export const usage = (fn: () => unknown): UsageError => thrown(fn, UsageError, 2);
/** Exit 3. */
export const refused = (fn: () => unknown): InvalidInputError => thrown(fn, InvalidInputError, 3);
