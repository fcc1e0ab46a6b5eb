// Lifecycle pull requests (`prune --github-pr`, `drift --adopt --github-pr`): the edited manifests
// committed through the GitHub API onto one branch per workspace and purpose, based on the default
// branch's head, and one open pull request from it, opened or updated, so a reviewer decides. The
// branch is rewritten on every run (it only ever holds this tool's one commit); no local git needed.
import type { RepoRef } from './context.js';
import type { GitHubClient } from './octokit.js';

export interface LifecyclePr {
  /** `segment-access/prune-acme-prod`. */
  branch: string;
  title: string;
  body: string;
  message: string;
  /** Repository-relative path -> new content. */
  files: ReadonlyMap<string, string>;
}

export type LifecyclePrAction = 'opened' | 'updated' | 'none';

export async function ensureLifecyclePr(octokit: GitHubClient, repo: RepoRef, pr: LifecyclePr): Promise<{ action: LifecyclePrAction; number?: number; url?: string }> {
  const open = await octokit.paginate(octokit.rest.pulls.list, { ...repo, state: 'open', head: `${repo.owner}:${pr.branch}`, per_page: 100 });
  const existing = open[0];
  if (pr.files.size === 0) return existing ? { action: 'none', number: existing.number, url: existing.html_url } : { action: 'none' };
  const { data: repository } = await octokit.rest.repos.get({ ...repo });
  const base = repository.default_branch;
  const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${base}` });
  const { data: baseCommit } = await octokit.rest.git.getCommit({ ...repo, commit_sha: ref.object.sha });
  const { data: tree } = await octokit.rest.git.createTree({
    ...repo, base_tree: baseCommit.tree.sha,
    tree: [...pr.files].map(([path, content]) => ({ path, mode: '100644' as const, type: 'blob' as const, content })),
  });
  const { data: commit } = await octokit.rest.git.createCommit({ ...repo, message: pr.message, tree: tree.sha, parents: [ref.object.sha] });
  const branchExists = await octokit.rest.git.getRef({ ...repo, ref: `heads/${pr.branch}` }).then(() => true, (err: { status?: number }) => {
    if (err.status === 404) return false;
    throw err;
  });
  if (branchExists) await octokit.rest.git.updateRef({ ...repo, ref: `heads/${pr.branch}`, sha: commit.sha, force: true });
  else await octokit.rest.git.createRef({ ...repo, ref: `refs/heads/${pr.branch}`, sha: commit.sha });
  if (existing) {
    await octokit.rest.pulls.update({ ...repo, pull_number: existing.number, title: pr.title, body: pr.body });
    return { action: 'updated', number: existing.number, url: existing.html_url };
  }
  const { data: created } = await octokit.rest.pulls.create({ ...repo, title: pr.title, head: pr.branch, base, body: pr.body });
  return { action: 'opened', number: created.number, url: created.html_url };
}
