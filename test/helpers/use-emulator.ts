// One emulator for a whole test file, back to its starting state before each test: the file's
// tests pay for one start-up and one port. Call it at the top level of the file; the emulator it
// returns stands for the live one (it exists once the file's beforeAll has run).
import { afterAll, beforeAll, beforeEach } from '@jest/globals';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/emulator.js';

export function useEmulator(options?: EmulatorOptions): Emulator {
  let current: Emulator | undefined;
  beforeAll(async () => {
    current = await startEmulator(options);
  });
  afterAll(async () => {
    await current?.close();
  });
  beforeEach(() => {
    current?.reset();
  });
  const live = (): Emulator => {
    if (current === undefined) throw new Error('useEmulator(): the emulator starts in beforeAll; use it inside hooks and tests');
    return current;
  };
  return new Proxy({} as Emulator, {
    get: (_target, key) => Reflect.get(live(), key),
    set: (_target, key, value) => Reflect.set(live(), key, value),
  });
}
