import { Command, type CommandUnknownOpts } from '@commander-js/extra-typings';
import { checkShell } from '../../completion/shells.js';
import type { CommandDefinition } from '../definition.js';

export const completionCommand: CommandDefinition = (host) =>
  new Command('completion')
    .argument('<shell>', 'bash, zsh, fish or powershell', checkShell)
    .description('print a completion script: bash, zsh, fish or powershell')
    .addHelpText(
      'after',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a zsh parameter expansion in the example, not a template
      '\nExamples:\n  $ edu-flow completion bash \\\n      > ~/.local/share/bash-completion/completions/edu-flow\n  $ edu-flow completion zsh > "${fpath[1]}/_edu-flow"\n  $ edu-flow completion fish > ~/.config/fish/completions/edu-flow.fish\n  PS> edu-flow completion powershell | Out-String | Invoke-Expression',
    )
    .action((shell, _o, cmd) =>
      host.invoke(
        cmd,
        () => ({ shell }),
        // The script completes the whole tree this command belongs to.
        async (session, options) => (await import('./run.js')).runCompletion(session.ctx, session.reporter, { ...options, program: rootOf(cmd) }),
      ),
    );

function rootOf(command: CommandUnknownOpts): CommandUnknownOpts {
  let root = command;
  while (root.parent) root = root.parent;
  return root;
}
