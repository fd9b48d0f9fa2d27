// The flags several commands share, each checked once, when the command line is parsed: an option's
// parser throws the usage error (exit 2) before anything is read or sent.
import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Env } from '../context.js';
import { UsageError } from '../errors.js';
import { envFlag } from '../config/env-flag.js';
import { isSetReference } from '../config/profile-keys.js';
import { FLOW_KINDS, parseBodyKind, type BodyKind, type FlowKind } from '../body/kinds.js';
import { parseSetFlag, type BodyEdit } from '../body/flags.js';
import { checkId } from '../graph/paths.js';
import { readNetworkSettings, type NetworkSettings } from '../session/network-options.js';
import type { FlowSelector, SetSelector } from '../session/targets.js';
import { parseCount, parseSeconds } from './number-flags.js';

/** An id flag: checked when parsed (1–128 unreserved URL characters); `required` says when it is missing. */
export const setIdOption = () => new Option('--set-id <id>', 'the flow set (outboundProvisioningFlowSet) id').argParser((raw) => checkId(raw, '--set-id'));
export const flowIdOption = () => new Option('--flow-id <id>', 'the provisioning flow id').argParser((raw) => checkId(raw, '--flow-id'));
/** --set-name: the set by its display name, looked up when the command runs. */
export const setNameOption = () =>
  new Option('--set-name <name>', "or the set's display name, exact but ignoring case (default: the profile's defaultSet)").argParser((raw) => {
    if (!isSetReference(raw)) throw new UsageError('--set-name must be a display name: 1–256 characters, no control characters');
    return raw;
  });
/** --flow-type: the set's one flow of a type (a set holds at most one of each). */
export const flowTypeSelectorOption = () =>
  new Option('--flow-type <type>', "or the set's flow of this type: user, classGroup, securityGroup or administrativeUnit").argParser(
    (raw): FlowKind => parseBodyKind(raw, FLOW_KINDS, '--flow-type'),
  );

/** --set-id and --set-name, one beside the other in the help. */
export function withSetSelector<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  return command.addOption(setIdOption()).addOption(setNameOption());
}

/** --flow-id and --flow-type. */
export function withFlowSelector<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  return command.addOption(flowIdOption()).addOption(flowTypeSelectorOption());
}

/**
 * The set the command line names; neither flag means the profile's defaultSet (checked when the
 * command runs), unless the command must be told the set outright (`sets delete`).
 */
export function setSelectorOf(o: { setId?: string; setName?: string }, options: { allowDefault?: boolean } = {}): SetSelector {
  refuseTogether(o.setId !== undefined, o.setName !== undefined, ['--set-id', '--set-name'], 'name the set one way');
  if (o.setId !== undefined) return { by: 'id', id: o.setId };
  if (o.setName !== undefined) return { by: 'name', name: o.setName };
  if (options.allowDefault === false)
    throw new UsageError('--set-id or --set-name is required', { hint: 'a set is deleted only when it is named: the default set does not apply here' });
  return { by: 'default' };
}

/** The flow the command line names: one of --flow-id and --flow-type is required. */
export function flowSelectorOf(o: { flowId?: string; flowType?: FlowKind }): FlowSelector {
  refuseTogether(o.flowId !== undefined, o.flowType !== undefined, ['--flow-id', '--flow-type'], 'name the flow one way');
  if (o.flowId !== undefined) return { by: 'id', id: o.flowId };
  if (o.flowType !== undefined) return { by: 'type', kind: o.flowType };
  throw new UsageError('--flow-id or --flow-type is required', { hint: '`edu-flow list` shows the flows of a set; --flow-type user picks its user flow' });
}

/** A flag the command cannot do without (commander's own message for this would not say how to find one). */
export function required<T>(value: T | undefined, flag: string): T {
  if (value === undefined) throw new UsageError(`${flag} is required`);
  return value;
}

/** Two flags that exclude each other, with the reason in the hint. */
export function refuseTogether(a: boolean | undefined, b: boolean | undefined, flags: [string, string], hint?: string): void {
  if (a && b) throw new UsageError(`${flags[0]} and ${flags[1]} cannot be used together`, hint === undefined ? {} : { hint });
}

/** `--type` of a flow. */
export const flowTypeOption = (description: string, hint?: string) =>
  new Option('--type <type>', description).argParser((raw): FlowKind => parseBodyKind(raw, FLOW_KINDS, '--type', hint));

/** `--type` of any body kind, flow sets included. */
export const bodyTypeOption = (description: string, allowed: readonly BodyKind[]) =>
  new Option('--type <type>', description).argParser((raw): BodyKind => parseBodyKind(raw, allowed, '--type'));

export const strictOption = (description = 'treat deprecated members as errors (env EDU_FLOW_STRICT=1)') => new Option('--strict', description);

/** --strict, or EDU_FLOW_STRICT in the environment. */
export const isStrict = (flag: boolean | undefined, env: Env): boolean => Boolean(flag) || envFlag(env, 'EDU_FLOW_STRICT');

export const backupDirOption = (description = 'where the backup of the live object goes (default: <state folder>/backups; env EDU_FLOW_STATE_DIR)') =>
  new Option('--backup-dir <dir>', description);

/**
 * `--set` and `--set-string`, parsed into body edits as they come: both flags fill one list, so
 * the edits keep their command-line order (a later edit of the same member wins).
 */
export function withSetOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>, edits: BodyEdit[], setDescription: string) {
  const collect =
    (flag: '--set' | '--set-string') =>
    (raw: string): BodyEdit[] => {
      edits.push(parseSetFlag(raw, flag));
      return edits;
    };
  return command
    .addOption(new Option('--set <pointer=value>', setDescription).argParser(collect('--set')))
    .addOption(new Option('--set-string <pointer=value>', 'like --set, but the value is always a string (repeatable)').argParser(collect('--set-string')));
}

/** --retries, --max-wait and --timeout: the per-request limits of every command that talks to Graph. */
export function withNetworkOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>) {
  return command
    .addOption(
      new Option('--retries <n>', 'retries for throttled or failed idempotent requests (0–10)').argParser((raw) => parseCount(raw, '--retries', { min: 0, max: 10 })).default(3),
    )
    .addOption(
      new Option('--max-wait <seconds>', 'longest Retry-After to wait for; longer fails at once (exit 6)')
        .argParser((raw) => parseSeconds(raw, '--max-wait', { min: 0, max: 3600 }))
        .default(120),
    )
    .addOption(new Option('--timeout <seconds>', 'per-attempt timeout').argParser((raw) => parseSeconds(raw, '--timeout', { min: 0.001, max: 3600 })).default(30));
}

export const networkOf = (o: { retries: number; maxWait: number; timeout: number }): NetworkSettings => readNetworkSettings(o);

/** `--plan` and `--dry-run` of a write, described for what that write sends. */
export const planOption = (description: string) => new Option('--plan', description);
export const dryRunOption = (description: string) => new Option('--dry-run', description);
export const yesOption = () => new Option('-y, --yes', 'do not ask for confirmation');
