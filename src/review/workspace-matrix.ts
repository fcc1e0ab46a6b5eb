// The people x workspaces matrix of a review over a repository with many workspaces: for each person,
// what they hold in each workspace (the governance guide: "maintain a matrix tracking which users have
// access to which workspaces"). Markdown for the terminal or an issue, CSV for auditors. Pure.
import type { EffectiveGrant } from '../plan/types.js';
import { csvCell, statusWords, type ReviewPerson } from './review.js';

/** What a person holds in one workspace, in a few words: their roles, or their status when they have none. */
export function holds(person: ReviewPerson | undefined): string {
  if (!person) return '';
  const levels = new Map(person.grants.map((g) => [g.role, g.level]));
  const roles = [...levels.keys()];
  const owner = roles.find((r) => levels.get(r) === 'owner');
  const words = owner ? [owner] : roles.sort((a, b) => rank(levels.get(b)) - rank(levels.get(a)) || (a < b ? -1 : 1));
  const status = person.status === 'member' ? '' : ` (${statusWords(person)})`;
  return `${words.join(', ') || 'no access'}${status}`;
}

/** Admins first: the roles a reviewer looks at first. */
function rank(level: EffectiveGrant['level'] | undefined): number {
  return level === 'admin' || level === 'unknown' ? 2 : 1;
}

function rows(workspaces: ReadonlyArray<{ workspace: string; people: readonly ReviewPerson[] }>) {
  const emails = [...new Set(workspaces.flatMap((w) => w.people.map((p) => p.email.toLowerCase())))].sort();
  return emails.map((email) => ({ email, cells: workspaces.map((w) => holds(w.people.find((p) => p.email.toLowerCase() === email))) }));
}

export function workspaceMatrixMarkdown(workspaces: ReadonlyArray<{ workspace: string; people: readonly ReviewPerson[] }>, escape: (text: string) => string): string {
  const lines = [
    `### People x workspaces (${workspaces.length} workspaces)`, '',
    `| Person | ${workspaces.map((w) => `\`${escape(w.workspace)}\``).join(' | ')} |`,
    `|---|${workspaces.map(() => '---').join('|')}|`,
    ...rows(workspaces).map((r) => `| ${escape(r.email)} | ${r.cells.map((c) => escape(c) || '—').join(' | ')} |`),
  ];
  return `${lines.join('\n')}\n`;
}

export function workspaceMatrixCsv(workspaces: ReadonlyArray<{ workspace: string; people: readonly ReviewPerson[] }>): string {
  const out = [['email', ...workspaces.map((w) => w.workspace)], ...rows(workspaces).map((r) => [r.email, ...r.cells])];
  return `${out.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
