// `npm run sandbox`: a local tenant to try edu-flow on, with no Microsoft account. It starts the
// HTTPS Graph + Entra ID emulator the tests use (two flow sets, all four flow types, role groups,
// default passwords in the live user flow), prints the environment that points edu-flow at it, and
// runs until Ctrl-C. Device codes are approved by the sandbox itself. Part of the repository only:
// the published package does not ship it.
//
//   npm run sandbox                                  # prints `export …` lines to paste
//   npm run sandbox -- --write-env /tmp/sandbox.env   # also writes them to a file to `source`
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const envFileAt = args.indexOf('--write-env');
const envFile = envFileAt >= 0 ? args[envFileAt + 1] : undefined;
if (envFileAt >= 0 && !envFile) {
  process.stderr.write('usage: npm run sandbox [-- --write-env <path>]\n');
  process.exit(2);
}

// The emulator is TypeScript: bundled beside the test fixtures it reads (its certificate).
const outfile = path.join(root, 'test', '.sandbox', 'emulator.mjs');
await build({ entryPoints: [path.join(root, 'test/emulator/emulator.ts')], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
const { startEmulator, SEED, TENANT_A } = await import(pathToFileURL(outfile).href);

const emu = await startEmulator();
const home = mkdtempSync(path.join(tmpdir(), 'edu-flow-sandbox-'));
const env = {
  EDU_FLOW_GRAPH_URL: emu.graphUrl,
  EDU_FLOW_AUTHORITY_HOST: emu.origin,
  EDU_FLOW_TENANT: TENANT_A,
  // The sandbox's own certificate authority, trusted for edu-flow only through this variable.
  NODE_EXTRA_CA_CERTS: path.join(root, 'test/fixtures/emulator-cert.pem'),
  EDU_FLOW_CONFIG_DIR: path.join(home, 'config'),
  EDU_FLOW_STATE_DIR: path.join(home, 'state'),
  SANDBOX_SET_ID: SEED.setId,
  SANDBOX_EMPTY_SET_ID: SEED.emptySetId,
  SANDBOX_USER_FLOW_ID: SEED.userFlowId,
  SANDBOX_CLASS_FLOW_ID: SEED.classGroupFlowId,
};
const exports = Object.entries(env)
  .map(([name, value]) => `export ${name}='${value}'`)
  .join('\n');

process.stdout.write(`edu-flow sandbox: a local Graph and Entra ID on ${emu.origin}, tenant ${TENANT_A}
  flow sets: "${SEED.setDisplayName}" (${SEED.setId}, all four flow types) and an empty one (${SEED.emptySetId})
  role groups: staff, students; the user flow holds default passwords (read back masked, as Graph does)
  device codes are approved by the sandbox: \`edu-flow login\` just works

In another terminal${envFile ? `, \`source ${envFile}\`, or` : ''} paste:

${exports}

Config, token cache and backups go to ${home} (removed on exit). Ctrl-C stops the sandbox.
`);
// Written last: a script that waits for the file finds the sandbox ready.
if (envFile) writeFileSync(envFile, `${exports}\n`, { mode: 0o600 });

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await emu.close();
  rmSync(home, { recursive: true, force: true });
  if (envFile) rmSync(envFile, { force: true });
  process.stdout.write('edu-flow sandbox stopped\n');
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
