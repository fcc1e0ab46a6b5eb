// Safe order: every prefix of the operation list keeps the invariants, one row per invariant.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const run = (desired: DesiredSpec, actual: ActualSpec) => plan(desiredOf(desired), actualOf(actual), { now: NOW, toolVersion: 't', manifestDigest: 'sha256:m' });
const order = (p: ReturnType<typeof run>) => p.operations.map((op) => `${op.params.kind} ${op.changes.filter((c) => c.startsWith('person:')).join(',') || op.changes.join(',')}`);

describe('safe order', () => {
  it.each<{ name: string; desired: DesiredSpec; actual: ActualSpec; want: string[] }>([
    {
      // DESIGN 3's example: ordered by phase, alice's change ran first, and a failed group add left no owner.
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
