// Compiles the changes into API calls. Every call is derived from the changes alone (and the live
// ids they point at): what a person or group has before and after says which calls make it so.
// Calls are batched where the API takes lists, each names the changes it serves and the calls it
// must follow (a group exists before members join it; an invite exists before its email joins a
// group; a re-issued invite is cancelled before it is sent again), and each gets a rank, the order
// safeOrder prefers when the invariants allow it. test/plan/derived.test.ts checks, over random
// workspaces and manifests, that applying the calls to the state before gives every change's after.
import { grantKey } from '../workspace/model.js';
import type { PlanContext } from './context.js';
import { groupChangeId } from './groups.js';
import { storedEmail } from './people.js';
import type { Change, EffectiveGrant, GroupChange, GroupRef, Operation, OperationParams, PersonChange } from './types.js';
import { plainGrants } from './context.js';

/** Emails or ids per batched call; deletes put them in the query string, so keep URLs short. */
export const BATCH_SIZE = 50;
/** Emails per group membership call (sent in the body). */
export const MEMBER_BATCH_SIZE = 100;

/**
 * Preferred order: create groups, invite, re-issue, owner grants, other permission changes, join
 * groups, owner removals, leave groups, cancel invites, remove users, delete groups.
 */
export const RANK = {
  createGroup: 0, invite: 1, reissueCancel: 2, reissueInvite: 3, ownerGrant: 4, permissions: 5, join: 6, ownerRemoval: 7, leave: 8,
  cancel: 9, removeUsers: 10, deleteGroup: 11,
} as const;

export interface DraftOperation extends Omit<Operation, 'onlyAdds'> {
  rank: number;
}

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

const grantsOf = (grants: readonly EffectiveGrant[]) => plainGrants(grants.map((g) => g.grant));
const sameKeys = (a: readonly EffectiveGrant[], b: readonly EffectiveGrant[]) => {
  const ka = new Set(a.map((g) => grantKey(g.grant)));
  const kb = new Set(b.map((g) => grantKey(g.grant)));
  return ka.size === kb.size && [...ka].every((k) => kb.has(k));
};
const isPerson = (c: Change): c is PersonChange => c.subject.kind === 'person';
const lower = (s: string) => s.toLowerCase();

export function compileOperations(changes: readonly Change[], ctx: PlanContext): DraftOperation[] {
  const { catalog } = ctx;
  const ops: DraftOperation[] = [];
  const counters = new Map<string, number>();
  const add = (params: OperationParams, serves: string[], after: string[], rank: number): DraftOperation => {
    const n = (counters.get(params.kind) ?? 0) + 1;
    counters.set(params.kind, n);
    const op = { id: `${params.kind}#${n}`, params, changes: [...new Set(serves)], after: [...new Set(after)], rank };
    ops.push(op);
    return op;
  };
  const people = changes.filter(isPerson);
  const groups = changes.filter((c): c is GroupChange => !isPerson(c));
  const owns = (grants: readonly EffectiveGrant[]) => grants.some((g) => catalog.isOwner(g.grant));

  // Groups this plan creates, by lower-cased name.
  const created = new Map<string, string>();
  for (const g of groups.filter((c) => c.actions.includes('create-group'))) {
    created.set(lower(g.subject.name), add({ kind: 'createUserGroup', name: g.subject.name }, [g.id], [], RANK.createGroup).id);
  }
  const groupRef = (key: string): GroupRef => {
    const live = ctx.liveGroup.get(key);
    if (live) return { id: live.id, name: live.name };
    return { createdBy: created.get(key)!, name: ctx.desired.groups.get(key)?.name ?? key };
  };
  const afterCreate = (key: string) => (created.has(key) ? [created.get(key)!] : []);

  // Invites: new ones, then re-issued ones (cancelled first). An invite carries the person's direct access.
  const invitedBy = new Map<string, string>(); // lower email -> the createInvites op that sends it
  const invites = people.filter((c) => c.actions.includes('invite'));
  for (const batch of chunk(invites, BATCH_SIZE)) {
    const op = add({ kind: 'createInvites', invites: batch.map((c) => ({ email: c.subject.email, grants: grantsOf(c.after.direct) })) }, batch.map((c) => c.id), [], RANK.invite);
    for (const c of batch) invitedBy.set(lower(c.subject.email), op.id);
  }
  const reissues = people.filter((c) => c.actions.includes('reissue-invite'));
  for (const batch of chunk(reissues, BATCH_SIZE)) {
    const emails = batch.map((c) => storedEmail(ctx, lower(c.subject.email)));
    const cancel = add({ kind: 'deleteInvites', emails }, batch.map((c) => c.id), [], RANK.reissueCancel);
    const op = add({ kind: 'createInvites', invites: batch.map((c, i) => ({ email: emails[i]!, grants: grantsOf(c.after.direct) })) }, batch.map((c) => c.id), [cancel.id], RANK.reissueInvite);
    for (const c of batch) invitedBy.set(lower(c.subject.email), op.id);
  }

  // Direct access of members: the whole list, replaced.
  for (const c of people.filter((p) => p.actions.includes('update-access'))) {
    const user = ctx.actual.users.get(lower(c.subject.email))!;
    const gains = owns(c.after.direct) && !owns(c.before.direct);
    const loses = !owns(c.after.direct) && owns(c.before.direct);
    add({ kind: 'replacePermissionsForUser', userId: user.id, email: user.email, grants: grantsOf(c.after.direct) }, [c.id], [],
      gains ? RANK.ownerGrant : loses ? RANK.ownerRemoval : RANK.permissions);
  }
  // A group's access, when it changes (a new group gets it once it exists).
  for (const g of groups.filter((c) => c.after.exists && !sameKeys(c.before.grants, c.after.grants))) {
    const key = lower(g.subject.name);
    add({ kind: 'replacePermissionsForUserGroup', group: groupRef(key), grants: grantsOf(g.after.grants) }, [g.id], afterCreate(key),
      owns(g.after.grants) ? RANK.ownerGrant : RANK.permissions);
  }

  // Memberships, read from each person's groups before and after (a re-issued invite joins all of its groups again).
  const joins = new Map<string, Array<{ email: string; key: string; changes: string[] }>>();
  const leaves = new Map<string, Array<{ email: string; changes: string[] }>>();
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => map.set(key, [...(map.get(key) ?? []), item]);
  for (const c of people) {
    if (c.after.status === 'absent') continue; // removing a person drops their memberships with them
    const key = lower(c.subject.email);
    const email = storedEmail(ctx, key);
    const before = new Set(c.before.groups.map(lower));
    const after = new Set(c.after.groups.map(lower));
    const reissued = c.actions.includes('reissue-invite');
    for (const g of after) if (reissued || !before.has(g)) push(joins, g, { email, key, changes: [c.id, groupChangeId(ctx, g)] });
    for (const g of before) if (!after.has(g) && !reissued) push(leaves, g, { email, changes: [c.id, groupChangeId(ctx, g)] });
  }
  for (const [key, list] of [...joins].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const batch of chunk(list, MEMBER_BATCH_SIZE)) {
      const after = [...afterCreate(key), ...batch.flatMap((j) => (invitedBy.has(j.key) ? [invitedBy.get(j.key)!] : []))];
      add({ kind: 'addUsersToUserGroup', group: groupRef(key), emails: batch.map((j) => j.email) }, batch.flatMap((j) => j.changes), after, RANK.join);
    }
  }
  for (const [key, list] of [...leaves].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const live = ctx.liveGroup.get(key);
    const deleted = groups.some((g) => g.actions.includes('delete-group') && lower(g.subject.name) === key);
    if (!live || deleted) continue; // a deleted group's members go with it
    const sorted = [...list].sort((a, b) => (lower(a.email) < lower(b.email) ? -1 : 1));
    for (const batch of chunk(sorted, BATCH_SIZE)) {
      add({ kind: 'removeUsersFromUserGroup', group: { id: live.id, name: live.name }, emails: batch.map((l) => l.email) }, batch.flatMap((l) => l.changes), [], RANK.leave);
    }
  }

  // Removals last: pending invites cancelled, users removed, groups deleted.
  const cancels = people.filter((c) => c.actions.includes('cancel-invite'));
  for (const batch of chunk(cancels, BATCH_SIZE)) add({ kind: 'deleteInvites', emails: batch.map((c) => storedEmail(ctx, lower(c.subject.email))) }, batch.map((c) => c.id), [], RANK.cancel);
  const removals = people.filter((c) => c.actions.includes('remove'));
  for (const batch of chunk(removals, BATCH_SIZE)) {
    add({ kind: 'deleteUsers', users: batch.map((c) => { const u = ctx.actual.users.get(lower(c.subject.email))!; return { id: u.id, email: u.email }; }) }, batch.map((c) => c.id), [], RANK.removeUsers);
  }
  for (const g of groups.filter((c) => c.actions.includes('delete-group'))) add({ kind: 'deleteUserGroup', group: { id: g.subject.id!, name: g.subject.name } }, [g.id], [], RANK.deleteGroup);
  return ops;
}
