import { BODY_KINDS } from '../body/schema-check.js';
import { PROFILE_KEYS } from '../config/profile-store.js';
import { UsageError } from '../errors.js';
import type { CompletionHints, ValueSpec } from './model.js';

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

const words = (list: readonly string[]): ValueSpec => ({ kind: 'words', words: [...list] });
const FLOW_KINDS = BODY_KINDS.filter((k) => k !== 'flowSet');

/**
 * What edu-flow's options and arguments take, where commander knows only a placeholder name.
 * `<true|false>` placeholders and `<path>` (a file) are read from the tree itself (model.ts).
 */
export const EDU_FLOW_HINTS: CompletionHints = {
  optionValues(flag, path) {
    switch (flag) {
      case '--output':
        return words(['json', 'text']);
      case '--type':
        // validate also checks flow-set bodies; list filters flows only.
        return words(path[0] === 'validate' ? BODY_KINDS : FLOW_KINDS);
      case '--student-age-group':
        return words(['minor', 'notAdult', 'adult', 'none']);
      case '--additional-attributes':
        return words(['userGradeLevel', 'userNumber']);
      case '--file':
        return { kind: 'file' };
      case '--backup-dir':
        return { kind: 'directory' };
      default:
        return undefined;
    }
  },
  argumentValues(path, index) {
    const key = path.join(' ');
    if (index !== 0) return undefined;
    if (key === 'completion') return words(SHELLS);
    if (key === 'schema') return words(BODY_KINDS);
    if (key === 'config get' || key === 'config set' || key === 'config unset') return words(PROFILE_KEYS);
    if (key === 'restore') return { kind: 'file' };
    return undefined;
  },
};
