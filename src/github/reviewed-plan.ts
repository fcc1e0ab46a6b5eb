// Apply exactly what was reviewed (DESIGN section 6): after a merge, find the pull request the
// pushed commit came from and the plan comment this tool left on it; its marker carries the
// operations digest the reviewers saw. Apply compares that with the plan it recomputes now.
import { gitHubToken, repository } from './context.js';
import { gitHubClient } from './octokit.js';
import { findMarkedComment, markerFields, planMarker } from './sticky-comment.js';

export interface ReviewedPlan {
  pr: number;
  /** Who asked, who approved, who merged: what the evidence record keeps for an auditor. */
  request?: { title: string; author?: string; url?: string; mergedBy?: string; mergeCommit?: string; approvals: Array<{ by: string; at?: string }> };
  /** The operations digest of the last plan comment, if there is one. */
  operations?: string;
  /** The head commit that plan was made for. */
  sha?: string;
  url?: string;
}

/** The merged pull request of GITHUB_SHA and its last plan comment for this workspace (undefined: none merged). */
export async function reviewedPlan(slug: string, env: Record<string, string | undefined>): Promise<ReviewedPlan | undefined> {
  const sha = env.GITHUB_SHA;
  if (!sha) return undefined;
  const repo = repository(env);
  const octokit = gitHubClient(env, gitHubToken(env));
  const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  const merged = pulls.find((p) => p.merged_at);
  if (!merged) return undefined;
  const comment = await findMarkedComment(octokit, repo, merged.number, planMarker(slug).prefix, env);
  const request = await requestOf(octokit, repo, merged.number);
  if (!comment) return { pr: merged.number, request };
  const fields = markerFields(comment.body ?? '');
  return { pr: merged.number, operations: fields.operations, sha: fields.sha, url: comment.html_url, request };
}

/** The pull request's title, author, merger and approving reviews (the latest review of each reviewer counts). */
async function requestOf(octokit: ReturnType<typeof gitHubClient>, repo: ReturnType<typeof repository>, number: number): Promise<ReviewedPlan['request']> {
  const { data: pull } = await octokit.rest.pulls.get({ ...repo, pull_number: number });
  const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, { ...repo, pull_number: number, per_page: 100 });
  const latest = new Map<string, { state: string; at?: string }>();
  for (const r of reviews) if (r.user?.login && r.state !== 'COMMENTED') latest.set(r.user.login, { state: r.state, at: r.submitted_at ?? undefined });
  const approvals = [...latest].filter(([, r]) => r.state === 'APPROVED').map(([by, r]) => ({ by, ...(r.at ? { at: r.at } : {}) }));
  return {
    title: pull.title, author: pull.user?.login, url: pull.html_url, mergedBy: pull.merged_by?.login ?? undefined,
    mergeCommit: pull.merge_commit_sha ?? undefined, approvals,
  };
}
