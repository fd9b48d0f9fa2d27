// The body options `update` and `diff` share: the ids, -f, --type, the user-flow property flags,
// --set/--set-string and --strict, parsed into one request.
import { type Command, Option, type OptionValues } from '@commander-js/extra-typings';
import type { Env } from '../context.js';
import { propertyFlagEdits, type BodyEdit } from '../body/flags.js';
import type { BodyRequest } from '../change/plan.js';
import type { FlowKind } from '../body/kinds.js';
import { UsageError } from '../errors.js';
import type { FlowSelector, SetSelector } from '../session/targets.js';
import { flowSelectorOf, flowTypeOption, isStrict, setSelectorOf, strictOption, withFlowSelector, withSetOptions, withSetSelector } from './flags.js';

export function withBodyOptions<A extends unknown[], O extends OptionValues, G extends OptionValues>(command: Command<A, O, G>, edits: BodyEdit[]) {
  const withIds = withFlowSelector(withSetSelector(command))
    .addOption(new Option('-f, --file <path>', 'the body: a JSON file, or - for stdin'))
    .addOption(
      flowTypeOption(
        "user, classGroup, securityGroup or administrativeUnit (default: the body's @odata.type, else the live flow's type)",
        "the flow type the body is for; leave it out to take the live flow's",
      ),
    )
    .addOption(new Option('--create-unmatched-users <true|false>', 'user flow: create people who match no existing user'))
    .addOption(new Option('--student-age-group <group>', 'user flow: minor, notAdult, adult, or none (sends null)'))
    .addOption(new Option('--allow-student-contact-association <true|false>', 'user flow: associate students with their contacts'))
    .addOption(new Option('--additional-attributes <list>', 'user flow: comma-separated, e.g. userGradeLevel,userNumber'));
  return withSetOptions(withIds, edits, 'set a member by JSON pointer; value parsed as JSON, else a string (repeatable)').addOption(strictOption());
}

interface BodyFlags {
  setId?: string;
  setName?: string;
  flowId?: string;
  flowType?: FlowKind;
  file?: string;
  type?: BodyRequest['kind'];
  createUnmatchedUsers?: string;
  studentAgeGroup?: string;
  allowStudentContactAssociation?: string;
  additionalAttributes?: string;
  strict?: boolean;
}

/** A body request and the flow it is for. */
export interface TargetedBodyRequest extends BodyRequest {
  set: SetSelector;
  flow: FlowSelector;
}

/** The parsed body options as one request; the property flags' values are checked here. */
export function bodyRequestOf(o: BodyFlags, edits: BodyEdit[], env: Env): TargetedBodyRequest {
  if (o.type !== undefined && o.flowType !== undefined && o.type !== o.flowType) {
    throw new UsageError(`--type ${o.type} and --flow-type ${o.flowType} disagree`, { hint: '--flow-type picks the flow, and so its type: leave --type out' });
  }
  return {
    set: setSelectorOf(o),
    flow: flowSelectorOf(o),
    file: o.file,
    // --flow-type names the type as surely as --type does.
    kind: o.type ?? o.flowType,
    propertyEdits: propertyFlagEdits(o),
    setEdits: edits,
    strict: isStrict(o.strict, env),
  };
}
