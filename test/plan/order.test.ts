// Safe order: every prefix of the operation list keeps the invariants, one row per invariant.
import { describe, expect, it } from 'vitest';
import type { DraftOperation } from '../../src/plan/compile.js';
import { catalogOf } from '../../src/plan/describe.js';
import { safeOrder, type OrderInput } from '../../src/plan/order.js';
import { plan } from '../../src/plan/plan.js';
import type { Operation } from '../../src/plan/types.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const run = (desired: DesiredSpec, actual: ActualSpec) => plan(desiredOf(desired), actualOf(actual), { now: NOW, toolVersion: 't', manifestDigest: 'sha256:m' });
const order = (p: ReturnType<typeof run>) => p.operations.map((op) => `${op.params.kind} ${op.changes.filter((c) => c.startsWith('person:')).join(',') || op.changes.join(',')}`);

describe('safe order', () => {
  it.each<{ name: string; desired: DesiredSpec; actual: ActualSpec; want: string[] }>([
    {
      // The plan format's example (docs/plan.md): ordered by phase, alice's change ran first, and a failed group add left no owner.
      name: 'owners never fewer than minOwners: bob joins the owners group before alice stops being owner',
      desired: {
        groups: [{ name: 'owners', grants: [g('Workspace Owner')] }],
        members: [{ email: 'alice@acme.com', grants: [g('Source Admin')] }, { email: 'bob@acme.com', groups: ['owners'] }],
        policy: { minOwners: 1 },
      },
      actual: { users: [{ email: 'alice@acme.com', grants: [g('Workspace Owner')] }, { email: 'bob@acme.com' }], groups: [{ name: 'owners', id: 'g1', grants: [g('Workspace Owner')] }] },
      want: ['addUsersToUserGroup person:bob@acme.com', 'replacePermissionsForUser person:alice@acme.com'],
    },
    {
      name: 'owners counted through a group this plan creates',
      desired: {
        groups: [{ name: 'owners', grants: [g('Workspace Owner')] }],
        members: [{ email: 'alice@acme.com' }, { email: 'bob@acme.com', groups: ['owners'] }],
        policy: { minOwners: 1 },
      },
      actual: { users: [{ email: 'alice@acme.com', grants: [g('Workspace Owner')] }, { email: 'bob@acme.com' }] },
      want: ['createUserGroup group:new:owners', 'replacePermissionsForUserGroup group:new:owners', 'addUsersToUserGroup person:bob@acme.com', 'replacePermissionsForUser person:alice@acme.com'],
    },
    {
      name: 'nobody loses access a later operation gives back: carol joins eng before her direct grant goes',
      desired: { groups: [{ name: 'eng', grants: [g('Source Read-only')] }], members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'carol@acme.com', groups: ['eng'] }] },
      actual: { users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'carol@acme.com', grants: [g('Source Read-only')] }], groups: [{ name: 'eng', id: 'g1', grants: [g('Source Read-only')] }] },
      want: ['addUsersToUserGroup person:carol@acme.com', 'replacePermissionsForUser person:carol@acme.com'],
    },
    {
      name: 'a protected member keeps access while it moves from direct to a group',
      desired: {
        groups: [{ name: 'admins', grants: [g('Source Admin')] }],
        members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'glass@acme.com', groups: ['admins'] }],
        policy: { protectedMembers: ['glass@acme.com'] },
      },
      actual: { users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'glass@acme.com', grants: [g('Source Admin')] }] },
      want: ['createUserGroup group:new:admins', 'replacePermissionsForUserGroup group:new:admins', 'addUsersToUserGroup person:glass@acme.com', 'replacePermissionsForUser person:glass@acme.com'],
    },
    {
      // The reviewers' case: erin moves from direct read-only on all sources to a new group reading
      // only `environment: prod`. Her prod access is kept at the end, so she must not lose it in
      // between: the group gets its permissions and she joins before her own are replaced.
      name: 'access through a label-scoped group grant counts: erin keeps prod while she moves to prod-readers',
      desired: {
        groups: [{ name: 'prod-readers', grants: [g('Source Read-only', 'WORKSPACE', undefined, ['environment=prod'])] }],
        members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'erin@acme.com', groups: ['prod-readers'] }],
      },
      actual: { users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'erin@acme.com', grants: [g('Source Read-only')] }] },
      want: ['createUserGroup group:new:prod-readers', 'replacePermissionsForUserGroup group:new:prod-readers', 'addUsersToUserGroup person:erin@acme.com', 'replacePermissionsForUser person:erin@acme.com'],
    },
  ])('$name', ({ desired, actual, want }) => {
    const result = run(desired, actual);

    expect(order(result)).toEqual(want);
    expect(result.guards).toEqual([]);
  });

  it('refuses a plan with no safe order and names the operation where it breaks', () => {
    // Two groups swap their roles: whichever changes first takes a grant the person keeps at the end.
    const result = run(
      {
        groups: [{ name: 'a', grants: [g('Source Admin')] }, { name: 'b', grants: [g('Warehouse Destination Read-only')] }],
        members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'p@acme.com', groups: ['a', 'b'] }],
      },
      {
        users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'p@acme.com' }],
        groups: [{ name: 'a', id: 'ga', grants: [g('Warehouse Destination Read-only')], members: ['p@acme.com'] }, { name: 'b', id: 'gb', grants: [g('Source Admin')], members: ['p@acme.com'] }],
      },
    );

    expect(result.guards).toEqual([{
      guard: 'unsafe-order', overridable: false,
      message: 'replacePermissionsForUserGroup#1 (group a) would take Warehouse Destination Read-only on all warehouses from p@acme.com, which the plan keeps: no order of the operations avoids it',
    }]);
  });

  it('marks the operations that take access from nobody (apply may run those concurrently)', () => {
    const result = run(
      { members: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'new@acme.com' }, { email: 'up@acme.com', grants: [g('Source Admin')] }, { email: 'down@acme.com' }] },
      { users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'up@acme.com', grants: [g('Source Read-only')] }, { email: 'down@acme.com', grants: [g('Source Read-only')] }, { email: 'gone@acme.com' }] },
    );

    expect(result.operations.map((op) => [op.params.kind, op.changes[0], op.onlyAdds])).toEqual([
      ['createInvites', 'person:new@acme.com', true],
      ['replacePermissionsForUser', 'person:down@acme.com', false],
      ['replacePermissionsForUser', 'person:up@acme.com', true],
      ['deleteUsers', 'person:gone@acme.com', false],
    ]);
  });
});

describe('safeOrder on hand-made dependencies', () => {
  // Dependencies the compiler does not produce today, to check the refusals themselves.
  const actual = actualOf({
    users: [{ email: 'alice@acme.com', grants: [g('Workspace Owner')] }, { email: 'Bob@acme.com' }, { email: 'glass@acme.com', grants: [g('Source Admin')] }],
    groups: [{ name: 'owners', id: 'gO', grants: [g('Workspace Owner')] }, { name: 'admins', id: 'gA', grants: [g('Source Admin')] }],
  });
  const input = (over: Partial<OrderInput> = {}): OrderInput => ({ actual, catalog: catalogOf(actual), minOwners: 1, protectedMembers: [], ...over });
  const draft = (id: string, params: Operation['params'], rank: number, after: string[] = []): DraftOperation => ({ id, params, changes: [id], after, rank });
  const demote = draft('replacePermissionsForUser#1', { kind: 'replacePermissionsForUser', userId: 'u0', email: 'alice@acme.com', grants: [g('Source Admin')] }, 5);
  const promote = (after: string[]) => draft('addUsersToUserGroup#1', { kind: 'addUsersToUserGroup', group: { id: 'gO', name: 'owners' }, emails: ['bob@acme.com'] }, 6, after);

  it('puts the owner grant first when it may, whatever the ranks say', () => {
    const result = safeOrder([demote, promote([])], input());
    expect(result.operations.map((op) => [op.id, op.onlyAdds])).toEqual([['addUsersToUserGroup#1', true], ['replacePermissionsForUser#1', false]]);
    expect(result.violation).toBeUndefined();
  });

  it('refuses when a dependency forces a moment with fewer owners than the floor, and keeps the rest in preferred order', () => {
    const result = safeOrder([promote([demote.id]), demote], input());
    expect(result.violation).toEqual({ guard: 'unsafe-order', overridable: false, message: 'replacePermissionsForUser#1 (alice@acme.com) would leave 0 Workspace Owners, fewer than 1' });
    expect(result.operations.map((op) => [op.id, op.onlyAdds])).toEqual([['replacePermissionsForUser#1', false], ['addUsersToUserGroup#1', false]]);
  });

  it('uses the lowest of minOwners, the owners now and the owners at the end as the floor', () => {
    const twoOwners = safeOrder([promote([demote.id]), demote], input({ minOwners: 2 }));
    expect(twoOwners.violation?.message).toBe('replacePermissionsForUser#1 (alice@acme.com) would leave 0 Workspace Owners, fewer than 1');
    const noneRequired = safeOrder([promote([demote.id]), demote], input({ minOwners: 0 }));
    expect(noneRequired.violation).toBeUndefined();
  });

  it('names a protected member, matched whatever the case, when a forced order takes what it keeps', () => {
    const leave = draft('replacePermissionsForUser#2', { kind: 'replacePermissionsForUser', userId: 'u2', email: 'glass@acme.com', grants: [] }, 5);
    const join = draft('addUsersToUserGroup#2', { kind: 'addUsersToUserGroup', group: { id: 'gA', name: 'admins' }, emails: ['glass@acme.com'] }, 6, [leave.id]);
    expect(safeOrder([join, leave], input({ protectedMembers: ['Glass@acme.com'] })).violation?.message)
      .toBe('replacePermissionsForUser#2 (glass@acme.com) would take Source Admin on all sources from protected member glass@acme.com, which the plan keeps: no order of the operations avoids it');
    expect(safeOrder([join, leave], input()).violation?.message)
      .toBe('replacePermissionsForUser#2 (glass@acme.com) would take Source Admin on all sources from glass@acme.com, which the plan keeps: no order of the operations avoids it');
  });

  it('keeps the compiler\'s order among equal ranks', () => {
    const a = draft('createInvites#1', { kind: 'createInvites', invites: [{ email: 'a@acme.com', grants: [] }] }, 1);
    const b = draft('createInvites#2', { kind: 'createInvites', invites: [{ email: 'b@acme.com', grants: [] }] }, 1);
    const c = draft('createInvites#3', { kind: 'createInvites', invites: [{ email: 'c@acme.com', grants: [] }] }, 1);
    expect(safeOrder([b, c, a], input()).operations.map((op) => op.id)).toEqual(['createInvites#2', 'createInvites#3', 'createInvites#1']);
  });

  it('counts a group\'s members as affected by its permission change and its deletion', () => {
    const withMembers = actualOf({
      users: [{ email: 'owner@acme.com', grants: [g('Workspace Owner')] }, { email: 'm@acme.com' }],
      groups: [{ name: 'admins', id: 'gA', grants: [g('Source Admin')], members: ['m@acme.com'] }],
    });
    const i = { actual: withMembers, catalog: catalogOf(withMembers), minOwners: 1, protectedMembers: [] };
    const narrow = draft('replacePermissionsForUserGroup#1', { kind: 'replacePermissionsForUserGroup', group: { id: 'gA', name: 'admins' }, grants: [g('Source Read-only')] }, 5);
    const widen = draft('replacePermissionsForUserGroup#2', { kind: 'replacePermissionsForUserGroup', group: { id: 'gA', name: 'admins' }, grants: [g('Source Admin'), g('Source Read-only')] }, 5);
    const drop = draft('deleteUserGroup#1', { kind: 'deleteUserGroup', group: { id: 'gA', name: 'admins' } }, 11);
    expect(safeOrder([narrow], i).operations[0]!.onlyAdds).toBe(false);
    expect(safeOrder([widen], i).operations[0]!.onlyAdds).toBe(true);
    expect(safeOrder([drop], i).operations[0]!.onlyAdds).toBe(false);
  });
});
