import type { Context } from '../../context.js';
import type { BodyKind } from '../../body/kinds.js';
import { schemaFor } from '../../body/schema-check.js';
import type { Reporter } from '../../ui/reporter.js';

export interface SchemaOptions {
  kind: BodyKind;
}

/**
 * Offline: the JSON Schema (draft 2020-12) of a body kind, self-contained (definitions
 * bundled under `$defs`), exactly what `validate` uses. Always JSON on stdout, whatever --output
 * says: it is meant for a file an editor reads.
 */
export async function runSchema(_ctx: Context, reporter: Reporter, options: SchemaOptions): Promise<number | void> {
  const schema = schemaFor(options.kind);
  reporter.data(schema, JSON.stringify(schema, null, 2));
}
