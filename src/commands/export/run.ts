import type { Context } from '../../context.js';
import type { ResolvedSettings } from '../../config/resolve.js';
import { exportFiles } from '../../estate/export-files.js';
import { readLiveSets } from '../../estate/live.js';
import { writeEstateFolder } from '../../estate/write-folder.js';
import { openGraph } from '../../session/graph-session.js';
import type { NetworkSettings } from '../../session/network-options.js';
import type { Reporter } from '../../ui/reporter.js';
import { inline } from '../../ui/terminal-text.js';

export interface ExportFlags {
  out: string;
  network: NetworkSettings;
}

export type ExportOptions = ExportFlags & { settings: ResolvedSettings };

/** `edu-flow export`: the tenant's sets and flows → a folder (see estate/layout.ts). */
export async function runExport(ctx: Context, reporter: Reporter, options: ExportOptions): Promise<void> {
  const graph = await openGraph(ctx, reporter, options.settings, options.network);
  const credential = await graph.credential();
  const live = await readLiveSets(graph, ctx.signal);
  const exported = exportFiles(live);
  for (const note of exported.skipped) reporter.warn(`not exported (a flow type edu-flow does not know): ${note}`);
  const summary = await writeEstateFolder(options.out, exported.files);
  const flows = live.reduce((n, set) => n + set.flows.length, 0) - exported.skipped.length;
  reporter.success(
    `exported ${live.length} flow set${live.length === 1 ? '' : 's'} and ${flows} flow${flows === 1 ? '' : 's'} of tenant ${credential.tenant ?? options.settings.tenant.value} to ${options.out} ` +
      `(${summary.written} file${summary.written === 1 ? '' : 's'} written, ${summary.unchanged} unchanged${summary.removed.length ? `, ${summary.removed.length} removed` : ''})`,
  );
  const value = {
    folder: options.out,
    tenant: credential.tenant ?? null,
    sets: live.length,
    flows,
    files: [...exported.files.keys()].sort(),
    written: summary.written,
    unchanged: summary.unchanged,
    removed: summary.removed,
    passwords: exported.passwords.map(({ env, file, roleGroup }) => ({ env, file, roleGroup })),
  };
  const lines = exported.passwords.length
    ? [
        'Default passwords are read from these environment variables by apply (only when it sends them):',
        ...exported.passwords.map((p) => `  ${p.env}  (${inline(p.file)}, role group ${inline(p.roleGroup)})`),
      ]
    : ['No default passwords: the folder needs no environment variables.'];
  reporter.data(value, lines.join('\n'));
}
