// After a mutation fails in a way that may have applied it (5xx, reset, timeout), nothing is sent
// again blindly: the operation's subject is re-read and only what did not take effect is retried.
// Everything works from the operation's typed parameters (emails, user ids, group ids, grants).
import type { SegmentClient } from '../segment/client.js';
import { SegmentApiError } from '../segment/errors.js';
import { canonicalGrants, grantKey, grantsFromApi, type Grant } from '../workspace/model.js';
import type { OperationParams } from '../plan/types.js';
import { groupId, type CreatedGroups } from './requests.js';

const lower = (s: string) => s.toLowerCase();

/** The part of `params` still to do after re-reading its subject, or null when it is all in place. */
export async function remainingParams(params: OperationParams, client: SegmentClient, created: CreatedGroups): Promise<OperationParams | null> {
  switch (params.kind) {
    case 'createInvites': {
      const present = await people(client);
      const left = params.invites.filter((i) => !present.has(lower(i.email)));
      return left.length ? { ...params, invites: left } : null;
    }
    case 'deleteInvites': {
      const invites = new Set((await client.list('listInvites')).map(lower));
      const left = params.emails.filter((e) => invites.has(lower(e)));
      return left.length ? { ...params, emails: left } : null;
    }
    case 'deleteUsers': {
      const ids = new Set((await client.list('listUsers')).map((u) => u.id));
      const left = params.users.filter((u) => ids.has(u.id));
      return left.length ? { ...params, users: left } : null;
    }
    case 'addUsersToUserGroup': {
      const members = await groupMembers(client, groupId(params.group, created));
      const left = params.emails.filter((e) => !members.has(lower(e)));
      return left.length ? { ...params, emails: left } : null;
    }
    case 'removeUsersFromUserGroup': {
      const members = await groupMembers(client, params.group.id);
      const left = params.emails.filter((e) => members.has(lower(e)));
      return left.length ? { ...params, emails: left } : null;
    }
    case 'replacePermissionsForUser': {
      const data = await client.call('getUser', { params: { userId: params.userId } });
      return samePermissions(data.user.permissions, params.grants) ? null : params;
    }
    case 'replacePermissionsForUserGroup': {
      const data = await client.call('getUserGroup', { params: { userGroupId: groupId(params.group, created) } });
      return samePermissions(data.userGroup.permissions, params.grants) ? null : params;
    }
    case 'deleteUserGroup': {
      try {
        await client.call('getUserGroup', { params: { userGroupId: params.group.id } });
        return params;
      } catch (err) {
        if (err instanceof SegmentApiError && err.status === 404) return null;
        throw err;
      }
    }
    case 'createUserGroup':
      return params; // the executor looks the group up by name itself (see findGroups)
  }
}

/** Groups whose name equals `name` ignoring case. */
export async function findGroups(client: SegmentClient, name: string): Promise<Array<{ id: string; name: string }>> {
  const groups = await client.list('listUserGroups');
  return groups.filter((g) => lower(g.name) === lower(name));
}

async function people(client: SegmentClient): Promise<Set<string>> {
  const [invites, users] = await Promise.all([client.list('listInvites'), client.list('listUsers')]);
  return new Set([...invites.map(lower), ...users.map((u) => lower(u.email))]);
}

async function groupMembers(client: SegmentClient, id: string): Promise<Set<string>> {
  const params = { userGroupId: id };
  const [users, invites] = await Promise.all([
    client.list('listUsersFromUserGroup', { params }),
    client.list('listInvitesFromUserGroup', { params }),
  ]);
  return new Set([...users.map((u) => lower(u.email)), ...invites.map(lower)]);
}

function samePermissions(read: unknown, intended: readonly Grant[]): boolean {
  const a = grantsFromApi(read as never).map(grantKey);
  const b = canonicalGrants([...intended]).map(grantKey);
  return a.length === b.length && a.every((k, i) => k === b[i]);
}
