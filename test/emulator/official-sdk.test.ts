// The emulator held to Segment's own client and to the tool's response schemas: Segment's official
// TypeScript SDK (@segment/public-api-sdk-typescript, the newest version on the registry) drives it
// through every operation segment-access uses, and every answer — read raw — must satisfy the same
// schema the client checks real responses against (schema/segment-api.schema.json).
import sdk from '@segment/public-api-sdk-typescript';
import { describe, expect, it } from 'vitest';
import { responseProblem } from '../../src/segment/responses.js';
import { ENDPOINTS, type OperationName } from '../../src/segment/endpoints.js';
import { DEMO } from '../helpers/demo-ids.js';
import { call, testEmulator } from '../helpers/emulator.js';

const { workspace: WS, sourceAdminRole: SOURCE_ADMIN, engineers: ENGINEERS, legacyAdmins: LEGACY, carol: CAROL, mallory: MALLORY } = DEMO;
const page = { count: 100 };
const perms = [{ roleId: SOURCE_ADMIN, resources: [{ id: WS, type: sdk.PermissionResourceV1.TypeEnum.WORKSPACE }] }];

function apis(url: string, token: string) {
  const configure = <T extends { accessToken: string | (() => string) }>(api: T): T => { api.accessToken = token; return api; };
  return {
    workspaces: configure(new sdk.WorkspacesApi(url)),
    roles: configure(new sdk.IAMRolesApi(url)),
    users: configure(new sdk.IAMUsersApi(url)),
    groups: configure(new sdk.IAMGroupsApi(url)),
    sources: configure(new sdk.SourcesApi(url)),
    destinations: configure(new sdk.DestinationsApi(url)),
    warehouses: configure(new sdk.WarehousesApi(url)),
    labels: configure(new sdk.LabelsApi(url)),
    spaces: configure(new sdk.SpacesApi(url)),
    functions: configure(new sdk.FunctionsApi(url)),
    audit: configure(new sdk.AuditTrailApi(url)),
  };
}

describe("the emulator under Segment's official SDK", () => {
  it('answers every operation segment-access uses', async () => {
    const emulator = await testEmulator();
    const api = apis(emulator.url, emulator.token);

    const reads = await Promise.all([
      api.workspaces.getWorkspace(), api.roles.listRoles(page), api.users.listUsers(page), api.users.getUser(CAROL), api.users.listInvites(page),
      api.groups.listUserGroups(page), api.groups.getUserGroup(ENGINEERS), api.groups.listUsersFromUserGroup(ENGINEERS, page),
      api.groups.listInvitesFromUserGroup(ENGINEERS, page), api.sources.listSources(page), api.destinations.listDestinations(page),
      api.warehouses.listWarehouses(page), api.labels.listLabels(), api.spaces.listSpaces(page), api.functions.listFunctions(page, 'SOURCE'),
      api.audit.listAuditEvents(page, '2020-01-01T00:00:00Z'),
    ]);
    const created = await api.groups.createUserGroup({ name: 'sdk-made' });
    const groupId = created.body.data!.userGroup.id;
    const writes = [
      created,
      await api.groups.replacePermissionsForUserGroup(groupId, { permissions: perms }),
      await api.users.createInvites({ invites: [{ email: 'sdk@acme.com', permissions: perms }] }),
      await api.groups.addUsersToUserGroup(groupId, { emails: ['sdk@acme.com', 'carol@acme.com'] }),
      await api.groups.removeUsersFromUserGroup(groupId, ['carol@acme.com']),
      await api.users.replacePermissionsForUser(CAROL, { permissions: perms }),
      await api.users.deleteInvites(['frank@acme.com']),
      await api.users.deleteUsers([MALLORY]),
      await api.groups.deleteUserGroup(LEGACY),
    ];

    expect([...reads, ...writes].map((r) => r.response.statusCode).every((s) => s !== undefined && s >= 200 && s < 300)).toBe(true);
    expect(reads[0].body.data!.workspace.slug).toBe('acme-prod');
    expect(reads[2].body.data!.users.map((u) => u.email)).toContain('carol@acme.com');
    expect(writes[2]!.response.statusCode).toBe(201);
    expect(emulator.store.state.users.find((u) => u.id === CAROL)!.permissions.map((p) => p.roleId)).toEqual([SOURCE_ADMIN]);
    expect(emulator.store.state.groups.find((g) => g.id === groupId)!.members).toEqual(['sdk@acme.com']);
  });

  it('rejects what the SDK would be rejected for: a 401 for a wrong token, a 404 for an unknown user', async () => {
    const emulator = await testEmulator();
    const api = apis(emulator.url, 'sgp_not_this_one');

    await expect(api.workspaces.getWorkspace()).rejects.toMatchObject({ statusCode: 401 });
    await expect(apis(emulator.url, emulator.token).users.getUser('nope')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe("the emulator's answers against the client's response schemas", () => {
  const cases: Array<[OperationName, string, string, unknown?]> = [
    ['getWorkspace', 'GET', '/'], ['listRoles', 'GET', '/roles'], ['listUsers', 'GET', '/users'], ['getUser', 'GET', `/users/${CAROL}`],
    ['listInvites', 'GET', '/invites'], ['listUserGroups', 'GET', '/groups'], ['getUserGroup', 'GET', `/groups/${ENGINEERS}`],
    ['listUsersFromUserGroup', 'GET', `/groups/${ENGINEERS}/users`], ['listInvitesFromUserGroup', 'GET', `/groups/${ENGINEERS}/invites`],
    ['listSources', 'GET', '/sources'], ['listDestinations', 'GET', '/destinations'], ['listWarehouses', 'GET', '/warehouses'],
    ['listLabels', 'GET', '/labels'], ['listSpaces', 'GET', '/spaces'], ['listFunctions', 'GET', '/functions?resourceType=SOURCE'],
    ['listAuditEvents', 'GET', '/audit-events'],
    ['createUserGroup', 'POST', '/groups', { name: 'raw' }],
    ['replacePermissionsForUserGroup', 'PUT', `/groups/${ENGINEERS}/permissions`, { permissions: perms }],
    ['addUsersToUserGroup', 'POST', `/groups/${ENGINEERS}/users`, { emails: ['erin@acme.com'] }],
    ['removeUsersFromUserGroup', 'DELETE', `/group/${ENGINEERS}/users?emails%5B0%5D=carol%40acme.com`],
    ['createInvites', 'POST', '/invites', { invites: [{ email: 'raw@acme.com' }] }],
    ['deleteInvites', 'DELETE', '/invites?emails%5B0%5D=frank%40acme.com'],
    ['replacePermissionsForUser', 'PUT', `/users/${CAROL}/permissions`, { permissions: perms }],
    ['deleteUsers', 'DELETE', `/users?userIds%5B0%5D=${MALLORY}`],
    ['deleteUserGroup', 'DELETE', `/groups/${LEGACY}`],
  ];

  it('covers every operation of the endpoint table', () => {
    expect(cases.map(([op]) => op).sort()).toEqual(Object.keys(ENDPOINTS).sort());
  });

  it.each(cases)('%s', async (operation, method, path, body) => {
    const emulator = await testEmulator();
    const joiner = path.includes('?') ? '&' : '?';

    const res = await call(emulator, method, ENDPOINTS[operation].method === 'GET' && path !== '/' && operation !== 'getUser' && operation !== 'getUserGroup' && operation !== 'listLabels' ? `${path}${joiner}pagination%5Bcount%5D=10` : path, body);

    expect(res.status).toBeLessThan(300);
    expect(responseProblem(operation, JSON.stringify(res.body))).toEqual({ data: res.body.data });
  });
});
