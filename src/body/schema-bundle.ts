import { existsSync, readFileSync } from 'node:fs';
import type { SchemaObject } from 'ajv/dist/2020.js';
import { SCHEMA_FILE_OF, type BodyKind } from './kinds.js';

export { BODY_KINDS, parseBodyKind, type BodyKind } from './kinds.js';

/**
 * The kind's schema with definitions.json folded in as $defs: one self-contained document, so what
 * `edu-flow schema` prints is exactly what validates, and the build can precompile it.
 */
export function bundleSchema(kind: BodyKind): SchemaObject {
  const definitions = readSchema('definitions.json');
  const root = rewriteRefs(readSchema(SCHEMA_FILE_OF[kind])) as SchemaObject;
  return { ...root, $defs: definitions.$defs as SchemaObject };
}

function readSchema(file: string): SchemaObject {
  return JSON.parse(readFileSync(new URL(file, packageFolder('schemas')), 'utf8')) as SchemaObject;
}

const folders = new Map<string, URL | undefined>();
/**
 * <package>/<name>/ seen from this module, wherever the build put it: src/body (tests),
 * or dist/ (the bundle).
 */
export function packageFolder(name: string): URL | undefined {
  if (!folders.has(name)) {
    folders.set(
      name,
      [`../../${name}/`, `../${name}/`, `./${name}/`].map((relative) => new URL(relative, import.meta.url)).find((url) => existsSync(url)),
    );
  }
  const found = folders.get(name);
  if (!found && name === 'schemas') throw new Error(`the schemas/ folder of edu-flow is missing (looked near ${import.meta.url})`);
  return found;
}

function rewriteRefs(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === '$ref' && typeof value === 'string' ? value.replace(/^definitions\.json#/, '#') : rewriteRefs(value);
  }
  return out;
}
