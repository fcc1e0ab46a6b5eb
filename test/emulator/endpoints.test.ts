import { describe, expect, it } from 'vitest';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { DEMO } from '../helpers/demo-ids.js';
import { call, P, testEmulator } from '../helpers/emulator.js';

const { workspace: WS, ownerRole: OWNER, sourceAdminRole: SOURCE_ADMIN, webProd: WEB_PROD, engineers: ENGINEERS, carol: CAROL } = DEMO;

describe('emulator: reads', () => {
  it.each([
    ['/', (b: any) => expect(b.data.workspace).toEqual({ id: WS, slug: 'acme-prod', name: 'Acme (local demo)' })],
    [`/roles?${P}`, (b: any) => expect(b.data.roles.map((r: any) => r.name)).toContain('End User Privacy Admin')],
    [`/users?${P}`, (b: any) => expect(b.data.users[1]).toMatchObject({ email: 'Bob@acme.com', permissions: [{ roleName: 'Source Admin', resources: [{ type: 'WORKSPACE', labels: [] }] }] })],
    [`/users/${CAROL}`, (b: any) => expect(b.data.user.email).toBe('carol@acme.com')],
    [`/users/${CAROL}/groups?${P}`, (b: any) => expect(b.data.groups).toEqual([{ id: ENGINEERS, name: 'engineers' }])],
    [`/invites?${P}`, (b: any) => expect(b.data.invites).toEqual(['frank@acme.com'])],
    [`/groups?${P}`, (b: any) => expect(b.data.userGroups[0]).toMatchObject({ id: ENGINEERS, name: 'engineers', memberCount: 1 })],
    [`/groups/${ENGINEERS}`, (b: any) => expect(b.data.userGroup.permissions[0].roleName).toBe('Source Read-only')],
    [`/groups/${ENGINEERS}/users?${P}`, (b: any) => expect(b.data.users).toEqual([{ id: CAROL, name: 'Carol Diaz', email: 'carol@acme.com' }])],
    [`/groups/${ENGINEERS}/invites?${P}`, (b: any) => expect(b.data).toEqual({ emails: [], pagination: { current: 'MA==', totalEntries: 0 } })],
    [`/sources?${P}`, (b: any) => expect(b.data.sources[0]).toMatchObject({ slug: 'web-prod', writeKeys: [], labels: [{ key: 'environment', value: 'prod', description: '' }] })],
    [`/sources/${WEB_PROD}`, (b: any) => expect(b.data).toMatchObject({ source: { slug: 'web-prod' }, trackingPlanId: null })],
    [`/destinations?${P}`, (b: any) => expect(b.data.destinations[0]).toMatchObject({ name: 'ga4-prod', sourceId: WEB_PROD })],
    [`/warehouses?${P}`, (b: any) => expect(b.data.warehouses[0]).toMatchObject({ settings: { name: 'snowflake-prod' }, metadata: { name: 'Snowflake' } })],
    ['/labels', (b: any) => expect(b.data.labels).toHaveLength(3)],
    [`/spaces?${P}`, (b: any) => expect(b.data.spaces[0].slug).toBe('personas-main')],
    [`/functions?${P}&resourceType=SOURCE`, (b: any) => expect(b.data.functions).toEqual([])],
  ])('GET %s', async (path, check) => {
    const emulator = await testEmulator();

    const res = await call(emulator, 'GET', path);

    expect(res.status).toBe(200);
    check(res.body);
  });

  it('renders group label grants both on resources and at permission level', async () => {
    const seed = demoSeed();
    seed.groups[0]!.permissions = [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }] }];
    const emulator = await testEmulator({ seed });

    const res = await call(emulator, 'GET', `/groups/${ENGINEERS}`);

    expect(res.body.data.userGroup.permissions[0]).toEqual({
      roleId: SOURCE_ADMIN, roleName: 'Source Admin',
      resources: [{ id: WS, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'prod' }] }],
      labels: [{ key: 'environment', value: 'prod' }],
    });
  });
});

describe('emulator: writes', () => {
  it('invites with permissions (201), which nobody can read back, and accepting keeps group memberships', async () => {
    const emulator = await testEmulator();
    const grant = [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }], labels: [{ key: 'environment', value: 'staging' }] }];

    const created = await call(emulator, 'POST', '/invites', { invites: [{ email: 'New@acme.com', permissions: grant }] });
    const added = await call(emulator, 'POST', `/groups/${ENGINEERS}/users`, { emails: ['new@acme.com'] });
    const groupInvites = await call(emulator, 'GET', `/groups/${ENGINEERS}/invites?${P}`);
    const accepted = await call(emulator, 'POST', '/__emulator/invites/accept', { email: 'new@acme.com' });
    const user = await call(emulator, 'GET', `/users/${accepted.body.data.user.id}`);
    const groupUsers = await call(emulator, 'GET', `/groups/${ENGINEERS}/users?${P}`);

    expect(created).toMatchObject({ status: 201, body: { data: { emails: ['New@acme.com'] } } });
    expect(added.body.data.userGroup.memberCount).toBe(2);
    expect(groupInvites.body.data.emails).toEqual(['New@acme.com']);
    expect(user.body.data.user).toMatchObject({
      email: 'New@acme.com',
      permissions: [{ roleName: 'Source Admin', resources: [{ id: WS, type: 'WORKSPACE', labels: [{ key: 'environment', value: 'staging' }] }] }],
    });
    expect(groupUsers.body.data.users.map((u: any) => u.email)).toEqual(['carol@acme.com', 'New@acme.com']);
  });

  it('replaces and adds user permissions, answering AccessPermissionV1 with extra keys', async () => {
    const emulator = await testEmulator();
    const permissions = [{ roleId: SOURCE_ADMIN, resources: [{ id: WEB_PROD, type: 'SOURCE' }] }];

    const replaced = await call(emulator, 'PUT', `/users/${CAROL}/permissions`, { permissions });
    const added = await call(emulator, 'POST', `/users/${CAROL}/permissions`, { permissions: [{ roleId: OWNER, resources: [{ id: WS, type: 'WORKSPACE' }] }] });
    const user = await call(emulator, 'GET', `/users/${CAROL}`);

    expect(replaced.body.data.permissions[0]).toMatchObject({ roleName: 'Source Admin', subjectId: CAROL, subjectType: 'user', resources: [{ id: WEB_PROD, type: 'SOURCE', labels: [] }] });
    expect(added.body.data.permissions).toHaveLength(1);
    expect(user.body.data.user.permissions.map((p: any) => p.roleName)).toEqual(['Source Admin', 'Workspace Owner']);
  });

  it('deletes users and invites with their group memberships', async () => {
    const emulator = await testEmulator();

    const users = await call(emulator, 'DELETE', `/users?userIds%5B0%5D=${CAROL}`);
    const invites = await call(emulator, 'DELETE', '/invites?emails%5B0%5D=frank%40acme.com');
    const group = await call(emulator, 'GET', `/groups/${ENGINEERS}`);
    const events = await call(emulator, 'GET', `/audit-events?${P}`);

    expect(users.body).toEqual({ data: { status: 'SUCCESS' } });
    expect(invites.body).toEqual({ data: { status: 'SUCCESS' } });
    expect(group.body.data.userGroup.memberCount).toBe(0);
    expect(events.body.data.events.map((e: any) => e.type)).toEqual(['Invite Deleted', 'Group Memberships Deleted', 'Non-Segment User Invited to Workspace']);
  });

  it('creates, renames, re-permissions, re-members and deletes a group (singular /group path for replace/remove)', async () => {
    const emulator = await testEmulator();

    const created = await call(emulator, 'POST', '/groups', { name: 'analysts' });
    const id = created.body.data.userGroup.id as string;
    const renamed = await call(emulator, 'PATCH', `/groups/${id}`, { name: 'data-analysts' });
    const perms = await call(emulator, 'PUT', `/groups/${id}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: 'WORKSPACE' }] }] });
    const addPerms = await call(emulator, 'POST', `/groups/${id}/permissions`, { permissions: [{ roleId: OWNER, resources: [{ id: WS, type: 'WORKSPACE' }] }] });
    const replaced = await call(emulator, 'PUT', `/group/${id}/users`, { emails: ['carol@acme.com', 'frank@acme.com'] });
    const pluralReplace = await call(emulator, 'PUT', `/groups/${id}/users`, { emails: ['carol@acme.com'] });
    const removed = await call(emulator, 'DELETE', `/group/${id}/users?emails.0=CAROL%40acme.com`);
    const after = await call(emulator, 'GET', `/groups/${id}`);
    const deleted = await call(emulator, 'DELETE', `/groups/${id}`);
    const gone = await call(emulator, 'GET', `/groups/${id}`);

    expect(created.status).toBe(200);
    expect(id).toHaveLength(27);
    expect(renamed.body.data.userGroup.name).toBe('data-analysts');
    expect(perms.body.data.permissions).toHaveLength(1);
    expect(addPerms.body.data.permissions).toHaveLength(2); // "the updated set"
    expect(replaced.body.data.userGroup.memberCount).toBe(2);
    expect(pluralReplace.status).toBe(405);
    expect(removed.body).toEqual({ data: { status: 'SUCCESS' } });
    expect(after.body.data.userGroup.memberCount).toBe(1);
    expect(deleted.body).toEqual({ data: { status: 'SUCCESS' } });
    expect(gone.status).toBe(404);
  });

  it('creates (201) and deletes labels, with URL-encoded path segments', async () => {
    const emulator = await testEmulator();

    const created = await call(emulator, 'POST', '/labels', { label: { key: 'team', value: 'data/eng' } });
    const deleted = await call(emulator, 'DELETE', '/labels/team/data%2Feng');
    const again = await call(emulator, 'DELETE', '/labels/team/data%2Feng');

    expect(created).toMatchObject({ status: 201, body: { data: { label: { key: 'team', value: 'data/eng' } } } });
    expect(deleted.status).toBe(200);
    expect(again.status).toBe(404);
  });

  it('writes one audit event per change, attributed to the calling token', async () => {
    const emulator = await testEmulator();

    await call(emulator, 'POST', '/groups', { name: 'x' });
    const events = await call(emulator, 'GET', `/audit-events?${P}&resourceType=user_group`);

    expect(events.body.data.events).toEqual([expect.objectContaining({
      id: 'events/2', type: 'User Group Created', actor: 'public-api-token/TJ7z8cg6', resourceType: 'user_group', resourceName: 'x',
    })]);
  });
});

describe('emulator: errors in the API envelope', () => {
  it.each([
    ['a missing token', 'GET', '/', undefined, null, 401, 'Unauthorized'],
    ['an unknown token', 'GET', '/', undefined, 'sgp_nope', 401, 'Unauthorized'],
    ['an unknown user', 'GET', '/users/nope', undefined, undefined, 404, 'NotFound'],
    ['an unknown path', 'GET', '/nothing', undefined, undefined, 404, 'NotFound'],
    ['count 0', 'GET', '/users?pagination%5Bcount%5D=0', undefined, undefined, 422, 'ValidationFailure'],
    ['count 1001', 'GET', '/users?pagination%5Bcount%5D=1001', undefined, undefined, 422, 'ValidationFailure'],
    ['an unknown role id', 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: 'nope', resources: [{ id: WS, type: 'WORKSPACE' }] }] }, undefined, 422, 'ValidationFailure'],
    ['an unknown source id', 'PUT', `/users/${CAROL}/permissions`, { permissions: [{ roleId: SOURCE_ADMIN, resources: [{ id: 'nope', type: 'SOURCE' }] }] }, undefined, 422, 'ValidationFailure'],
    ['deleteUsers without userIds', 'DELETE', '/users', undefined, undefined, 422, 'ValidationFailure'],
    ['a group add naming a stranger', 'POST', `/groups/${ENGINEERS}/users`, { emails: ['stranger@x.com'] }, undefined, 422, 'ValidationFailure'],
    ['inviting someone already invited', 'POST', '/invites', { invites: [{ email: 'FRANK@acme.com' }] }, undefined, 422, 'ValidationFailure'],
  ])('%s', async (_name, method, path, body, token, status, type) => {
    const emulator = await testEmulator();

    const res = await call(emulator, method, path, body, token === undefined ? emulator.token : token);

    expect(res.status).toBe(status);
    expect(res.body.errors[0].type).toBe(type);
    expect(res.body.data).toBeUndefined();
  });

  it('names the offending field on a 422', async () => {
    const emulator = await testEmulator();

    const res = await call(emulator, 'GET', '/users?pagination%5Bcount%5D=0');

    expect(res.body.errors[0]).toEqual({ type: 'ValidationFailure', message: 'pagination.count must be an integer between 1 and 1000', field: 'pagination.count' });
  });

  it('answers a list without pagination with its first page of 200, as the API does since v50', async () => {
    const seed = demoSeed();
    seed.users = Array.from({ length: 250 }, (_, i) => ({ id: `u${i}`, name: '', email: `p${i}@acme.com`, permissions: [] }));
    const emulator = await testEmulator({ seed });

    const res = await call(emulator, 'GET', '/users');

    expect(res.status).toBe(200);
    expect(res.body.data.users).toHaveLength(200);
    expect(res.body.data.pagination).toMatchObject({ current: 'MA==', next: 'MjAw', totalEntries: 250 });
  });
});
