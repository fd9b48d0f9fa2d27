import { randomUUID } from 'node:crypto';
import type { Context } from '../context.js';
import type { Reporter } from './reporter.js';
import { MASK, maskPasswords } from '../secrets.js';

/** A write as it would go out: method, absolute URL, JSON body. */
export interface PlannedRequest {
  method: 'POST' | 'PATCH' | 'DELETE';
  url: string;
  body?: Record<string, unknown>;
}

/** The request with every password in its body masked. */
export const masked = (request: PlannedRequest): PlannedRequest =>
  request.body === undefined ? { method: request.method, url: request.url } : { method: request.method, url: request.url, body: maskPasswords(request.body) };

/** A request as text: the method and URL, any headers, then the body. */
export const requestText = (request: PlannedRequest, headers?: Record<string, string>): string =>
  [
    `${request.method} ${request.url}`,
    ...Object.entries(headers ?? {}).map(([name, value]) => `${name}: ${value}`),
    ...(request.body === undefined ? [] : [...(headers ? [''] : []), JSON.stringify(request.body, null, 2)]),
  ].join('\n');

/**
 * `--plan`, online: exactly the request(s) the command would send now, computed from the live
 * state, passwords masked, and nothing sent. JSON: `{plan: true, …extra, requests}`; text: the
 * summary lines, then each request with its body as it would be sent.
 */
export function printPlan(reporter: Reporter, requests: PlannedRequest[], options: { lines?: string[]; extra?: Record<string, unknown> } = {}): void {
  const shown = requests.map(masked);
  const text = [
    ...(options.lines ?? []),
    ...(shown.length === 0
      ? ['Nothing would be sent.']
      : [`Would send ${shown.length === 1 ? 'this request' : `these ${shown.length} requests`}:`, ...shown.map((r) => requestText(r))]),
  ].join('\n');
  reporter.data({ plan: true, ...options.extra, requests: shown }, text);
  reporter.info('Plan: nothing was sent.');
}

/**
 * `--dry-run`, offline and without a token: the request(s) as built from the input alone, with the
 * headers they would carry (token and passwords masked). `note` says what will differ online.
 */
export function printDryRun(ctx: Context, reporter: Reporter, requests: PlannedRequest[], note: string): void {
  const shown = requests.map((request) => ({ ...masked(request), headers: headersFor(ctx, request) }));
  const text = shown.map((r) => requestText(r, r.headers)).join('\n\n');
  const value = shown.length === 1 ? { method: shown[0].method, url: shown[0].url, headers: shown[0].headers, body: shown[0].body } : { requests: shown };
  reporter.data(value, text);
  reporter.info(`Dry run: nothing was sent. ${note}`);
}

function headersFor(ctx: Context, request: PlannedRequest): Record<string, string> {
  return {
    Authorization: `Bearer ${MASK}`,
    ...(request.body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'client-request-id': randomUUID(),
    'User-Agent': `edu-flow/${ctx.version}`,
  };
}
