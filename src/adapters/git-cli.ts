// The Git port over the `git` program: run without a shell, every revision checked before it
// reaches git's argv (a leading dash would be read as an option).
import { execFile } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Git } from '../ports/index.js';
import { UserError } from '../user-error.js';

const run = promisify(execFile);

async function git(cwd: string, args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' });
  return stdout;
}

/** Whether `ref` can be a git revision, and cannot be read as an option. */
export function isRevision(ref: string): boolean {
  return /^[\w./@^~{}-]+$/.test(ref) && !ref.startsWith('-');
}

/** The first line of what git said on failure. */
function gitProblem(err: unknown): string {
  return ((err as { stderr?: string }).stderr?.trim().split('\n')[0]) || (err as Error).message.split('\n')[0]!;
}

export function gitIn(cwd: string): Git {
  return {
    async changedSince(root, ref) {
      if (!isRevision(ref)) throw new UserError(`\`${ref}\` is not a git revision`);
      try {
        const top = (await git(cwd, ['rev-parse', '--show-toplevel'])).trim();
        const base = (await git(cwd, ['merge-base', ref, 'HEAD'])).trim();
        const stdout = await git(cwd, ['diff', '--name-only', '-z', base, '--', path.resolve(cwd, root)]);
        return stdout.split('\0').filter(Boolean).map((f) => path.relative(cwd, path.join(top, f)).split(path.sep).join('/'));
      } catch (err) {
        throw new UserError(`cannot tell what changed since ${ref}: ${gitProblem(err)}`);
      }
    },
    async manifestsAt(dir, ref) {
      if (!isRevision(ref)) return { reason: `\`${ref}\` is not a git revision` };
      try {
        const abs = await realpath(path.resolve(cwd, dir));
        const top = (await git(abs, ['rev-parse', '--show-toplevel'])).trim();
        const commit = `${ref}^{commit}`;
        // A shallow clone (actions/checkout's default) lacks the base commit: fetch it, one commit deep.
        const present = await git(top, ['cat-file', '-e', commit]).then(() => true, () => false);
        if (!present) await git(top, ['fetch', '--no-tags', '--depth=1', 'origin', ref]);
        const rel = path.relative(await realpath(top), abs).split(path.sep).join('/');
        const listed = (await git(top, ['ls-tree', '-r', '-z', '--name-only', commit, '--', rel || '.'])).split('\0').filter(Boolean);
        const inside = (p: string) => p.slice(rel ? rel.length + 1 : 0);
        const yaml = listed.filter((p) => /\.ya?ml$/i.test(p) && !inside(p).split('/').some((s) => s.startsWith('.')));
        const files = [];
        for (const file of yaml) files.push({ relPath: inside(file), text: await git(top, ['cat-file', 'blob', `${ref}:${file}`]) });
        return { files };
      } catch (err) {
        return { reason: gitProblem(err) };
      }
    },
    async repositoryRoot() {
      return (await git(cwd, ['rev-parse', '--show-toplevel']).catch(() => '')).trim() || cwd;
    },
    async userEmail() {
      return (await git(cwd, ['config', 'user.email']).catch(() => '')).trim() || undefined;
    },
  };
}
