// One comment per pull request and workspace, found by a hidden marker on its first line and
// written by this tool's own account, updated in place only when its body changed ("ensure"
// semantics, as renovate's ensureComment). Pull requests can have hundreds of comments, so all
// pages are read. The marker's first part names the comment; the rest carries metadata (the plan's
// operations digest and the head commit it was made from) that apply reads back after the merge.
import type { GitHubClient } from './octokit.js';
import type { RepoRef } from './context.js';

/** GitHub refuses comment bodies over 65,536 characters; we keep a margin. */
export const MAX_COMMENT_LENGTH = 60_000;

/**
 * The account a GITHUB_TOKEN writes as. An installation token cannot read GET /user, so without a
 * login of our own only this bot's comments are ours (never any other bot's: another App may post a
 * comment that starts with our marker). SEGMENT_ACCESS_BOT_LOGIN names another App's bot.
 */
export const ACTIONS_BOT = 'github-actions[bot]';

export type EnsureResult = { action: 'created' | 'updated' | 'unchanged'; id: number; url?: string };

/** A marker: `prefix` identifies the comment, `line` is the whole first line (prefix + metadata). */
export interface Marker {
  prefix: string;
  line: string;
}

export function marker(prefix: string, meta: Record<string, string> = {}): Marker {
  const fields = Object.entries(meta).map(([k, v]) => ` ${k}=${v.replace(/[^A-Za-z0-9:._/-]/g, '')}`).join('');
  return { prefix, line: `${prefix}${fields} -->` };
}

/** The plan comment's marker for a workspace, carrying the operations digest and head commit. */
export function planMarker(slug: string, meta: { operations?: string; sha?: string } = {}): Marker {
  return marker(`<!-- segment-access plan workspace=${slug}`, Object.fromEntries(Object.entries(meta).filter(([, v]) => v)) as Record<string, string>);
}

/** The metadata on a marked comment's first line (`operations`, `sha`, ...). */
export function markerFields(body: string): Record<string, string> {
  const first = body.split('\n', 1)[0] ?? '';
  return Object.fromEntries([...first.matchAll(/ ([a-z]+)=([A-Za-z0-9:._/-]+)/g)].map((m) => [m[1]!, m[2]!]));
}

/** The login our comments are written as, if the token can tell (a user or App token can; GITHUB_TOKEN cannot). */
export async function viewerLogin(octokit: GitHubClient): Promise<string | undefined> {
  try {
    const { data } = await octokit.request('GET /user');
    return data.login;
  } catch {
    return undefined;
  }
}

function isMarked(body: string | undefined, prefix: string): boolean {
  const first = (body ?? '').split('\n', 1)[0] ?? '';
  return first === `${prefix} -->` || (first.startsWith(`${prefix} `) && first.endsWith('-->'));
}

/** The newest comment on `issue` that starts with `prefix` and was written by this tool's account. */
export async function findMarkedComment(octokit: GitHubClient, repo: RepoRef, issue: number, prefix: string, env: Record<string, string | undefined> = {}) {
  const login = (await viewerLogin(octokit)) ?? env.SEGMENT_ACCESS_BOT_LOGIN ?? ACTIONS_BOT;
  const comments = await octokit.paginate(octokit.rest.issues.listComments, { ...repo, issue_number: issue, per_page: 100 });
  return comments.filter((c) => isMarked(c.body, prefix) && c.user?.login === login).at(-1);
}

export async function ensureComment(octokit: GitHubClient, repo: RepoRef, issue: number, mark: Marker, content: string,
  env: Record<string, string | undefined> = {}): Promise<EnsureResult> {
  const body = `${mark.line}\n${content}`;
  if (body.length > 65_536) throw new Error(`comment body is ${body.length} characters; GitHub accepts at most 65,536`);
  const existing = await findMarkedComment(octokit, repo, issue, mark.prefix, env);
  if (existing && existing.body === body) return { action: 'unchanged', id: Number(existing.id), url: existing.html_url };
  if (existing) {
    const { data } = await octokit.rest.issues.updateComment({ ...repo, comment_id: Number(existing.id), body });
    return { action: 'updated', id: Number(data.id), url: data.html_url };
  }
  const { data } = await octokit.rest.issues.createComment({ ...repo, issue_number: issue, body });
  return { action: 'created', id: Number(data.id), url: data.html_url };
}
