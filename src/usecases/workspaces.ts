// Many workspaces in one repository: one folder per workspace (each with the file that declares
// `workspace:`). A command given a folder that holds several runs once per workspace, at most
// WORKSPACE_CONCURRENCY at a time, each with its own token, and the results come back in folder
// order. `segment-access workspaces` lists them, or only those a change touches, as the matrix a
// GitHub Actions job fans out over.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { findWorkspaces, type WorkspaceFolder } from '../manifest/load.js';
import { tokenVariable } from '../manifest/token-env.js';
import type { Ports } from '../ports/index.js';
import { EXIT, UserError, type ExitCode } from '../user-error.js';

/** Workspaces run at once: each reads its workspace over the network and parses its manifests. */
export const WORKSPACE_CONCURRENCY = 4;

/** Worst first: an error, a refusal by a safety guard, changes, then nothing to do. */
const SEVERITY: Record<number, number> = { [EXIT.error]: 3, [EXIT.refused]: 2, [EXIT.changes]: 1, [EXIT.ok]: 0 };
export function worstExit(codes: readonly number[]): number {
  return codes.reduce<number>((worst, code) => ((SEVERITY[code] ?? 3) > (SEVERITY[worst] ?? 3) ? code : worst), EXIT.ok);
}

/** One workspace's result in a run over a root: what the use case returned, or the error that stopped it. */
export type WorkspaceRun<T> = { workspace: WorkspaceFolder; outcome: T } | { workspace: WorkspaceFolder; error: UserError };

/**
 * The workspace folders under `dir`, once it is known that each workspace has exactly one folder:
 * two folders that declare the same slug (under `dir`, or anywhere in the repository when `dir` is
 * inside one) are refused, naming both, or whoever may edit one folder could change the other's
 * workspace. A workspace folder that is a symbolic link leading out of `dir` is refused too.
 */
export async function oneFolderPerWorkspace(ports: Pick<Ports, 'cwd' | 'git'>, dir: string): Promise<WorkspaceFolder[]> {
  const outside: Array<{ abs: string; target: string }> = [];
  const mine = await findWorkspaces(dir, ports.cwd, outside);
  for (const link of outside) {
    if (await stat(link.target).then((s) => s.isDirectory(), () => false)) {
      throw new UserError(`${path.relative(ports.cwd, link.abs) || link.abs} is a symbolic link to the folder ${link.target}, outside ${dir}: a workspace folder must be inside the folder given (move it in, or run segment-access on its own folder)`);
    }
  }
  const absDir = path.resolve(ports.cwd, dir);
  const top = path.resolve(ports.cwd, await ports.git.repositoryRoot());
  const within = absDir === top || absDir.startsWith(`${top}${path.sep}`);
  const all = within && absDir !== top ? await findWorkspaces(top, ports.cwd) : mine;
  const mineFolders = new Set(mine.map((w) => w.folder));
  const bySlug = new Map<string, WorkspaceFolder[]>();
  for (const w of all) bySlug.set(w.slug.toLowerCase(), [...(bySlug.get(w.slug.toLowerCase()) ?? []), w]);
  for (const [, same] of bySlug) {
    if (same.length < 2 || !same.some((w) => mineFolders.has(w.folder))) continue;
    throw new UserError(`workspace ${same[0]!.slug} is declared by ${same.length} folders: ${same.map((w) => w.folder).join(' and ')}; each workspace needs exactly one folder (otherwise whoever may edit one folder can change the other's workspace): give each folder its own workspace.slug, or merge them`);
  }
  return mine;
}

/**
 * The workspace folders `dir` stands for: itself when it is one workspace (or none, so the command
 * says what is wrong), else every workspace folder under it. Either way each workspace has one folder.
 */
export async function workspaceFolders(ports: Pick<Ports, 'cwd' | 'git'>, dir: string): Promise<WorkspaceFolder[] | undefined> {
  const found = await oneFolderPerWorkspace(ports, dir);
  const self = path.resolve(ports.cwd, dir);
  if (found.length <= 1 || found.some((w) => path.resolve(ports.cwd, w.folder) === self)) return undefined;
  return found;
}

/** Runs `run` once per workspace folder, a few at a time, and returns the results in folder order. */
export async function perWorkspace<T>(folders: readonly WorkspaceFolder[], run: (folder: string) => Promise<T>): Promise<Array<WorkspaceRun<T>>> {
  const results: Array<WorkspaceRun<T>> = [];
  let next = 0;
  const worker = async () => {
    while (next < folders.length) {
      const workspace = folders[next++]!;
      try {
        results.push({ workspace, outcome: await run(workspace.folder) });
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        results.push({ workspace, error: err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(WORKSPACE_CONCURRENCY, folders.length) }, worker));
  return results.sort((a, b) => (a.workspace.folder < b.workspace.folder ? -1 : 1));
}

/** Commands that act (apply) take one workspace at a time: a root with several is refused. */
export async function refuseMany(ports: Pick<Ports, 'cwd' | 'git'>, dir: string, command: string): Promise<void> {
  const found = await workspaceFolders(ports, dir);
  if (found) throw new UserError(`${dir} holds ${found.length} workspaces (${found.map((w) => w.folder).join(', ')}); ${command} changes one workspace at a time: pass its folder`);
}

/** The row of the GitHub Actions matrix for one workspace. */
export interface MatrixEntry {
  folder: string;
  slug: string;
  /** The variable its token is read from: `workspace.tokenEnv`, or SEGMENT_API_TOKEN_<SLUG>. */
  token_env: string;
}

/** Whether a repository path lies in a workspace folder (`.` holds everything): a whole path segment, never a prefix of a name. */
export function inFolder(file: string, folder: string): boolean {
  return folder === '.' || file === folder || file.startsWith(`${folder}/`);
}

/**
 * The workspaces a change touches (pure): those holding a changed file, or all of them when a
 * manifest outside every workspace folder changed (a shared file).
 */
export function touchedWorkspaces<W extends { folder: string }>(workspaces: readonly W[], changed: readonly string[]): W[] {
  const shared = changed.some((f) => /\.ya?ml$/i.test(f) && !workspaces.some((w) => inFolder(f, w.folder)));
  return shared ? [...workspaces] : workspaces.filter((w) => changed.some((f) => inFolder(f, w.folder)));
}

/**
 * `segment-access workspaces [ROOT] [--changed-since REF]`: the workspace folders under ROOT; with
 * --changed-since only those a change since REF touches.
 */
export async function listWorkspaces(ports: Pick<Ports, 'cwd' | 'git'>, input: { root: string; changedSince?: string }): Promise<{ kind: 'Workspaces'; include: MatrixEntry[] }> {
  let found = await oneFolderPerWorkspace(ports, input.root);
  if (input.changedSince !== undefined) found = touchedWorkspaces(found, await ports.git.changedSince(input.root, input.changedSince));
  return { kind: 'Workspaces', include: found.map((w) => ({ folder: w.folder, slug: w.slug, token_env: w.tokenEnv ?? tokenVariable(w.slug) })) };
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

export type { ExitCode };
