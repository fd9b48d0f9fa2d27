// The layers of src/, from the ground floor up. An import may only point down (or stay inside its
// own layer); no import cycles at all. `npm test` runs this check (npm run lint:layers).
// A layer is a list of path patterns (regular expressions over paths from the repository root).
const LAYERS = [
  { name: 'ground', paths: ['^src/(errors|context|secrets|problem|json-nesting|stdin-probe|own-member|settle-all)\\.ts$'] },
  { name: 'body', paths: ['^src/body/'] },
  { name: 'config', paths: ['^src/config/'] },
  { name: 'ui', paths: ['^src/ui/'] },
  { name: 'net', paths: ['^src/net/'] },
  { name: 'auth', paths: ['^src/auth/'] },
  { name: 'graph', paths: ['^src/graph/'] },
  { name: 'backup', paths: ['^src/backup/'] },
  { name: 'change', paths: ['^src/change/'] },
  { name: 'completion', paths: ['^src/completion/'] },
  { name: 'session', paths: ['^src/session/'] },
  // Many tenants: the fleet file, bounded concurrency, the progress view.
  { name: 'fleet', paths: ['^src/fleet/'] },
  // A tenant as files: export, plan, apply.
  { name: 'estate', paths: ['^src/estate/'] },
  // SDS runs: reading them, the run that covers a change, waiting for it, the doctor's checks.
  { name: 'runs', paths: ['^src/runs/'] },
  { name: 'commands', paths: ['^src/commands/'] },
  { name: 'cli', paths: ['^src/cli\\.ts$', '^src/program\\.ts$'] },
  // Run by the build only (the precomputed help), on top of everything.
  { name: 'build', paths: ['^src/help-texts\\.ts$'] },
];

const upward = LAYERS.slice(0, -1).map((layer, index) => ({
  name: `no-upward-from-${layer.name}`,
  comment: `${layer.name} may import only from its own layer and the ones below it`,
  severity: 'error',
  from: { path: layer.paths },
  to: { path: LAYERS.slice(index + 1).flatMap((higher) => higher.paths) },
}));

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'no import cycles, type-only ones included', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'every-file-in-a-layer',
      comment: 'a new folder under src/ needs its place in LAYERS',
      severity: 'error',
      from: { path: '^src/', pathNot: LAYERS.flatMap((layer) => layer.paths) },
      to: {},
    },
    ...upward,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
