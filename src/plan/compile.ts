// Compiles intents into API calls: batched where the API takes lists, each call naming the changes
// it serves and the calls it must follow (a group exists before members join it; an invite exists
// before its email joins a group; a re-issued invite is cancelled before it is sent again). Each
// call also gets a rank, the order safeOrder prefers when the invariants allow it.
import type { Catalog } from './describe.js';
import type { Intents } from './intents.js';
import type { GroupRef, Operation, OperationParams } from './types.js';

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

export interface CompileInput {
  catalog: Catalog;
  /** Whether this (lower-cased) email holds Workspace Owner directly now. */
  ownerBefore(email: string): boolean;
  /** Live groups by key (lower-cased name). */
  liveGroups: Map<string, { id: string; name: string }>;
}

export function compileOperations(intents: Intents, input: CompileInput): DraftOperation[] {
  const { catalog, ownerBefore, liveGroups } = input;
  const ops: DraftOperation[] = [];
  const counters = new Map<string, number>();
  const add = (params: OperationParams, changes: string[], after: string[], rank: number): DraftOperation => {
    const n = (counters.get(params.kind) ?? 0) + 1;
    counters.set(params.kind, n);
    const op = { id: `${params.kind}#${n}`, params, changes: [...new Set(changes)], after: [...new Set(after)], rank };
    ops.push(op);
    return op;
  };

  const created = new Map<string, string>(); // group key -> createUserGroup op id
  for (const g of intents.createGroups) created.set(g.key, add({ kind: 'createUserGroup', name: g.name }, [g.changeId], [], RANK.createGroup).id);
  const groupRef = (key: string, name: string, liveId?: string): GroupRef => (liveId ? { id: liveId, name } : { createdBy: created.get(key)!, name });
  const afterCreate = (key: string) => (created.has(key) ? [created.get(key)!] : []);

  const invitedBy = new Map<string, string>(); // lower email -> the createInvites op that sends it
  for (const batch of chunk(intents.invites, BATCH_SIZE)) {
    const op = add({ kind: 'createInvites', invites: batch.map((i) => ({ email: i.email, grants: i.grants })) }, batch.map((i) => i.changeId), [], RANK.invite);
    for (const i of batch) invitedBy.set(i.email.toLowerCase(), op.id);
  }
  for (const batch of chunk(intents.reissues, BATCH_SIZE)) {
    const cancel = add({ kind: 'deleteInvites', emails: batch.map((i) => i.email) }, batch.map((i) => i.changeId), [], RANK.reissueCancel);
    const op = add({ kind: 'createInvites', invites: batch.map((i) => ({ email: i.email, grants: i.grants })) }, batch.map((i) => i.changeId), [cancel.id], RANK.reissueInvite);
    for (const i of batch) invitedBy.set(i.email.toLowerCase(), op.id);
  }

  for (const p of intents.permissions) {
    const gainsOwner = p.grants.some((g) => catalog.isOwner(g)) && !ownerBefore(p.email);
    const losesOwner = !p.grants.some((g) => catalog.isOwner(g)) && ownerBefore(p.email);
    add({ kind: 'replacePermissionsForUser', userId: p.userId, email: p.email, grants: p.grants }, [p.changeId], [],
      gainsOwner ? RANK.ownerGrant : losesOwner ? RANK.ownerRemoval : RANK.permissions);
  }
  for (const p of intents.groupPermissions) {
    const owner = p.grants.some((g) => catalog.isOwner(g));
    add({ kind: 'replacePermissionsForUserGroup', group: groupRef(p.key, p.name, p.liveId), grants: p.grants }, [p.changeId], afterCreate(p.key),
      owner ? RANK.ownerGrant : RANK.permissions);
  }

  for (const [key, joins] of [...intents.joins].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const live = created.has(key) ? undefined : liveGroups.get(key);
    const name = live?.name ?? intents.createGroups.find((g) => g.key === key)?.name ?? key;
    for (const batch of chunk(joins, MEMBER_BATCH_SIZE)) {
      const after = [...afterCreate(key), ...batch.flatMap((j) => (invitedBy.has(j.key) ? [invitedBy.get(j.key)!] : []))];
      add({ kind: 'addUsersToUserGroup', group: groupRef(key, name, live?.id), emails: batch.map((j) => j.email) }, batch.flatMap((j) => j.changeIds), after, RANK.join);
    }
  }
  for (const [key, leaves] of [...intents.leaves].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const live = liveGroups.get(key);
    if (!live) continue;
    const sorted = [...leaves].sort((a, b) => (a.email.toLowerCase() < b.email.toLowerCase() ? -1 : 1));
    for (const batch of chunk(sorted, BATCH_SIZE)) {
      add({ kind: 'removeUsersFromUserGroup', group: { id: live.id, name: live.name }, emails: batch.map((l) => l.email) },
        batch.flatMap((l) => l.changeIds), [], RANK.leave);
    }
  }

  for (const batch of chunk(intents.cancels, BATCH_SIZE)) add({ kind: 'deleteInvites', emails: batch.map((c) => c.email) }, batch.map((c) => c.changeId), [], RANK.cancel);
  for (const batch of chunk(intents.removals, BATCH_SIZE)) {
    add({ kind: 'deleteUsers', users: batch.map((r) => ({ id: r.id, email: r.email })) }, batch.map((r) => r.changeId), [], RANK.removeUsers);
  }
  for (const g of intents.deleteGroups) add({ kind: 'deleteUserGroup', group: { id: g.id, name: g.name } }, [g.changeId], [], RANK.deleteGroup);
  return ops;
}
