import type { Context } from '../context.js';
import type { Reporter } from '../ui/reporter.js';

export interface MigrateOptions {
  file?: string;
}

/** PLACEHOLDER — being written (issue 6): rewrites markAllStudentsAsMinors to studentAgeGroup. */
export async function runMigrate(_ctx: Context, _reporter: Reporter, _options: MigrateOptions): Promise<number | void> {
  throw new Error('migrate is not written yet');
}
