import type { ChalkInstance } from 'chalk';
import { MASK } from '../ui/secrets.js';
import type { Change } from './compare.js';

const show = (value: unknown): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** A change list for people: + added, - removed, ~ changed, coloured when colour is on. */
export function renderChanges(changes: Change[], color: ChalkInstance): string {
  return changes
    .map((change) => {
      const masked = change.pointer.toLowerCase().endsWith('/password');
      if (masked) return color.yellow(`~ ${change.pointer}: ${MASK} (write-only: always sent)`);
      if (!('before' in change) || change.before === undefined) return color.green(`+ ${change.pointer}: ${show(change.after)}`);
      if (!('after' in change) || change.after === undefined) return color.red(`- ${change.pointer}: ${show(change.before)}`);
      return color.yellow(`~ ${change.pointer}: ${show(change.before)} → ${show(change.after)}`);
    })
    .join('\n');
}
