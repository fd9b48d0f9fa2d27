import { Command, Option } from '@commander-js/extra-typings';
import type { CommandDefinition, CommandHost } from '../definition.js';
import { checkId } from '../../graph/paths.js';
import { dryRunOption, flowSelectorOf, networkOf, planOption, refuseTogether, setSelectorOf, withFlowSelector, withNetworkOptions, withSetSelector, yesOption } from '../flags.js';
import { parseCount, parseSeconds } from '../number-flags.js';
import { readNetworkSettings } from '../../session/network-options.js';
import type { RunsFlags, RunsStartFlags, RunsWaitFlags } from './run.js';

/** The longest a wait may be told to last: a week. */
const MAX_WAIT_LIMIT_S = 7 * 24 * 3600;

/** SDS runs every 12 hours, and a run takes a while: 13 hours covers the next scheduled run and its end. */
export const DEFAULT_WAIT_S = 13 * 3600;

/** A wait for a run, in seconds (`runs wait --max-wait`, `update --wait-run`): 0 to a week. */
export const parseRunWait = (raw: string, flag: string): number => parseSeconds(raw, flag, { min: 0, max: MAX_WAIT_LIMIT_S });

const runId = (raw: string): string => checkId(raw, 'the run id');

function listCommand(host: CommandHost) {
  return withNetworkOptions(
    new Command('list')
      .description('the runs of SDS, newest first: status, start, end, the blocking error in short')
      .addOption(new Option('--top <n>', 'show at most this many runs (1–1000)').argParser((raw) => parseCount(raw, '--top', { min: 1, max: 1000 })).default(20)),
  )
    .addHelpText('after', "\nExamples:\n  $ edu-flow runs list\n  $ edu-flow runs list --top 5 --output json | jq -r '.[0].status'")
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): RunsFlags & { top: number } => ({ top: o.top, network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runRunsList(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
}

function getCommand(host: CommandHost) {
  return withNetworkOptions(
    new Command('get').description('a run with its activities: one per flow, with the flow, its type, status and error').argument('<id>', 'the run id', runId),
  )
    .addHelpText('after', '\nExamples:\n  $ edu-flow runs get 918d4a8f-599b-4f6a-b409-e892855db534\n  $ edu-flow runs get <run> --output json')
    .action((id, o, cmd) =>
      host.invoke(
        cmd,
        (): RunsFlags & { id: string } => ({ id, network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runRunsGet(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
}

function statsCommand(host: CommandHost) {
  return withNetworkOptions(new Command('stats').description('the statistics Graph keeps of a run (getStatistics)').argument('<id>', 'the run id', runId))
    .addHelpText('after', '\nExamples:\n  $ edu-flow runs stats 918d4a8f-599b-4f6a-b409-e892855db534 --output json')
    .action((id, o, cmd) =>
      host.invoke(
        cmd,
        (): RunsFlags & { id: string } => ({ id, network: networkOf(o) }),
        async (session, options) => (await import('./run.js')).runRunsStats(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
}

function startCommand(host: CommandHost) {
  return withNetworkOptions(
    new Command('start')
      .description('start an on-demand run (at most 5 successful runs per 12 hours; the next scheduled run is skipped when due within 10 hours)')
      .addOption(yesOption())
      .addOption(planOption('online: check the credential, count the runs of the last 12 hours, show the POST; sends nothing'))
      .addOption(dryRunOption('offline: print the POST; needs no sign-in, sends nothing')),
  )
    .addHelpText(
      'after',
      `
SDS runs every 12 hours on its own. An on-demand run counts against a limit of
5 successful runs per 12 hours, and makes SDS skip its next scheduled run when
that one is due within 10 hours. On a terminal, start names the tenant and the
account and asks [y/N]; without one, --yes is required. When SDS refuses the
run because of the limit, start says when the next one is allowed (exit 5).
Needs IndustryData-Run.Start.

Examples:
  $ edu-flow runs start
  $ edu-flow runs start --yes --output json
  $ edu-flow runs start --plan`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): RunsStartFlags => {
          refuseTogether(o.plan, o.dryRun, ['--plan', '--dry-run'], '--dry-run shows the request offline; --plan also checks the credential and the runs of the last 12 hours');
          return { yes: Boolean(o.yes), plan: Boolean(o.plan), dryRun: Boolean(o.dryRun), network: networkOf(o) };
        },
        async (session, options) => (await import('./run-start.js')).runRunsStart(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
}

function waitCommand(host: CommandHost) {
  return withFlowSelector(
    withSetSelector(new Command('wait').description("wait for the first run that starts after the flow's last change to end, and report the flow's activity in it")),
  )
    .addOption(
      new Option('--max-wait <seconds>', `how long to wait at most for that run to start and end (default ${DEFAULT_WAIT_S} s: 13 hours, past the next 12-hourly run)`).argParser(
        (raw) => parseRunWait(raw, '--max-wait'),
      ),
    )
    .addOption(new Option('--retries <n>', 'retries for throttled or failed reads (0–10)').argParser((raw) => parseCount(raw, '--retries', { min: 0, max: 10 })).default(3))
    .addOption(new Option('--timeout <seconds>', 'per-request timeout').argParser((raw) => parseSeconds(raw, '--timeout', { min: 0.001, max: 3600 })).default(30))
    .addHelpText(
      'after',
      `
SDS takes the flows as they are when a run starts: the run that covers a change
is the first to start after the flow's lastModifiedDateTime. wait polls for it
(every 15 s at first, then less often, at most every 5 minutes), shows the
elapsed time and the run's status on a terminal, and reports the flow's
activity when the run ends.

Exit codes: 0 the flow's activity completed (with warnings: a warning); 12 the
run failed, or the flow's activity failed, completed with errors or was
skipped; 13 no covering run ended within --max-wait.

Examples:
  $ edu-flow runs wait --set-name "Contoso district flows" --flow-type user
  $ edu-flow runs wait --set-id <set> --flow-id <flow> --max-wait 3600 \\
      --output json`,
    )
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (): RunsWaitFlags => ({
          set: setSelectorOf(o),
          flow: flowSelectorOf(o),
          maxWaitMs: Math.round((o.maxWait ?? DEFAULT_WAIT_S) * 1000),
          // Retry-After waits within a poll are capped as for any read; the wait itself is --max-wait.
          network: readNetworkSettings({ retries: o.retries, maxWait: 120, timeout: o.timeout }),
        }),
        async (session, options) => (await import('./run-wait.js')).runRunsWait(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
      ),
    );
}

export const runsCommand: CommandDefinition = (host) =>
  new Command('runs')
    .description('SDS runs: list, get, stats, start, and wait for the run that covers a change')
    .addHelpText('after', '\nExamples:\n  $ edu-flow runs list\n  $ edu-flow runs wait --set-name "Contoso district flows" --flow-type user')
    .addCommand(listCommand(host))
    .addCommand(getCommand(host))
    .addCommand(statsCommand(host))
    .addCommand(startCommand(host))
    .addCommand(waitCommand(host));
