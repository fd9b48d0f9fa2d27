import type { Context } from '../context.js';
import { BODY_KINDS, schemaFor, type BodyKind } from '../body/schema-check.js';
import { parseBodyKind } from '../body/schema-bundle.js';
import type { Reporter } from '../ui/reporter.js';

export interface SchemaOptions {
  type?: string;
}

/**
 * Offline: the JSON Schema (draft 2020-12) of a body kind, self-contained (definitions
 * bundled under `$defs`), exactly what `validate` uses. Always JSON on stdout, whatever --output
 * says: it is meant for a file an editor reads.
 */
export async function runSchema(_ctx: Context, reporter: Reporter, options: SchemaOptions): Promise<number | void> {
  const kind = schemaKind(options.type);
  const schema = schemaFor(kind);
  reporter.data(schema, JSON.stringify(schema, null, 2));
}

/** The kind named on the command line, case-insensitively; absent means a user flow. */
export function schemaKind(raw: string | undefined): BodyKind {
  if (raw === undefined) return 'user';
  return parseBodyKind(raw, BODY_KINDS, 'the body type', 'for example `edu-flow schema classGroup`; without a type, the user flow schema is printed');
}
