import type { Context } from '../context.js';
import type { Reporter } from '../ui/reporter.js';

export interface SchemaOptions {
  type?: string;
}

/** PLACEHOLDER — being written (issue 6): prints the JSON Schema of a body kind. */
export async function runSchema(_ctx: Context, _reporter: Reporter, _options: SchemaOptions): Promise<number | void> {
  throw new Error('schema is not written yet');
}
