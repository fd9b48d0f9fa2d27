import type { Context } from '../../context.js';
import { inspectBody, KIND_NAMES, loadBody } from '../../body/prepare.js';
import type { Problem } from '../../problem.js';
import type { BodyKind } from '../../body/kinds.js';
import { EduFlowError, ExitCode } from '../../errors.js';
import type { Reporter } from '../../ui/reporter.js';
import { formatProblem } from '../../ui/problems.js';

export interface ValidateFlags {
  file?: string;
  /** --type; absent: the body's @odata.type, else a user flow. */
  kind?: BodyKind;
  strict: boolean;
}

export type ValidateOptions = ValidateFlags & { graphUrl: string };

export interface ValidateReport {
  valid: boolean;
  type?: BodyKind;
  errors: Problem[];
  warnings: Problem[];
}

/**
 * Offline, no token. The report is the command's data, so it goes to stdout
 * whether the body is valid or not; the exit code (0 or 3) carries the verdict.
 */
export async function runValidate(ctx: Context, reporter: Reporter, options: ValidateOptions): Promise<number> {
  const requestedKind = options.kind;
  let origin = options.file === '-' || options.file === undefined ? 'stdin' : options.file;
  let report: ValidateReport;
  try {
    const parsed = await loadBody(ctx, { file: options.file, edits: [] });
    origin = parsed.origin;
    const inspected = inspectBody(parsed, { requestedKind, strict: options.strict, graphUrl: options.graphUrl, edits: [], envRefs: { env: ctx.env, mode: 'check' } }, ctx.secrets);
    report = { valid: inspected.errors.length === 0, type: inspected.kind, errors: inspected.errors, warnings: inspected.warnings };
  } catch (error) {
    // Unreadable, oversized or unparseable input is an invalid body too: same report, exit 3.
    if (!(error instanceof EduFlowError) || error.exitCode !== ExitCode.invalidInput) throw error;
    const details = error.details.length > 0 ? error.details : [{ pointer: '', message: error.message }];
    report = { valid: false, errors: details, warnings: [] };
  }
  reporter.data(report, renderText(origin, report));
  if (report.valid) return ExitCode.ok;
  const n = report.errors.length;
  reporter.failure(
    ExitCode.invalidInput,
    `${origin} is not a valid ${report.type ? KIND_NAMES[report.type] : 'body'}: ${n} problem${n === 1 ? '' : 's'} (listed in the report on stdout)`,
  );
  return ExitCode.invalidInput;
}

function renderText(origin: string, report: ValidateReport): string {
  const lines: string[] = [];
  for (const error of report.errors) lines.push(`error    ${formatProblem(origin, error)}`);
  for (const warning of report.warnings) lines.push(`warning  ${formatProblem(origin, warning)}`);
  const what = report.type ? `a ${KIND_NAMES[report.type]} body` : 'a body';
  const n = report.errors.length;
  lines.push(
    report.valid
      ? `${origin}: valid: ${what}${report.warnings.length ? ` (${report.warnings.length} warning${report.warnings.length === 1 ? '' : 's'})` : ''}`
      : `${origin}: not valid as ${what} (${n} error${n === 1 ? '' : 's'})`,
  );
  return lines.join('\n');
}
