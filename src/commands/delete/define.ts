import type { CommandDefinition } from '../definition.js';
import { destructiveFlowCommand } from '../destructive-flags.js';

export const deleteCommand: CommandDefinition = (host) =>
  destructiveFlowCommand(host, 'delete', 'delete a provisioning flow (asks on a terminal; --yes otherwise)', async (session, options) =>
    (await import('./run.js')).runDelete(session.ctx, session.reporter, { ...options, settings: await session.settings() }),
  );
