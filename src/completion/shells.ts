import { UsageError } from '../errors.js';

/** The shells `edu-flow completion` writes scripts for. */
export const SHELLS = ['bash', 'zsh', 'fish', 'powershell'] as const;
export type Shell = (typeof SHELLS)[number];

/** The shell named on the command line, case-insensitively ("pwsh" is PowerShell). */
export function checkShell(raw: string | undefined): Shell {
  const name = (raw ?? '').trim().toLowerCase();
  const shell = name === 'pwsh' ? 'powershell' : SHELLS.find((s) => s === name);
  if (shell === undefined) {
    throw new UsageError(raw === undefined ? 'no shell given' : `unknown shell ${JSON.stringify(raw)}: the shell is one of ${SHELLS.join(', ')}`, {
      hint: 'for example `edu-flow completion bash > ~/.local/share/bash-completion/completions/edu-flow`',
    });
  }
  return shell;
}
