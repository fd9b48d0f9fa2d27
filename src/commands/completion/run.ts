import type { CommandUnknownOpts as Command } from '@commander-js/extra-typings';
import type { Context } from '../../context.js';
import type { Reporter } from '../../ui/reporter.js';
import { bashScript } from '../../completion/bash.js';
import { fishScript } from '../../completion/fish.js';
import { EDU_FLOW_HINTS, type Shell } from '../../completion/hints.js';
import { buildCompletionModel, type CompletionHints } from '../../completion/model.js';
import { powershellScript } from '../../completion/powershell.js';
import { zshScript } from '../../completion/zsh.js';

export interface CompletionOptions {
  shell: Shell;
  /** The root of the command tree the script completes. */
  program: Command;
}

/**
 * Offline: a completion script generated from the command tree, on stdout as it is (never
 * wrapped in JSON, whatever --output says: it is meant for `source` or a file).
 */
export async function runCompletion(ctx: Context, _reporter: Reporter, options: CompletionOptions): Promise<number | void> {
  ctx.io.stdout.write(completionScript(options.shell, options.program, ctx.version));
}

/** The script for `shell`, generated from the tree under `program`. */
export function completionScript(shell: Shell, program: Command, version: string, hints: CompletionHints = EDU_FLOW_HINTS): string {
  const model = buildCompletionModel(program, hints);
  switch (shell) {
    case 'bash':
      return bashScript(model, version);
    case 'zsh':
      return zshScript(model, version);
    case 'fish':
      return fishScript(model, version);
    case 'powershell':
      return powershellScript(model, version);
  }
}
