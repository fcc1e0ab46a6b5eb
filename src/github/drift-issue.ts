// One open issue per workspace while drift lasts: found by label and a hidden marker, opened when
// drift appears, its body updated while it lasts, closed with a comment when it clears.
import type { RepoRef } from './context.js';
import type { GitHubClient } from './octokit.js';

export const DRIFT_LABEL = 'segment-access:drift';

export function driftMarker(slug: string): string {
  return `<!-- segment-access drift workspace=${slug} -->`;
}

export type DriftIssueAction = 'opened' | 'updated' | 'unchanged' | 'closed' | 'none';

export async function ensureDriftIssue(octokit: GitHubClient, repo: RepoRef, slug: string, hasDrift: boolean, content: string, closingNote: string):
  Promise<{ action: DriftIssueAction; number?: number; url?: string }> {
  const marker = driftMarker(slug);
  const open = await octokit.paginate(octokit.rest.issues.listForRepo, { ...repo, state: 'open', labels: DRIFT_LABEL, per_page: 100 });
  const existing = open.find((i) => !i.pull_request && (i.body ?? '').startsWith(marker));
  const body = `${marker}\n${content}`;
  if (hasDrift) {
    if (!existing) {
      const { data } = await octokit.rest.issues.create({ ...repo, title: `Access drift in Segment workspace ${slug}`, body, labels: [DRIFT_LABEL] });
      return { action: 'opened', number: data.number, url: data.html_url };
    }
    if (existing.body === body) return { action: 'unchanged', number: existing.number, url: existing.html_url };
    await octokit.rest.issues.update({ ...repo, issue_number: existing.number, body });
    return { action: 'updated', number: existing.number, url: existing.html_url };
  }
  if (!existing) return { action: 'none' };
  await octokit.rest.issues.createComment({ ...repo, issue_number: existing.number, body: closingNote });
  await octokit.rest.issues.update({ ...repo, issue_number: existing.number, state: 'closed', state_reason: 'completed' });
  return { action: 'closed', number: existing.number, url: existing.html_url };
}
