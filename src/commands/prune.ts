// `segment-access prune [DIR] [--at DATE]`: remove expired members, grants and tokens from the
// manifests (comments and layout kept), so git says what the workspace will have. `--check` only
// lists them and exits 1 when there is something to prune.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorCount } from '../manifest/diagnostic.js';
import { pruneFile } from '../manifest/prune.js';
import { validateManifests } from '../manifest/validate.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';
import { proposeChanges } from './propose.js';

export async function pruneCommand(dir: string, options: { at: Date; check?: boolean; githubPr?: boolean; format?: 'text' | 'json' }, io: Io): Promise<ExitCode> {
  const result = await validateManifests(dir, { at: options.at, cwd: io.cwd });
  if (!result.manifest || errorCount(result.diagnostics) > 0) {
    throw new UserError(`the manifests in ${dir} have ${errorCount(result.diagnostics)} error(s); run validate and fix them first`);
  }
  const pruned = result.manifest.files.map((f) => pruneFile(f, options.at)).filter((p) => p !== undefined);
  const removals = pruned.flatMap((p) => p.removals);
  const json = options.format === 'json';
  if (json) io.stdout(`${JSON.stringify({ check: Boolean(options.check), at: options.at.toISOString(), removals }, null, 2)}\n`);
  else for (const r of removals) io.stdout(`${options.check ? 'expired' : 'removed'}: ${r.file}:${r.line}: ${r.what}\n`);
  if (options.check) {
    if (!json) io.stdout(removals.length ? `${removals.length} expired entr${removals.length === 1 ? 'y' : 'ies'} to prune.\n` : 'Nothing has expired.\n');
    return removals.length ? EXIT.error : EXIT.ok;
  }
  for (const p of pruned) await writeFile(path.resolve(io.cwd, p.file.path), p.text);
  if (options.githubPr) {
    const slug = result.manifest.workspaces[0]?.value.slug ?? path.basename(path.resolve(io.cwd, dir));
    await proposeChanges(io, 'prune', slug, new Map(pruned.map((p) => [p.file.path, p.text])), removals.map((r) => `${r.file}:${r.line}: ${r.what}`));
  }
  if (!json) io.stdout(removals.length ? `Pruned ${removals.length} expired entr${removals.length === 1 ? 'y' : 'ies'} from ${pruned.length} file${pruned.length === 1 ? '' : 's'}.\n` : 'Nothing has expired.\n');
  return EXIT.ok;
}
