// The build: one esbuild bundle of the CLI (commander, chalk and our code in one file, heavy
// dependencies in chunks loaded on demand), then every JSON Schema precompiled to a standalone
// validator, so no run imports ajv or compiles a schema. Measured in bench/: start-up falls by a
// third for --help and validate no longer pays ~0.3 s of schema compilation.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// Built beside dist/ and swapped in at the end: a CLI started during a rebuild (a test, the
// benchmark) never finds dist/ half-written or missing.
const staging = `dist.staging-${process.pid}`;
const dist = new URL(`${staging}/`, root);

await rm(dist, { recursive: true, force: true });
const main = await build({
  metafile: true,
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
  // got's HTTP/2, response-cache and DNS-cache dependencies (about 75 KB of the HTTP chunk) serve
  // options edu-flow never sets: stand-ins that fail loudly keep them out of every online start.
  alias: {
    'http2-wrapper': './scripts/unused-by-edu-flow/http2-wrapper.mjs',
    'cacheable-request': './scripts/unused-by-edu-flow/cacheable-request.mjs',
    'cacheable-lookup': './scripts/unused-by-edu-flow/cacheable-lookup.mjs',
  },
  // Less for V8 to parse at every start. Identifiers are not minified, so stack traces stay
  // readable; keepNames is off: its __name() wrapper around every function and class cost
  // 20–30 ms of CPU at each start (validate 122 → 100 ms, update --dry-run 133 → 98 ms).
  minifyWhitespace: true,
  minifySyntax: true,
  keepNames: false,
  logLevel: 'warning',
});

const { bundleSchema, BODY_KINDS } = await import(pathToFileURL(new URL('body/schema-bundle.js', dist).pathname).href);
const { Ajv2020 } = await import('ajv/dist/2020.js');
const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
const validators = new URL('validators/', dist);
const inputs = [];
await mkdir(validators, { recursive: true });
for (const kind of BODY_KINDS) {
  // The same options as the runtime fallback in src/body/schema-check.ts.
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, code: { source: true } });
  const validate = ajv.compile(bundleSchema(kind));
  // Bundled too: the standalone code requires a few ajv runtime helpers, which must not be a
  // dependency of the installed package.
  const result = await build({
    stdin: { contents: standaloneCode(ajv, validate), resolveDir: root.pathname, loader: 'js', sourcefile: `${kind}-validator.cjs` },
    outfile: new URL(`${kind}.cjs`, validators).pathname,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifyWhitespace: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
  });
  inputs.push(...Object.keys(result.metafile.inputs));
}

// Every command's help, precomputed for bin/edu-flow.js (see src/help-texts.ts). Its generator is
// bundled on its own and thrown away: as an entry of the main build it would pull the CLI out of
// cli.js into a shared chunk, one more file for every run to load.
const generator = new URL(`help-texts-${process.pid}.mjs`, root);
await build({
  absWorkingDir: root.pathname,
  entryPoints: ['src/help-texts.ts'],
  outfile: generator.pathname,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  banner: { js: "import { createRequire as __edu_flow_createRequire } from 'node:module'; const require = __edu_flow_createRequire(import.meta.url);" },
  logLevel: 'warning',
});
try {
  const { HELP_WIDTHS, renderHelpTexts } = await import(generator.href);
  await mkdir(new URL('help/', dist), { recursive: true });
  for (const width of HELP_WIDTHS) await writeFile(new URL(`help/${width}.json`, dist), `${JSON.stringify(await renderHelpTexts(width))}\n`);
} finally {
  await rm(generator, { force: true });
}

// The licence of every package that ends up in the bundle, taken from what esbuild actually read:
// their notices must travel with the code (the bundle itself keeps no comments).
await writeFile(new URL('THIRD-PARTY-NOTICES.md', dist), await thirdPartyNotices([...Object.keys(main.metafile.inputs), ...inputs]));

const live = new URL('dist/', root);
const retired = new URL(`dist.old-${process.pid}/`, root);
await rename(live, retired).catch((error) => {
  if (error.code !== 'ENOENT') throw error;
});
await rename(dist, live);
await rm(retired, { recursive: true, force: true });

/** node_modules/<name>/… (or node_modules/@scope/<name>/…) → the package folder, for every input. */
async function thirdPartyNotices(files) {
  const folders = new Set();
  for (const file of files) {
    const match = /^(.*?node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(file);
    if (match) folders.add(match[1]);
  }
  const sections = [];
  for (const folder of [...folders].sort()) {
    const pkg = JSON.parse(await readFile(new URL(`${folder}/package.json`, root), 'utf8'));
    const names = await readdir(new URL(`${folder}/`, root));
    const licenceFile = names.find((name) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(name));
    const text = licenceFile
      ? (await readFile(new URL(`${folder}/${licenceFile}`, root), 'utf8')).trim()
      : `(no licence file in the package; its package.json says "${pkg.license ?? 'unknown'}")`;
    sections.push(`## ${pkg.name}@${pkg.version} — ${pkg.license ?? 'unknown licence'}\n\n\`\`\`\n${text}\n\`\`\``);
  }
  return `# Third-party notices\n\nedu-flow's bundle (dist/) contains code from these ${sections.length} packages, under their licences:\n\n${sections.join('\n\n')}\n`;
}
