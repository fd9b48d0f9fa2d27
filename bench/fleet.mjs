#!/usr/bin/env node
// edu-flow fleet benchmark: `npm run bench:fleet` (see bench/README.md).
//
// `edu-flow plan <folder> --fleet <file>` over 20 tenants of 3 flow sets × 4 flows each, with
// every Graph answer 50 ms late, at --concurrency 1 and at --concurrency 4: each run a separate
// child measured by bench/measure.py, the two interleaved (c1, c4, c4, c1, …) after a warm-up
// round. It reports median and p90 wall time, CPU and peak RSS per concurrency, the speed-up of 4
// over 1, and the requests each tenant costs per run (counted in the emulator's log).
//
// Plain JavaScript on purpose: it needs no build step of its own.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  BENCH,
  BenchError,
  baseEnv,
  CLI,
  checkBuild,
  fail,
  failedRunMessage,
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
  wholeNumber,
  withCert,
} from './common.mjs';

/** Added before every Graph answer (not Entra's): a round trip to a far-away Graph. */
const LATENCY_MS = 50;
const SETS_PER_TENANT = 3;
/** fillTenant() puts one flow of each of the four types in every set. */
const FLOWS_PER_SET = 4;
const CONCURRENCIES = [1, 4];
/** The speed-up of --concurrency 4 over 1 (median by median) this bench is expected to show. */
const TARGET_SPEEDUP = 3;
/** The multi-tenant app the children sign in as (client credentials). */
const APP_CLIENT_ID = '5e1f7c2a-9b3d-4e6f-8a1b-2c3d4e5f6a7b';

// ---------------------------------------------------------------------------------------------
// Options

const USAGE = `Usage: node bench/fleet.mjs [--quick] [--runs N] [--warmup N] [--tenants N] [--node PATH] [--out FILE] [--keep-temp]

  --quick        4 tenants, 1 measured run per concurrency, no warm-up (CI smoke run)
  --runs N       measured runs per concurrency (default 5; 1 with --quick)
  --warmup N     warm-up rounds, not recorded (default 1; 0 with --quick)
  --tenants N    tenants in the fleet, 1–99 (default 20; 4 with --quick)
  --node PATH    run every edu-flow child with this node binary (default: the one running the bench)
  --out FILE     where the JSON goes (default bench/results/fleet.json)
  --keep-temp    keep the temporary folder (compiled emulator, the folder, the fleet file, each run's stdout/stderr)
`;

function parseArgs(argv) {
  const opts = parseBenchArgs(argv, {
    usage: USAGE,
    out: path.join(BENCH, 'results', 'fleet.json'),
    extra: {
      '--tenants': (o, value) => {
        o.tenants = wholeNumber('--tenants', value, 1);
        // Two digits in every name and domain (t01 … t99) keep the fleet file's order the names' order.
        if (o.tenants > 99) fail(`--tenants needs a whole number ≤ 99, not ${o.tenants}`);
      },
    },
  });
  opts.runs ??= opts.quick ? 1 : 5;
  opts.warmup ??= opts.quick ? 0 : 1;
  opts.tenants ??= opts.quick ? 4 : 20;
  return opts;
}

// ---------------------------------------------------------------------------------------------
// The fleet

/** `t01` … `t20`, and their domains `t01.edu-flow.test` …: the emulator gives each domain a stable GUID. */
function fleetEntries(count) {
  return Array.from({ length: count }, (_, i) => {
    const name = `t${String(i + 1).padStart(2, '0')}`;
    return { name, tenant: `${name}.edu-flow.test` };
  });
}

/** `1 tenant`, `20 tenants`. */
const tenantCount = (n) => `${n} tenant${n === 1 ? '' : 's'}`;

/** Gives every tenant of the fleet exactly SETS_PER_TENANT filled sets (the seed's two sets go first). */
function fillFleet(emu, fillTenant, entries) {
  for (const { tenant } of entries) {
    const store = emu.tenant(tenant);
    store.sets.clear();
    store.flows.clear();
    fillTenant(store, { sets: SETS_PER_TENANT });
    if (store.sets.size !== SETS_PER_TENANT || store.flows.size !== SETS_PER_TENANT * FLOWS_PER_SET) {
      fail(`${tenant}: filled with ${store.sets.size} sets and ${store.flows.size} flows, not ${SETS_PER_TENANT} and ${SETS_PER_TENANT * FLOWS_PER_SET}`);
    }
  }
}

/**
 * Throws unless stdout is a plan report (`--output json`) with every tenant of the fleet, each
 * `unchanged`: a run that planned the wrong thing must not count as a fast run.
 */
function checkPlanReport(stdout, entries) {
  let report;
  try {
    report = JSON.parse(stdout);
  } catch (e) {
    fail(`plan printed no JSON report (${e.message}):\n${stdout.slice(0, 2000)}`);
  }
  const tenants = Array.isArray(report?.tenants) ? report.tenants : fail(`plan's report has no tenants list:\n${stdout.slice(0, 2000)}`);
  const outcomes = new Map(tenants.map((t) => [t?.name, t?.outcome]));
  const wrong = entries.filter((e) => outcomes.get(e.name) !== 'unchanged').map((e) => `${e.name}: ${outcomes.get(e.name) ?? 'missing'}`);
  if (wrong.length || tenants.length !== entries.length) {
    fail(`plan should find all ${entries.length} tenants unchanged, but the report has ${tenantCount(tenants.length)}${wrong.length ? `; ${wrong.join(', ')}` : ''}`);
  }
  return tenants.length;
}

// ---------------------------------------------------------------------------------------------
// Reading the emulator's log

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Graph collections by their short names: [the list, one item]. */
const GRAPH_NAMES = {
  outboundProvisioningFlowSets: ['sets', 'set'],
  provisioningFlows: ['flows', 'flow'],
  roleGroups: ['roleGroups', 'roleGroup'],
};

/**
 * A short name for what a request was: `GET sets`, `GET flows`, `PATCH flow`, `GET roleGroups`,
 * `POST token (client_credentials)`, `GET openid-configuration`; anything else is its method and
 * path with ids folded.
 */
function requestKind(r) {
  const segments = r.path.split('/').filter(Boolean);
  if (/^(beta|v1\.0)$/i.test(segments[0] ?? '')) {
    const last = segments.at(-1);
    // An item is the segment after a collection's name: a GUID, or a name such as a role group's `staff`.
    const isItem = !Object.hasOwn(GRAPH_NAMES, last) && Object.hasOwn(GRAPH_NAMES, segments.at(-2) ?? '');
    const collection = isItem ? segments.at(-2) : last;
    const names = Object.hasOwn(GRAPH_NAMES, collection) ? GRAPH_NAMES[collection] : undefined;
    if (names) return `${r.method} ${names[isItem ? 1 : 0]}`;
    return `${r.method} ${segments.map((s) => (GUID.test(s) ? '{id}' : s)).join('/')}`;
  }
  const grant = r.form?.grant_type ? ` (${r.form.grant_type.replace(/^urn:ietf:params:oauth:grant-type:/, '')})` : '';
  if (segments.at(-1) === 'token') return `${r.method} token${grant}`;
  if (segments.at(-1) === 'openid-configuration') return `${r.method} openid-configuration`;
  return `${r.method} /${segments.map((s, i) => (i === 0 ? '{tenant}' : s)).join('/')}${grant}`;
}

/**
 * The fleet entry a request was for: a Graph request by the tenant whose store served it, a
 * sign-in request by the tenant its path starts with (`/t01.edu-flow.test/oauth2/v2.0/token`);
 * undefined for anything else (the default tenant's, `common`'s).
 */
function entryOfRequest(r, byTenantId, tenantIdOf) {
  if (r.tenant !== undefined) return byTenantId.get(r.tenant);
  const first = r.path.split('/').filter(Boolean)[0];
  if (first === undefined) return undefined;
  try {
    return byTenantId.get(tenantIdOf(first));
  } catch {
    return undefined;
  }
}

/**
 * What one run asked the emulator for, by fleet entry and kind: `perTenant` maps a request kind
 * to its count per tenant (in fleet order), `other` counts requests no tenant of the fleet made.
 */
function countRequests(requests, entries, tenantIdOf) {
  const byTenantId = new Map(entries.map((e) => [tenantIdOf(e.tenant), e]));
  const index = new Map(entries.map((e, i) => [e, i]));
  const perTenant = new Map();
  const other = new Map();
  for (const r of requests) {
    const kind = requestKind(r);
    const entry = entryOfRequest(r, byTenantId, tenantIdOf);
    if (entry === undefined) {
      other.set(kind, (other.get(kind) ?? 0) + 1);
      continue;
    }
    if (!perTenant.has(kind)) perTenant.set(kind, new Array(entries.length).fill(0));
    perTenant.get(kind)[index.get(entry)]++;
  }
  return { total: requests.length, perTenant, other };
}

/** The counts of one run as JSON: per kind the fewest and most per tenant, the run's total, and each tenant's. */
function requestFigures(counted, entries) {
  const kinds = [...counted.perTenant].map(([kind, counts]) => ({
    kind,
    perTenant: { min: Math.min(...counts), max: Math.max(...counts) },
    total: counts.reduce((a, b) => a + b, 0),
    byTenant: Object.fromEntries(entries.map((e, i) => [e.name, counts[i]])),
  }));
  const tenantTotals = entries.map((_, i) => [...counted.perTenant.values()].reduce((sum, counts) => sum + counts[i], 0));
  return {
    total: counted.total,
    perTenant: { min: Math.min(...tenantTotals), max: Math.max(...tenantTotals) },
    kinds,
    notByAFleetTenant: Object.fromEntries(counted.other),
  };
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  checkBuild('bench:fleet');

  const { tmp, dirs, held, cleanup } = benchWorkspace('edu-flow-bench-fleet-', ['out', 'config', 'state'], opts.keepTemp);
  let emu;
  let measurer;

  try {
    const { startEmulator, fillTenant, tenantIdOf } = await loadEmulator(tmp);
    // A long-lived access token: a run never waits for a refresh. The fleet's tenants get a store
    // each, so every request is told apart by tenant.
    emu = held.emu = await startEmulator({ latencyMs: LATENCY_MS, createTenantsOnRequest: true, entra: { accessTokenTtl: 24 * 3600 } });
    log(`emulator at ${emu.origin}, ${LATENCY_MS} ms per Graph answer`);
    measurer = held.measurer = startMeasurer();

    const entries = fleetEntries(opts.tenants);
    fillFleet(emu, fillTenant, entries);
    const fleetFile = path.join(tmp, 'fleet.json');
    writeFileSync(fleetFile, `${JSON.stringify({ tenants: entries }, null, 2)}\n`);
    // A fresh secret per run, never printed: it only has to match between the emulator and the children.
    const secret = randomBytes(24).toString('base64url');
    emu.entra.registerApp({ clientId: APP_CLIENT_ID, displayName: 'edu-flow fleet bench', secret });
    log(`fleet of ${tenantCount(entries.length)} × ${SETS_PER_TENANT} sets × ${FLOWS_PER_SET} flows`);

    const node = opts.node;
    const env = withCert({
      ...baseEnv(),
      EDU_FLOW_GRAPH_URL: emu.graphUrl,
      EDU_FLOW_AUTHORITY_HOST: emu.origin,
      AZURE_CLIENT_ID: APP_CLIENT_ID,
      AZURE_CLIENT_SECRET: secret,
      EDU_FLOW_CONFIG_DIR: dirs.config,
      EDU_FLOW_STATE_DIR: dirs.state,
    });

    // The folder, once and unmeasured: the first tenant's sets and flows (every tenant's are alike).
    const folder = path.join(tmp, 'sds');
    const exported = await runOnce([node, CLI, 'export', '--out', folder, '--output', 'json'], { ...env, AZURE_TENANT_ID: entries[0].tenant });
    if (exported.code !== 0) fail(`edu-flow export from ${entries[0].tenant} failed (exit ${exported.code}):\n${exported.stderr}`);
    log(`exported ${entries[0].tenant} to ${folder}`);
    const planArgs = (concurrency) => [node, CLI, 'plan', folder, '--fleet', fleetFile, '--concurrency', String(concurrency), '--output', 'json'];
    const checked = await runOnce(planArgs(CONCURRENCIES.at(-1)), env, RUN_TIMEOUT_MS);
    if (checked.code !== 0) fail(`edu-flow plan of the exported folder against the fleet failed (exit ${checked.code}):\n${checked.stderr}`);
    checkPlanReport(checked.stdout, entries);
    log(`plan finds ${entries.length === 1 ? 'the tenant' : `all ${entries.length} tenants`} unchanged`);

    const commands = CONCURRENCIES.map((concurrency) => ({
      concurrency,
      id: `plan-fleet-c${concurrency}`,
      label: `plan --fleet --concurrency ${concurrency}`,
      show: `edu-flow plan <folder> --fleet <${tenantCount(entries.length)}> --concurrency ${concurrency} --output json`,
      argv: planArgs(concurrency),
    }));
    const results = new Map(commands.map((c) => [c.id, { wall: [], rss: [], cpu: [], requests: [], tokenRequests: [], lastRequests: undefined }]));

    const rounds = opts.warmup + opts.runs;
    const started = Date.now();
    log(`${commands.length} commands × (${opts.warmup} warm-up + ${opts.runs} measured) rounds, interleaved`);
    for (let round = 0; round < rounds; round++) {
      const warm = round < opts.warmup;
      // c1, c4 then c4, c1: each concurrency runs first in half the rounds, and drift spreads over both.
      const order = round % 2 ? [...commands].reverse() : commands;
      for (const c of order) {
        const before = emu.requests.length;
        const stdout = path.join(dirs.out, `${c.id}.stdout`);
        const stderr = path.join(dirs.out, `${c.id}.stderr`);
        let r;
        try {
          r = await measurer.measure({ argv: c.argv, env, stdout, stderr });
        } catch (e) {
          throw new BenchError(`${c.label}: could not start: ${e.message}`);
        }
        if (r.code !== 0) throw new BenchError(failedRunMessage(c.label, c.show, r, stdout, stderr));
        checkPlanReport(readFileSync(stdout, 'utf8'), entries);
        const made = emu.requests.slice(before);
        if (!warm) {
          const res = results.get(c.id);
          res.wall.push(r.wall_ns / 1e6);
          res.rss.push(r.maxrss_kb / 1024);
          res.cpu.push(r.utime_ms + r.stime_ms);
          res.requests.push(made.length);
          res.tokenRequests.push(made.filter((m) => requestKind(m) === 'POST token (client_credentials)').length);
          res.lastRequests = countRequests(made, entries, tenantIdOf);
        }
      }
      log(`${warm ? 'warm-up' : 'round'} ${warm ? round + 1 : round + 1 - opts.warmup}/${warm ? opts.warmup : opts.runs} done (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }

    // -----------------------------------------------------------------------------------------
    // Figures

    const rows = commands.map((c) => {
      const r = results.get(c.id);
      return {
        id: c.id,
        label: c.label,
        command: c.show,
        concurrency: c.concurrency,
        runs: r.wall.length,
        wallMs: {
          median: round(median(r.wall)),
          p90: round(percentile(r.wall, 0.9)),
          min: round(Math.min(...r.wall)),
          max: round(Math.max(...r.wall)),
          mean: round(r.wall.reduce((a, b) => a + b, 0) / r.wall.length),
        },
        cpuMs: { median: round(median(r.cpu)), p90: round(percentile(r.cpu, 0.9)) },
        peakRssMb: { median: round(median(r.rss)), max: round(Math.max(...r.rss)) },
        emulatorRequestsPerRun: { median: median(r.requests), tokenRequestsMedian: median(r.tokenRequests), lastRun: requestFigures(r.lastRequests, entries) },
        samples: {
          wallMs: r.wall.map((x) => round(x, 3)),
          cpuMs: r.cpu.map((x) => round(x, 1)),
          peakRssMb: r.rss.map((x) => round(x, 1)),
          requests: r.requests,
          tokenRequests: r.tokenRequests,
        },
      };
    });
    const [one, four] = rows;
    const speedup = one.wallMs.median / four.wallMs.median;

    const report = {
      tool: 'edu-flow',
      benchmark: 'plan --fleet',
      version: JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version,
      commit: gitCommit(),
      date: new Date().toISOString(),
      machine: machineFacts(node, measurer.python),
      settings: {
        quick: opts.quick,
        tenants: entries.length,
        setsPerTenant: SETS_PER_TENANT,
        flowsPerSet: FLOWS_PER_SET,
        graphLatencyMs: LATENCY_MS,
        concurrencies: CONCURRENCIES,
        warmupRounds: opts.warmup,
        measuredRounds: opts.runs,
        interleaved: true,
        runTimeoutMs: RUN_TIMEOUT_MS,
      },
      method:
        'Each run is a separate child process started by bench/measure.py (posix_spawn, then wait4); wall time is taken around spawn→wait4, ' +
        "peak RSS is the child's ru_maxrss, CPU is its user+sys time. Rounds run both concurrencies, in turn first (c1, c4, c4, c1, …). " +
        'Every Graph answer of the emulator waits graphLatencyMs; sign-in answers do not. Every run must exit 0 and report every tenant unchanged. ' +
        'Requests are counted in the emulator log during each run, by the tenant each was for. p90 is nearest-rank.',
      speedup: { concurrency: four.concurrency, over: one.concurrency, median: round(speedup, 3), target: TARGET_SPEEDUP, met: speedup >= TARGET_SPEEDUP },
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

const fmt = (x, d = 1) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });

/** Columns: the first left-aligned, the rest right-aligned, two spaces apart; a dashed rule under the header. */
function tableLines(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}

/** `3`, or `2–3` when the tenants differ. */
const span = ({ min, max }) => (min === max ? String(min) : `${min}–${max}`);

function printTable(report, rows) {
  const m = report.machine;
  const s = report.settings;
  const out = [];
  out.push(`edu-flow ${report.version} fleet benchmark — ${report.date}`);
  out.push(`${m.osName ?? m.os}, ${m.os}; ${m.cpuModel} × ${m.cores} cores, ${m.memoryGb} GB; Node ${m.node} (${m.nodePath})`);
  out.push(
    `plan --fleet: ${tenantCount(s.tenants)} × ${s.setsPerTenant} sets × ${s.flowsPerSet} flows, ${s.graphLatencyMs} ms per Graph answer; ` +
      `${s.measuredRounds} measured run${s.measuredRounds === 1 ? '' : 's'} per concurrency after ${s.warmupRounds} warm-up round${s.warmupRounds === 1 ? '' : 's'}, interleaved${s.quick ? ' (--quick)' : ''}`,
  );
  out.push('');
  out.push(
    ...tableLines(
      ['command', 'median ms', 'p90 ms', 'CPU ms', 'RSS MB', 'req/run'],
      rows.map((r) => [r.label, fmt(r.wallMs.median), fmt(r.wallMs.p90), fmt(r.cpuMs.median), fmt(r.peakRssMb.median), String(r.emulatorRequestsPerRun.median)]),
    ),
  );
  out.push('');
  const sp = report.speedup;
  out.push(
    `speed-up, --concurrency ${sp.concurrency} over ${sp.over} (median ÷ median): ${fmt(sp.median, 2)}× — target ≥ ${sp.target}×: ${sp.met ? 'met' : 'missed'}` +
      (s.quick ? ' (--quick: too few tenants and runs to judge)' : ''),
  );
  out.push("CPU: user+sys of the child. RSS: median of the children's peak RSS. req/run: requests the emulator saw per run (median).");
  out.push('');
  out.push(`Requests per tenant per run (the last measured run of each concurrency; "a–b" when tenants differ):`);
  const last = rows.map((r) => r.emulatorRequestsPerRun.lastRun);
  const kinds = [...new Set(last.flatMap((l) => l.kinds.map((k) => k.kind)))];
  const cell = (l, kind) => {
    const k = l.kinds.find((x) => x.kind === kind);
    return k ? span(k.perTenant) : '0';
  };
  const body = kinds.map((kind) => [kind, ...last.map((l) => cell(l, kind))]);
  body.push(['all, per tenant', ...last.map((l) => span(l.perTenant))]);
  body.push(['all, per run', ...last.map((l) => String(l.total))]);
  const others = [...new Set(last.flatMap((l) => Object.keys(l.notByAFleetTenant)))];
  for (const kind of others) body.push([`not for a fleet tenant: ${kind}`, ...last.map((l) => String(l.notByAFleetTenant[kind] ?? 0))]);
  out.push(...tableLines(['request', ...rows.map((r) => `c${r.concurrency}`)], body).map((l) => `  ${l}`));
  out.push(`token requests (client_credentials) per run, median: ${rows.map((r) => `c${r.concurrency} ${r.emulatorRequestsPerRun.tokenRequestsMedian}`).join(', ')}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

runMain(main);
