// The pure workspace model the safe order is checked on: each operation kind's effect on who holds
// which grant (directly or through a group) and on the owner count, and an exact rollback.
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/plan/describe.js';
import { Simulation } from '../../src/plan/simulate.js';
import type { Operation } from '../../src/plan/types.js';
import { grantKey } from '../../src/workspace/model.js';
import { actualOf, g } from '../helpers/model.js';

const ACTUAL = actualOf({
  users: [
    { email: 'Owner@acme.com', grants: [g('Workspace Owner')] },
    { email: 'ann@acme.com', grants: [g('Source Read-only')] },
    { email: 'bo@acme.com' },
  ],
  invites: [{ email: 'Inv@acme.com' }],
  groups: [
    { name: 'owners', id: 'gO', grants: [g('Workspace Owner')], members: ['bo@acme.com'] },
    { name: 'admins', id: 'gA', grants: [g('Source Admin')], members: ['ann@acme.com', 'bo@acme.com', 'inv@acme.com'] },
  ],
});
const OWNER = grantKey(g('Workspace Owner'));
const ADMIN = grantKey(g('Source Admin'));
const READ = grantKey(g('Source Read-only'));

const sim = () => new Simulation(ACTUAL, catalogOf(ACTUAL));
const op = (id: string, params: Operation['params']) => ({ id, params });
/** Everything observable about the model, to compare before and after a rollback. */
const state = (s: Simulation) => ({
  users: [...s.users].map(([e, k]) => [e, [...k].sort()]),
  invites: [...s.invites].sort(),
  groups: [...s.groups].map(([r, gr]) => [r, [...gr.grants].sort(), [...gr.members].sort()]),
  effective: ['owner@acme.com', 'ann@acme.com', 'bo@acme.com', 'inv@acme.com', 'new@acme.com'].map((e) => [e, s.effective(e) && [...s.effective(e)!].sort()]),
  owners: s.ownerCount(),
});

describe('Simulation', () => {
  it('reads direct and group grants, owners through groups, and nothing for invites', () => {
    const s = sim();
    expect([...s.effective('owner@acme.com')!]).toEqual([OWNER]);
    expect([...s.effective('ann@acme.com')!].sort()).toEqual([ADMIN, READ].sort());
    expect([...s.effective('bo@acme.com')!].sort()).toEqual([OWNER, ADMIN].sort());
    expect(s.effective('inv@acme.com')).toBeUndefined();
    expect(s.effective('nobody@acme.com')).toBeUndefined();
    expect([s.isOwner('owner@acme.com'), s.isOwner('ann@acme.com'), s.isOwner('bo@acme.com'), s.isOwner('inv@acme.com')]).toEqual([true, false, true, false]);
    expect(s.ownerCount()).toBe(2);
    expect([...s.invites]).toEqual(['inv@acme.com']);
    expect(s.grants.get(OWNER)).toEqual(g('Workspace Owner'));
  });

  it.each<[string, Operation['params'], (s: Simulation) => unknown, unknown, string[]]>([
    ['a new group, empty', { kind: 'createUserGroup', name: 'new' }, (s) => [...s.groups.get('op:x')!.members], [], []],
    ['an invite, which grants nothing yet', { kind: 'createInvites', invites: [{ email: 'New@acme.com', grants: [g('Workspace Owner')] }] }, (s) => [s.invites.has('new@acme.com'), s.effective('new@acme.com'), s.ownerCount()], [true, undefined, 2], []],
    ['a cancelled invite, which leaves its groups', { kind: 'deleteInvites', emails: ['INV@acme.com'] }, (s) => [s.invites.size, s.groups.get('id:gA')!.members.has('inv@acme.com')], [0, false], ['inv@acme.com']],
    ['a user permission replace', { kind: 'replacePermissionsForUser', userId: 'u0', email: 'OWNER@acme.com', grants: [g('Source Admin')] }, (s) => [s.isOwner('owner@acme.com'), s.ownerCount()], [false, 1], ['owner@acme.com']],
    ['a permission replace for someone not a user', { kind: 'replacePermissionsForUser', userId: 'u9', email: 'ghost@acme.com', grants: [g('Workspace Owner')] }, (s) => [s.effective('ghost@acme.com'), s.ownerCount()], [undefined, 2], ['ghost@acme.com']],
    ['a group permission replace', { kind: 'replacePermissionsForUserGroup', group: { id: 'gO', name: 'owners' }, grants: [g('Source Read-only')] }, (s) => [s.isOwner('bo@acme.com'), s.ownerCount()], [false, 1], ['bo@acme.com']],
    ['a permission replace of an unknown group', { kind: 'replacePermissionsForUserGroup', group: { id: 'gZ', name: 'z' }, grants: [g('Workspace Owner')] }, (s) => s.ownerCount(), 2, []],
    ['a group join', { kind: 'addUsersToUserGroup', group: { id: 'gO', name: 'owners' }, emails: ['Ann@acme.com'] }, (s) => [s.isOwner('ann@acme.com'), s.ownerCount()], [true, 3], ['ann@acme.com']],
    ['a join of an unknown group', { kind: 'addUsersToUserGroup', group: { id: 'gZ', name: 'z' }, emails: ['ann@acme.com'] }, (s) => [s.isOwner('ann@acme.com'), s.groups.has('id:gZ')], [false, false], ['ann@acme.com']],
    ['a group leave', { kind: 'removeUsersFromUserGroup', group: { id: 'gO', name: 'owners' }, emails: ['BO@acme.com'] }, (s) => [s.isOwner('bo@acme.com'), [...s.groups.get('id:gO')!.members]], [false, []], ['bo@acme.com']],
    ['a leave of an unknown group', { kind: 'removeUsersFromUserGroup', group: { id: 'gZ', name: 'z' }, emails: ['bo@acme.com'] }, (s) => s.isOwner('bo@acme.com'), true, ['bo@acme.com']],
    ['a user removal, which leaves every group', { kind: 'deleteUsers', users: [{ id: 'u2', email: 'Bo@acme.com' }] }, (s) => [s.effective('bo@acme.com'), s.ownerCount(), s.groups.get('id:gA')!.members.has('bo@acme.com'), s.groups.get('id:gO')!.members.size], [undefined, 1, false, 0], ['bo@acme.com']],
    ['a group deletion', { kind: 'deleteUserGroup', group: { id: 'gA', name: 'admins' } }, (s) => [[...s.effective('ann@acme.com')!], s.groups.has('id:gA')], [[READ], false], ['ann@acme.com', 'bo@acme.com', 'inv@acme.com']],
    ['a deletion of an unknown group', { kind: 'deleteUserGroup', group: { id: 'gZ', name: 'z' } }, (s) => s.groups.size, 2, []],
  ])('applies %s and says whose access may change', (_name, params, look, want, affected) => {
    const s = sim();
    s.mark();
    const before = state(s);
    expect([...s.apply(op('x', params))].sort()).toEqual(affected);
    expect(look(s)).toEqual(want);
    s.rollback();
    expect(state(s)).toEqual(before);
  });

  it('joins a group this plan creates, by the operation that creates it', () => {
    const s = sim();
    s.apply(op('createUserGroup#1', { kind: 'createUserGroup', name: 'root' }));
    s.apply(op('p', { kind: 'replacePermissionsForUserGroup', group: { createdBy: 'createUserGroup#1', name: 'root' }, grants: [g('Workspace Owner')] }));
    expect(s.ownerCount()).toBe(2);
    s.apply(op('a', { kind: 'addUsersToUserGroup', group: { createdBy: 'createUserGroup#1', name: 'root' }, emails: ['ann@acme.com', 'inv@acme.com'] }));
    expect(s.isOwner('ann@acme.com')).toBe(true);
    expect(s.isOwner('inv@acme.com')).toBe(false);
    expect(s.ownerCount()).toBe(3);
  });

  it('rolls a whole sequence back to the state at mark(), and only that far', () => {
    const s = sim();
    s.apply(op('d', { kind: 'deleteUsers', users: [{ id: 'u0', email: 'owner@acme.com' }] })); // before the mark: kept
    const marked = state(s);
    s.mark();
    s.apply(op('1', { kind: 'addUsersToUserGroup', group: { id: 'gO', name: 'owners' }, emails: ['ann@acme.com', 'bo@acme.com'] })); // bo is in it already
    s.apply(op('2', { kind: 'replacePermissionsForUserGroup', group: { id: 'gO', name: 'owners' }, grants: [] }));
    s.apply(op('3', { kind: 'replacePermissionsForUser', userId: 'u1', email: 'ann@acme.com', grants: [g('Workspace Owner')] }));
    s.apply(op('4', { kind: 'deleteInvites', emails: ['inv@acme.com', 'never@acme.com'] }));
    s.apply(op('5', { kind: 'deleteUserGroup', group: { id: 'gA', name: 'admins' } }));
    s.apply(op('6', { kind: 'deleteUsers', users: [{ id: 'u2', email: 'bo@acme.com' }, { id: 'u8', email: 'gone@acme.com' }] }));
    s.apply(op('7', { kind: 'removeUsersFromUserGroup', group: { id: 'gO', name: 'owners' }, emails: ['ann@acme.com', 'ann@acme.com'] }));
    expect(s.ownerCount()).toBe(1);
    s.rollback();
    expect(state(s)).toEqual(marked);
    s.rollback(); // nothing more to undo
    expect(state(s)).toEqual(marked);
    expect(s.ownerCount()).toBe(1); // bo, through the group
  });
});
