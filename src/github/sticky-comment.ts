// One comment per pull request and purpose, found by a hidden marker on its first line and written
// by this tool's own account, updated in place only when its body changed ("ensure" semantics, as
// renovate's ensureComment). The marker's first part names the comment; the rest carries metadata
// (a plan's operations digest and the head commit it was made from) that apply reads back.
import type { GitHub, IssueComment } from '../ports/github.js';

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

/** Slugs are checked by the schema; this keeps a marker one line whatever it is given. */
const safe = (text: string) => text.replace(/[^A-Za-z0-9._-]/g, '_');

/** The plan comment's marker for a workspace, carrying the operations digest and head commit. */
export function planMarker(slug: string, meta: { operations?: string; sha?: string } = {}): Marker {
  return marker(`<!-- segment-access plan workspace=${safe(slug)}`, Object.fromEntries(Object.entries(meta).filter(([, v]) => v)) as Record<string, string>);
}

/**
 * The marker of the plan apply posts after a merge when the plan changed since the review. A
 * different kind of comment from the plan comment, so it can never be read back as a review.
 */
export function replanMarker(slug: string, meta: { operations: string; sha: string }): Marker {
  return marker(`<!-- segment-access unreviewed-plan workspace=${safe(slug)} sha=${meta.sha.replace(/[^A-Za-z0-9]/g, '')}`, { operations: meta.operations });
}

/** The metadata on a marked comment's first line (`operations`, `sha`, ...). */
export function markerFields(body: string): Record<string, string> {
  const first = body.split('\n', 1)[0] ?? '';
  return Object.fromEntries([...first.matchAll(/ ([a-z]+)=([A-Za-z0-9:._/-]+)/g)].map((m) => [m[1]!, m[2]!]));
}

/** The login our comments, issues and pull requests are written as (`botLogin`: SEGMENT_ACCESS_BOT_LOGIN). */
export async function ourLogin(github: GitHub, botLogin?: string): Promise<string> {
  return (await github.viewerLogin()) ?? (botLogin || ACTIONS_BOT);
}

export function isMarked(body: string | undefined, prefix: string): boolean {
  const first = (body ?? '').split('\n', 1)[0] ?? '';
  return first === `${prefix} -->` || (first.startsWith(`${prefix} `) && first.endsWith('-->'));
}

/** Our comments on an issue that carry `prefix`, oldest first. */
export function markedComments(comments: readonly IssueComment[], prefix: string, login: string): IssueComment[] {
  return comments.filter((c) => isMarked(c.body, prefix) && c.author === login);
}

export async function ensureComment(github: GitHub, issue: number, mark: Marker, content: string, login: string): Promise<EnsureResult> {
  const body = `${mark.line}\n${content}`;
  if (body.length > 65_536) throw new Error(`comment body is ${body.length} characters; GitHub accepts at most 65,536`);
  const existing = markedComments(await github.listIssueComments(issue), mark.prefix, login).at(-1);
  if (existing && existing.body === body) return { action: 'unchanged', id: existing.id, url: existing.url };
  if (existing) {
    const updated = await github.updateIssueComment(existing.id, body);
    return { action: 'updated', id: updated.id, url: updated.url };
  }
  const created = await github.createIssueComment(issue, body);
  return { action: 'created', id: created.id, url: created.url };
}
