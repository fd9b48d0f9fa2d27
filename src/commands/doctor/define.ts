import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition } from '../definition.js';
import { networkOf, withNetworkOptions } from '../flags.js';
import { parseCount } from '../number-flags.js';
import type { DoctorFlags } from './run.js';

export const doctorCommand: CommandDefinition = (host) =>
  withNetworkOptions(
    new Command('doctor')
      .description(
        "a checklist of what stops SDS from applying the flows: the token's permissions, each flow's readiness, age groups, role-group binds, licence SKUs, the latest run",
      )
      .addOption(new Option('--fleet <file>', 'check every tenant of this fleet file (JSON; `edu-flow schema fleet` prints its schema)'))
      .addOption(new Option('--tenants <list>', 'with --fleet: only these tenants, by name or tag, comma-separated'))
      .addOption(
        new Option('--concurrency <n>', 'with --fleet: tenants checked at once (1–32)').argParser((raw) => parseCount(raw, '--concurrency', { min: 1, max: 32 })).default(4),
      ),
  )
    .addHelpText(
      'after',
      `
Each check is ok (✓), a warning (!) or failed (✗), with the reason, and the fix
under each warning and failure. doctor only reads: the flows, the role groups
and licences they refer to (GET /subscribedSkus), and the runs. A read the
token may not make is skipped with a warning; any other failed read fails its
check, and the other checks still run. With --fleet, every tenant is checked,
whatever the others found.

Exit codes: 0 nothing failed (warnings allowed); 14 a check failed in some
tenant, or a tenant could not be reached at all.

Examples:
  $ edu-flow doctor
  $ edu-flow doctor --output json | jq '.summary'
  $ edu-flow doctor --fleet fleet.json --tenants pilot --concurrency 8`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): DoctorFlags => ({ fleet: o.fleet, tenants: o.tenants, concurrency: o.concurrency, network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runDoctorCommand(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
