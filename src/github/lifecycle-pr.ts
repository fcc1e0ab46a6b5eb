// Lifecycle pull requests (`prune --github-pr`, `drift --adopt --github-pr`): the edited manifests
// committed through the GitHub API onto one branch per workspace and purpose, based on the default
// branch's head, and one open pull request from it, opened or updated, so a reviewer decides. The
// branch is rewritten on every run (it only ever holds this tool's one commit); no local git needed.
import type { GitHub } from '../ports/github.js';

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

export async function ensureLifecyclePr(github: GitHub, pr: LifecyclePr): Promise<{ action: LifecyclePrAction; number?: number; url?: string }> {
  const existing = (await github.openPullRequestsFrom(pr.branch))[0];
  if (pr.files.size === 0) return existing ? { action: 'none', number: existing.number, url: existing.url } : { action: 'none' };
  const base = await github.defaultBranch();
  await github.commitFiles({ branch: pr.branch, base, message: pr.message, files: pr.files });
  if (existing) {
    await github.updatePullRequest(existing.number, { title: pr.title, body: pr.body });
    return { action: 'updated', number: existing.number, url: existing.url };
  }
  const created = await github.createPullRequest({ title: pr.title, head: pr.branch, base, body: pr.body });
  return { action: 'opened', number: created.number, url: created.url };
}
