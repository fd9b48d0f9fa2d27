// apply's two previews, which send nothing: --plan (online: each tenant planned, the write
// permission checked, and exactly the requests apply would send) and --dry-run (offline, no token:
// the folder checked for every tenant, and what it holds).
import type { Context } from '../context.js';
import { flowPath, flowSetPath, flowSetsPath, flowsPath } from '../graph/paths.js';
import type { PlannedRequest } from '../ui/request-preview.js';
import type { Reporter } from '../ui/reporter.js';
import { quoted } from '../ui/terminal-text.js';
import type { DesiredEstate } from './desired.js';
import type { EstateReport } from './model.js';
import type { StepWork } from './plan.js';
import { desiredForAll, planAll, rethrowSingle, type EstateRunOptions } from './plan-tenants.js';
import { readEstateFolder } from './read-folder.js';

export interface TenantRequests {
  name: string;
  requests: PlannedRequest[];
}

/** The requests a tenant's steps are, in order; a flow of a set the plan creates names the set by a placeholder. */
export function requestsOf(work: StepWork[], graphUrl: string): PlannedRequest[] {
  return work.map(({ step, body }): PlannedRequest => {
    const flows = step.setId === undefined ? `${flowSetsPath()}/{new set ${quoted(step.setName)}}/provisioningFlows` : flowsPath(step.setId);
    const method = step.action === 'create' ? 'POST' : step.action === 'update' ? 'PATCH' : 'DELETE';
    const path =
      step.object === 'set'
        ? step.action === 'create'
          ? flowSetsPath()
          : flowSetPath(String(step.setId))
        : step.action === 'create'
          ? flows
          : flowPath(String(step.setId), String(step.flowId));
    return { method, url: `${graphUrl}${path}`, ...(body === undefined || step.action === 'delete' ? {} : { body }) };
  });
}

/** --plan: every tenant planned as apply plans it (the write permission first), and the requests it would send. */
export async function previewApply(ctx: Context, reporter: Reporter, options: EstateRunOptions): Promise<{ report: EstateReport; tenants: TenantRequests[] }> {
  const folder = await readEstateFolder(options.folder);
  const estates = desiredForAll(folder, options.targets, { fleet: options.fleet !== undefined, strict: options.strict, graphUrl: options.settings.graphUrl.value, reporter, ctx });
  const planned = await planAll(ctx, reporter, options, estates, {}, true, () => undefined);
  rethrowSingle(options, planned);
  return {
    report: { command: 'plan', folder: options.folder, ...(options.fleet ? { fleet: options.fleet } : {}), tenants: planned.map((p) => p.result) },
    tenants: planned.map((p) => ({ name: p.result.name, requests: p.session ? requestsOf(p.work, p.session.graph.baseUrl) : [] })),
  };
}

/** --dry-run: the folder read and checked for every tenant, offline; what each tenant would be compared with. */
export async function checkApplyOffline(ctx: Context, reporter: Reporter, options: EstateRunOptions): Promise<{ name: string; estate: DesiredEstate }[]> {
  const folder = await readEstateFolder(options.folder);
  const estates = desiredForAll(folder, options.targets, { fleet: options.fleet !== undefined, strict: options.strict, graphUrl: options.settings.graphUrl.value, reporter, ctx });
  return options.targets.map((target, index) => ({ name: target.name, estate: estates[index] }));
}
