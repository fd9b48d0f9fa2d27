import { BODY_KINDS, FLOW_KINDS } from '../body/kinds.js';
import { PROFILE_KEYS } from '../config/profile-keys.js';
import type { CompletionHints, ValueSpec } from './model.js';

import { SHELLS } from './shells.js';

export { checkShell, SHELLS, type Shell } from './shells.js';

const words = (list: readonly string[]): ValueSpec => ({ kind: 'words', words: [...list] });

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
      case '--set-name':
        // The tenant's set names, when a credential is at hand (silent and short otherwise).
        return { kind: 'program', args: ['__complete', 'set-names'] };
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
