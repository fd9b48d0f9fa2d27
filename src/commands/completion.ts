import type { Command } from 'commander';
import type { Context } from '../context.js';
import type { Reporter } from '../ui/reporter.js';

export interface CompletionOptions {
  shell?: string;
  /** The root of the command tree the script completes. */
  program: Command;
}

/** PLACEHOLDER — being written (issue 6): prints a completion script generated from the tree. */
export async function runCompletion(_ctx: Context, _reporter: Reporter, _options: CompletionOptions): Promise<number | void> {
  throw new Error('completion is not written yet');
}
