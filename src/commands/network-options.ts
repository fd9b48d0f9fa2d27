import type { Command } from 'commander';
import { parseCount, parseSeconds } from '../settings.js';

/** Per-request limits every command that talks to Graph shares: --retries, --max-wait and --timeout. */
export interface NetworkSettings {
  retries: number;
  maxWaitMs: number;
  timeoutMs: number;
}

export function addNetworkOptions(command: Command): Command {
  return command
    .option('--retries <n>', 'retries for throttled or failed idempotent requests (0–10)', '3')
    .option('--max-wait <seconds>', 'longest Retry-After to wait for; longer fails at once (exit 6)', '120')
    .option('--timeout <seconds>', 'per-attempt timeout', '30');
}

export function readNetworkOptions(opts: { retries: string; maxWait: string; timeout: string }): NetworkSettings {
  return {
    retries: parseCount(opts.retries, '--retries', { min: 0, max: 10 }),
    maxWaitMs: Math.round(parseSeconds(opts.maxWait, '--max-wait', { min: 0, max: 3600 }) * 1000),
    timeoutMs: Math.round(parseSeconds(opts.timeout, '--timeout', { min: 0.001, max: 3600 }) * 1000),
  };
}
