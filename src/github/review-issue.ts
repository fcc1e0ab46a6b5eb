// One access-review issue per workspace and quarter, found by label, a hidden marker and its author
// (only an issue this tool wrote is ever edited), opened on the first run of the quarter and
// refreshed by later ones. The body is rendered by the caller from the previous body, so that the
// boxes reviewers ticked survive a refresh.
import type { RepoRef } from './context.js';
import type { GitHubClient } from './octokit.js';
import { ACTIONS_BOT, viewerLogin } from './sticky-comment.js';

export const REVIEW_LABEL = 'segment-access:review';

export function reviewMarker(slug: string, quarter: string): string {
  return `<!-- segment-access review workspace=${slug} quarter=${quarter} -->`;
}

export async function ensureReviewIssue(octokit: GitHubClient, repo: RepoRef, slug: string, quarter: string,
  render: (previousBody: string | undefined) => string, env: Record<string, string | undefined> = {}):
  Promise<{ action: 'opened' | 'updated' | 'unchanged'; number: number; url: string }> {
  const marker = reviewMarker(slug, quarter);
  const login = (await viewerLogin(octokit)) ?? env.SEGMENT_ACCESS_BOT_LOGIN ?? ACTIONS_BOT;
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'all', labels: REVIEW_LABEL, per_page: 100 });
  const existing = issues.find((i) => !i.pull_request && i.user?.login === login && (i.body ?? '').split('\n', 1)[0] === marker);
  const previous = existing?.body?.slice(marker.length + 1);
  const body = `${marker}\n${render(previous)}`;
  if (!existing) {
    const { data } = await octokit.rest.issues.create({ ...repo, title: `Access review of Segment workspace ${slug}, ${quarter}`, body, labels: [REVIEW_LABEL] });
    return { action: 'opened', number: data.number, url: data.html_url };
  }
  if (existing.body === body) return { action: 'unchanged', number: existing.number, url: existing.html_url };
  await octokit.rest.issues.update({ ...repo, issue_number: existing.number, body });
  return { action: 'updated', number: existing.number, url: existing.html_url };
}
