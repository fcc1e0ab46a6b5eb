// The manifests as they are on the pull request's base branch, read from git: `plan --base-ref`
// compares their expiries with the pull request's (src/plan/expiry-risks.ts). Reading them must never
// stop a plan: any failure is returned as a reason, shown as a warning.
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { errorCount } from '../manifest/diagnostic.js';
import { loadManifests } from '../manifest/load.js';
import { mergeManifests, type Manifest } from '../manifest/merge.js';
import { git, isRevision } from './git.js';

/**
 * The manifests under `dir` at git revision `ref` (a commit, a tag or a branch such as `origin/main`).
 * A shallow clone (actions/checkout's default) lacks the base commit: it is fetched, one commit
 * deep, from `origin`. Returns the merged manifests, or why they could not be read.
 */
export async function baseManifests(dir: string, ref: string, cwd: string): Promise<Manifest | { reason: string }> {
  if (!isRevision(ref)) return { reason: `\`${ref}\` is not a git revision` };
  let work: string | undefined;
  try {
    const abs = await realpath(path.resolve(cwd, dir));
    const top = (await git(abs, ['rev-parse', '--show-toplevel'])).trim();
    const commit = `${ref}^{commit}`;
    const present = await git(top, ['cat-file', '-e', commit]).then(() => true, () => false);
    if (!present) await git(top, ['fetch', '--no-tags', '--depth=1', 'origin', ref]);
    const rel = path.relative(await realpath(top), abs).split(path.sep).join('/');
    const listed = (await git(top, ['ls-tree', '-r', '-z', '--name-only', commit, '--', rel || '.'])).split('\0').filter(Boolean);
    const yaml = listed.filter((p) => /\.ya?ml$/i.test(p) && !p.slice(rel ? rel.length + 1 : 0).split('/').some((s) => s.startsWith('.')));
    work = await mkdtemp(path.join(tmpdir(), 'segment-access-base-'));
    for (const file of yaml) {
      const text = await git(top, ['cat-file', 'blob', `${ref}:${file}`]);
      const target = path.join(work, rel ? path.relative(rel, file) : file);
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, text);
    }
    if (yaml.length === 0) return mergeManifests([]);
    const loaded = await loadManifests(work, { cwd: work });
    if (errorCount(loaded.diagnostics) > 0) return { reason: `the manifests at ${ref} do not parse` };
    return mergeManifests(loaded.files);
  } catch (err) {
    const message = (err as { stderr?: string }).stderr?.trim().split('\n')[0] || (err as Error).message.split('\n')[0]!;
    return { reason: message };
  } finally {
    if (work) await rm(work, { recursive: true, force: true });
  }
}
