// The planner: a pure function of (desired, actual, options) that returns the ordered API calls
// making the workspace match the manifests, each with its subject(s), its change in words, its
// reason and its risk. No I/O; the same input always gives the same plan, byte for byte.
import fastJsonPatch from 'fast-json-patch';
import type { Desired, DesiredGrant, DesiredMember } from '../manifest/resolve.js';
import { formatRef } from '../manifest/positions.js';
import { invitePermissions, permissionInputs, sameGrants, grantKey, type Actual, type Grant } from '../workspace/model.js';
import { catalogOf, describeGrants, summarizeChange, type Catalog } from './describe.js';
import { checkGuards } from './guards.js';
import { PHASES, PLAN_FORMAT_VERSION, type Change, type Plan, type PlanWarning, type Risk, type Step } from './types.js';

/** Segment expires invitations after 7 days. */
export const INVITE_EXPIRY_DAYS = 7;
/** Emails or ids per batched call; deletes put them in the query string, so keep URLs short. */
export const BATCH_SIZE = 50;

export interface PlanOptions {
  now: Date;
  toolVersion: string;
  manifestDigest: string;
  /** Re-issue every pending invite of a desired member (delete + create with today's access). */
  reinvite?: boolean;
  /** Override the max-removals guard. */
  allowRemovals?: boolean;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const chunk = <T>(items: T[], size = BATCH_SIZE): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export function plan(desired: Desired, actual: Actual, options: PlanOptions): Plan {
  const catalog = catalogOf(actual);
  const steps: Step[] = [];
  const warnings: PlanWarning[] = [];
  const report = desired.policy.unmanaged === 'report';
  const expiredMembers = new Map(desired.expired.filter((e) => e.what === 'membership').map((e) => [e.subject.toLowerCase(), e]));
  const expiredGrants = (subject: string) => desired.expired.filter((e) => e.what !== 'membership' && e.subject.toLowerCase() === subject.toLowerCase());
  const removedPeople = new Set<string>();
  const reissued = new Set<string>();
  let pending = 0;

  // --- groups: create, re-permission, delete ------------------------------------------------------
  const groupPath = (key: string) => {
    const existing = actual.groups.get(key);
    return existing ? encodeURIComponent(existing.id) : `{group:${desired.groups.get(key)!.name}}`;
  };
  for (const group of sorted(desired.groups.values(), (g) => g.key)) {
    if (!actual.groups.has(group.key)) {
      steps.push({
        id: `create-group:${group.name}`, phase: 'create-groups', operation: 'createUserGroup', method: 'POST', path: '/groups',
        body: { name: group.name }, action: 'create',
        changes: [{ subject: group.name, text: `create group ${group.name}`, reason: formatRef(group.origin), origin: group.origin, risks: [], details: [] }],
      });
    }
    const before = actual.groups.get(group.key)?.grants ?? [];
    if (sameGrants(before, group.grants) || (before.length === 0 && group.grants.length === 0)) continue;
    steps.push({
      id: `group-permissions:${group.name}`, phase: 'change-permissions', operation: 'replacePermissionsForUserGroup', method: 'PUT',
      path: `/groups/${groupPath(group.key)}/permissions`, body: { permissions: permissionInputs(group.grants) }, action: 'update',
      changes: [grantChange(catalog, `group ${group.name}`, before, group.grants, formatRef(group.origin), group.origin, [])],
    });
  }
  for (const group of sorted(actual.groups.values(), (g) => g.name.toLowerCase())) {
    if (desired.groups.has(group.name.toLowerCase())) continue;
    if (report) {
      warnings.push({ code: 'unmanaged-group', message: `group ${group.name} is not in the manifests (policy.unmanaged: report)` });
      continue;
    }
    steps.push({
      id: `delete-group:${group.name}`, phase: 'delete-groups', operation: 'deleteUserGroup', method: 'DELETE', path: `/groups/${encodeURIComponent(group.id)}`,
      action: 'delete', changes: [{ subject: group.name, text: `delete group ${group.name} (${group.members.size} member${group.members.size === 1 ? '' : 's'})`, reason: 'not in manifests', risks: ['removal'], details: [] }],
    });
  }

  // --- members: invite, re-issue, change permissions ----------------------------------------------
  const invites: Array<{ email: string; grants: DesiredGrant[]; change: Change }> = [];
  const reissues: Array<{ email: string; grants: DesiredGrant[]; change: Change }> = [];
  for (const member of sorted(desired.members.values(), (m) => m.key)) {
    const user = actual.users.get(member.key);
    const invite = actual.invites.get(member.key);
    const expiredNote = expiredGrants(member.email).map((e) => `expired ${e.date}: ${e.what} (${formatRef(e.origin)})`);
    const reason = [formatRef(member.origin), ...expiredNote.map((n) => n.split(' (')[0]!)].join('; ');
    if (user) {
      if (sameGrants(user.grants, member.grants)) continue;
      const change = grantChange(catalog, member.email, user.grants, member.grants, reason, member.origin, expiredNote);
      steps.push({
        id: `user-permissions:${member.key}`, phase: 'change-permissions', operation: 'replacePermissionsForUser', method: 'PUT',
        path: `/users/${encodeURIComponent(user.id)}/permissions`, body: { permissions: permissionInputs(member.grants) }, action: 'update', changes: [change],
      });
    } else if (invite) {
      const ageDays = invite.sentAt ? (options.now.getTime() - Date.parse(invite.sentAt)) / 86_400_000 : undefined;
      const stale = ageDays !== undefined && ageDays > INVITE_EXPIRY_DAYS;
      if (options.reinvite || stale) {
        reissued.add(member.key);
        const why = options.reinvite ? '--reinvite' : `invite sent ${invite.sentAt!.slice(0, 10)} has expired (older than ${INVITE_EXPIRY_DAYS} days)`;
        reissues.push({ email: invite.email, grants: member.grants, change: {
          subject: member.email, text: `re-issue invite with ${describeGrants(catalog, member.grants)}`, reason: `${formatRef(member.origin)}; ${why}`,
          origin: member.origin, risks: risksOf(catalog, [], member.grants), details: member.grants.map((g) => `+ ${catalog.describe(g)}`),
        } });
      } else {
        pending++;
        const since = invite.sentAt ? ` since ${invite.sentAt.slice(0, 10)}` : '';
        warnings.push({ code: 'pending-invite', origin: member.origin,
          message: `${member.email}: invite pending${since} (permissions not verifiable through the API; left alone — use --reinvite to re-issue it with the manifest's access)` });
      }
    } else {
      invites.push({ email: member.email, grants: member.grants, change: {
        subject: member.email, text: `invite with ${describeGrants(catalog, member.grants)}${member.groups.length ? `; groups ${member.groups.join(', ')}` : ''}`,
        reason, origin: member.origin, risks: risksOf(catalog, [], member.grants),
        details: [...member.grants.map((g) => `+ ${catalog.describe(g)}`), ...wideningNotes(member.grants, [])],
      } });
    }
  }
  chunk(invites).forEach((batch, i) => steps.push({
    id: `invite:${i + 1}`, phase: 'invite', operation: 'createInvites', method: 'POST', path: '/invites', action: 'create',
    body: { invites: batch.map((b) => ({ email: b.email, permissions: invitePermissions(b.grants) })) }, changes: batch.map((b) => b.change),
  }));
  chunk(reissues).forEach((batch, i) => {
    steps.push({
      id: `reissue-cancel:${i + 1}`, phase: 'reissue-invites', operation: 'deleteInvites', method: 'DELETE', path: '/invites', action: 'delete',
      query: { emails: batch.map((b) => b.email) }, changes: batch.map((b) => ({ ...b.change, text: 'cancel the pending invite (to re-issue it)', details: [] })),
    });
    steps.push({
      id: `reissue-invite:${i + 1}`, phase: 'reissue-invites', operation: 'createInvites', method: 'POST', path: '/invites', action: 'create',
      body: { invites: batch.map((b) => ({ email: b.email, permissions: invitePermissions(b.grants) })) }, changes: batch.map((b) => b.change),
    });
  });

  // --- people not (or no longer) in the manifests -----------------------------------------------
  const userRemovals: Array<{ id: string; change: Change }> = [];
  for (const user of sorted(actual.users.values(), (u) => u.email.toLowerCase())) {
    const key = user.email.toLowerCase();
    if (desired.members.has(key)) continue;
    const expired = expiredMembers.get(key);
    if (!expired && report) {
      warnings.push({ code: 'unmanaged-user', message: `${user.email} is in the workspace but in no manifest (policy.unmanaged: report)` });
      continue;
    }
    removedPeople.add(key);
    userRemovals.push({ id: user.id, change: {
      subject: user.email, text: `remove from the workspace (had ${describeGrants(catalog, user.grants)})`,
      reason: expired ? `expired ${expired.date} (${formatRef(expired.origin)})` : 'not in manifests', origin: expired?.origin,
      risks: ['removal', ...(user.grants.some((g) => catalog.isOwner(g)) ? ['owner-removal' as const] : [])], details: user.grants.map((g) => `- ${catalog.describe(g)}`),
    } });
  }
  const inviteCancels: Array<{ email: string; change: Change }> = [];
  for (const invite of sorted(actual.invites.values(), (i) => i.email.toLowerCase())) {
    const key = invite.email.toLowerCase();
    if (desired.members.has(key)) continue;
    const expired = expiredMembers.get(key);
    if (!expired && report) {
      warnings.push({ code: 'unmanaged-invite', message: `pending invite for ${invite.email} is in no manifest (policy.unmanaged: report)` });
      continue;
    }
    removedPeople.add(key);
    inviteCancels.push({ email: invite.email, change: {
      subject: invite.email, text: 'cancel the pending invite', reason: expired ? `expired ${expired.date} (${formatRef(expired.origin)})` : 'not in manifests',
      origin: expired?.origin, risks: ['removal'], details: [],
    } });
  }

  // --- group membership -------------------------------------------------------------------------
  const storedEmail = (key: string) => actual.users.get(key)?.email ?? actual.invites.get(key)?.email ?? desired.members.get(key)?.email ?? key;
  const wantedByGroup = new Map<string, DesiredMember[]>();
  for (const member of sorted(desired.members.values(), (m) => m.key)) {
    for (const key of member.groups) wantedByGroup.set(key, [...(wantedByGroup.get(key) ?? []), member]);
  }
  for (const group of sorted(desired.groups.values(), (g) => g.key)) {
    const current = actual.groups.get(group.key)?.members ?? new Map<string, string>();
    const wanted = wantedByGroup.get(group.key) ?? [];
    const wantedKeys = new Set(wanted.map((m) => m.key));
    const toAdd = wanted.filter((m) => !current.has(m.key) || reissued.has(m.key));
    const toRemove = [...current.entries()].filter(([key]) => !wantedKeys.has(key) && !removedPeople.has(key) && !reissued.has(key))
      .sort(([a], [b]) => byText(a, b));
    chunk(toAdd, 100).forEach((batch, i) => steps.push({
      id: `group-add:${group.name}:${i + 1}`, phase: 'add-group-members', operation: 'addUsersToUserGroup', method: 'POST',
      path: `/groups/${groupPath(group.key)}/users`, body: { emails: batch.map((m) => storedEmail(m.key)) }, action: 'update',
      changes: batch.map((m) => ({ subject: m.email, text: `add to group ${group.name}`, reason: formatRef(m.origin), origin: m.origin,
        risks: group.grants.some((g) => catalog.isOwner(g)) ? ['owner-grant' as const] : [], details: [] })),
    }));
    const groupRef = actual.groups.get(group.key);
    if (groupRef) chunk(toRemove).forEach((batch, i) => steps.push({
      id: `group-remove:${group.name}:${i + 1}`, phase: 'remove-group-members', operation: 'removeUsersFromUserGroup', method: 'DELETE',
      path: `/group/${encodeURIComponent(groupRef.id)}/users`, query: { emails: batch.map(([, email]) => email) }, action: 'update',
      changes: batch.map(([key, email]) => ({ subject: email, text: `remove from group ${group.name}`,
        reason: desired.members.has(key) ? formatRef(desired.members.get(key)!.origin) : 'not in manifests', origin: desired.members.get(key)?.origin,
        risks: ['removal' as const], details: [] })),
    }));
  }

  chunk(inviteCancels).forEach((batch, i) => steps.push({
    id: `cancel-invites:${i + 1}`, phase: 'cancel-invites', operation: 'deleteInvites', method: 'DELETE', path: '/invites', action: 'delete',
    query: { emails: batch.map((b) => b.email) }, changes: batch.map((b) => b.change),
  }));
  chunk(userRemovals).forEach((batch, i) => steps.push({
    id: `remove-users:${i + 1}`, phase: 'remove-users', operation: 'deleteUsers', method: 'DELETE', path: '/users', action: 'delete',
    query: { userIds: batch.map((b) => b.id) }, changes: batch.map((b) => b.change),
  }));

  const ordered = orderSteps(steps);
  const summary = summarize(ordered, pending);
  const touched = new Set(ordered.flatMap((step) => step.changes.map((c) => c.subject.toLowerCase())));
  const patches = subjectPatches(catalog, desired, actual, removedPeople, touched);
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: options.toolVersion,
    workspace: { slug: actual.workspace.slug, id: actual.workspace.id, region: desired.region },
    now: options.now.toISOString(),
    manifestDigest: options.manifestDigest,
    stateFingerprint: actual.fingerprint,
    steps: ordered,
    warnings,
    guards: checkGuards(desired, actual, removedPeople, catalog, { allowRemovals: options.allowRemovals ?? false }),
    summary,
    patches,
  };
}

function sorted<T>(items: Iterable<T>, key: (t: T) => string): T[] {
  return [...items].sort((a, b) => byText(key(a), key(b)));
}

/**
 * Phase order first. Within change-permissions, owner grants go first and owner removals last, so
 * the workspace never has fewer owners mid-apply than before or after it.
 */
function orderSteps(steps: Step[]): Step[] {
  const rank = (s: Step) => {
    const risks = s.changes.flatMap((c) => c.risks);
    return risks.includes('owner-grant') ? 0 : risks.includes('owner-removal') ? 2 : 1;
  };
  const phase = (s: Step) => PHASES.indexOf(s.phase);
  const creationOrder = new Map(steps.map((s, i) => [s.id, i]));
  return [...steps].sort((a, b) => phase(a) - phase(b) || (a.phase === 'change-permissions' ? rank(a) - rank(b) : 0) ||
    (a.phase === 'reissue-invites' ? creationOrder.get(a.id)! - creationOrder.get(b.id)! : byText(a.id, b.id)));
}

function grantChange(catalog: Catalog, subject: string, before: readonly Grant[], after: readonly DesiredGrant[], reason: string,
  origin: Change['origin'], notes: string[]): Change {
  const beforeKeys = new Set(before.map(grantKey));
  const afterKeys = new Set(after.map(grantKey));
  const details = [
    ...after.filter((g) => !beforeKeys.has(grantKey(g))).map((g) => `+ ${catalog.describe(g)}`),
    ...before.filter((g) => !afterKeys.has(grantKey(g))).map((g) => `- ${catalog.describe(g)}`),
    ...wideningNotes(after, before),
    ...notes,
  ];
  return { subject, text: summarizeChange(catalog, before, after), reason, origin, risks: risksOf(catalog, before, after), details };
}

function risksOf(catalog: Catalog, before: readonly Grant[], after: readonly DesiredGrant[]): Risk[] {
  const risks: Risk[] = [];
  const had = before.some((g) => catalog.isOwner(g));
  const has = after.some((g) => catalog.isOwner(g));
  if (has && !had) risks.push('owner-grant');
  if (had && !has) risks.push('owner-removal');
  const beforeKeys = new Set(before.map(grantKey));
  if (after.some((g) => g.widening && !beforeKeys.has(grantKey(g)))) risks.push('widening');
  return risks;
}

function wideningNotes(after: readonly DesiredGrant[], before: readonly Grant[]): string[] {
  const beforeKeys = new Set(before.map(grantKey));
  return after.filter((g) => g.widening && !beforeKeys.has(grantKey(g))).map((g) => {
    const w = g.widening!;
    const also = w.alsoOpens.length ? `, which also opens ${w.alsoOpens.join(', ')}` : '';
    return `! ${w.destination} is reached through its source ${w.source}${also}`;
  });
}


function summarize(steps: Step[], pending: number): Plan['summary'] {
  const invited = new Set<string>();
  const removed = new Set<string>();
  const changed = new Set<string>();
  for (const step of steps) {
    for (const c of step.changes) {
      const key = c.subject.toLowerCase();
      if (step.phase === 'invite') invited.add(key);
      else if (['cancel-invites', 'remove-users', 'delete-groups'].includes(step.phase)) removed.add(key);
    }
  }
  for (const step of steps) for (const c of step.changes) {
    const key = c.subject.toLowerCase();
    if (!invited.has(key) && !removed.has(key)) changed.add(key);
  }
  return { invite: invited.size, change: changed.size, remove: removed.size, pending };
}

/** JSON Patch per subject the plan touches, from what the workspace has to what the manifests want. */
function subjectPatches(catalog: Catalog, desired: Desired, actual: Actual, removed: Set<string>, touched: Set<string>): Plan['patches'] {
  const patches: Plan['patches'] = {};
  const view = (grants: readonly Grant[]) => grants.map((g) => catalog.describe(g)).sort();
  const groupsBefore = new Map<string, string[]>();
  for (const g of actual.groups.values()) for (const key of g.members.keys()) groupsBefore.set(key, [...(groupsBefore.get(key) ?? []), g.name]);
  const groupsOf = (key: string, side: 'before' | 'after') => side === 'after'
    ? [...(desired.members.get(key)?.groups ?? [])].map((g) => desired.groups.get(g)!.name).sort()
    : [...(groupsBefore.get(key) ?? [])].sort();
  for (const key of [...touched].sort()) {
    if (!desired.members.has(key) && !actual.users.has(key) && !actual.invites.has(key)) continue;
    const user = actual.users.get(key);
    const before = user ? { status: 'member', access: view(user.grants), groups: groupsOf(key, 'before') }
      : actual.invites.has(key) ? { status: 'invited', groups: groupsOf(key, 'before') } : { status: 'absent' };
    const member = desired.members.get(key);
    const after = member
      ? (user ? { status: 'member', access: view(member.grants), groups: groupsOf(key, 'after') }
        : { status: 'invited', ...(actual.invites.has(key) ? {} : { access: view(member.grants) }), groups: groupsOf(key, 'after') })
      : removed.has(key) ? { status: 'absent' } : before;
    const ops = fastJsonPatch.compare(before, after);
    if (ops.length) patches[`user:${key}`] = ops;
  }
  for (const key of [...touched].sort()) {
    if (!desired.groups.has(key) && !actual.groups.has(key)) continue;
    const a = actual.groups.get(key);
    const d = desired.groups.get(key);
    const before = a ? { exists: true, access: view(a.grants) } : { exists: false };
    const after = d ? { exists: true, access: view(d.grants) } : { exists: false };
    const ops = fastJsonPatch.compare(before, after);
    if (ops.length) patches[`group:${key}`] = ops;
  }
  return patches;
}
