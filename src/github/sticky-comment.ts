// One comment per pull request and workspace, found by a hidden marker on its first line and
// written by the same account, updated in place only when its body changed ("ensure" semantics,
// as renovate's ensureComment). Pull requests can have hundreds of comments, so all pages are read.
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './context.js';

/** GitHub refuses comment bodies over 65,536 characters; we keep a margin. */
export const MAX_COMMENT_LENGTH = 60_000;

export type EnsureResult = { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string };

/** The login our comments are written as: the token's user, or (for GITHUB_TOKEN / App tokens) any bot. */
export async function viewerLogin(octokit: GitHubClient): Promise<string | undefined> {
  try {
    const { data } = await octokit.request('GET /user');
    return data.login;
  } catch {
    return undefined; // installation tokens cannot read /user; their comments are by a Bot
  }
}

export async function findMarkedComment(octokit: GitHubClient, repo: RepoRef, issue: number, marker: string) {
  const viewer = await viewerLogin(octokit);
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  const ours = comments.filter((c) => (c.body ?? '').startsWith(marker) &&
    (viewer ? c.user?.login === viewer : c.user?.type === 'Bot'));
  return ours.at(-1);
}

export async function ensureComment(octokit: GitHubClient, repo: RepoRef, issue: number, marker: string, content: string): Promise<EnsureResult> {
  const body = `${marker}\n${content}`;
  if (body.length > 65_536) throw new Error(`comment body is ${body.length} characters; GitHub accepts at most 65,536`);
  const existing = await findMarkedComment(octokit, repo, issue, marker);
  if (existing && existing.body === body) return { action: 'unchanged', id: Number(existing.id), url: existing.html_url };
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: Number(existing.id), body });
    return { action: 'updated', id: Number(data.id), url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body });
  return { action: 'created', id: Number(data.id), url: data.html_url };
}

export function planMarker(slug: string): string {
  return `<!-- segment-access plan workspace=${slug} -->`;
}
