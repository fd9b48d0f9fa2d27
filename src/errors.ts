import type { Problem } from './problem.js';

/** The exit codes (README.md lists them). Only cli.ts turns them into process.exitCode. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  invalidInput: 3,
  auth: 4,
  graphRefused: 5,
  unavailable: 6,
  verifyFailed: 7,
  differs: 8,
  sigint: 130,
  sigterm: 143,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** Every error the tool expects carries its exit code and, where useful, what to do next. */
export class EduFlowError extends Error {
  readonly exitCode: ExitCodeValue;
  readonly hint?: string;
  readonly details: Problem[];
  /** Where the details point: a body file's path, or "stdin". */
  readonly origin?: string;
  constructor(exitCode: ExitCodeValue, message: string, options: { hint?: string; details?: Problem[]; origin?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = options.hint;
    this.details = options.details ?? [];
    this.origin = options.origin;
  }
}

/** Exit 2: the command line or a setting is wrong. */
export class UsageError extends EduFlowError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.usage, message, options);
  }
}

/** Exit 3: the body (or the file holding it) is wrong. */
export class InvalidInputError extends EduFlowError {
  constructor(message: string, options: { hint?: string; details?: Problem[]; origin?: string; cause?: unknown } = {}) {
    super(ExitCode.invalidInput, message, options);
  }
}

/** Exit 4: no usable credential, or the credential was refused. */
export class AuthError extends EduFlowError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.auth, message, options);
  }
}

/** Exit 6: Graph, the sign-in service or the network is unavailable. */
export class UnavailableError extends EduFlowError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.unavailable, message, options);
  }
}

/** Exit 5: an answer that cannot be trusted (a paging link to another origin, a body nested without end). */
export class UntrustedResponseError extends EduFlowError {
  constructor(message: string, hint?: string) {
    super(ExitCode.graphRefused, message, { hint });
  }
}

/** What Graph said about a failed request, kept whole for the error report. */
export interface GraphErrorInfo {
  status: number;
  code?: string;
  message: string;
  requestId?: string;
  clientRequestId?: string;
  date?: string;
  method: string;
  url: string;
}

/** Exit code for an HTTP status that survived the retries. */
export function exitCodeForStatus(status: number): ExitCodeValue {
  if (status === 401 || status === 403) return ExitCode.auth;
  // 408 is the server timing out: like 429 and 5xx, "unavailable", not "refused".
  if (status === 408 || status === 429 || status >= 500) return ExitCode.unavailable;
  return ExitCode.graphRefused;
}

/** A non-2xx answer from Graph. The exit code follows the status. */
export class GraphError extends EduFlowError {
  readonly info: GraphErrorInfo;
  constructor(info: GraphErrorInfo, options: { hint?: string } = {}) {
    super(exitCodeForStatus(info.status), info.message, options);
    this.info = info;
  }
}

/** Exit 130/143: the user or the system stopped us. */
export class InterruptedError extends EduFlowError {
  constructor(signal: 'SIGINT' | 'SIGTERM') {
    super(signal === 'SIGINT' ? ExitCode.sigint : ExitCode.sigterm, `interrupted by ${signal}`);
  }
}
