// After a merge: find the pull request(s) the pushed commit came from and comment the apply result
// on each (one comment per workspace and commit, so a re-run updates rather than repeats it).
import { gitHubToken, repository } from './context.js';
import { gitHubClient } from './octokit.js';
import { ensureComment, marker, type EnsureResult, type Marker } from './sticky-comment.js';

export function applyMarker(slug: string, sha: string): Marker {
  return marker(`<!-- segment-access apply workspace=${slug} sha=${sha}`);
}

export async function commentOnMergedPullRequests(slug: string, markdown: string, env: Record<string, string | undefined>):
  Promise<Array<EnsureResult & { pr: number }>> {
  const sha = env.GITHUB_SHA;
  if (!sha) return [];
  const repo = repository(env);
  const octokit = gitHubClient(env, gitHubToken(env));
  const { data: pulls } = await octokit.rest.repos.listPullRequestsAssociatedWithCommit({ ...repo, commit_sha: sha });
  const merged = pulls.filter((p) => p.merged_at);
  const results = [];
  for (const pull of merged) {
    const result = await ensureComment(octokit, repo, pull.number, applyMarker(slug, sha), markdown.slice(0, 60_000), env);
    results.push({ ...result, pr: pull.number });
  }
  return results;
}
