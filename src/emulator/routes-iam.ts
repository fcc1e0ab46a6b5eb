// Users, invites and groups: the IAM behaviour, not just its shapes. Invites are separate from users
// and carry permissions nobody can read back; deleting users or invites also drops their group
// memberships; replace means the whole list; membership writes take emails of users and invites.
import { ApiError } from './errors.js';
import { idGenerator } from './ids.js';
import { page, pageRequest } from './pagination.js';
import { parsePermissions, renderAccessPermissions, renderPermissions } from './permissions.js';
import { route, type HandlerContext, type Route } from './routes.js';
import type { EmulatorState } from './state.js';
import { MINIMAL_WORKSPACE_ACCESS, unknownsOf } from './unknowns.js';

const ids = idGenerator();
type Json = Record<string, unknown>;
type State = EmulatorState;

const lower = (email: string) => email.toLowerCase();

function user(state: State, id: string) {
  const found = state.users.find((u) => u.id === id);
  if (!found) throw ApiError.notFound();
  return found;
}

function group(state: State, id: string) {
  const found = state.groups.find((g) => g.id === id);
  if (!found) throw ApiError.notFound();
  return found;
}

/**
 * Positions in `state.users` by lower-cased email, kept per users list and rebuilt when its length
 * changes: the list is replaced or appended to, and no operation changes a user's email. Reading a
 * group's users then costs its members, not all 10,000 users of the workspace on every request.
 */
const userPositions = new WeakMap<State['users'], { length: number; byEmail: Map<string, number[]> }>();
function usersByEmail(state: State): Map<string, number[]> {
  const cached = userPositions.get(state.users);
  if (cached && cached.length === state.users.length) return cached.byEmail;
  const byEmail = new Map<string, number[]>();
  state.users.forEach((u, i) => {
    const key = lower(u.email);
    const at = byEmail.get(key);
    if (at) at.push(i);
    else byEmail.set(key, [i]);
  });
  userPositions.set(state.users, { length: state.users.length, byEmail });
  return byEmail;
}

function requiredArray(ctx: HandlerContext, name: string): string[] {
  const values = ctx.query.arrays.get(name);
  if (!values || values.length === 0) throw ApiError.validation(`${name} is required`, name);
  return values;
}

function bodyEmails(ctx: HandlerContext, allowEmpty: boolean): string[] {
  const emails = (ctx.body as Json | undefined)?.emails;
  if (!Array.isArray(emails) || emails.some((e) => typeof e !== 'string')) throw ApiError.validation('emails must be an array of strings', 'emails');
  if (!allowEmpty && emails.length === 0) throw ApiError.validation('emails must not be empty', 'emails');
  if (unknownsOf(ctx.state).caps === '200' && emails.length > 200) throw ApiError.validation(`emails has ${emails.length} entries; at most 200 are accepted`, 'emails');
  return emails as string[];
}

/** Minimal Workspace Access on the workspace, as `mwa=default` gives it to every member and group SSO or SCIM makes. */
function floorPermission(state: State) {
  const mwa = state.roles.find((r) => r.name === MINIMAL_WORKSPACE_ACCESS);
  return mwa && unknownsOf(state).mwa === 'default' ? [{ roleId: mwa.id, resources: [{ id: state.workspace.id, type: 'WORKSPACE' as const, labels: [] }] }] : [];
}

/** Emails a group write may name: current users and pending invites. */
function checkMembers(state: State, emails: string[]): void {
  const known = new Set([...state.users.map((u) => lower(u.email)), ...state.invites.map((i) => lower(i.email))]);
  emails.forEach((email, i) => {
    if (!known.has(lower(email))) throw ApiError.validation(`${email} is neither a user nor an invite of this workspace`, `emails[${i}]`);
  });
}

function renderUser(state: State, u: State['users'][number], withPermissions: boolean): Json {
  const out: Json = { id: u.id, name: u.name, email: u.email };
  if (withPermissions) out.permissions = renderPermissions(state, u.permissions, false);
  return out;
}

function renderGroup(state: State, g: State['groups'][number]): Json {
  const out: Json = { id: g.id, name: g.name, memberCount: g.members.length };
  if (g.permissions.length) out.permissions = renderPermissions(state, g.permissions, true);
  return out;
}

/** Removes emails from every group; returns the groups that changed. */
function dropMemberships(state: State, emails: Set<string>): State['groups'] {
  const changed: State['groups'] = [];
  for (const g of state.groups) {
    const before = g.members.length;
    g.members = g.members.filter((m) => !emails.has(m));
    if (g.members.length !== before) changed.push(g);
  }
  return changed;
}

// Audit events: exactly the types each operation documents (docs/segment-api.md "Audit Trail", from the
// SDK's doc comments). Their payload is undocumented; the emulator's convention is: resourceType
// `user` / `invite` / `user_group` / `policy`, resourceId the user id, the invite's email or the group
// id, resourceName the email or the group's name. A policy event names the user, invite or group it
// belongs to. Membership events name only the group, as nothing documented says which member.
const policyEvent = (ctx: HandlerContext, type: string, subjectId: string, subjectName: string) => ctx.audit(type, 'policy', subjectId, subjectName);
const groupEvent = (ctx: HandlerContext, type: string, g: { id: string; name: string }) => ctx.audit(type, 'user_group', g.id, g.name);


export function iamRoutes(options: { listPermissions: boolean }): Route[] {
  return [...userRoutes(options), ...inviteRoutes(), ...groupRoutes(), ...groupMemberRoutes()];
}

/** Users: list (permissions optional, as some API versions leave them out), get, delete, permissions. */
function userRoutes(options: { listPermissions: boolean }): Route[] {
  return [
    route('GET', '/users', 'listUsers', false, (ctx) => {
      const { items, pagination } = page(ctx.state.users, pageRequest(ctx.query));
      return { data: { users: items.map((u) => renderUser(ctx.state, u, options.listPermissions)), pagination } };
    }),
    route('GET', '/users/{userId}', 'getUser', false, (ctx) =>
      ({ data: { user: renderUser(ctx.state, user(ctx.state, ctx.params.userId!), true) } })),
    route('DELETE', '/users', 'deleteUsers', true, (ctx) => {
      const userIds = requiredArray(ctx, 'userIds');
      const targets = userIds.map((id) => user(ctx.state, id));
      const emails = new Set(targets.map((u) => lower(u.email)));
      ctx.state.users = ctx.state.users.filter((u) => !emails.has(lower(u.email)));
      for (const g of dropMemberships(ctx.state, emails)) groupEvent(ctx, 'Group Memberships Deleted', g);
      return { data: { status: 'SUCCESS' } };
    }),
    route('POST', '/users/{userId}/permissions', 'addPermissionsToUser', true, (ctx) => {
      const u = user(ctx.state, ctx.params.userId!);
      const added = parsePermissions(ctx.state, (ctx.body as Json)?.permissions, 'permissions');
      u.permissions.push(...added);
      policyEvent(ctx, 'Policy Created', u.id, u.email);
      policyEvent(ctx, 'User Policy Updated', u.id, u.email);
      return { data: { permissions: renderAccessPermissions(ctx.state, added, u.id, 'user') } };
    }),
    route('PUT', '/users/{userId}/permissions', 'replacePermissionsForUser', true, (ctx) => {
      const u = user(ctx.state, ctx.params.userId!);
      u.permissions = parsePermissions(ctx.state, (ctx.body as Json)?.permissions, 'permissions');
      policyEvent(ctx, 'Policy Deleted', u.id, u.email);
      return { data: { permissions: renderAccessPermissions(ctx.state, u.permissions, u.id, 'user') } };
    }),
    route('GET', '/users/{userId}/groups', 'listUserGroupsFromUser', false, (ctx) => {
      const email = lower(user(ctx.state, ctx.params.userId!).email);
      const groups = ctx.state.groups.filter((g) => g.members.includes(email)).map((g) => ({ id: g.id, name: g.name }));
      const { items, pagination } = page(groups, pageRequest(ctx.query));
      return { data: { groups: items, pagination } };
    }),
  ];
}

/** Invites: emails only on read; creating one for a member or a pending invite is refused. */
function inviteRoutes(): Route[] {
  return [
    route('GET', '/invites', 'listInvites', false, (ctx) => {
      const { items, pagination } = page(ctx.state.invites, pageRequest(ctx.query));
      return { data: { invites: items.map((i) => i.email), pagination } };
    }),
    route('POST', '/invites', 'createInvites', true, (ctx) => {
      const invites = (ctx.body as Json)?.invites;
      if (!Array.isArray(invites) || invites.length === 0) throw ApiError.validation('invites must be a non-empty array', 'invites');
      const taken = new Set([...ctx.state.users.map((u) => lower(u.email)), ...ctx.state.invites.map((i) => lower(i.email))]);
      const parsed = invites.map((raw: Json, i) => {
        const email = raw?.email;
        if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+$/.test(email)) throw ApiError.validation(`invites[${i}].email is not an email`, `invites[${i}].email`);
        if (taken.has(lower(email))) throw ApiError.validation(`${email} is already a member or invited`, `invites[${i}].email`);
        taken.add(lower(email));
        return { email, permissions: parsePermissions(ctx.state, raw.permissions ?? [], `invites[${i}].permissions`, true) };
      });
      for (const invite of parsed) {
        ctx.state.invites.push({ ...invite, createdAt: ctx.now.toISOString() });
        ctx.audit('Non-Segment User Invited to Workspace', 'invite', invite.email, invite.email);
        if (invite.permissions.length) policyEvent(ctx, 'Policy Created', invite.email, invite.email);
      }
      return { status: 201, data: { emails: parsed.map((p) => p.email) } };
    }),
    route('DELETE', '/invites', 'deleteInvites', true, (ctx) => {
      const emails = requiredArray(ctx, 'emails');
      const targets = new Set(emails.map(lower));
      const existing = new Set(ctx.state.invites.map((i) => lower(i.email)));
      const missing = emails.find((e) => !existing.has(lower(e)));
      if (missing) throw ApiError.notFound(`no invite for ${missing}`);
      const removed = ctx.state.invites.filter((i) => targets.has(lower(i.email)));
      ctx.state.invites = ctx.state.invites.filter((i) => !targets.has(lower(i.email)));
      for (const i of removed) ctx.audit('Invite Deleted', 'invite', i.email, i.email);
      for (const g of dropMemberships(ctx.state, targets)) groupEvent(ctx, 'Group Memberships Deleted', g);
      return { data: { status: 'SUCCESS' } };
    }),
  ];
}

/** Groups and their permissions. */
function groupRoutes(): Route[] {
  return [
    route('GET', '/groups', 'listUserGroups', false, (ctx) => {
      const { items, pagination } = page(ctx.state.groups, pageRequest(ctx.query));
      return { data: { userGroups: items.map((g) => renderGroup(ctx.state, g)), pagination } };
    }),
    route('POST', '/groups', 'createUserGroup', true, (ctx) => {
      const name = (ctx.body as Json)?.name;
      if (typeof name !== 'string' || name.trim() === '') throw ApiError.validation('name is required', 'name');
      const g = { id: ids.ksuid(), name, permissions: floorPermission(ctx.state), members: [] };
      ctx.state.groups.push(g);
      groupEvent(ctx, 'User Group Created', g);
      return { data: { userGroup: renderGroup(ctx.state, g) } };
    }),
    route('GET', '/groups/{groupId}', 'getUserGroup', false, (ctx) =>
      ({ data: { userGroup: renderGroup(ctx.state, group(ctx.state, ctx.params.groupId!)) } })),
    route('PATCH', '/groups/{groupId}', 'updateUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      const name = (ctx.body as Json)?.name;
      if (typeof name !== 'string' || name.trim() === '') throw ApiError.validation('name is required', 'name');
      g.name = name;
      groupEvent(ctx, 'User Group Updated', g);
      return { data: { userGroup: renderGroup(ctx.state, g) } };
    }),
    route('DELETE', '/groups/{groupId}', 'deleteUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      ctx.state.groups = ctx.state.groups.filter((x) => x !== g);
      groupEvent(ctx, 'User Group Deleted', g);
      return { data: { status: 'SUCCESS' } };
    }),
    route('POST', '/groups/{groupId}/permissions', 'addPermissionsToUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      g.permissions.push(...parsePermissions(ctx.state, (ctx.body as Json)?.permissions, 'permissions'));
      policyEvent(ctx, 'Policy Created', g.id, g.name);
      policyEvent(ctx, 'User Group Policy Updated', g.id, g.name);
      return { data: { permissions: renderAccessPermissions(ctx.state, g.permissions, g.id, 'group') } };
    }),
    route('PUT', '/groups/{groupId}/permissions', 'replacePermissionsForUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      g.permissions = parsePermissions(ctx.state, (ctx.body as Json)?.permissions, 'permissions');
      policyEvent(ctx, 'Policy Deleted', g.id, g.name);
      return { data: { permissions: renderAccessPermissions(ctx.state, g.permissions, g.id, 'group') } };
    }),
  ];
}

/** Group membership: reads split into users and invites, writes by email (singular /group/ path for two). */
function groupMemberRoutes(): Route[] {
  return [
    route('GET', '/groups/{groupId}/users', 'listUsersFromUserGroup', false, (ctx) => {
      const byEmail = usersByEmail(ctx.state);
      const positions = new Set(group(ctx.state, ctx.params.groupId!).members.flatMap((m) => byEmail.get(lower(m)) ?? []));
      const users = [...positions].sort((a, b) => a - b).map((i) => ctx.state.users[i]!);
      const { items, pagination } = page(users, pageRequest(ctx.query));
      return { data: { users: items.map((u) => ({ id: u.id, name: u.name, email: u.email })), pagination } };
    }),
    route('GET', '/groups/{groupId}/invites', 'listInvitesFromUserGroup', false, (ctx) => {
      const members = new Set(group(ctx.state, ctx.params.groupId!).members);
      const invites = ctx.state.invites.filter((i) => members.has(lower(i.email)));
      const { items, pagination } = page(invites, pageRequest(ctx.query));
      return { data: { emails: items.map((i) => i.email), pagination } };
    }),
    route('POST', '/groups/{groupId}/users', 'addUsersToUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      const emails = bodyEmails(ctx, false);
      checkMembers(ctx.state, emails);
      const added = emails.map(lower).filter((e, i, all) => !g.members.includes(e) && all.indexOf(e) === i);
      g.members.push(...added);
      if (added.length) {
        groupEvent(ctx, 'Subjects Added to Group', g);
        groupEvent(ctx, 'User Added To User Group', g);
      }
      return { data: { userGroup: renderGroup(ctx.state, g) } };
    }),
    route('PUT', '/group/{groupId}/users', 'replaceUsersInUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      // An empty list is accepted and empties the group (docs/segment-api.md "Size limits"; the Terraform
      // provider relies on it since its PR #137).
      const emails = bodyEmails(ctx, true);
      checkMembers(ctx.state, emails);
      const next = [...new Set(emails.map(lower))];
      if (next.some((e) => !g.members.includes(e))) {
        groupEvent(ctx, 'Subjects Added to Group', g);
        groupEvent(ctx, 'User Added To User Group', g);
      }
      if (g.members.some((e) => !next.includes(e))) groupEvent(ctx, 'Group Memberships Deleted', g);
      g.members = next;
      return { data: { userGroup: renderGroup(ctx.state, g) } };
    }),
    route('DELETE', '/group/{groupId}/users', 'removeUsersFromUserGroup', true, (ctx) => {
      const g = group(ctx.state, ctx.params.groupId!);
      const emails = new Set(requiredArray(ctx, 'emails').map(lower));
      if (g.members.some((e) => emails.has(e))) {
        groupEvent(ctx, 'Group Memberships Deleted', g);
        groupEvent(ctx, 'User Removed From User Group', g);
      }
      g.members = g.members.filter((e) => !emails.has(e));
      return { data: { status: 'SUCCESS' } };
    }),
  ];
}
