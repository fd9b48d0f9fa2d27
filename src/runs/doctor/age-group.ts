// How each user flow sets students' age group. `markAllStudentsAsMinors` is deprecated (it
// stopped returning data on 2025-10-15, as the schema says); `studentAgeGroup` replaces it, and a
// flow with neither leaves students' ageGroup unset.
import { isRecord } from '../../body/is-record.js';
import type { DoctorCheck } from './model.js';
import { describeFlow, userFlowsOf, type DoctorFlow } from './flows-of.js';

const TITLE = 'age groups';
const DEPRECATED = 'markAllStudentsAsMinors';

const additionalOptionsOf = (flow: DoctorFlow): Record<string, unknown> | undefined => {
  const management = flow.raw.managementOptions;
  const options = isRecord(management) ? management.additionalOptions : undefined;
  return isRecord(options) ? options : undefined;
};

function flowCheck(flow: DoctorFlow): DoctorCheck | undefined {
  const options = additionalOptionsOf(flow);
  const deprecated = options !== undefined && Object.hasOwn(options, DEPRECATED);
  const ageGroup = options?.studentAgeGroup;
  const noAgeGroup = ageGroup === undefined || ageGroup === null;
  const ids = `--set-id ${flow.setId} --flow-id ${flow.id}`;
  if (deprecated) {
    return {
      id: 'flow.age-group',
      status: 'warn',
      title: TITLE,
      subject: describeFlow(flow),
      reason:
        `it still carries ${DEPRECATED} (${JSON.stringify(options?.[DEPRECATED])}), which is deprecated: it stopped returning data on 2025-10-15` +
        (noAgeGroup ? "; and with no studentAgeGroup, students' ageGroup is not set" : ''),
      fix: `use studentAgeGroup instead (true → "minor"); edu-flow migrate rewrites the body: \`edu-flow get ${ids} --body | edu-flow migrate | edu-flow update ${ids} -f -\``,
    };
  }
  if (noAgeGroup) {
    return {
      id: 'flow.age-group',
      status: 'warn',
      title: TITLE,
      subject: describeFlow(flow),
      reason: "no age-group setting: students' ageGroup is not set",
      fix: `set one: \`edu-flow update ${ids} --student-age-group minor\` (or notAdult, adult)`,
    };
  }
  return undefined;
}

/** A warning per user flow with a deprecated or missing age-group setting; one `ok` otherwise. */
export function ageGroupChecks(flows: readonly DoctorFlow[]): DoctorCheck[] {
  const users = userFlowsOf(flows);
  if (users.length === 0) return [{ id: 'flow.age-group', status: 'ok', title: TITLE, reason: 'no user flow: nothing to check' }];
  const problems = users.map(flowCheck).filter((check): check is DoctorCheck => check !== undefined);
  if (problems.length > 0) return problems;
  const values = [...new Set(users.map((flow) => String(additionalOptionsOf(flow)?.studentAgeGroup)))];
  return [{ id: 'flow.age-group', status: 'ok', title: TITLE, reason: `every user flow sets studentAgeGroup (${values.join(', ')})` }];
}
