// After a mutation fails in a way that may have applied it (5xx, reset, timeout), nothing is sent
// again blindly: the affected subject is re-read and only what did not take effect is retried.
// Each function returns the call still to make, or null when the change is already in place.
import type { SegmentClient } from '../segment/client.js';
import { canonicalGrants, grantKey, grantsFromApi } from '../workspace/model.js';

/** A step with concrete ids, ready to send. */
export interface Call {
  operation: string;
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  query?: Record<string, string[]>;
  body?: any;
}

const lower = (s: string) => s.toLowerCase();

export async function remainingCall(call: Call, client: SegmentClient): Promise<Call | null> {
  switch (call.operation) {
    case 'createInvites': {
      const present = await people(client);
      const left = (call.body.invites as Array<{ email: string }>).filter((i) => !present.has(lower(i.email)));
      return left.length ? { ...call, body: { invites: left } } : null;
    }
    case 'deleteInvites': {
      const invites = new Set((await client.list<string>('listInvites', '/invites', 'invites')).map(lower));
      const left = call.query!.emails!.filter((e) => invites.has(lower(e)));
      return left.length ? { ...call, query: { emails: left } } : null;
    }
    case 'deleteUsers': {
      const ids = new Set((await client.list<{ id: string }>('listUsers', '/users', 'users')).map((u) => u.id));
      const left = call.query!.userIds!.filter((id) => ids.has(id));
      return left.length ? { ...call, query: { userIds: left } } : null;
    }
    case 'addUsersToUserGroup': {
      const members = await groupMembers(client, call.path.replace(/\/users$/, ''));
      const left = (call.body.emails as string[]).filter((e) => !members.has(lower(e)));
      return left.length ? { ...call, body: { emails: left } } : null;
    }
    case 'removeUsersFromUserGroup': {
      const members = await groupMembers(client, call.path.replace(/^\/group\//, '/groups/').replace(/\/users$/, ''));
      const left = call.query!.emails!.filter((e) => members.has(lower(e)));
      return left.length ? { ...call, query: { emails: left } } : null;
    }
    case 'replacePermissionsForUser': {
      const data = await client.call<any>('getUser', 'GET', call.path.replace(/\/permissions$/, ''));
      return samePermissions(data.user.permissions, call.body.permissions) ? null : call;
    }
    case 'replacePermissionsForUserGroup': {
      const data = await client.call<any>('getUserGroup', 'GET', call.path.replace(/\/permissions$/, ''));
      return samePermissions(data.userGroup.permissions, call.body.permissions) ? null : call;
    }
    case 'deleteUserGroup': {
      try {
        await client.call('getUserGroup', 'GET', call.path);
        return call;
      } catch (err) {
        if ((err as { status?: number }).status === 404) return null;
        throw err;
      }
    }
    default:
      return call;
  }
}

/** For createUserGroup: the id of a group of that name if the lost call created it. */
export async function findGroupId(client: SegmentClient, name: string): Promise<string | undefined> {
  const groups = await client.list<{ id: string; name: string }>('listUserGroups', '/groups', 'userGroups');
  return groups.find((g) => lower(g.name) === lower(name))?.id;
}

async function people(client: SegmentClient): Promise<Set<string>> {
  const [invites, users] = await Promise.all([
    client.list<string>('listInvites', '/invites', 'invites'),
    client.list<{ email: string }>('listUsers', '/users', 'users'),
  ]);
  return new Set([...invites.map(lower), ...users.map((u) => lower(u.email))]);
}

async function groupMembers(client: SegmentClient, groupPath: string): Promise<Set<string>> {
  const [users, invites] = await Promise.all([
    client.list<{ email: string }>('listUsersFromUserGroup', `${groupPath}/users`, 'users'),
    client.list<string>('listInvitesFromUserGroup', `${groupPath}/invites`, 'emails'),
  ]);
  return new Set([...users.map((u) => lower(u.email)), ...invites.map(lower)]);
}

function samePermissions(read: unknown, intended: unknown): boolean {
  const a = canonicalGrants(grantsFromApi(read as never)).map(grantKey);
  const b = canonicalGrants(grantsFromApi(intended as never)).map(grantKey);
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
