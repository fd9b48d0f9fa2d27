// What one tenant's work says while a fleet runs. Lines for a person go out prefixed with the
// tenant's name when stderr is a log, or are held until the live progress view is done when it is
// a terminal (lines in between would tear the view apart). Data and results are never a tenant's
// to print: the run prints one report at the end.
import type { Reporter } from '../ui/reporter.js';

export interface TenantReporter extends Reporter {
  /** Prints what was held (terminal mode); nothing in log mode. */
  flush(): void;
}

/**
 * `onWait` hears every announced wait (a retry after 429/5xx, a Retry-After), so a live view can
 * show it at once even while the tenant's other lines are held: a throttled tenant never looks hung.
 */
export function tenantReporter(base: Reporter, name: string, hold: boolean, onWait?: (message: string) => void): TenantReporter {
  const held: (() => void)[] = [];
  const prefix = (message: string): string =>
    message
      .split('\n')
      .map((line) => `[${name}] ${line}`)
      .join('\n');
  const say = (write: () => void): void => {
    if (hold) held.push(write);
    else write();
  };
  return {
    format: base.format,
    formatExplicit: base.formatExplicit,
    verboseEnabled: base.verboseEnabled,
    debugEnabled: base.debugEnabled,
    color: base.color,
    tableWidth: base.tableWidth,
    data: () => undefined,
    plain: () => undefined,
    result: () => undefined,
    info: (message) => {
      if (/\bretrying in\b/.test(message)) onWait?.(message);
      say(() => base.info(prefix(message)));
    },
    success: (message) => say(() => base.success(prefix(message))),
    warn: (message) => say(() => base.warn(prefix(message))),
    verbose: (message) => {
      if (base.verboseEnabled) say(() => base.verbose(prefix(message)));
    },
    debug: (message) => {
      if (base.debugEnabled) say(() => base.debug(prefix(message)));
    },
    debugBody: (label, body) => {
      if (base.debugEnabled) say(() => base.debugBody(`[${name}] ${label}`, body));
    },
    stderr: (text) => say(() => base.stderr(prefix(text.replace(/\n$/, '')) + (text.endsWith('\n') ? '\n' : ''))),
    failure: (exitCode, message, hint) => say(() => base.failure(exitCode, prefix(message), hint)),
    flush() {
      for (const write of held.splice(0)) write();
    },
  };
}
