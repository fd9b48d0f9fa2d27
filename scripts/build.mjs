// The build: one esbuild bundle of the CLI (commander, chalk and our code in one file, heavy
// dependencies in chunks loaded on demand), then every JSON Schema precompiled to a standalone
// validator, so no run imports ajv or compiles a schema. Measured in bench/: start-up falls by a
// third for --help and validate no longer pays ~0.3 s of schema compilation.
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// Built beside dist/ and swapped in at the end: a CLI started during a rebuild (a test, the
// benchmark) never finds dist/ half-written or missing.
const staging = `dist.staging-${process.pid}`;
const dist = new URL(`${staging}/`, root);

await rm(dist, { recursive: true, force: true });
await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/cli.ts', 'src/body/schema-bundle.ts'],
  outdir: staging,
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // CommonJS dependencies bundled into ESM still call require() for Node's built-ins.
  banner: { js: "import { createRequire as __edu_flow_createRequire } from 'node:module'; const require = __edu_flow_createRequire(import.meta.url);" },
  legalComments: 'none',
  // Less for V8 to parse at every start; names kept, so --debug stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: true,
  logLevel: 'warning',
});

const { bundleSchema, BODY_KINDS } = await import(pathToFileURL(new URL('body/schema-bundle.js', dist).pathname).href);
const { Ajv2020 } = await import('ajv/dist/2020.js');
const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
const validators = new URL('validators/', dist);
await mkdir(validators, { recursive: true });
for (const kind of BODY_KINDS) {
  // The same options as the runtime fallback in src/body/schema-check.ts.
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, code: { source: true } });
  const validate = ajv.compile(bundleSchema(kind));
  await writeFile(new URL(`${kind}.cjs`, validators), standaloneCode(ajv, validate));
}

const live = new URL('dist/', root);
const retired = new URL(`dist.old-${process.pid}/`, root);
await rename(live, retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(dist, live);
await rm(retired, { recursive: true, force: true });
