import { describe, expect, it } from 'vitest';
import { plan, type PlanOptions } from '../../src/plan/plan.js';
import { renderJson } from '../../src/plan/render-json.js';
import { blockingGuards, type PersonChange } from '../../src/plan/types.js';
import { requestFor } from '../../src/apply/requests.js';
import { ENDPOINTS, pathFor } from '../../src/segment/endpoints.js';
import { grantsFromApi } from '../../src/workspace/model.js';
import { actualOf, desiredOf, g, WS, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const OPTIONS: PlanOptions = { now: NOW, toolVersion: 'test', manifestDigest: 'sha256:m' };
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };

function run(desired: DesiredSpec, actual: ActualSpec, options: Partial<PlanOptions> = {}) {
  return plan(desiredOf({ ...desired, members: [OWNER, ...(desired.members ?? [])] }), actualOf({ ...actual, users: [OWNER, ...(actual.users ?? [])] }), { ...OPTIONS, ...options });
}
/** Each operation as the request it becomes (a group this plan creates gets the id `new-<name>`). */
function requests(p: ReturnType<typeof run>) {
  const created = new Map(p.operations.flatMap((op) => (op.params.kind === 'createUserGroup' ? [[op.id, `new-${op.params.name}`] as const] : [])));
  return p.operations.map((op) => requestFor(op, created));
}
const calls = (p: ReturnType<typeof run>) => requests(p).map((r) => `${r.operation} ${ENDPOINTS[r.operation].method} ${pathFor(r.operation, r.params)}`);

describe('planner: one kind of change at a time', () => {
  it.each<{ name: string; desired: DesiredSpec; actual: ActualSpec; want: string[]; options?: Partial<PlanOptions> }>([
    { name: 'nothing differs', desired: { members: [{ email: 'a@acme.com', grants: [g('Source Admin')] }] }, actual: { users: [{ email: 'A@acme.com', grants: [g('Source Admin')] }] }, want: [] },
    { name: 'a new member is invited', desired: { members: [{ email: 'new@acme.com', grants: [g('Source Read-only')] }] }, actual: {}, want: ['createInvites POST /invites'] },
    { name: 'changed access replaces the whole list', desired: { members: [{ email: 'a@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web')] }] }, actual: { users: [{ email: 'a@acme.com', grants: [g('Source Admin')], id: 'ua' }] }, want: ['replacePermissionsForUser PUT /users/ua/permissions'] },
    { name: 'a user in no manifest is removed', desired: {}, actual: { users: [{ email: 'gone@acme.com', id: 'ug' }] }, want: ['deleteUsers DELETE /users'] },
    { name: 'unmanaged: report only warns', desired: { policy: { unmanaged: 'report' } }, actual: { users: [{ email: 'gone@acme.com' }], groups: [{ name: 'old' }], invites: [{ email: 'x@acme.com' }] }, want: [] },
    { name: 'an invite in no manifest is cancelled', desired: {}, actual: { invites: [{ email: 'x@acme.com' }] }, want: ['deleteInvites DELETE /invites'] },
    { name: 'a fresh pending invite is left alone', desired: { members: [{ email: 'p@acme.com', grants: [g('Source Admin')] }] }, actual: { invites: [{ email: 'p@acme.com', sentAt: '2026-11-20T00:00:00Z' }] }, want: [] },
    { name: 'an invite older than 7 days is re-issued', desired: { members: [{ email: 'p@acme.com', grants: [g('Source Admin')] }] }, actual: { invites: [{ email: 'p@acme.com', sentAt: '2026-11-01T00:00:00Z' }] }, want: ['deleteInvites DELETE /invites', 'createInvites POST /invites'] },
    { name: '--reinvite re-issues a fresh invite', desired: { members: [{ email: 'p@acme.com' }] }, actual: { invites: [{ email: 'p@acme.com', sentAt: '2026-11-21T00:00:00Z' }] }, want: ['deleteInvites DELETE /invites', 'createInvites POST /invites'], options: { reinvite: 'all' } },
    { name: 'a new group is created, given access, and filled', desired: { groups: [{ name: 'eng', grants: [g('Source Read-only')] }], members: [{ email: 'a@acme.com', groups: ['eng'] }] }, actual: { users: [{ email: 'a@acme.com' }] }, want: ['createUserGroup POST /groups', 'replacePermissionsForUserGroup PUT /groups/new-eng/permissions', 'addUsersToUserGroup POST /groups/new-eng/users'] },
    { name: 'a group in no manifest is deleted', desired: {}, actual: { groups: [{ name: 'old', id: 'g-old' }] }, want: ['deleteUserGroup DELETE /groups/g-old'] },
    { name: 'a member leaving a group is removed on the singular path', desired: { groups: [{ name: 'eng' }], members: [{ email: 'a@acme.com' }] }, actual: { users: [{ email: 'a@acme.com' }], groups: [{ name: 'eng', id: 'g1', members: ['a@acme.com'] }] }, want: ['removeUsersFromUserGroup DELETE /group/g1/users'] },
    { name: 'group access changes', desired: { groups: [{ name: 'eng', grants: [g('Source Admin')] }] }, actual: { groups: [{ name: 'eng', id: 'g1', grants: [g('Source Read-only')] }] }, want: ['replacePermissionsForUserGroup PUT /groups/g1/permissions'] },
    {
      name: 'an expired member is removed with the expiry as reason',
      desired: { expired: [{ subject: 'temp@agency.io', what: 'membership', date: '2026-11-01', origin: { file: 'm.yaml', line: 9, col: 14 } }], policy: { unmanaged: 'report' } },
      actual: { users: [{ email: 'temp@agency.io' }] }, want: ['deleteUsers DELETE /users'],
    },
  ])('$name', ({ desired, actual, want, options }) => {
    const result = run(desired, actual, options);

    expect(calls(result)).toEqual(want);
  });

  it('puts invite labels at permission level and user labels inside resources', () => {
    const labelled = g('Source Read-only', 'WORKSPACE', WS, ['environment=prod']);

    const invite = run({ members: [{ email: 'n@acme.com', grants: [labelled] }] }, {});
    const change = run({ members: [{ email: 'a@acme.com', grants: [labelled] }] }, { users: [{ email: 'a@acme.com' }] });

    expect(requests(invite)[0]!.body).toEqual({ invites: [{ email: 'n@acme.com', permissions: [{ roleId: 'r-sro', resources: [{ id: WS, type: 'WORKSPACE' }], labels: [{ key: 'environment', value: 'prod' }] }] }] });
    expect(requests(change)[0]!.body).toEqual({ permissions: [{ roleId: 'r-sro', resources: [{ id: WS, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }] }] });
  });

  it('never shows label placement, order or labels: [] versus missing as a change', () => {
    const read = grantsFromApi([
      { roleId: 'r-sro', labels: [{ key: 'environment', value: 'prod' }], resources: [{ id: WS, type: 'WORKSPACE' }] },
      { roleId: 'r-sadmin', resources: [{ id: 'src-stg', type: 'SOURCE', labels: [] }, { id: 'src-web', type: 'SOURCE' }] },
    ]);

    const result = run(
      { members: [{ email: 'a@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web'), g('Source Admin', 'SOURCE', 'src-stg'), g('Source Read-only', 'WORKSPACE', WS, ['environment=prod'])] }] },
      { users: [{ email: 'a@acme.com', grants: read }] },
    );

    expect(result.operations).toEqual([]);
  });

  it('re-adds group memberships of a re-issued invite (deleting an invite drops them)', () => {
    const result = run(
      { groups: [{ name: 'eng' }], members: [{ email: 'p@acme.com', groups: ['eng'] }] },
      { invites: [{ email: 'p@acme.com', sentAt: '2026-10-01T00:00:00Z' }], groups: [{ name: 'eng', id: 'g1', members: ['p@acme.com'] }] },
    );

    expect(calls(result)).toEqual(['deleteInvites DELETE /invites', 'createInvites POST /invites', 'addUsersToUserGroup POST /groups/g1/users']);
  });

  it('does not remove people from groups when they leave the workspace anyway', () => {
    const result = run({ groups: [{ name: 'eng' }] }, { users: [{ email: 'gone@acme.com' }], groups: [{ name: 'eng', members: ['gone@acme.com'] }] });

    expect(calls(result)).toEqual(['deleteUsers DELETE /users']);
  });
});

describe('planner: order and batching', () => {
  it('orders phases so nobody loses access before its replacement exists', () => {
    const result = run(
      {
        groups: [{ name: 'new', grants: [g('Source Read-only')] }, { name: 'eng' }],
        members: [{ email: 'n@acme.com', groups: ['new'] }, { email: 'a@acme.com', grants: [g('Source Admin')] }, { email: 'b@acme.com' }],
      },
      {
        users: [{ email: 'a@acme.com' }, { email: 'b@acme.com' }, { email: 'gone@acme.com' }],
        invites: [{ email: 'x@acme.com' }],
        groups: [{ name: 'eng', members: ['b@acme.com'] }, { name: 'old' }],
      },
    );

    expect(result.operations.map((op) => op.params.kind)).toEqual([
      'createUserGroup', 'createInvites', 'replacePermissionsForUser', 'replacePermissionsForUserGroup', 'addUsersToUserGroup', 'removeUsersFromUserGroup',
      'deleteInvites', 'deleteUsers', 'deleteUserGroup',
    ]);
    expect(result.operations.find((op) => op.params.kind === 'addUsersToUserGroup')!.after).toEqual(['createUserGroup#1', 'createInvites#1']);
  });

  it('grants Workspace Owner before taking it from anyone', () => {
    const result = run(
      { members: [{ email: 'a@acme.com', grants: [g('Source Admin')] }, { email: 'z@acme.com', grants: [g('Workspace Owner')] }] },
      { users: [{ email: 'a@acme.com', grants: [g('Workspace Owner')] }, { email: 'z@acme.com' }] },
    );

    expect(result.operations.map((op) => op.changes)).toEqual([['person:z@acme.com'], ['person:a@acme.com']]);
    expect(result.changes.map((c) => [c.id, c.risks.map((r) => r.kind)])).toEqual([['person:a@acme.com', ['owner-removal']], ['person:z@acme.com', ['owner-grant', 'owner-without-justification']]]);
  });

  it('batches invites and removals 50 per call', () => {
    const people = Array.from({ length: 120 }, (_, i) => `p${String(i).padStart(3, '0')}@acme.com`);

    const invites = run({ members: people.map((email) => ({ email })) }, {});
    const removals = run({ policy: { maxRemovals: '100%' } }, { users: people.map((email) => ({ email })) });

    expect(invites.operations.map((op) => (op.params.kind === 'createInvites' ? op.params.invites.length : 0))).toEqual([50, 50, 20]);
    expect(removals.operations.map((op) => (op.params.kind === 'deleteUsers' ? op.params.users.length : 0))).toEqual([50, 50, 20]);
    expect(invites.summary).toMatchObject({ invited: 120, changed: 0, removed: 0, pending: 0, operations: 3 });
  });

  it('is deterministic: the same input, in any order, gives the same plan byte for byte', () => {
    const desired = { members: [{ email: 'b@acme.com' }, { email: 'a@acme.com', grants: [g('Source Admin')] }], groups: [{ name: 'y' }, { name: 'x' }] };
    const actual = { users: [{ email: 'c@acme.com', id: 'uc' }, { email: 'a@acme.com', id: 'ua' }], groups: [{ name: 'z', id: 'gz' }] };
    const reversed = { members: [...desired.members].reverse(), groups: [...desired.groups].reverse() };

    const first = renderJson(run(desired, actual));
    const second = renderJson(run(desired, actual));
    const third = renderJson(run(reversed, { users: [...actual.users].reverse(), groups: actual.groups }));

    expect(second).toBe(first);
    expect(third).toBe(first);
  });

  it('records each person once, with effective access before and after and where it comes from', () => {
    const result = run(
      { groups: [{ name: 'eng', grants: [g('Source Read-only')] }], members: [{ email: 'a@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web')], groups: ['eng'] }] },
      { users: [{ email: 'a@acme.com', grants: [g('Source Read-only')] }], groups: [{ name: 'eng', id: 'g1', grants: [g('Source Read-only')] }] },
    );

    const change = result.changes.find((c) => c.id === 'person:a@acme.com') as PersonChange;
    expect(change.actions).toEqual(['update-access', 'join-groups']);
    expect(change.before.effective.map((e) => [e.text, e.via])).toEqual([['Source Read-only on all sources', { kind: 'direct' }]]);
    expect(change.after.effective.map((e) => [e.text, e.via])).toEqual([
      ['Source Admin on web-prod', { kind: 'direct' }], ['Source Read-only on all sources', { kind: 'group', group: 'eng' }],
    ]);
    expect(change.notes).toEqual(['still has Source Read-only on all sources through group eng']);
    expect(change.risks.map((r) => r.kind)).toEqual(['privilege-escalation', 'sensitive-admin']);
  });
});

describe('planner: safety guards', () => {
  it('says when the only owners the manifests name are invited (an invite owns nothing yet)', () => {
    const p = plan(desiredOf({ members: [{ email: 'new@acme.com', grants: [g('Workspace Owner')] }], policy: { maxRemovals: 5 } }), actualOf({ users: [OWNER] }), OPTIONS);
    expect(p.guards.map((f) => `${f.guard}: ${f.message}`)).toEqual([
      'min-owners: only 0 Workspace Owners would remain (now 1; policy.minOwners is 1); new@acme.com is only invited as Workspace Owner, and an invite owns nothing until it is accepted',
    ]);
  });

  it.each<{ name: string; desired: DesiredSpec; actual: ActualSpec; options?: Partial<PlanOptions>; want: string[] }>([
    {
      name: 'too few owners would remain',
      desired: { members: [{ email: 'b@acme.com' }], policy: { minOwners: 2 } },
      actual: { users: [{ email: 'b@acme.com', grants: [g('Workspace Owner')] }] },
      want: ['min-owners: only 1 Workspace Owner would remain (now 2; policy.minOwners is 2)'],
    },
    {
      name: 'more removals than maxRemovals (25% of 8 = 2)',
      desired: { policy: { maxRemovals: undefined } },
      actual: { users: Array.from({ length: 7 }, (_, i) => ({ email: `u${i}@acme.com` })) },
      want: ['max-removals: the plan removes 7 of 8 members, more than policy.maxRemovals allows (25% of 8 = 2)'],
    },
    {
      name: 'a protected member would be removed',
      desired: { policy: { protectedMembers: ['glass@acme.com'] } }, actual: { users: [{ email: 'Glass@acme.com' }] },
      want: ['protected-member: protected member glass@acme.com would be removed'],
    },
    {
      name: 'a protected member would lose Workspace Owner',
      desired: { members: [{ email: 'glass@acme.com' }], policy: { protectedMembers: ['glass@acme.com'] } },
      actual: { users: [{ email: 'glass@acme.com', grants: [g('Workspace Owner')] }] },
      want: ['protected-member: protected member glass@acme.com would lose Workspace Owner'],
    },
    {
      name: 'members plus invites over the seats',
      desired: { members: [{ email: 'a@acme.com' }, { email: 'b@acme.com' }], policy: { seats: 2 } }, actual: { invites: [{ email: 'a@acme.com' }] },
      want: ['seats: members plus invites would be 3, over policy.seats (2)'],
    },
    {
      name: 'seats exactly filled, removed people not counted',
      desired: { members: [{ email: 'a@acme.com' }], policy: { seats: 2 } }, actual: { users: [{ email: 'gone@acme.com' }], invites: [{ email: 'x@acme.com' }] },
      want: [],
    },
    {
      name: 'owners through a group count before and after, whatever the case of its name',
      desired: { groups: [{ name: 'Owners', grants: [g('Workspace Owner')] }], members: [{ email: 'b@acme.com', groups: ['owners'] }, { email: 'c@acme.com' }], policy: { minOwners: 3 } },
      actual: { users: [{ email: 'b@acme.com' }, { email: 'c@acme.com' }], groups: [{ name: 'OWNERS', id: 'gO', grants: [g('Workspace Owner')], members: ['b@acme.com', 'c@acme.com'] }] },
      want: ['min-owners: only 2 Workspace Owners would remain (now 3; policy.minOwners is 3)'],
    },
    {
      name: 'a group that stops granting owner takes it from its members',
      desired: { groups: [{ name: 'owners', grants: [g('Source Admin')] }], members: [{ email: 'b@acme.com', groups: ['owners'] }], policy: { minOwners: 2, protectedMembers: ['b@acme.com'] } },
      actual: { users: [{ email: 'b@acme.com' }], groups: [{ name: 'owners', id: 'gO', grants: [g('Workspace Owner')], members: ['b@acme.com'] }] },
      want: ['min-owners: only 1 Workspace Owner would remain (now 2; policy.minOwners is 2)', 'protected-member: protected member b@acme.com would lose Workspace Owner'],
    },
    {
      name: 'fewer owners than minOwners, but no fewer than now, is allowed',
      desired: { members: [{ email: 'b@acme.com', grants: [g('Workspace Owner')] }], policy: { minOwners: 3 } },
      actual: { users: [{ email: 'b@acme.com' }] },
      want: [],
    },
    {
      name: 'an unmanaged owner kept under policy.unmanaged: report still counts',
      desired: { policy: { minOwners: 2, unmanaged: 'report' } },
      actual: { users: [{ email: 'shadow@acme.com', grants: [g('Workspace Owner')] }] },
      want: [],
    },
    {
      name: 'a pending invite removed does not count against maxRemovals',
      desired: { policy: { maxRemovals: 0 } }, actual: { invites: [{ email: 'x@acme.com' }, { email: 'y@acme.com' }] },
      want: [],
    },
    {
      name: 'maxRemovals as a number, and exactly at the limit',
      desired: { members: [{ email: 'a@acme.com' }], policy: { maxRemovals: 2 } }, actual: { users: [{ email: 'a@acme.com' }, { email: 'x@acme.com' }, { email: 'y@acme.com' }] },
      want: [],
    },
    {
      name: 'maxRemovals as a percentage: 50% of 4 = 2',
      desired: { policy: { maxRemovals: '50%' } }, actual: { users: [{ email: 'x@acme.com' }, { email: 'y@acme.com' }, { email: 'z@acme.com' }] },
      want: ['max-removals: the plan removes 3 of 4 members, more than policy.maxRemovals allows (50% of 4 = 2)'],
    },
  ])('$name', ({ desired, actual, options, want }) => {
    const result = run(desired, actual, options);

    expect(result.guards.map((f) => `${f.guard}: ${f.message}`)).toEqual(want);
  });

  it('--allow-removals lifts only the removal limit', () => {
    const result = run({ members: [{ email: 'glass@acme.com' }], policy: { maxRemovals: 0, protectedMembers: ['glass@acme.com'] } },
      { users: [{ email: 'u@acme.com' }, { email: 'glass@acme.com', grants: [g('Workspace Owner')] }] });

    expect(result.guards.map((f) => f.guard)).toEqual(['max-removals', 'protected-member']);
    expect(blockingGuards(result, true).map((f) => f.guard)).toEqual(['protected-member']);
  });
});
