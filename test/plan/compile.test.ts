// Compiling the changes into API calls: one row per kind, with the batch sizes, the dependencies each
// call names (group created first, invite sent first, re-issue cancelled first) and the preferred
// rank. The calls are derived from the changes alone; the planner's models go in, drafts come out.
import { describe, expect, it } from 'vitest';
import { BATCH_SIZE, compileOperations, MEMBER_BATCH_SIZE, RANK, type DraftOperation } from '../../src/plan/compile.js';
import { planContext } from '../../src/plan/context.js';
import { groupChanges } from '../../src/plan/groups.js';
import { personChanges } from '../../src/plan/people.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };

function drafts(desired: DesiredSpec, actual: ActualSpec, reinvite = false): DraftOperation[] {
  const ctx = planContext(desiredOf({ ...desired, members: [OWNER, ...(desired.members ?? [])] }), actualOf({ ...actual, users: [{ ...OWNER, id: 'uOwner' }, ...(actual.users ?? [])] }),
    { now: NOW, toolVersion: 't', manifestDigest: 'm', ...(reinvite ? { reinvite: 'all' as const } : {}) });
  const people = personChanges(ctx);
  return compileOperations([...people.changes, ...groupChanges(ctx, people.changes).changes], ctx);
}
const brief = (ops: DraftOperation[]) => ops.map((op) => ({ id: op.id, after: op.after, rank: op.rank, changes: op.changes }));
const people = (n: number, prefix: string) => Array.from({ length: n }, (_, k) => `${prefix}${String(k).padStart(3, '0')}@acme.com`);

describe('compileOperations', () => {
  it('ranks permission changes by what they do to ownership', () => {
    const ops = drafts(
      {
        members: [
          { email: 'a@acme.com', grants: [g('Source Admin'), g('Workspace Owner')] }, { email: 'b@acme.com', grants: [g('Source Admin')] },
          { email: 'c@acme.com', grants: [g('Workspace Owner')] }, { email: 'd@acme.com', grants: [] },
        ],
        groups: [{ name: 'Eng', grants: [g('Source Admin'), g('Workspace Owner')] }, { name: 'Ops', grants: [g('Source Admin')] }],
      },
      {
        users: [
          { email: 'a@acme.com', id: 'u1', grants: [g('Source Admin')] }, { email: 'b@acme.com', id: 'u2', grants: [g('Workspace Owner')] },
          { email: 'c@acme.com', id: 'u3', grants: [g('Workspace Owner'), g('Source Admin')] }, { email: 'd@acme.com', id: 'u4', grants: [g('Source Read-only')] },
        ],
        groups: [{ name: 'Eng', id: 'gEng', grants: [] }, { name: 'Ops', id: 'gOps', grants: [] }],
      },
    );
    expect(ops.map((op) => [op.id, op.rank])).toEqual([
      ['replacePermissionsForUser#1', RANK.ownerGrant], ['replacePermissionsForUser#2', RANK.ownerRemoval],
      ['replacePermissionsForUser#3', RANK.permissions], ['replacePermissionsForUser#4', RANK.permissions],
      ['replacePermissionsForUserGroup#1', RANK.ownerGrant], ['replacePermissionsForUserGroup#2', RANK.permissions],
    ]);
  });

  it('creates groups first and makes their permissions (with the floor) and joins follow the creation', () => {
    const ops = drafts({ members: [{ email: 'A@acme.com', grants: [], groups: ['root'] }], groups: [{ name: 'Root', grants: [g('Workspace Owner')] }] }, { users: [{ email: 'A@acme.com', id: 'uA' }] });
    expect(ops.map((op) => op.params)).toEqual([
      { kind: 'createUserGroup', name: 'Root' },
      { kind: 'replacePermissionsForUserGroup', group: { createdBy: 'createUserGroup#1', name: 'Root' }, grants: [g('Minimal Workspace Access'), g('Workspace Owner')].map(({ origin: _o, ...grant }) => grant) },
      { kind: 'addUsersToUserGroup', group: { createdBy: 'createUserGroup#1', name: 'Root' }, emails: ['A@acme.com'] },
    ]);
    expect(brief(ops)).toEqual([
      { id: 'createUserGroup#1', after: [], rank: RANK.createGroup, changes: ['group:new:root'] },
      { id: 'replacePermissionsForUserGroup#1', after: ['createUserGroup#1'], rank: RANK.ownerGrant, changes: ['group:new:root'] },
      { id: 'addUsersToUserGroup#1', after: ['createUserGroup#1'], rank: RANK.join, changes: ['person:a@acme.com', 'group:new:root'] },
    ]);
  });

  it('sends an invite before its email joins a group, and cancels a re-issued invite before sending it again', () => {
    const ops = drafts(
      { members: [{ email: 'New@acme.com', grants: [g('Source Read-only')], groups: ['eng'] }, { email: 'old@acme.com', groups: ['eng'] }, { email: 'member@acme.com', groups: ['eng'] }],
        groups: [{ name: 'Eng' }] },
      { invites: [{ email: 'Old@acme.com', sentAt: '2026-11-01T00:00:00Z' }], users: [{ email: 'member@acme.com', id: 'uM' }], groups: [{ name: 'Eng', id: 'gEng', members: ['Old@acme.com'] }] },
    );
    expect(brief(ops)).toEqual([
      { id: 'createInvites#1', after: [], rank: RANK.invite, changes: ['person:new@acme.com'] },
      { id: 'deleteInvites#1', after: [], rank: RANK.reissueCancel, changes: ['person:old@acme.com'] },
      { id: 'createInvites#2', after: ['deleteInvites#1'], rank: RANK.reissueInvite, changes: ['person:old@acme.com'] },
      { id: 'addUsersToUserGroup#1', after: ['createInvites#1', 'createInvites#2'], rank: RANK.join,
        changes: ['person:member@acme.com', 'group:gEng', 'person:new@acme.com', 'person:old@acme.com'] },
    ]);
    expect(ops[1]!.params).toEqual({ kind: 'deleteInvites', emails: ['Old@acme.com'] });
    // No direct access is written as the floor, never as an empty list.
    expect(ops[2]!.params).toEqual({ kind: 'createInvites', invites: [{ email: 'Old@acme.com', grants: [g('Minimal Workspace Access')].map(({ origin: _o, ...grant }) => grant) }] });
    expect(ops[3]!.params).toEqual({ kind: 'addUsersToUserGroup', group: { id: 'gEng', name: 'Eng' }, emails: ['member@acme.com', 'New@acme.com', 'Old@acme.com'] });
  });

  it('batches lists at the API limits, groups in name order, leaves sorted by email', () => {
    const invites = people(BATCH_SIZE + 1, 'inv');
    const joiners = people(MEMBER_BATCH_SIZE + 1, 'j');
    const leavers = people(BATCH_SIZE + 1, 'l');
    const cancels = people(BATCH_SIZE + 1, 'c');
    const removals = people(BATCH_SIZE + 1, 'r');
    const ops = drafts(
      {
        members: [
          ...invites.map((email) => ({ email })), ...joiners.map((email) => ({ email, groups: ['ops'] })), { email: 'z@acme.com', groups: ['eng'] },
          ...leavers.map((email) => ({ email })), { email: 'b@acme.com' }, { email: 'A@acme.com' },
        ],
        groups: [{ name: 'Eng' }, { name: 'Ops' }],
        policy: { maxRemovals: '100%' },
      },
      {
        users: [
          ...joiners.map((email) => ({ email })), { email: 'z@acme.com' }, ...leavers.map((email) => ({ email })), { email: 'b@acme.com' }, { email: 'A@acme.com' },
          ...removals.map((email, k) => ({ email, id: `ur${k}` })),
        ],
        invites: cancels.map((email) => ({ email, sentAt: '2026-11-21T00:00:00Z' })),
        groups: [{ name: 'Eng', id: 'gEng', members: [...leavers].reverse() }, { name: 'Ops', id: 'gOps', members: ['b@acme.com', 'A@acme.com'] }, { name: 'old', id: 'gOld' }],
      },
    );
    const sizes = ops.map((op) => {
      const p = op.params;
      const n = 'emails' in p ? p.emails.length : 'invites' in p ? p.invites.length : 'users' in p ? p.users.length : 1;
      const where = 'group' in p ? ` ${p.group.name}` : '';
      return `${op.id}${where} ${n} r${op.rank}`;
    });
    expect(sizes).toEqual([
      `createInvites#1 ${BATCH_SIZE} r1`, 'createInvites#2 1 r1',
      'addUsersToUserGroup#1 Eng 1 r6',
      `addUsersToUserGroup#2 Ops ${MEMBER_BATCH_SIZE} r6`, 'addUsersToUserGroup#3 Ops 1 r6',
      `removeUsersFromUserGroup#1 Eng ${BATCH_SIZE} r8`, 'removeUsersFromUserGroup#2 Eng 1 r8', 'removeUsersFromUserGroup#3 Ops 2 r8',
      `deleteInvites#1 ${BATCH_SIZE} r9`, 'deleteInvites#2 1 r9',
      `deleteUsers#1 ${BATCH_SIZE} r10`, 'deleteUsers#2 1 r10',
      'deleteUserGroup#1 old 1 r11',
    ]);
    expect((ops.find((op) => op.id === 'removeUsersFromUserGroup#1')!.params as { emails: string[] }).emails[0]).toBe('l000@acme.com');
    expect((ops.find((op) => op.id === 'removeUsersFromUserGroup#3')!.params as { emails: string[] }).emails).toEqual(['A@acme.com', 'b@acme.com']);
    expect(ops.find((op) => op.id === 'deleteUsers#2')!.params).toEqual({ kind: 'deleteUsers', users: [{ id: `ur${BATCH_SIZE}`, email: `r0${BATCH_SIZE}@acme.com` }] });
    expect(ops.find((op) => op.id === 'deleteInvites#2')!.changes).toEqual([`person:c0${BATCH_SIZE}@acme.com`]);
  });

  it('names each change once per call', () => {
    const ops = drafts({ members: [{ email: 'a@acme.com', groups: ['eng'] }, { email: 'b@acme.com', groups: ['eng'] }], groups: [{ name: 'Eng' }] },
      { users: [{ email: 'a@acme.com' }, { email: 'b@acme.com' }], groups: [{ name: 'Eng', id: 'gEng' }] });
    expect(ops[0]!.changes).toEqual(['person:a@acme.com', 'group:gEng', 'person:b@acme.com']);
  });
});
