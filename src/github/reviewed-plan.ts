// Apply exactly what was reviewed (DESIGN section 6): after a merge, find the pull request the
// pushed commit came from and the plan comment this tool left on it; its marker carries the
// operations digest the reviewers saw. Apply compares that with the plan it recomputes now.
import { gitHubToken, repository } from './context.js';
import { gitHubClient } from './octokit.js';
import { findMarkedComment, markerFields, planMarker } from './sticky-comment.js';

export interface ReviewedPlan {
  pr: number;
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
  if (!comment) return { pr: merged.number };
  const fields = markerFields(comment.body ?? '');
  return { pr: merged.number, operations: fields.operations, sha: fields.sha, url: comment.html_url };
}
