// Who changed a subject, from the Audit Trail, said only when the events show it. Segment documents
// an event's fields but not what IAM events put in them (docs/segment-api.md, "Audit Trail"), and no
// event carries a call id, so an actor is named only when an event's subject is exactly the changed
// subject (its id, or its email as the whole field) and the event's type fits the kind of change;
// otherwise the actor is unknown. One call writes several events, so they are counted as events.
import type { AuditEvent } from '../workspace/audit.js';
import { INVITE_EVENTS } from '../workspace/audit.js';
import { isPerson } from './change-lines.js';
import type { Change } from './types.js';

/** Kinds of change, each with the event types that can record it (docs/segment-api.md, "Audit Trail"). */
export type ChangeKind = 'access' | 'membership' | 'invite' | 'group';

const FITTING: Record<ChangeKind, ReadonlySet<string>> = {
  access: new Set(['Policy Created', 'Policy Deleted', 'User Policy Updated', 'User Group Policy Updated']),
  membership: new Set(['Subjects Added to Group', 'User Added To User Group', 'Group Memberships Deleted', 'User Removed From User Group']),
  invite: new Set([...INVITE_EVENTS, 'Invite Deleted']),
  group: new Set(['User Group Created', 'User Group Updated', 'User Group Deleted']),
};

export const ALL_KINDS: readonly ChangeKind[] = ['access', 'membership', 'invite', 'group'];

/** An event type in the project's words; the raw type stays a detail beside it. */
const WORDS: Record<string, string> = {
  'Policy Created': 'access granted', 'Policy Deleted': 'access replaced or removed', 'User Policy Updated': 'access changed',
  'User Group Policy Updated': 'group access changed', 'Subjects Added to Group': 'members added', 'User Added To User Group': 'members added',
  'Group Memberships Deleted': 'members removed', 'User Removed From User Group': 'members removed',
  'Non-Segment User Invited to Workspace': 'invited', 'New Segment User Invited to Workspace': 'invited', 'Invite Deleted': 'invite cancelled',
  'User Group Created': 'group created', 'User Group Updated': 'group renamed or updated', 'User Group Deleted': 'group deleted',
};

export function eventWords(type: string): string {
  return WORDS[type] ?? 'a change';
}

/** The newest matching event, and how many events matched in the window read. */
export interface Attribution {
  by: string;
  at: string;
  /** The raw event type of the newest matching event (a detail). */
  type: string;
  /** Matching events by the same actor in the window (one call may write several). */
  events: number;
}

export interface AttributionSubject {
  userId?: string;
  /** Lower-cased email. */
  email?: string;
  groupId?: string;
  /** The kinds of change to look for; events of other types are never pinned on the subject. */
  kinds: readonly ChangeKind[];
}

/** Whether the event's own subject fields name this subject exactly (an id, or the whole field being the email). */
function namesSubject(e: AuditEvent, s: AttributionSubject): boolean {
  if (s.groupId !== undefined) return e.resourceId === s.groupId;
  if (s.userId !== undefined && e.resourceId === s.userId) return true;
  return s.email !== undefined && (e.resourceId.toLowerCase() === s.email || e.resourceName.toLowerCase() === s.email);
}

export function attribute(events: readonly AuditEvent[], subject: AttributionSubject): Attribution | undefined {
  const fits = (type: string) => subject.kinds.some((k) => FITTING[k].has(type));
  const matching = events.filter((e) => fits(e.type) && namesSubject(e, subject));
  if (!matching.length) return undefined;
  const newest = matching.reduce((a, b) => (b.timestamp > a.timestamp ? b : a));
  const by = newest.actorEmail ?? newest.actor;
  return { by, at: newest.timestamp, type: newest.type, events: matching.filter((e) => (e.actorEmail ?? e.actor) === by).length };
}

/** Who last changed one part of a drifted subject, or nothing when no event shows it. */
export interface PartAttribution {
  /** The part, in words: "direct access", "members of group legacy-admins", "the invite", "its access". */
  about: string;
  last?: Attribution;
}

type Key = { grant: { roleId: string; type: string; resourceId: string; labels: string[] } };
const keyOf = (g: Key) => `${g.grant.roleId}|${g.grant.type}|${g.grant.resourceId}|${g.grant.labels.join(',')}`;
const differ = (a: readonly string[], b: readonly string[]) => a.length !== b.length || a.some((x) => !b.includes(x));

/**
 * Who last changed each part of a plan change that differs, read from its before and after: a
 * person's direct access (events about them), their groups (events about each group: they show who
 * changed its members, never which member), an invite; a group's access, members, or the group.
 */
export function attributeChange(events: readonly AuditEvent[], change: Change, ids: { userId?: string; groupIdOf: (name: string) => string | undefined }): PartAttribution[] {
  const part = (about: string, subject: AttributionSubject): PartAttribution => {
    const last = attribute(events, subject);
    return { about, ...(last ? { last } : {}) };
  };
  if (isPerson(change)) {
    const email = change.subject.email.toLowerCase();
    const { before, after } = change;
    if (before.status === 'invited' || (before.status === 'absent' && after.status === 'invited')) return [part('the invite', { email, kinds: ['invite'] })];
    if (before.status === 'absent') return [];
    if (after.status === 'absent') return [part('the member', { ...(ids.userId ? { userId: ids.userId } : {}), email, kinds: ['access', 'invite'] })];
    const parts: PartAttribution[] = [];
    if (differ(before.direct.map(keyOf), after.direct.map(keyOf))) parts.push(part('direct access', { ...(ids.userId ? { userId: ids.userId } : {}), email, kinds: ['access'] }));
    const lowerAfter = after.groups.map((g) => g.toLowerCase());
    const lowerBefore = before.groups.map((g) => g.toLowerCase());
    const moved = [...before.groups.filter((g) => !lowerAfter.includes(g.toLowerCase())), ...after.groups.filter((g) => !lowerBefore.includes(g.toLowerCase()))];
    for (const name of moved) {
      const groupId = ids.groupIdOf(name);
      if (groupId) parts.push(part(`members of group ${name}`, { groupId, kinds: ['membership'] }));
    }
    return parts;
  }
  const { before, after } = change;
  const groupId = change.subject.id;
  if (!groupId) return [];
  if (!before.exists || !after.exists) return [part('the group', { groupId, kinds: ['group', 'access', 'membership'] })];
  const parts: PartAttribution[] = [];
  if (differ(before.grants.map(keyOf), after.grants.map(keyOf))) parts.push(part('its access', { groupId, kinds: ['access'] }));
  if (differ(before.members.map((m) => m.toLowerCase()), after.members.map((m) => m.toLowerCase()))) parts.push(part('its members', { groupId, kinds: ['membership'] }));
  return parts;
}

/** "direct access: by token ...; members of group x: actor unknown (...)". */
export function attributionText(parts: readonly PartAttribution[], auditTrail: string): string {
  if (auditTrail === 'not read' || auditTrail === 'not-read') return 'actor unknown (the Audit Trail was not read)';
  if (auditTrail !== 'read') return `actor unknown (the Audit Trail could not be read: ${auditTrail})`;
  if (!parts.length) return ACTOR_UNKNOWN;
  if (parts.length === 1 && !parts[0]!.last) return ACTOR_UNKNOWN;
  return parts.map((p) => `${p.about}: ${p.last ? byWhom(p.last) : ACTOR_UNKNOWN}`).join('; ');
}

/** "by token TJ7z8cg6 through the Public API, 2026-11-20: access changed (2 events, newest "User Policy Updated")". */
export function byWhom(a: Attribution): string {
  const token = /^public-api-token\/(.+)$/.exec(a.by);
  const who = token ? `by token ${token[1]} through the Public API` : `by ${a.by} in the Segment app`;
  return `${who}, ${a.at.slice(0, 10)}: ${eventWords(a.type)} (${a.events === 1 ? '1 event' : `${a.events} events`}, newest "${a.type}")`;
}

export const ACTOR_UNKNOWN = 'actor unknown (no matching event in the Audit Trail window)';
