// After a merge: comment the apply result on each pull request the pushed commit came from (one
// comment per workspace and commit, so a re-run updates rather than repeats it).
import type { GitHub } from '../ports/github.js';
import { ensureComment, marker, type EnsureResult, type Marker } from './sticky-comment.js';

export function applyMarker(slug: string, sha: string): Marker {
  return marker(`<!-- segment-access apply workspace=${slug.replace(/[^A-Za-z0-9._-]/g, '_')} sha=${sha.replace(/[^A-Za-z0-9]/g, '')}`);
}

export async function commentOnMergedPullRequests(github: GitHub, input: { slug: string; sha: string; markdown: string; login: string }):
  Promise<Array<EnsureResult & { pr: number }>> {
  const merged = (await github.pullRequestsOfCommit(input.sha)).filter((p) => p.mergedAt);
  const results = [];
  for (const pull of merged) {
    const result = await ensureComment(github, pull.number, applyMarker(input.slug, input.sha), input.markdown.slice(0, 60_000), input.login);
    results.push({ ...result, pr: pull.number });
  }
  return results;
}
