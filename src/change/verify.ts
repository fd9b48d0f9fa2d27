import { EduFlowError, ExitCode } from '../errors.js';
import type { Problem } from '../problem.js';
import { isPasswordPointer } from '../secrets.js';
import { compare } from './compare.js';

/** Exit 7: Graph accepted the write, but the object read back does not hold what was sent. */
export class VerifyError extends EduFlowError {
  constructor(message: string, details: Problem[]) {
    super(ExitCode.verifyFailed, message, { details, hint: 'Graph accepted the write but ignored or changed these members: check them in the SDS portal, or run `edu-flow get`' });
  }
}

/**
 * What a read-back (an update-ready body) does not hold of what was sent, by compare()'s rules;
 * write-only passwords cannot be read back and are left out.
 */
export function verifyMismatches(readBack: Record<string, unknown>, sent: Record<string, unknown>): Problem[] {
  return (
    compare(readBack, sent)
      // A member sent as null (a removed filter) reads back absent: that holds.
      .changes.filter((change) => !isPasswordPointer(change.pointer) && !(change.after === null && change.before === undefined))
      .map((m) => ({ pointer: m.pointer, message: `sent ${JSON.stringify(m.after)}, Graph holds ${m.before === undefined ? 'nothing' : JSON.stringify(m.before)}` }))
  );
}
