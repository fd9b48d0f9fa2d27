import type { Readable, Writable } from 'node:stream';
import type { SecretScrubber } from './secrets.js';
import { stdinHasWaitingInput } from './stdin-probe.js';

/** The process's streams and what we know about them; tests pass their own. */
export interface IO {
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  stdinIsTTY: boolean;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** The terminal's width when stdout is one (tables are fitted to it); absent for a pipe or file. */
  stdoutColumns?: number;
  /** Whether input already waits on stdin (checked without reading or blocking); absent means no. */
  stdinHasInput?: () => boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** One HTTP exchange as the tool makes it: no retries and no redirects at this level. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface HttpResponse {
  statusCode: number;
  statusMessage: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * The one HTTP stack every request goes through, Graph's and sign-in's alike (net/http.ts builds
 * it on got). A run may bring its own, as in-process tests do with a stub.
 */
export interface Http {
  send(url: string, request: HttpRequest): Promise<HttpResponse>;
  /** The proxy a URL goes through, for --verbose. */
  proxyFor(url: string): string | undefined;
}

/**
 * What every command receives instead of reaching for globals: streams, environment, clock,
 * the version, an abort signal for Ctrl-C, and the secret scrubber for this run.
 */
export interface Context {
  io: IO;
  env: Env;
  version: string;
  now(): Date;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  signal: AbortSignal;
  secrets: SecretScrubber;
  /** An HTTP stack to use instead of the real one (tests); absent in a real run. */
  http?: Http;
}

export function processIO(): IO {
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
    stdoutColumns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stdinHasInput: stdinHasWaitingInput,
  };
}

/** A sleep that ends early (rejecting) when the run is aborted. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
