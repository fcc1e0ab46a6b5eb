// Many workspaces in one repository: one folder per workspace (each with the file that declares
// `workspace:`). A command given a folder that holds several runs once per workspace, at most
// WORKSPACE_CONCURRENCY at a time, each with its own token (connect.ts), and prints their outputs
// in folder order, each under a heading (or, with --format json, one JSON document holding each
// workspace's). The exit code is the worst of them. `segment-access workspaces` lists them, or only
// those a change touches, as the matrix a GitHub Actions job fans out over.
import path from 'node:path';
import { findWorkspaces, type WorkspaceFolder } from '../manifest/load.js';
import { tokenVariable } from './connect.js';
import { git, isRevision } from './git.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';

/** Workspaces run at once: each reads its workspace over the network and parses its manifests. */
export const WORKSPACE_CONCURRENCY = 4;

/** Worst first: an error, a refusal by a safety guard, changes, then nothing to do. */
const SEVERITY: Record<number, number> = { [EXIT.error]: 3, [EXIT.refused]: 2, [EXIT.changes]: 1, [EXIT.ok]: 0 };
export function worstExit(codes: readonly ExitCode[]): ExitCode {
  return codes.reduce<ExitCode>((worst, code) => ((SEVERITY[code] ?? 3) > (SEVERITY[worst] ?? 3) ? code : worst), EXIT.ok);
}

/**
 * Runs `run` for `dir`: directly when it is one workspace (or none, so the command says what is
 * wrong), once per workspace folder when it holds several.
 */
export async function perWorkspace(dir: string, io: Io, format: string | undefined, run: (dir: string, io: Io) => Promise<ExitCode>): Promise<ExitCode> {
  const found = await findWorkspaces(dir, io.cwd);
  const self = path.resolve(io.cwd, dir);
  if (found.length <= 1 || found.some((w) => path.resolve(io.cwd, w.folder) === self)) return run(dir, io);
  const results: Array<{ workspace: WorkspaceFolder; code: ExitCode; stdout: string; stderr: string }> = [];
  let next = 0;
  const worker = async () => {
    while (next < found.length) {
      const workspace = found[next++]!;
      let stdout = '';
      let stderr = '';
      const buffered: Io = { ...io, isTTY: false, stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, prompt: undefined, canPrompt: false };
      let code: ExitCode;
      try {
        code = await run(workspace.folder, buffered);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        stderr += `Error: ${err.message}\n`;
        code = err.exitCode;
      }
      results.push({ workspace, code, stdout, stderr });
    }
  };
  await Promise.all(Array.from({ length: Math.min(WORKSPACE_CONCURRENCY, found.length) }, worker));
  results.sort((a, b) => (a.workspace.folder < b.workspace.folder ? -1 : 1));
  if (format === 'json') {
    io.stdout(`${JSON.stringify({
      workspaces: results.map((r) => ({ folder: r.workspace.folder, slug: r.workspace.slug, exit_code: r.code, output: parseOr(r.stdout) })),
    }, null, 2)}\n`);
    for (const r of results) if (r.stderr) io.stderr(`== workspace ${r.workspace.slug} (${r.workspace.folder}) ==\n${r.stderr}`);
  } else {
    for (const r of results) {
      io.stdout(`== workspace ${r.workspace.slug} (${r.workspace.folder}) ==\n${r.stdout}${r.stdout.endsWith('\n') || !r.stdout ? '' : '\n'}\n`);
      if (r.stderr) io.stderr(`== workspace ${r.workspace.slug} (${r.workspace.folder}) ==\n${r.stderr}`);
    }
    io.stdout(`${results.length} workspaces: ${results.map((r) => `${r.workspace.slug} ${describeExit(r.code)}`).join(', ')}.\n`);
  }
  return worstExit(results.map((r) => r.code));
}

/** Commands that act (apply) take one workspace at a time: a root with several is refused. */
export async function refuseMany(dir: string, io: Io, command: string): Promise<void> {
  const found = await findWorkspaces(dir, io.cwd);
  const self = path.resolve(io.cwd, dir);
  if (found.length > 1 && !found.some((w) => path.resolve(io.cwd, w.folder) === self)) {
    throw new UserError(`${dir} holds ${found.length} workspaces (${found.map((w) => w.folder).join(', ')}); ${command} changes one workspace at a time: pass its folder`);
  }
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function describeExit(code: ExitCode): string {
  return code === EXIT.ok ? 'ok' : code === EXIT.changes ? 'has changes' : code === EXIT.refused ? 'refused by a guard' : 'failed';
}

/** The row of the GitHub Actions matrix for one workspace. */
export interface MatrixEntry {
  folder: string;
  slug: string;
  /** The variable its token is read from: `workspace.tokenEnv`, or SEGMENT_API_TOKEN_<SLUG>. */
  token_env: string;
}

/**
 * `segment-access workspaces [ROOT] [--changed-since REF] [--format json]`: the workspace folders
 * under ROOT; with --changed-since only those with a file changed since REF (all of them when a
 * manifest outside every workspace folder changed, a shared file). JSON is `{"include": [...]}`,
 * what `strategy.matrix: ${{ fromJSON(...) }}` takes.
 */
export async function workspacesCommand(root: string, options: { changedSince?: string; format: 'text' | 'json' }, io: Io): Promise<ExitCode> {
  let found = await findWorkspaces(root, io.cwd);
  if (options.changedSince !== undefined) {
    const changed = await changedFiles(root, options.changedSince, io.cwd);
    const inside = (file: string, folder: string) => folder === '.' || file === folder || file.startsWith(`${folder}/`);
    const shared = changed.some((f) => /\.ya?ml$/i.test(f) && !found.some((w) => inside(f, w.folder)));
    if (!shared) found = found.filter((w) => changed.some((f) => inside(f, w.folder)));
  }
  const include: MatrixEntry[] = found.map((w) => ({ folder: w.folder, slug: w.slug, token_env: w.tokenEnv ?? tokenVariable(w.slug) }));
  if (options.format === 'json') io.stdout(`${JSON.stringify({ include })}\n`);
  else for (const w of include) io.stdout(`${w.folder}\t${w.slug}\t${w.token_env}\n`);
  return EXIT.ok;
}

/** Files changed between REF's merge base with HEAD and the working tree, relative to the working directory. */
async function changedFiles(root: string, ref: string, cwd: string): Promise<string[]> {
  if (!isRevision(ref)) throw new UserError(`\`${ref}\` is not a git revision`);
  try {
    const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
    const base = (await git(cwd, ['merge-base', ref, 'HEAD'])).trim();
    const stdout = await git(cwd, ['diff', '--name-only', '-z', base, '--', path.resolve(cwd, root)]);
    return stdout.split('\0').filter(Boolean).map((f) => path.relative(cwd, path.join(top, f)).split(path.sep).join('/'));
  } catch (err) {
    throw new UserError(`cannot tell what changed since ${ref}: ${((err as { stderr?: string }).stderr ?? (err as Error).message).trim().split('\n')[0]}`);
  }
}

/**
 * `--out FILE` when a root runs per workspace: one file per workspace, named after its folder
 * (review.csv -> review-prod.csv), so the workspaces do not overwrite each other.
 */
export function outFor(out: string | undefined, folder: string, root: string): string | undefined {
  if (!out || folder === root) return out;
  const ext = path.extname(out);
  return `${out.slice(0, out.length - ext.length)}-${path.basename(folder)}${ext}`;
}
