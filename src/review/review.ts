// The access review: everyone with access (members, pending invites, and people the manifests name
// who are not in the workspace yet) with each grant they hold, where it comes from, what the
// manifests say about it (justification, reviewBy, expiry), their last IAM activity in the Audit
// Trail, and flags a reviewer must look at. Pure: the plan context and the Audit Trail in, rows out.
import type { Token } from '../manifest/types.generated.js';
import { emailDomain } from '../manifest/grants.js';
import { personAfter, personBefore, type PlanContext } from '../plan/context.js';
import { ALL_KINDS, attribute, eventWords } from '../plan/attribution.js';
import { floorOnce } from '../plan/floor.js';
import type { EffectiveGrant, PersonState } from '../plan/types.js';
import type { AuditEvent } from '../workspace/audit.js';

export type ReviewFlag =
  | 'review-overdue' | 'expiring' | 'expired' | 'owner-without-justification' | 'outside-allowed-domains' | 'token-owner' | 'not-in-manifests'
  | 'not-in-workspace';

export interface ReviewPerson {
  email: string;
  /** `member`, `invited` (pending invite), or `not in workspace` (only the manifests name them). */
  status: 'member' | 'invited' | 'not in workspace';
  /** For a pending invite: when it was sent (from an Audit Trail event naming its email), or `unknown`. */
  inviteSent?: string;
  /** What they hold now: the workspace's effective access, or the manifests' for invites and people not yet there. */
  grants: EffectiveGrant[];
  groups: string[];
  justification?: string;
  reviewBy?: string;
  expires?: string;
  /** Where the manifests define them (`file:line`), absent for people in no manifest. */
  definedIn?: string;
  /** The newest Audit Trail event about them (30 days), as `date by actor (type)`. */
  lastActivity?: string;
  flags: ReviewFlag[];
}

export interface ReviewInput {
  ctx: PlanContext;
  events?: readonly AuditEvent[];
  tokens: readonly Token[];
  now: Date;
}

const day = (d: Date) => d.toISOString().slice(0, 10);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function buildReview(input: ReviewInput): ReviewPerson[] {
  const { ctx, now } = input;
  const { desired, actual } = ctx;
  const today = day(now);
  const soon = day(new Date(now.getTime() + desired.policy.expiryWarningDays * 86_400_000));
  const allowed = (desired.policy.allowedEmailDomains ?? []).map((d) => d.toLowerCase());
  const tokenOwners = new Set(input.tokens.map((t) => t.owner.toLowerCase()));
  const keys = [...new Set([...actual.users.keys(), ...actual.invites.keys(), ...desired.members.keys()])].sort();
  return keys.map((key) => {
    const member = desired.members.get(key);
    const before = personBefore(ctx, key);
    // An invite's own access cannot be read: show what the manifests give it.
    const state: PersonState = before.status === 'member' || !member ? before : personAfter(ctx, key, member, false);
    const status = before.status === 'member' ? 'member' : before.status === 'invited' ? 'invited' : 'not in workspace';
    const email = actual.users.get(key)?.email ?? actual.invites.get(key)?.email ?? member?.email ?? key;
    const expiries = [member?.expires, ...state.effective.map((g) => g.expires)].filter((d): d is string => d !== undefined);
    const flags: ReviewFlag[] = [];
    if (!member) flags.push('not-in-manifests');
    if (status === 'not in workspace') flags.push('not-in-workspace');
    if (member?.reviewBy && member.reviewBy < today) flags.push('review-overdue');
    if (expiries.some((d) => d < today)) flags.push('expired');
    else if (expiries.some((d) => d <= soon)) flags.push('expiring');
    if (state.effective.some((g) => ctx.catalog.isOwner(g.grant)) && !member?.justification) flags.push('owner-without-justification');
    if (allowed.length && !allowed.includes(emailDomain(email).toLowerCase())) flags.push('outside-allowed-domains');
    if (tokenOwners.has(key)) flags.push('token-owner');
    const last = attribute(input.events ?? [], { userId: actual.users.get(key)?.id, email: key, kinds: ALL_KINDS });
    const sentAt = actual.invites.get(key)?.sentAt;
    return {
      email, status, ...(status === 'invited' ? { inviteSent: sentAt ? sentAt.slice(0, 10) : 'unknown' } : {}), grants: floorOnce(state.effective), groups: state.groups,
      ...(member?.justification ? { justification: member.justification } : {}),
      ...(member?.reviewBy ? { reviewBy: member.reviewBy } : {}),
      ...(member?.expires ? { expires: member.expires } : {}),
      ...(member ? { definedIn: `${member.origin.file}:${member.origin.line}` } : {}),
      ...(last ? { lastActivity: `${last.at.slice(0, 10)} by ${last.by}: ${eventWords(last.type)} ("${last.type}")` } : {}),
      flags,
    };
  });
}

/** `member`, `invited 2026-11-18`, `invited, age unknown`, `not in workspace`. */
export function statusWords(p: Pick<ReviewPerson, 'status' | 'inviteSent'>): string {
  if (p.status !== 'invited') return p.status;
  return p.inviteSent && p.inviteSent !== 'unknown' ? `invited ${p.inviteSent}` : 'invited, age unknown';
}

/** Where a grant comes from, in words: `direct`, `group engineers`, `profile read-only`. */
export function viaWords(g: EffectiveGrant): string {
  return g.via.kind === 'group' ? `group ${g.via.group}` : g.via.kind === 'profile' ? `profile ${g.via.profile}` : 'direct';
}

/** The CSV columns, in order (documented in the README; names are stable). */
export const CSV_COLUMNS = [
  'workspace', 'email', 'status', 'invite_sent', 'role', 'access', 'via', 'grant_expires', 'membership_expires', 'justification', 'review_by', 'defined_in', 'last_iam_activity', 'flags',
] as const;

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break. A cell that a
 * spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR) is prefixed with `'` (OWASP's
 * advice against CSV injection): manifests are written by many people.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One row per person and grant (a person without access gets one row with the grant columns empty). */
export function reviewCsv(workspace: string, people: readonly ReviewPerson[]): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  for (const p of people) {
    const common = (g?: EffectiveGrant) => [
      workspace, p.email, p.status, p.inviteSent ?? '', g?.role ?? '', g?.text ?? '', g ? viaWords(g) : '', g?.expires ?? '', p.expires ?? '',
      p.justification ?? '', p.reviewBy ?? '', p.definedIn ?? '', p.lastActivity ?? '', p.flags.join(' '),
    ];
    if (!p.grants.length) rows.push(common());
    for (const g of p.grants) rows.push(common(g));
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const FLAG_WORDS: Record<ReviewFlag, string> = {
  'review-overdue': 'review overdue', expiring: 'expiring soon', expired: 'expired', 'owner-without-justification': 'owner without justification',
  'outside-allowed-domains': 'outside the allowed domains', 'token-owner': 'owns API tokens', 'not-in-manifests': 'in no manifest', 'not-in-workspace': 'not in the workspace yet',
};

/** A Markdown table, people with flags first, every written string escaped. */
export function reviewMarkdown(workspace: string, people: readonly ReviewPerson[], now: Date, escape: (text: string) => string): string {
  const count = (s: ReviewPerson['status']) => people.filter((p) => p.status === s).length;
  const flagged = people.filter((p) => p.flags.length);
  const ordered = [...flagged, ...people.filter((p) => !p.flags.length)];
  const lines = [
    `### Access review of \`${escape(workspace)}\`, ${day(now)}`, '',
    `${plural(people.length, 'person', 'people')}: ${plural(count('member'), 'member')}, ${plural(count('invited'), 'pending invite')}, ${count('not in workspace')} not in the workspace yet; ${flagged.length} need${flagged.length === 1 ? 's' : ''} a look.`, '',
    '| Person | Status | Access (and where it comes from) | Justification | Review by | Expires | Last IAM activity (30 days) | Flags |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const p of ordered) {
    const access = p.grants.length ? p.grants.map((g) => escape(`${g.text} (${viaWords(g)}${g.expires ? `, until ${g.expires}` : ''})`)).join('<br>') : 'no access';
    lines.push(`| ${[escape(p.email), statusWords(p), access, escape(p.justification ?? ''), p.reviewBy ?? '', p.expires ?? '', escape(p.lastActivity ?? ''),
      p.flags.map((f) => `:warning: ${FLAG_WORDS[f]}`).join('<br>')].join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}
