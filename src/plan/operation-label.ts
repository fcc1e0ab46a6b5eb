// An operation in words, for messages and renderings: "addUsersToUserGroup owners: bob@acme.com",
// and the people or groups it acts on as a list (what the evidence records).
import type { Operation } from './types.js';

/** At most `max` items, then how many more: "a, b, c (+2)". */
export function shortList(items: readonly string[], max = 3): string {
  return `${items.slice(0, max).join(', ')}${items.length > max ? ` (+${items.length - max})` : ''}`;
}

/** Every person (email) or group (`group NAME`) an operation acts on. */
export function operationSubjectList(op: Pick<Operation, 'params'>): string[] {
  const p = op.params;
  switch (p.kind) {
    case 'createUserGroup': return [`group ${p.name}`];
    case 'createInvites': return p.invites.map((i) => i.email);
    case 'deleteInvites': return [...p.emails];
    case 'replacePermissionsForUser': return [p.email];
    case 'replacePermissionsForUserGroup': return [`group ${p.group.name}`];
    case 'addUsersToUserGroup': case 'removeUsersFromUserGroup': return [`group ${p.group.name}`, ...p.emails];
    case 'deleteUsers': return p.users.map((u) => u.email);
    case 'deleteUserGroup': return [`group ${p.group.name}`];
  }
}

/** The people or group an operation acts on, in a few words. */
export function operationSubjects(op: Pick<Operation, 'params'>): string {
  const p = op.params;
  switch (p.kind) {
    case 'addUsersToUserGroup': case 'removeUsersFromUserGroup': return `group ${p.group.name}: ${shortList(p.emails)}`;
    default: return shortList(operationSubjectList(op));
  }
}

export function operationLabel(op: Pick<Operation, 'id' | 'params'>): string {
  return `${op.id} (${operationSubjects(op)})`;
}
