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

/**
 * `marks`: say which sensitive sources a grant reaches (the plan's readers want it; the evidence and
 * drift records keep the grant alone). `was`: the end date it had before, when that moved.
 */
export function grantLine(g: EffectiveGrant, now?: string, marks = false, was?: string): string {
  const via = g.via.kind === 'group' ? ` (group ${g.via.group})` : g.via.kind === 'profile' ? ` (profile ${g.via.profile})` : '';
  const matches = g.matches ? ` [${matchesText(g.matches)}]` : '';
  const when = [now && g.expires ? daysFrom(g.expires, now) : undefined, was !== undefined ? `was ${was}` : undefined].filter((w) => w !== undefined);
  const until = g.expires ? `, until ${g.expires}${when.length ? ` (${when.join('; ')})` : ''}` : '';
  // Minimal Workspace Access on the workspace is the floor (floor.ts): say so where it shows.
  const floor = g.level === 'minimal' && g.grant.type === 'WORKSPACE' && g.grant.labels.length === 0 ? ' (the floor: no access beyond the workspace itself)' : '';
  const sensitive = marks && g.sensitive?.length ? ` [sensitive: ${g.sensitive.join(', ')}]` : '';
  return `${g.text}${floor}${matches}${sensitive}${via}${until}`;
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
  /** What a changed person keeps (held before and after), with an end date that moves. */
  kept: KeptLine[];
  notes: string[];
}

/** A grant held before and after the change; `was` is its end date before, when that moves. */
export interface KeptLine { grant: EffectiveGrant; was?: string }

/** The most kept grants listed one per line; the rest are counted. */
export const KEPT_SHOWN = 8;

/** A person's grants held before and after (same grant, same route), for a change that keeps them in the workspace. */
export function keptLines(change: Change): KeptLine[] {
  if (!isPerson(change) || change.before.status === 'absent' || change.after.status === 'absent') return [];
  const key = (g: EffectiveGrant) => `${grantKey(g.grant)}|${g.via.kind === 'group' ? g.via.group.toLowerCase() : g.via.kind}`;
  const before = new Map(change.before.effective.filter((g) => !(g.level === 'minimal' && g.via.kind === 'group')).map((g) => [key(g), g]));
  return change.after.effective.filter((g) => before.has(key(g)) && !(g.level === 'minimal' && g.via.kind === 'group')).map((g) => {
    // The workspace keeps no end dates, so only a before-state from the manifests has one to compare.
    const was = before.get(key(g))!.expires;
    return was !== undefined && was !== g.expires ? { grant: g, was } : { grant: g };
  });
}

/** A kept grant in words: `keeps Source Admin on web-prod, until 2027-03-31 (in 114 days; was 2026-12-31)`. */
export function keptText(line: KeptLine, now?: string): string {
  if (line.was === undefined || line.grant.expires) return `keeps ${grantLine(line.grant, now, true, line.was)}`;
  return `keeps ${grantLine(line.grant, now, true)}, no longer ending (was ${line.was})`;
}

/** The kept lines a block shows: up to KEPT_SHOWN (moved end dates first), then a count. */
export function keptShown(kept: readonly KeptLine[], now?: string): string[] {
  const ordered = [...kept.filter((k) => k.was !== undefined), ...kept.filter((k) => k.was === undefined)];
  const shown = ordered.slice(0, KEPT_SHOWN).map((k) => keptText(k, now));
  return kept.length > KEPT_SHOWN ? [...shown, `keeps ${kept.length - KEPT_SHOWN} more grant${kept.length - KEPT_SHOWN === 1 ? '' : 's'}`] : shown;
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
export function diffText(line: DiffLine, now?: string, marks = false): string {
  return line.kind === 'grant' ? grantLine(line.grant, now, marks) : `${line.noun} ${line.name}`;
}

/** What a change does, in words (`change access, join groups`), with the membership's expiry when it has one. */
export function actionsText(change: Change, now?: string): string {
  return `${change.actions.map((a) => ACTION_WORDS[a]).join(', ')}${expiryNote(change, now)}`;
}

export function changeLines(change: Change, now?: string): ChangeLines {
  const actions = actionsText(change, now);
  return {
    symbol: SYMBOL[change.action], header: `${subjectName(change)}: ${actions}`, actions,
    reasons: change.reasons.map(reasonText), diff: diffLines(change), kept: keptLines(change), notes: change.notes,
  };
}

export function isPerson(change: Change): change is PersonChange {
  return change.subject.kind === 'person';
}

function expiryNote(change: Change, now?: string): string {
  if (!isPerson(change) || !change.after.expires) return '';
  return `, membership expires ${change.after.expires}${now ? `, ${daysFrom(change.after.expires, now)}` : ''}`;
}
