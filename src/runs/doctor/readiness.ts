// Whether SDS will take each flow into its next run: its `readinessStatus` (notReady, ready,
// failed, disabled, expired; more may come). A flow that is not ready is not applied.
import type { CheckStatus, DoctorCheck } from './model.js';
import { describeFlow, type DoctorFlow } from './flows-of.js';

const TITLE = 'readiness';

interface Verdict {
  status: Exclude<CheckStatus, 'ok'>;
  reason: string;
  fix: string;
}

const CHECK_AGAIN = 'run `edu-flow doctor` again later; `edu-flow get --set-id … --flow-id …` shows the flow';

function verdictOf(readiness: unknown): Verdict | undefined {
  if (readiness === 'ready') return undefined;
  if (readiness === 'notReady') return { status: 'warn', reason: 'notReady: SDS has not finished setting it up', fix: `wait for SDS to finish; ${CHECK_AGAIN}` };
  if (readiness === 'disabled') return { status: 'warn', reason: 'disabled: SDS does not apply it', fix: 'enable the flow in the SDS admin center if it should run' };
  if (readiness === 'failed')
    return {
      status: 'fail',
      reason: 'failed: SDS could not set it up, so it is not applied',
      fix: 'open the flow in the SDS admin center to see why; fix it, or delete and create it again',
    };
  if (readiness === 'expired')
    return { status: 'fail', reason: 'expired: SDS no longer applies it', fix: 'renew the flow in the SDS admin center, or create it again (`edu-flow create`)' };
  const shown = readiness === undefined || readiness === null ? 'not given' : typeof readiness === 'string' ? readiness : JSON.stringify(readiness);
  return { status: 'warn', reason: `readinessStatus ${shown}: edu-flow does not know whether SDS applies it`, fix: CHECK_AGAIN };
}

/** A check per flow that is not ready; one `ok` when every flow is; a warning when the tenant has no flow at all. */
export function readinessChecks(flows: readonly DoctorFlow[]): DoctorCheck[] {
  if (flows.length === 0) {
    return [
      {
        id: 'flow.readiness',
        status: 'warn',
        title: TITLE,
        reason: 'the tenant has no provisioning flows: SDS provisions nothing',
        fix: 'create them: `edu-flow create`, or `edu-flow apply` of a folder',
      },
    ];
  }
  const problems = flows.flatMap((flow): DoctorCheck[] => {
    const verdict = verdictOf(flow.raw.readinessStatus);
    return verdict ? [{ id: 'flow.readiness', title: TITLE, ...verdict, subject: describeFlow(flow) }] : [];
  });
  if (problems.length > 0) return problems;
  return [{ id: 'flow.readiness', status: 'ok', title: TITLE, reason: flows.length === 1 ? 'the one flow is ready' : `all ${flows.length} flows are ready` }];
}
