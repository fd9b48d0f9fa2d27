// The build: the whole CLI as one CommonJS file, dist/cli.cjs, which bin/edu-flow.js compiles
// with a V8 code cache (ES modules have none on Node 20): measured in bench/, validate and
// `update --dry-run` fall by about a quarter against the earlier ES-module chunks. Modules that
// only some commands need (got, MSAL, ora) are still initialised only when those commands run.
// Then every JSON Schema is precompiled to a standalone validator, so no run imports ajv or
// compiles a schema, and the help of every command is precomputed.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

const root = new URL('../', import.meta.url);
// Built beside dist/ and swapped in at the end: a CLI started during a rebuild (a test, the
// benchmark) never finds dist/ half-written or missing.
const staging = `dist.staging-${process.pid}`;
const dist = new URL(`${staging}/`, root);

/** In the CommonJS bundle, import.meta.url is the bundle's own file URL (it sits in dist/ as the chunks did). */
const IMPORT_META_URL = {
  define: { 'import.meta.url': '__edu_flow_import_meta_url' },
  banner: { js: "const __edu_flow_import_meta_url = require('node:url').pathToFileURL(__filename).href;" },
};

/**
 * Start-up costs moved to first use. The positional parser is loaded through createRequire, which
 * esbuild does not follow: in the bundle it becomes a plain require, which esbuild bundles and
 * still initialises lazily. commander requires node:child_process at load, only to run external
 * subcommands (edu-flow has none): loading it and what it pulls in (net, dgram, streams) cost
 * about 4 ms at every start, so it is required when first used instead.
 */
const bundleLazyRequires = {
  name: 'bundle-lazy-requires',
  setup(onBuild) {
    const rewrite = (filter, from, to, loader) =>
      onBuild.onLoad({ filter }, async (args) => {
        const text = await readFile(args.path, 'utf8');
        if (!text.includes(from)) throw new Error(`${args.path} no longer holds ${from}: update scripts/build.mjs`);
        return { contents: text.replace(from, to), loader };
      });
    rewrite(/src[\\/]body[\\/]parse\.ts$/, "createRequire(import.meta.url)('@humanwhocodes/momoa')", "require('@humanwhocodes/momoa')", 'ts');
    // @sindresorhus/is (got's type checks) builds two Intl.ListFormat objects at load, for error
    // messages only: ICU's set-up made that 16 ms of every online start. Built on first use instead.
    rewrite(
      /node_modules[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/,
      "const andFormatter = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });\nconst orFormatter = new Intl.ListFormat('en', { style: 'long', type: 'disjunction' });",
      "let andFormatter_, orFormatter_;\nconst andFormatter = { format: (list) => (andFormatter_ ??= new Intl.ListFormat('en', { style: 'long', type: 'conjunction' })).format(list) };\nconst orFormatter = { format: (list) => (orFormatter_ ??= new Intl.ListFormat('en', { style: 'long', type: 'disjunction' })).format(list) };",
      'js',
    );
    rewrite(
      /node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
      "const childProcess = require('node:child_process');",
      "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };",
      'js',
    );
  },
};

/** A bundle that runs once at build time and is thrown away. */
async function buildTimeModule(entry) {
  const file = new URL(`${entry.replace(/\W/g, '-')}-${process.pid}.mjs`, root);
  await build({
    absWorkingDir: root.pathname,
    entryPoints: [entry],
    outfile: file.pathname,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import { createRequire as __edu_flow_createRequire } from 'node:module'; const require = __edu_flow_createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  try {
    return await import(file.href);
  } finally {
    await rm(file, { force: true });
  }
}

await rm(dist, { recursive: true, force: true });

// Every schema precompiled to a standalone ajv validator (the same options as the fallback in
// src/body/schema-check.ts), written to a folder of this build only; the main bundle takes them in
// (see precompiledValidators below), with the few ajv runtime helpers they require.
const { bundleSchema, BODY_KINDS } = await buildTimeModule('src/body/schema-bundle.ts');
const { Ajv2020 } = await import('ajv/dist/2020.js');
const { default: standaloneCode } = await import('ajv/dist/standalone/index.js');
const validators = new URL(`validators-${process.pid}/`, root);
await mkdir(validators, { recursive: true });
for (const kind of BODY_KINDS) {
  const ajv = new Ajv2020({ allErrors: true, strict: true, verbose: true, code: { source: true } });
  await writeFile(new URL(`${kind}.cjs`, validators), standaloneCode(ajv, ajv.compile(bundleSchema(kind))));
}

/** schema-check.ts's precompiled() in the bundle: each kind's validator, required (so initialised) only when used. */
const precompiledValidators = {
  name: 'precompiled-validators',
  setup(onBuild) {
    const stub = 'function precompiled(_kind: BodyKind): ValidateFunction | undefined {\n  return undefined;\n}';
    onBuild.onLoad({ filter: /src[\\/]body[\\/]schema-check\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes(stub)) throw new Error(`${args.path} no longer holds the precompiled() stub: update scripts/build.mjs`);
      const cases = BODY_KINDS.map((kind) => `    case ${JSON.stringify(kind)}: return require(${JSON.stringify(new URL(`${kind}.cjs`, validators).pathname)});`).join('\n');
      const body = `function precompiled(kind: BodyKind): ValidateFunction | undefined {\n  switch (kind) {\n${cases}\n    default: return undefined;\n  }\n}`;
      return { contents: text.replace(stub, body), loader: 'ts' };
    });
  },
};

const packageVersion = JSON.parse(await readFile(new URL('package.json', root), 'utf8')).version;
const main = await build({
  metafile: true,
  absWorkingDir: root.pathname,
  entryPoints: ['src/cli.ts'],
  outfile: `${staging}/cli.cjs`,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  ...IMPORT_META_URL,
  // A dynamic import() left in the bundle would fail under vm.Script (bin/edu-flow.js compiles the
  // bundle that way, for its code cache): as a require, it works and stays lazy.
  supported: { 'dynamic-import': false },
  // The version is the package's; carried in the bundle, so no run reads package.json for it.
  define: { ...IMPORT_META_URL.define, __EDU_FLOW_VERSION__: JSON.stringify(packageVersion) },
  plugins: [bundleLazyRequires, precompiledValidators],
  legalComments: 'none',
  // got's HTTP/2, response-cache and DNS-cache dependencies (about 75 KB of the HTTP code) serve
  // options edu-flow never sets: stand-ins that fail loudly keep them out of the bundle.
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
await rm(validators, { recursive: true, force: true });
// The code cache is keyed by this, so a rebuilt bundle never meets an old cache.
const bundle = await readFile(new URL('cli.cjs', dist));
if (/[^\w$.]import\("/.test(bundle.toString('latin1'))) throw new Error('dist/cli.cjs holds a dynamic import(), which fails under vm.Script: see `supported` above');
await writeFile(new URL('build.json', dist), `${JSON.stringify({ version: packageVersion, id: createHash('sha256').update(bundle).digest('hex').slice(0, 16) })}\n`);

// Every command's help, precomputed for bin/edu-flow.js (see src/help-texts.ts).
const { HELP_WIDTHS, renderHelpTexts } = await buildTimeModule('src/help-texts.ts');
await mkdir(new URL('help/', dist), { recursive: true });
for (const width of HELP_WIDTHS) await writeFile(new URL(`help/${width}.json`, dist), `${JSON.stringify(await renderHelpTexts(width))}\n`);

// The licence of every package that ends up in the bundle, taken from what esbuild actually read:
// their notices must travel with the code (the bundle itself keeps no comments).
await writeFile(new URL('THIRD-PARTY-NOTICES.md', dist), await thirdPartyNotices(Object.keys(main.metafile.inputs)));

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
