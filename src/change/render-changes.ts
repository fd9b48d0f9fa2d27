import type { ChalkInstance } from 'chalk';
import { isPasswordPointer, MASK } from '../secrets.js';
import type { Change } from './compare.js';

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** A whole list element (a configuration, a mapping) rather than a member inside one. */
const isWholeElement = (change: Change): boolean => change.element !== undefined && /\/\d+$/.test(change.pointer);

/**
 * A change list for people: + added, - removed, ~ changed, one line per element, coloured when
 * colour is on. A list element is named ("role group students"), so a configuration a body left
 * out reads as removed, not as two long arrays.
 */
export function renderChanges(changes: Change[], color: ChalkInstance): string {
  return changes
    .map((change) => {
      const where = `${change.pointer}${change.element ? ` (${change.element})` : ''}`;
      if (isPasswordPointer(change.pointer)) return color.yellow(`~ ${where}: ${MASK} (write-only: always sent)`);
      if (!('before' in change) || change.before === undefined) {
        return color.green(`+ ${where}: ${isWholeElement(change) ? 'added ' : ''}${show(change.after)}`);
      }
      if (!('after' in change) || change.after === undefined) {
        return color.red(`- ${where}: ${isWholeElement(change) ? 'removed, with every setting in it: ' : ''}${show(change.before)}`);
      }
      return color.yellow(`~ ${where}: ${show(change.before)} → ${show(change.after)}`);
    })
    .join('\n');
}

/** "3 changes" / "1 change". */
export const countChanges = (n: number): string => `${n} change${n === 1 ? '' : 's'}`;
