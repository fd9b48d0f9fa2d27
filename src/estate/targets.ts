// Which tenants a plan or apply covers: the fleet file's (all, or those --tenants names), or the
// run's own tenant. Variables: the fleet's defaults, the entry's own, then --var over both.
import type { Context } from '../context.js';
import type { ResolvedSettings } from '../config/resolve.js';
import { UsageError } from '../errors.js';
import { loadFleet, selectTenants } from '../fleet/fleet-file.js';
import { checkFleetCredentials, type EstateTarget } from './tenant-session.js';

export interface TargetFlags {
  fleet?: string;
  tenants?: string;
  variables: Readonly<Record<string, unknown>>;
}

export async function estateTargets(ctx: Context, settings: ResolvedSettings, flags: TargetFlags): Promise<EstateTarget[]> {
  if (flags.fleet === undefined) {
    if (flags.tenants !== undefined) throw new UsageError('--tenants chooses tenants of a fleet: it needs --fleet <file>');
    const tenant = settings.tenant.source === 'default' ? undefined : settings.tenant.value;
    return [{ name: tenant ?? settings.profile.value, ...(tenant ? { tenant } : {}), variables: { ...flags.variables } }];
  }
  const fleet = await loadFleet(flags.fleet, ctx.io);
  const targets: EstateTarget[] = selectTenants(fleet, flags.tenants).map((entry) => ({
    name: entry.name,
    tenant: entry.tenant,
    ...(entry.profile === undefined ? {} : { profile: entry.profile }),
    variables: { ...entry.variables, ...flags.variables },
  }));
  checkFleetCredentials(ctx.env, targets);
  return targets;
}
