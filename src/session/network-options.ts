/** Per-request limits every command that talks to Graph shares: --retries, --max-wait and --timeout. */
export interface NetworkSettings {
  retries: number;
  maxWaitMs: number;
  timeoutMs: number;
}

/** The parsed flags (counts and seconds) as the Graph client's limits (milliseconds). */
export function readNetworkSettings(flags: { retries: number; maxWait: number; timeout: number }): NetworkSettings {
  return { retries: flags.retries, maxWaitMs: Math.round(flags.maxWait * 1000), timeoutMs: Math.round(flags.timeout * 1000) };
}
