import type { CommandDefinition } from '../definition.js';
import { destructiveFlowCommand } from '../destructive-flags.js';

export const resetCommand: CommandDefinition = (host) =>
  destructiveFlowCommand(
    host,
    'reset',
    'reset a flow: reprovision all its data as on the first run and clear its errors (asks on a terminal; --yes otherwise)',
    async (session, options) => (await import('./run.js')).runReset(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
  );
