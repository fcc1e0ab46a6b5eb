// Typed operation -> request: the endpoint table gives method and path; ids are checked there, and
// bodies are built here from the operation's grants and emails, typed per operation from Segment's
// models (schema/segment-requests.schema.json): a field Segment names otherwise does not compile.
// Nothing here parses a path or a display string; a group this run created is known by the
// operation that created it.
import type { Request } from '../segment/client.js';
import { invitePermissions, permissionInputs } from '../workspace/model.js';
import type { GroupRef, Operation } from '../plan/types.js';

export type { Request } from '../segment/client.js';

/** Group ids of the groups created so far in this run, by the id of the operation that created them. */
export type CreatedGroups = Map<string, string>;

export class MissingGroupError extends Error {
  constructor(readonly group: string, readonly createdBy: string) {
    super(`group ${group} was to be created by ${createdBy}, which did not succeed`);
    this.name = 'MissingGroupError';
  }
}

export function groupId(ref: GroupRef, created: CreatedGroups): string {
  if ('id' in ref) return ref.id;
  const id = created.get(ref.createdBy);
  if (!id) throw new MissingGroupError(ref.name, ref.createdBy);
  return id;
}

export function requestFor(op: Pick<Operation, 'params'>, created: CreatedGroups): Request {
  const p = op.params;
  switch (p.kind) {
    case 'createUserGroup':
      return { operation: p.kind, body: { name: p.name } };
    case 'createInvites':
      return { operation: p.kind, body: { invites: p.invites.map((i) => ({ email: i.email, permissions: invitePermissions(i.grants) })) } };
    case 'deleteInvites':
      return { operation: p.kind, query: { emails: p.emails } };
    case 'replacePermissionsForUser':
      return { operation: p.kind, params: { userId: p.userId }, body: { permissions: permissionInputs(p.grants) } };
    case 'replacePermissionsForUserGroup':
      return { operation: p.kind, params: { userGroupId: groupId(p.group, created) }, body: { permissions: permissionInputs(p.grants) } };
    case 'addUsersToUserGroup':
      return { operation: p.kind, params: { userGroupId: groupId(p.group, created) }, body: { emails: p.emails } };
    case 'removeUsersFromUserGroup':
      return { operation: p.kind, params: { userGroupId: p.group.id }, query: { emails: p.emails } };
    case 'deleteUsers':
      return { operation: p.kind, query: { userIds: p.users.map((u) => u.id) } };
    case 'deleteUserGroup':
      return { operation: p.kind, params: { userGroupId: p.group.id } };
  }
}
