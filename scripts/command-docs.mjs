// The per-command reference pages under docs/commands/, made from the command tree itself: each
// page is the command's own --help (usage, options, examples, global options), the Graph
// permission it needs and the exit codes. `npm run docs` writes them; a test fails when they are
// out of date. Plain JavaScript, shared by the script and the test: `help` gives a command's help.

/** What each command needs from Microsoft Graph (delegated or application permission). */
const PERMISSIONS = {
  validate: 'none: offline',
  migrate: 'none: offline',
  schema: 'none: offline',
  completion: 'none: offline',
  'backups list': 'none: offline',
  config: 'none: local settings',
  'config get': 'none: local settings',
  'config set': 'none: local settings',
  'config unset': 'none: local settings',
  'config list': 'none: local settings',
  login: 'the scopes it asks for (default IndustryData-OutboundFlow.ReadWrite.All and IndustryData-ReferenceDefinition.Read.All)',
  logout: 'none: local token cache',
  status: 'none: reads the cached or given credential',
  get: 'IndustryData-OutboundFlow.Read.All',
  list: 'IndustryData-OutboundFlow.Read.All',
  diff: 'IndustryData-OutboundFlow.Read.All',
  'sets list': 'IndustryData-OutboundFlow.Read.All',
  'sets get': 'IndustryData-OutboundFlow.Read.All',
  update: 'IndustryData-OutboundFlow.ReadWrite.All (role-group check: IndustryData-ReferenceDefinition.Read.All, skipped with a warning without it)',
  create: 'IndustryData-OutboundFlow.ReadWrite.All (role-group check: IndustryData-ReferenceDefinition.Read.All)',
  delete: 'IndustryData-OutboundFlow.ReadWrite.All',
  reset: 'IndustryData-OutboundFlow.ReadWrite.All',
  restore: 'IndustryData-OutboundFlow.ReadWrite.All',
  'sets create': 'IndustryData-OutboundFlow.ReadWrite.All',
  'sets update': 'IndustryData-OutboundFlow.ReadWrite.All',
  'sets delete': 'IndustryData-OutboundFlow.ReadWrite.All',
  export: 'IndustryData-OutboundFlow.Read.All',
  plan: 'IndustryData-OutboundFlow.Read.All (role-group check: IndustryData-ReferenceDefinition.Read.All, skipped with a warning without it)',
  apply: 'IndustryData-OutboundFlow.ReadWrite.All (role-group check: IndustryData-ReferenceDefinition.Read.All, skipped with a warning without it)',
  runs: 'see its commands',
  'runs list': 'IndustryData-Run.Read.All',
  'runs get': 'IndustryData-Run.Read.All',
  'runs stats': 'IndustryData-Run.Read.All',
  'runs start': 'IndustryData-Run.Start (the runs of the last 12 hours are read with IndustryData-Run.Read.All when granted)',
  'runs wait': 'IndustryData-Run.Read.All and IndustryData-OutboundFlow.Read.All',
  'role-groups list': 'IndustryData-ReferenceDefinition.Read.All',
  'role-groups get': 'IndustryData-ReferenceDefinition.Read.All',
  doctor:
    'IndustryData-OutboundFlow.Read.All; each further check is skipped with a warning without its own: IndustryData-ReferenceDefinition.Read.All (role-group binds), Organization.Read.All (licence SKUs), IndustryData-Run.Read.All (the latest run)',
  sets: 'see its commands',
  'role-groups': 'see its commands',
  backups: 'see its commands',
};

/** The subcommands a help text lists (without `help`). */
function subcommands(help) {
  const section = /\nCommands:\n([\s\S]*?)(\n\n|$)/.exec(help);
  if (!section) return [];
  return section[1]
    .split('\n')
    .map((line) => /^ {2}([a-z][a-z-]*)\b/.exec(line)?.[1])
    .filter((name) => name && name !== 'help');
}

/** path → page text, for every command under the program. */
export async function commandPages(help) {
  const root = await help([]);
  const exitCodes = root.slice(root.indexOf('Exit codes:')).trim();
  const pages = new Map();
  const visit = async (path) => {
    const text = await help(path);
    const name = path.join(' ');
    const permission = PERMISSIONS[name];
    if (permission === undefined) throw new Error(`command-docs: no Graph permission noted for "${name}"`);
    pages.set(
      name,
      `# edu-flow ${name}\n\n<!-- Made by \`npm run docs\` from the command's own --help; do not edit by hand. -->\n\n` +
        `**Graph permission:** ${permission}\n\n\`\`\`text\n${text.trimEnd()}\n\`\`\`\n\n${exitCodes}\n`,
    );
    for (const sub of subcommands(text)) await visit([...path, sub]);
  };
  for (const name of subcommands(root)) await visit([name]);
  return pages;
}

export const pageFile = (name) => `${name.replace(/ /g, '-')}.md`;
