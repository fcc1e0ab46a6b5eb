// A change as what a reviewer reads, shared by the text and Markdown renderers, the evidence and the
// drift report: a header in words, the reasons, and the difference in effective access before ->
// after as typed lines (a grant with where it comes from and when it ends, or a group membership),
// which each renderer turns into words only at the end. Nothing parses these words back.
import { formatRef } from '../manifest/positions.js';
import { grantKey } from '../workspace/model.js';
import type { Change, ChangeAction, EffectiveGrant, PersonChange, Reason } from './types.js';

const ACTION_WORDS: Record<ChangeAction, string> = {
  invite: 'new member (invite)', 'reissue-invite': 're-issue the pending invite', 'update-access': 'change access',
  'join-groups': 'join groups', 'leave-groups': 'leave groups', remove: 'remove from the workspace', 'cancel-invite': 'cancel the pending invite',
  'create-group': 'create group', 'update-group': 'change group', 'delete-group': 'delete group',
};

export const SYMBOL: Record<ChangeAction, '+' | '~' | '-'> = {
  invite: '+', 'reissue-invite': '~', 'update-access': '~', 'join-groups': '~', 'leave-groups': '~', remove: '-', 'cancel-invite': '-',
  'create-group': '+', 'update-group': '~', 'delete-group': '-',
};

export function subjectName(change: Change): string {
  return change.subject.kind === 'person' ? change.subject.email : `group ${change.subject.name}`;
}

export function reasonText(reason: Reason): string {
  switch (reason.kind) {
    case 'manifest': return formatRef(reason.ref);
    case 'expired': return `expired ${reason.date}: ${reason.what} (${formatRef(reason.ref)})`;
    case 'not-in-manifests': return 'not in manifests';
    case 'invite-expired': return `invite sent ${reason.sentAt.slice(0, 10)} has expired (older than 7 days)`;
    case 'reinvite-requested': return '--reinvite';
  }
}

/** "in 38 days", "today", "2 days ago": how far a date is from the plan's `now`. */
export function daysFrom(date: string, now: string): string {
  const days = Math.round((Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${now.slice(0, 10)}T00:00:00Z`)) / 86_400_000);
  if (days === 0) return 'today';
  return days > 0 ? `in ${days} day${days === 1 ? '' : 's'}` : `${-days} day${days === -1 ? '' : 's'} ago`;
}

/** A label selector's matches today, in words: "3 today: ios-prod, server-prod, web-prod". */
function matchesText(matches: readonly string[]): string {
  if (matches.length === 0) return 'none today';
  const shown = matches.slice(0, 5).join(', ');
  return `${matches.length} today: ${shown}${matches.length > 5 ? ` and ${matches.length - 5} more` : ''}`;
}

export function grantLine(g: EffectiveGrant, now?: string): string {
  const via = g.via.kind === 'group' ? ` (group ${g.via.group})` : g.via.kind === 'profile' ? ` (profile ${g.via.profile})` : '';
  const matches = g.matches ? ` [${matchesText(g.matches)}]` : '';
  const until = g.expires ? `, until ${g.expires}${now ? ` (${daysFrom(g.expires, now)})` : ''}` : '';
  // Minimal Workspace Access on the workspace is the floor (floor.ts): say so where it shows.
  const floor = g.level === 'minimal' && g.grant.type === 'WORKSPACE' && g.grant.labels.length === 0 ? ' (the floor: no access beyond the workspace itself)' : '';
  return `${g.text}${floor}${matches}${via}${until}`;
}

/** One line of a change's difference: a grant gained or lost, or a group membership (a person's group, a group's member). */
export type DiffLine =
  | { sign: '+' | '-'; kind: 'grant'; grant: EffectiveGrant }
  | { sign: '+' | '-'; kind: 'membership'; noun: 'group' | 'member'; name: string };

export interface ChangeLines {
  symbol: '+' | '~' | '-';
  /** `alice@acme.com: change access, membership expires ...` */
  header: string;
  /** What happens, in words, without the subject: `change access, join groups`. */
  actions: string;
  reasons: string[];
  diff: DiffLine[];
  notes: string[];
}

/** The difference of a change, grants first (gained, then lost), then memberships. */
export function diffLines(change: Change): DiffLine[] {
  const diff: DiffLine[] = [];
  // A person's floor through a group says nothing a reader needs; their own floor is what gets written.
  const shown = (grants: readonly EffectiveGrant[]) => grants.filter((g) => !(g.level === 'minimal' && g.via.kind === 'group'));
  const [beforeGrants, afterGrants] = isPerson(change)
    ? [shown(change.before.effective), shown(change.after.effective)] : [change.before.grants, change.after.grants];
  const beforeKeys = new Set(beforeGrants.map((g) => grantKey(g.grant)));
  const afterKeys = new Set(afterGrants.map((g) => grantKey(g.grant)));
  for (const g of afterGrants) if (!beforeKeys.has(grantKey(g.grant))) diff.push({ sign: '+', kind: 'grant', grant: g });
  for (const g of beforeGrants) if (!afterKeys.has(grantKey(g.grant))) diff.push({ sign: '-', kind: 'grant', grant: g });
  const [beforeGroups, afterGroups, noun] = isPerson(change)
    ? [change.before.groups, change.after.groups, 'group' as const] : [change.before.members, change.after.members, 'member' as const];
  const lowerBefore = new Set(beforeGroups.map((x) => x.toLowerCase()));
  const lowerAfter = new Set(afterGroups.map((x) => x.toLowerCase()));
  for (const x of afterGroups) if (!lowerBefore.has(x.toLowerCase())) diff.push({ sign: '+', kind: 'membership', noun, name: x });
  for (const x of beforeGroups) if (!lowerAfter.has(x.toLowerCase())) diff.push({ sign: '-', kind: 'membership', noun, name: x });
  return diff;
}

/** A diff line in words, without its sign: `Source Admin on web-prod (group eng), until ...` or `group eng`. */
export function diffText(line: DiffLine, now?: string): string {
  return line.kind === 'grant' ? grantLine(line.grant, now) : `${line.noun} ${line.name}`;
}

/** What a change does, in words (`change access, join groups`), with the membership's expiry when it has one. */
export function actionsText(change: Change, now?: string): string {
  return `${change.actions.map((a) => ACTION_WORDS[a]).join(', ')}${expiryNote(change, now)}`;
}

export function changeLines(change: Change, now?: string): ChangeLines {
  const actions = actionsText(change, now);
  return {
    symbol: SYMBOL[change.action], header: `${subjectName(change)}: ${actions}`, actions,
    reasons: change.reasons.map(reasonText), diff: diffLines(change), notes: change.notes,
  };
}

export function isPerson(change: Change): change is PersonChange {
  return change.subject.kind === 'person';
}

function expiryNote(change: Change, now?: string): string {
  if (!isPerson(change) || !change.after.expires) return '';
  return `, membership expires ${change.after.expires}${now ? `, ${daysFrom(change.after.expires, now)}` : ''}`;
}
