import type { Context } from '../../context.js';
import type { BodyKind } from '../../body/kinds.js';
import { schemaFor } from '../../body/schema-check.js';
import { packageFolder } from '../../body/schema-bundle.js';
import { readFileSync } from 'node:fs';

/** The fleet file's schema, as the package ships it (schemas/fleet.json). */
const fleetSchema = (): unknown => JSON.parse(readFileSync(new URL('fleet.json', packageFolder('schemas')), 'utf8'));
import type { Reporter } from '../../ui/reporter.js';

export interface SchemaOptions {
  kind: BodyKind | 'fleet';
}

/**
 * Offline: the JSON Schema (draft 2020-12) of a body kind, self-contained (definitions
 * bundled under `$defs`), exactly what `validate` uses. Always JSON on stdout, whatever --output
 * says: it is meant for a file an editor reads.
 */
export async function runSchema(_ctx: Context, reporter: Reporter, options: SchemaOptions): Promise<number | void> {
  const schema = options.kind === 'fleet' ? fleetSchema() : schemaFor(options.kind);
  reporter.data(schema, JSON.stringify(schema, null, 2));
}
