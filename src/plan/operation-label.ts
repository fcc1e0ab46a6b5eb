// An operation in words, for messages and renderings: "addUsersToUserGroup owners: bob@acme.com".
import type { Operation } from './types.js';

const list = (items: readonly string[], max = 3) =>
  `${items.slice(0, max).join(', ')}${items.length > max ? ` (+${items.length - max})` : ''}`;

/** The people or group an operation acts on, in a few words. */
export function operationSubjects(op: Pick<Operation, 'params'>): string {
  const p = op.params;
  switch (p.kind) {
    case 'createUserGroup': return `group ${p.name}`;
    case 'createInvites': return list(p.invites.map((i) => i.email));
    case 'deleteInvites': return list(p.emails);
    case 'replacePermissionsForUser': return p.email;
    case 'replacePermissionsForUserGroup': return `group ${p.group.name}`;
    case 'addUsersToUserGroup': return `group ${p.group.name}: ${list(p.emails)}`;
    case 'removeUsersFromUserGroup': return `group ${p.group.name}: ${list(p.emails)}`;
    case 'deleteUsers': return list(p.users.map((u) => u.email));
    case 'deleteUserGroup': return `group ${p.group.name}`;
  }
}

export function operationLabel(op: Pick<Operation, 'id' | 'params'>): string {
  return `${op.id} (${operationSubjects(op)})`;
}
