// Every check of one tenant, from what Graph answers: the token's permissions, then the flows
// (read once) and what they refer to, then the latest run. Reads go out side by side where they do
// not depend on each other; role groups and licences are read only when some flow refers to them.
// Each read that fails fails only the checks that needed it.
import { readLiveSets } from '../../estate/live.js';
import type { GraphClient } from '../../graph/client.js';
import { listAll } from '../../graph/pager.js';
import { roleGroupsPath } from '../../graph/paths.js';
import { listRuns } from '../read.js';
import { ageGroupChecks } from './age-group.js';
import { flowsOf, type DoctorFlow } from './flows-of.js';
import { latestRunCheck } from './latest-run.js';
import { licenceSkuChecks, licenceUsesOf, SUBSCRIBED_SKUS_PATH, subscribedSkusOf, type SubscribedSku } from './licence-skus.js';
import type { DoctorCheck } from './model.js';
import { grantedPermissions } from '../../auth/preflight.js';
import { permissionChecks } from './permissions.js';
import { readinessChecks } from './readiness.js';
import { attempt, failedRead, type ReadOutcome } from './read-outcome.js';
import { roleGroupBindChecks, roleGroupBindsOf } from './role-group-binds.js';

export interface TenantCheckContext {
  graph: GraphClient;
  /** The token the reads go out with: its claims say what it may do. */
  token: string;
  signal: AbortSignal;
  now: () => Date;
}

/** The checks that need the flows, when the flows could not be read: each fails with the reason. */
function flowChecksUnread(error: unknown): DoctorCheck[] {
  const what = 'the flow sets and flows';
  return [
    failedRead('flow.readiness', 'readiness', what, error),
    failedRead('flow.age-group', 'age groups', what, error),
    failedRead('flow.role-groups', 'role-group binds', what, error),
    failedRead('flow.licence-skus', 'licence SKUs', what, error),
  ];
}

async function flowChecks(context: TenantCheckContext, flows: DoctorFlow[]): Promise<DoctorCheck[]> {
  const { graph, signal } = context;
  const binds = roleGroupBindsOf(flows);
  const uses = licenceUsesOf(flows);
  const [roleGroups, skus] = await Promise.all([
    binds.length > 0 ? attempt(signal, async () => (await listAll(graph, roleGroupsPath())).map((group) => String(group.id))) : undefined,
    uses.length > 0 ? attempt(signal, async (): Promise<SubscribedSku[]> => subscribedSkusOf(await listAll(graph, SUBSCRIBED_SKUS_PATH))) : undefined,
  ]);
  return [...readinessChecks(flows), ...ageGroupChecks(flows), ...roleGroupBindChecks(binds, roleGroups), ...licenceSkuChecks(uses, skus, grantedPermissions(context.token))];
}

export async function tenantChecks(context: TenantCheckContext): Promise<DoctorCheck[]> {
  const { graph, signal } = context;
  const [flowPart, runs] = await Promise.all([
    (async (): Promise<DoctorCheck[]> => {
      const live: ReadOutcome<DoctorFlow[]> = await attempt(signal, async () => flowsOf(await readLiveSets(graph, signal)));
      return live.ok ? flowChecks(context, live.value) : flowChecksUnread(live.error);
    })(),
    attempt(signal, () => listRuns(graph)),
  ]);
  return [...permissionChecks(context.token), ...flowPart, latestRunCheck(runs, context.now())];
}
