import { Command } from '@commander-js/extra-typings';
import { BODY_KINDS, parseBodyKind } from '../../body/kinds.js';
import type { CommandDefinition } from '../definition.js';
import type { SchemaOptions } from './run.js';

/** The kind named on the command line, any letter case (or the fleet file's); absent means a user flow. */
const schemaKind = (raw: string) =>
  parseBodyKind(raw, [...BODY_KINDS, 'fleet'], 'the body type', 'for example `edu-flow schema classGroup`; without a type, the user flow schema is printed');

export const schemaCommand: CommandDefinition = (host) =>
  new Command('schema')
    .argument('[type]', 'user, classGroup, securityGroup, administrativeUnit, flowSet, or fleet (the fleet file of plan/apply)', schemaKind)
    .description('print the JSON Schema of a body: user (default), classGroup, securityGroup, administrativeUnit or flowSet; or of a fleet file')
    .addHelpText('after', '\nExamples:\n  $ edu-flow schema user > user-flow.schema.json\n  $ edu-flow schema fleet > fleet.schema.json')
    .action((kind, _o, cmd) =>
      host.invoke(
        cmd,
        (): SchemaOptions => ({ kind: kind ?? 'user' }),
        async (session, options) => (await import('./run.js')).runSchema(session.ctx, session.reporter, options),
      ),
    );
