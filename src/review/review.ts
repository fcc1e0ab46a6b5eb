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
import type { DesiredGrant } from '../manifest/resolve.js';
import { grantKey } from '../workspace/model.js';
import type { AuditEvent } from '../workspace/audit.js';
import { tokensMarkdown, type ReviewToken } from './tokens.js';

export type { ReviewToken } from './tokens.js';

export type ReviewFlag =
  | 'review-overdue' | 'expiring' | 'expired' | 'owner-without-justification' | 'outside-allowed-domains' | 'token-owner' | 'not-in-manifests'
  | 'not-in-workspace' | 'granted-outside-git';

/**
 * One grant a person holds, with where it is granted: the manifest entry that gives it (the
 * person's own, a profile's, a group's definition; for a grant reached through a destination, the
 * entry naming that destination), Segment's floor, or no manifest at all (it was given outside git).
 */
export interface ReviewGrant extends EffectiveGrant {
  grantedBy: { kind: 'manifest'; at: string; destination?: string } | { kind: 'floor' } | { kind: 'none' };
}

export interface ReviewPerson {
  email: string;
  /** `member`, `invited` (pending invite), or `not in workspace` (only the manifests name them). */
  status: 'member' | 'invited' | 'not in workspace';
  /** For a pending invite: when it was sent (from an Audit Trail event naming its email), or `unknown`. */
  inviteSent?: string;
  /** What they hold now: the workspace's effective access, or the manifests' for invites and people not yet there. */
  grants: ReviewGrant[];
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
    const grants = floorOnce(state.effective).map((g) => provenance(ctx, g, member));
    const expiries = [member?.expires, ...grants.map((g) => g.expires)].filter((d): d is string => d !== undefined);
    const flags: ReviewFlag[] = [];
    if (!member) flags.push('not-in-manifests');
    if (status === 'not in workspace') flags.push('not-in-workspace');
    if (member?.reviewBy && member.reviewBy < today) flags.push('review-overdue');
    if (expiries.some((d) => d < today)) flags.push('expired');
    else if (expiries.some((d) => d <= soon)) flags.push('expiring');
    if (state.effective.some((g) => ctx.catalog.isOwner(g.grant)) && !member?.justification) flags.push('owner-without-justification');
    if (allowed.length && !allowed.includes(emailDomain(email).toLowerCase())) flags.push('outside-allowed-domains');
    if (tokenOwners.has(key)) flags.push('token-owner');
    if (member && grants.some((g) => g.grantedBy.kind === 'none')) flags.push('granted-outside-git');
    const last = attribute(input.events ?? [], { userId: actual.users.get(key)?.id, email: key, kinds: ALL_KINDS });
    const sentAt = actual.invites.get(key)?.sentAt;
    return {
      email, status, ...(status === 'invited' ? { inviteSent: sentAt ? sentAt.slice(0, 10) : 'unknown' } : {}), grants, groups: state.groups,
      ...(member?.justification ? { justification: member.justification } : {}),
      ...(member?.reviewBy ? { reviewBy: member.reviewBy } : {}),
      ...(member?.expires ? { expires: member.expires } : {}),
      ...(member ? { definedIn: `${member.origin.file}:${member.origin.line}` } : {}),
      ...(last ? { lastActivity: `${last.at.slice(0, 10)} by ${last.by}: ${eventWords(last.type)} ("${last.type}")` } : {}),
      flags,
    };
  });
}

/**
 * Where a grant a person holds is granted, and until when: matched against the manifests by grant
 * and route (their own entries and profiles for a direct grant, the group's definition for a group
 * grant). A grant no manifest gives was given outside git.
 */
function provenance(ctx: PlanContext, g: EffectiveGrant, member: ReturnType<PlanContext['desired']['members']['get']>): ReviewGrant {
  if (g.level === 'minimal' && g.grant.type === 'WORKSPACE' && g.grant.labels.length === 0 && !declared(g, member, ctx)) return { ...g, grantedBy: { kind: 'floor' } };
  const found = declared(g, member, ctx);
  if (!found) return { ...g, grantedBy: { kind: 'none' } };
  const via = found.profile && g.via.kind === 'direct' ? { kind: 'profile' as const, profile: found.profile } : g.via;
  return {
    ...g, via, ...(found.expires ? { expires: found.expires } : {}),
    grantedBy: { kind: 'manifest', at: `${found.origin.file}:${found.origin.line}`, ...(found.widening ? { destination: found.widening.destination } : {}) },
  };
}

/** The manifests' grant behind a held grant, if any. */
function declared(g: EffectiveGrant, member: ReturnType<PlanContext['desired']['members']['get']>, ctx: PlanContext): DesiredGrant | undefined {
  const key = grantKey(g.grant);
  if (g.via.kind === 'group') {
    const group = ctx.desired.groups.get(g.via.group.toLowerCase());
    if (!group || !member?.groups.includes(group.key)) return undefined;
    return group.grants.find((d) => grantKey(d) === key);
  }
  return member?.grants.find((d) => grantKey(d) === key);
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

/** Where a grant is granted, in words: `acme/engineering.yaml:12`, `the floor`, `no manifest (granted outside git)`. */
export function grantedWords(g: ReviewGrant): string {
  if (g.grantedBy.kind === 'floor') return 'the floor (Minimal Workspace Access)';
  if (g.grantedBy.kind === 'none') return 'no manifest (granted outside git)';
  return g.grantedBy.destination ? `${g.grantedBy.at} (through destination ${g.grantedBy.destination})` : g.grantedBy.at;
}

/** The CSV columns, in order (documented in docs/review.md; names are stable). */
export const CSV_COLUMNS = [
  'kind', 'workspace', 'email', 'status', 'invite_sent', 'role', 'access', 'via', 'granted_by', 'grant_expires', 'membership_expires', 'justification', 'review_by',
  'defined_in', 'last_iam_activity', 'flags', 'token_id', 'token_description', 'token_created', 'token_expires', 'token_last_used', 'as_of', 'state_fingerprint',
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

/** What every form of a review is of: the workspace, the time it was read and its state. */
export interface ReviewMeta {
  workspace: string;
  asOf: string;
  stateFingerprint: string;
}

/**
 * One row per person and grant (a person without access gets one row with the grant columns empty),
 * then one per API token (`kind` says which); every row carries the as-of time and state.
 */
export function reviewCsv(meta: ReviewMeta, people: readonly ReviewPerson[], tokens: readonly ReviewToken[] = []): string {
  const rows: string[][] = [[...CSV_COLUMNS]];
  const tail = [meta.asOf, meta.stateFingerprint];
  for (const p of people) {
    const common = (g?: ReviewGrant) => [
      'person', meta.workspace, p.email, p.status, p.inviteSent ?? '', g?.role ?? '', g?.text ?? '', g ? viaWords(g) : '', g ? grantedWords(g) : '', g?.expires ?? '', p.expires ?? '',
      p.justification ?? '', p.reviewBy ?? '', p.definedIn ?? '', p.lastActivity ?? '',
      // The person's flags, with `granted-outside-git` only on the rows of grants no manifest gives.
      [...p.flags.filter((f) => f !== 'granted-outside-git'), ...(g?.grantedBy.kind === 'none' ? ['granted-outside-git'] : [])].join(' '),
      '', '', '', '', '', ...tail,
    ];
    if (!p.grants.length) rows.push(common());
    for (const g of p.grants) rows.push(common(g));
  }
  for (const t of tokens) {
    rows.push(['token', meta.workspace, t.owner ?? '', t.inInventory ? 'token' : 'token not in the inventory', '', '', '', '', t.definedIn ?? '', '', '', '', '', t.definedIn ?? '', '',
      t.flags.join(' '), t.id, t.description ?? '', t.created ?? '', t.expires ?? '', t.lastUsed ?? '', ...tail]);
  }
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

export const FLAG_WORDS: Record<ReviewFlag, string> = {
  'review-overdue': 'review overdue', expiring: 'expiring soon', expired: 'expired', 'owner-without-justification': 'owner without justification',
  'outside-allowed-domains': 'outside the allowed domains', 'token-owner': 'owns API tokens', 'not-in-manifests': 'in no manifest', 'not-in-workspace': 'not in the workspace yet',
  'granted-outside-git': 'holds access no manifest grants',
};

/** A grant in a line: `Source Admin on web-prod (direct, until 2027-06-30; acme/engineering.yaml:12)`. */
export function grantWords(g: ReviewGrant): string {
  const where = g.grantedBy.kind === 'manifest' ? `; ${grantedWords(g)}` : g.grantedBy.kind === 'none' ? '; no manifest grants it' : '';
  return `${g.text} (${viaWords(g)}${g.expires ? `, until ${g.expires}` : ''}${where})`;
}

/** A Markdown table, people with flags first, every written string escaped. */
export function reviewMarkdown(meta: ReviewMeta, people: readonly ReviewPerson[], tokens: readonly ReviewToken[], now: Date, escape: (text: string) => string): string {
  const workspace = meta.workspace;
  const count = (s: ReviewPerson['status']) => people.filter((p) => p.status === s).length;
  const flagged = people.filter((p) => p.flags.length);
  const ordered = [...flagged, ...people.filter((p) => !p.flags.length)];
  const lines = [
    `### Access review of \`${escape(workspace)}\`, ${day(now)}`, '',
    `${plural(people.length, 'person', 'people')}: ${plural(count('member'), 'member')}, ${plural(count('invited'), 'pending invite')}, ${count('not in workspace')} not in the workspace yet; ${flagged.length} need${flagged.length === 1 ? 's' : ''} a look.`, '',
    `As of ${meta.asOf}, workspace state \`${meta.stateFingerprint.slice(0, 19)}\`.`, '',
    '| Person | Status | Access (and where it comes from) | Justification | Review by | Expires | Last IAM activity (30 days) | Flags |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const p of ordered) {
    const access = p.grants.length ? p.grants.map((g) => `${g.grantedBy.kind === 'none' ? ':warning: ' : ''}${escape(grantWords(g))}`).join('<br>') : 'no access';
    lines.push(`| ${[escape(p.email), statusWords(p), access, escape(p.justification ?? ''), p.reviewBy ?? '', p.expires ?? '', escape(p.lastActivity ?? ''),
      p.flags.map((f) => `:warning: ${FLAG_WORDS[f]}`).join('<br>')].join(' | ')} |`);
  }
  if (tokens.length) lines.push('', ...tokensMarkdown(tokens, escape));
  return `${lines.join('\n')}\n`;
}
