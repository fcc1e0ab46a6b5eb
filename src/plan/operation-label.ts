// An operation in words, for messages and renderings: "addUsersToUserGroup owners: bob@acme.com",
// and the people or groups it acts on as a list (what the evidence records).
import type { Operation, Plan } from './types.js';

/** At most `max` items, then how many more: "a, b, c (+2)". */
export function shortList(items: readonly string[], max = 3): string {
  return `${items.slice(0, max).join(', ')}${items.length > max ? ` (+${items.length - max})` : ''}`;
}

/** Lower-case email to the spelling every output uses: the subject of the person's change (the manifest's). */
export type Spelling = ReadonlyMap<string, string>;

/** The spelling of each person a plan changes, for naming them in its operations. */
export function planSpelling(plan: Pick<Plan, 'changes'>): Spelling {
  return new Map(plan.changes.flatMap((c) => (c.subject.kind === 'person' ? [[c.subject.email.toLowerCase(), c.subject.email] as const] : [])));
}

/**
 * Every person (email) or group (`group NAME`) an operation acts on, people spelled as their change
 * names them (requests keep Segment's spelling: they name Segment's records).
 */
export function operationSubjectList(op: Pick<Operation, 'params'>, spelling: Spelling = new Map()): string[] {
  const p = op.params;
  const as = (email: string) => spelling.get(email.toLowerCase()) ?? email;
  switch (p.kind) {
    case 'createUserGroup': return [`group ${p.name}`];
    case 'createInvites': return p.invites.map((i) => as(i.email));
    case 'deleteInvites': return p.emails.map(as);
    case 'replacePermissionsForUser': return [as(p.email)];
    case 'replacePermissionsForUserGroup': return [`group ${p.group.name}`];
    case 'addUsersToUserGroup': case 'removeUsersFromUserGroup': return [`group ${p.group.name}`, ...p.emails.map(as)];
    case 'deleteUsers': return p.users.map((u) => as(u.email));
    case 'deleteUserGroup': return [`group ${p.group.name}`];
  }
}

/** The people or group an operation acts on, in a few words. */
export function operationSubjects(op: Pick<Operation, 'params'>, spelling: Spelling = new Map()): string {
  const p = op.params;
  switch (p.kind) {
    case 'addUsersToUserGroup': case 'removeUsersFromUserGroup': return `group ${p.group.name}: ${shortList(operationSubjectList(op, spelling).slice(1))}`;
    default: return shortList(operationSubjectList(op, spelling));
  }
}

export function operationLabel(op: Pick<Operation, 'id' | 'params'>): string {
  return `${op.id} (${operationSubjects(op)})`;
}
