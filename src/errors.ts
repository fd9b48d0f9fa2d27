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
  /** A local file or folder could not be read or written: permissions, a full or read-only disk. */
  localFailure: 9,
  /** A run over a fleet: some tenants failed or were not started, while at least one finished. */
  fleetSomeFailed: 10,
  /** A run over a fleet: no tenant finished (every one failed or was skipped). */
  fleetNoneDone: 11,
  /** `runs wait` / `update --wait-run`: the run failed, or the flow's activity failed or completed with errors. */
  runFailed: 12,
  /** `runs wait` / `update --wait-run`: no run covering the change ended within --max-wait. */
  waitTimedOut: 13,
  /** `doctor`: at least one check failed. */
  doctorFailed: 14,
  /** `config get` of a setting the profile does not have (as `git config` exits 1). */
  unsetSetting: 1,
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

/** The OS reasons a local file operation fails for, in words; anything else is shown by its code. */
const FILE_SYSTEM_REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  EEXIST: 'something else is already there',
  ENAMETOOLONG: 'the path is too long',
  ELOOP: 'too many symbolic links',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files on the system',
  EIO: 'an input/output error of the device',
  EBUSY: 'the file or device is busy',
};

/** Exit 9: a file or folder of edu-flow's (config, token cache, state, backups) could not be used. */
export class LocalFileError extends EduFlowError {
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(ExitCode.localFailure, message, options);
  }
}

/**
 * A Node file-system error (it names a syscall and a path) as one clear message, naming the path
 * and the OS reason; undefined for anything else (a bug stays a bug).
 */
export function fromFileSystemError(error: unknown): LocalFileError | undefined {
  // Not `instanceof Error`: an error from another realm (a worker, a test's sandbox) is one too.
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, syscall, path, dest } = error as NodeJS.ErrnoException & { dest?: string };
  if (typeof code !== 'string' || typeof syscall !== 'string' || typeof path !== 'string') return undefined;
  if (!/^E[A-Z]+$/.test(code)) return undefined;
  const reason = FILE_SYSTEM_REASONS[code] ?? 'the operating system refused';
  const verb = /^(read|stat|lstat|fstat|scandir|readlink|access|realpath)/.test(syscall) ? 'read' : syscall === 'open' ? 'open' : 'write';
  const target = dest ? `${path} → ${dest}` : path;
  return new LocalFileError(`cannot ${verb} ${target}: ${reason} (${code}, ${syscall})`, {
    hint:
      code === 'ENOSPC' || code === 'EDQUOT'
        ? 'free some space there, or point edu-flow at another folder (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR or --backup-dir); nothing was half-written'
        : code === 'EROFS'
          ? 'point edu-flow at a writable folder (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR or --backup-dir); nothing was half-written'
          : 'check the owner and mode of that path, or point edu-flow at another folder (EDU_FLOW_CONFIG_DIR, EDU_FLOW_STATE_DIR or --backup-dir); nothing was half-written',
    cause: error,
  });
}
