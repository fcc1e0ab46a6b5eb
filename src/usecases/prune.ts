// `segment-access prune [DIR] [--at DATE]`: remove expired members, grants and tokens from the
// manifests (comments and layout kept), so git says what the workspace will have. `--check` only
// lists them.
import path from 'node:path';
import { errorCount } from '../manifest/diagnostic.js';
import { pruneFile, type Removal } from '../manifest/prune.js';
import { validateManifests } from '../manifest/validate.js';
import type { Ports } from '../ports/index.js';
import { EXIT, ManifestProblems, UserError, type ExitCode } from '../user-error.js';
import { proposeChanges, type Proposal } from './propose.js';
import { plural } from '../words.js';

export interface PruneInput {
  dir: string;
  at: Date;
  /** Only list what has expired. */
  check?: boolean;
  /** Propose the pruned manifests as a pull request. */
  githubPr?: boolean;
}

export interface PruneOutcome {
  kind: 'Pruned';
  check: boolean;
  at: Date;
  removals: Removal[];
  /** Files written (none with --check). */
  files: string[];
  proposal?: Proposal;
}

export async function prune(ports: Ports, input: PruneInput): Promise<PruneOutcome> {
  const result = await validateManifests(input.dir, { at: input.at, cwd: ports.cwd });
  if (!result.manifest || errorCount(result.diagnostics) > 0) {
    throw new ManifestProblems(`the manifests in ${input.dir} have ${plural(errorCount(result.diagnostics), 'error')}; run validate and fix them first`, result.diagnostics);
  }
  const pruned = result.manifest.files.map((f) => pruneFile(f, input.at)).filter((p) => p !== undefined);
  const refused = pruned.filter((p) => p.refused);
  if (refused.length && !input.check) {
    throw new UserError(`prune changed nothing: ${refused.map((p) => `${p.file.path}: ${p.refused}`).join('; ')}`);
  }
  const removals = pruned.flatMap((p) => p.removals);
  const base = { kind: 'Pruned' as const, check: Boolean(input.check), at: input.at, removals };
  if (input.check) return { ...base, files: [] };
  const files = new Map(pruned.map((p) => [p.file.path, p.text]));
  await ports.files.writeAll(files);
  const slug = result.manifest.workspaces[0]?.value.slug ?? path.basename(path.resolve(ports.cwd, input.dir));
  const proposal = input.githubPr ? await proposeChanges(ports, 'prune', slug, files, removals.map((r) => `${r.file}:${r.line}: ${r.what}`)) : undefined;
  return { ...base, files: [...files.keys()], ...(proposal ? { proposal } : {}) };
}

/** With --check: 1 when something has expired. */
export function pruneExit(outcome: PruneOutcome): ExitCode {
  return outcome.check && outcome.removals.length ? EXIT.error : EXIT.ok;
}
