import { EduFlowError, ExitCode, fromFileSystemError, GraphError } from '../errors.js';
import type { Reporter } from './reporter.js';
import { formatProblem, printable } from './problems.js';

/**
 * One clear message on stderr for every failure: what went wrong, what to do next.
 * JSON only when --output json was asked for explicitly.
 */
export function reportError(reporter: Reporter, thrown: unknown): number {
  // A file-system failure of the machine (permissions, a full or read-only disk) is not a bug.
  const error = fromFileSystemError(thrown) ?? thrown;
  if (!(error instanceof EduFlowError)) {
    const message = error instanceof Error ? error.message : String(error);
    if (reporter.formatExplicit && reporter.format === 'json') {
      reporter.stderr(`${JSON.stringify({ error: { exitCode: ExitCode.internal, message: `internal error: ${message}`, details: [] } })}\n`);
    } else {
      reporter.stderr(`${reporter.color.red('error:')} internal error: ${message}\n`);
      reporter.stderr(
        reporter.debugEnabled && error instanceof Error && error.stack
          ? `${error.stack}\n`
          : 'This is a bug in edu-flow; run again with --debug for the stack trace and report it.\n',
      );
    }
    return ExitCode.internal;
  }
  const info = error instanceof GraphError ? error.info : undefined;
  if (reporter.formatExplicit && reporter.format === 'json') {
    const payload = {
      error: {
        exitCode: error.exitCode,
        status: info?.status,
        code: info?.code,
        message: error.message,
        requestId: info?.requestId,
        clientRequestId: info?.clientRequestId,
        date: info?.date,
        hint: error.hint,
        details: error.details,
      },
    };
    reporter.stderr(`${JSON.stringify(payload)}\n`);
    return error.exitCode;
  }
  const c = reporter.color;
  const lines: string[] = [];
  if (info) {
    lines.push(`${c.red('error:')} Graph refused ${info.method} ${info.url}: ${info.status}${info.code ? ` ${printable(info.code)}` : ''}: ${printable(info.message)}`);
    lines.push(`  request-id: ${info.requestId ?? '-'}  client-request-id: ${info.clientRequestId ?? '-'}  date: ${info.date ?? '-'}`);
  } else {
    lines.push(`${c.red('error:')} ${printable(error.message)}`);
  }
  for (const detail of error.details) lines.push(`  ${formatProblem(error.origin ?? 'body', detail)}`);
  if (error.hint) lines.push(`${c.cyan('hint:')} ${error.hint}`);
  reporter.stderr(`${lines.join('\n')}\n`);
  return error.exitCode;
}
