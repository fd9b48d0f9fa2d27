// The emulator's one clock, for every tenant: run schedules and the createdDateTime /
// lastModifiedDateTime stamps read it, so a test can put the emulated service at any moment and
// move it on without waiting. It reads the real time until a test sets or advances it.

export interface EmulatorClock {
  /**
   * The emulated service's time. A test may replace it (`emu.clock.now = () => fixed`); set(),
   * advance() and useRealTime() replace it too.
   */
  now: () => Date;
  /** Stops the clock at that moment (a Date, an ISO string or epoch milliseconds). RangeError for an invalid time. */
  set(moment: Date | string | number): void;
  /**
   * Moves the clock `ms` on (back for a negative number) from what it reads now, and stops it
   * there: after advance() the real time no longer moves it. RangeError for a non-finite number.
   */
  advance(ms: number): void;
  /** Back to the real time (what reset() does). */
  useRealTime(): void;
}

/** Epoch milliseconds of `moment`, or a RangeError naming what was wrong. */
function timeOf(moment: Date | string | number, what: string): number {
  const time = moment instanceof Date ? moment.getTime() : typeof moment === 'string' ? Date.parse(moment) : moment;
  if (typeof time !== 'number' || !Number.isFinite(time)) throw new RangeError(`${what}: not a valid time: ${String(moment)}`);
  return time;
}

export function createClock(): EmulatorClock {
  const stoppedAt = (time: number) => () => new Date(time);
  const clock: EmulatorClock = {
    now: () => new Date(),
    set(moment) {
      clock.now = stoppedAt(timeOf(moment, 'clock.set'));
    },
    advance(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new RangeError(`clock.advance: a finite number of milliseconds is required, not ${String(ms)}`);
      clock.now = stoppedAt(readClock(clock) + ms);
    },
    useRealTime() {
      clock.now = () => new Date();
    },
  };
  return clock;
}

/**
 * What the clock reads, in epoch milliseconds. A replaced now() that gives something other than a
 * valid Date is the test's mistake: an Error says so (a route turns it into a 500 the test sees).
 */
export function readClock(clock: Pick<EmulatorClock, 'now'>): number {
  const reading: unknown = clock.now();
  const time = reading instanceof Date ? reading.getTime() : Number.NaN;
  if (!Number.isFinite(time)) throw new Error(`emu.clock.now() must return a valid Date, not ${String(reading)}`);
  return time;
}
