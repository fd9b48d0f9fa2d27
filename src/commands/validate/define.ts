import { Command, Option } from '@commander-js/extra-typings';
import { BODY_KINDS } from '../../body/kinds.js';
import type { CommandDefinition } from '../definition.js';
import { bodyTypeOption, isStrict, strictOption } from '../flags.js';
import type { ValidateFlags } from './run.js';

export const validateCommand: CommandDefinition = (host) =>
  new Command('validate')
    .description('check a body against the schema, offline (no sign-in): exit 0 valid, 3 invalid')
    .addOption(new Option('-f, --file <path>', 'the body: a JSON file, or - for stdin (default: a piped stdin)'))
    .addOption(bodyTypeOption('user, classGroup, securityGroup, administrativeUnit or flowSet (default: from @odata.type, else user)', BODY_KINDS))
    .addOption(strictOption())
    .addHelpText('after', '\nExamples:\n  $ edu-flow validate -f examples/user-flow.json\n  $ edu-flow validate --type classGroup -f class-flow.json --output json')
    .action((o, cmd) =>
      host.invoke(
        cmd,
        (env): ValidateFlags => ({ file: o.file, kind: o.type, strict: isStrict(o.strict, env) }),
        async (session, options) => (await import('./run.js')).runValidate(session.ctx, session.reporter, { ...options, graphUrl: (await session.settings()).graphUrl.value }),
      ),
    );
