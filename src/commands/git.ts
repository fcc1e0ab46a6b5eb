// The few git commands the tool runs (the base branch's manifests, what a change touched, where the
// repository's top is), with no shell, and a revision checked before it reaches git's argv.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** Whether `ref` can be a git revision, and cannot be read as an option. */
export function isRevision(ref: string): boolean {
  return /^[\w./@^~{}-]+$/.test(ref) && !ref.startsWith('-');
}

/** The git work tree's top folder (repository paths are relative to it), or the working directory. */
export async function repositoryRoot(cwd: string): Promise<string> {
  return (await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => '')).trim() || cwd;
}
