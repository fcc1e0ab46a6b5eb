// The emulator writes exactly the Audit Trail event types each operation documents
// (docs/segment-api.md "Audit Trail", from the doc comments of the SDK's iAMUsersApi.ts and iAMGroupsApi.ts).
import { describe, expect, it } from 'vitest';
import { call, P, testEmulator } from '../helpers/emulator.js';

const WS = '9aQ1Lj62S4bomZKLF4DPqW';
const SOURCE_ADMIN = '1aEWGVnLYd7hzJC5hd9MtXBHvfZ';
const ENGINEERS = '2DrXpkze3NH3ySNB6tUUs1TbJbo';
const CAROL = 'uCar2Zq7Mb5Vn1Lx9Kt4R';
const ERIN = 'uEri8Wp3Jh6Gd2Sf5Ak1T';
const perms = [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }];

/** Documented event types per operation (v73). */
const DOCUMENTED: Record<string, string[]> = {
  createInvites: ['Non-Segment User Invited to Workspace', 'New Segment User Invited to Workspace', 'Policy Created'],
  deleteInvites: ['Invite Deleted', 'Group Memberships Deleted'],
  deleteUsers: ['Group Memberships Deleted'],
  addPermissionsToUser: ['Policy Created', 'User Policy Updated'],
  replacePermissionsForUser: ['Policy Deleted'],
  createUserGroup: ['User Group Created', 'Policy Created'],
  updateUserGroup: ['User Group Updated'],
  deleteUserGroup: ['User Group Deleted'],
  addPermissionsToUserGroup: ['Policy Created', 'User Group Policy Updated'],
  replacePermissionsForUserGroup: ['Policy Deleted'],
  addUsersToUserGroup: ['Subjects Added to Group', 'User Added To User Group'],
  replaceUsersInUserGroup: ['Subjects Added to Group', 'User Added To User Group', 'Group Memberships Deleted'],
  removeUsersFromUserGroup: ['Group Memberships Deleted', 'User Removed From User Group'],
};

const CASES: Array<[keyof typeof DOCUMENTED, string, string, unknown, string[]]> = [
  ['createInvites', 'POST', '/invites', { invites: [{ email: 'n@acme.com', permissions: perms }] }, ['Non-Segment User Invited to Workspace', 'Policy Created']],
  ['deleteInvites', 'DELETE', '/invites?emails%5B0%5D=frank%40acme.com', undefined, ['Invite Deleted']],
  ['deleteUsers', 'DELETE', `/users?userIds%5B0%5D=${CAROL}`, undefined, ['Group Memberships Deleted']],
  ['addPermissionsToUser', 'POST', `/users/${CAROL}/permissions`, { permissions: perms }, ['Policy Created', 'User Policy Updated']],
  ['replacePermissionsForUser', 'PUT', `/users/${CAROL}/permissions`, { permissions: perms }, ['Policy Deleted']],
  ['createUserGroup', 'POST', '/groups', { name: 'new' }, ['User Group Created']],
  ['updateUserGroup', 'PATCH', `/groups/${ENGINEERS}`, { name: 'eng' }, ['User Group Updated']],
  ['deleteUserGroup', 'DELETE', `/groups/${ENGINEERS}`, undefined, ['User Group Deleted']],
  ['addPermissionsToUserGroup', 'POST', `/groups/${ENGINEERS}/permissions`, { permissions: perms }, ['Policy Created', 'User Group Policy Updated']],
  ['replacePermissionsForUserGroup', 'PUT', `/groups/${ENGINEERS}/permissions`, { permissions: perms }, ['Policy Deleted']],
  ['addUsersToUserGroup', 'POST', `/groups/${ENGINEERS}/users`, { emails: ['erin@acme.com'] }, ['Subjects Added to Group', 'User Added To User Group']],
  ['replaceUsersInUserGroup', 'PUT', `/group/${ENGINEERS}/users`, { emails: ['erin@acme.com'] }, ['Subjects Added to Group', 'User Added To User Group', 'Group Memberships Deleted']],
  ['removeUsersFromUserGroup', 'DELETE', `/group/${ENGINEERS}/users?emails%5B0%5D=carol%40acme.com`, undefined, ['Group Memberships Deleted', 'User Removed From User Group']],
];

describe('emulator: Audit Trail events as documented', () => {
  it.each(CASES)('%s writes %j', async (operation, method, path, body, want) => {
    const emulator = await testEmulator();
    const before = emulator.store.state.auditEvents.length;

    const res = await call(emulator, method, path, body);

    expect(res.status).toBeLessThan(300);
    const types = emulator.store.state.auditEvents.slice(before).map((e) => e.type);
    expect(types).toEqual(want);
    expect(types.every((t) => DOCUMENTED[operation]!.includes(t))).toBe(true);
  });

  it('names the subject by id in resourceId: the user, the invite email or the group', async () => {
    const emulator = await testEmulator();

    await call(emulator, 'PUT', `/users/${ERIN}/permissions`, { permissions: perms });
    await call(emulator, 'PUT', `/groups/${ENGINEERS}/permissions`, { permissions: perms });
    const events = await call(emulator, 'GET', `/audit-events?${P}`);

    expect(events.body.data.events.slice(0, 2).map((e: { type: string; resourceId: string; resourceType: string }) => [e.type, e.resourceType, e.resourceId]))
      .toEqual([['Policy Deleted', 'policy', ENGINEERS], ['Policy Deleted', 'policy', ERIN]]);
  });
});
