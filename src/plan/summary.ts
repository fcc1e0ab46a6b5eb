// The summary counts every kind of change, so the numbers a reviewer reads add up: people invited,
// re-invited, changed, removed, invites cancelled, memberships added and removed, groups created,
// changed and deleted, plus the pending invites left alone and the API calls it takes.
import { durationText, lowerBoundMs } from './duration.js';
import type { Change, Operation, PlanSummary } from './types.js';

export function summarize(changes: readonly Change[], operations: readonly Operation[], pending: number): PlanSummary {
  const count = (action: Change['action']) => changes.filter((c) => c.actions.includes(action)).length;
  const members = (kind: 'addUsersToUserGroup' | 'removeUsersFromUserGroup') =>
    operations.reduce((n, op) => n + (op.params.kind === kind ? op.params.emails.length : 0), 0);
  const changedPeople = changes.filter((c) => c.subject.kind === 'person' &&
    !c.actions.some((a) => a === 'invite' || a === 'reissue-invite' || a === 'remove' || a === 'cancel-invite')).length;
  return {
    invited: count('invite'),
    reinvited: count('reissue-invite'),
    changed: changedPeople,
    removed: count('remove'),
    invitesCancelled: count('cancel-invite'),
    membershipsAdded: members('addUsersToUserGroup'),
    membershipsRemoved: members('removeUsersFromUserGroup'),
    groupsCreated: count('create-group'),
    groupsChanged: changes.filter((c) => c.actions.includes('update-group') && !c.actions.includes('create-group')).length,
    groupsDeleted: count('delete-group'),
    pending,
    operations: operations.length,
    rateLimitedMs: Math.round(lowerBoundMs(operations)),
  };
}

/** "Plan: 3 to invite, 2 to change, 2 to remove, ..." — only the kinds present, always adding up. */
export function summaryLine(summary: PlanSummary, hasChanges: boolean): string {
  if (!hasChanges) return 'No changes. The workspace matches the manifests.';
  const s = summary;
  const people = [
    `${s.invited} to invite`, ...(s.reinvited ? [`${s.reinvited} to re-invite`] : []), `${s.changed} to change`,
    `${s.removed + s.invitesCancelled} to remove${s.invitesCancelled ? ` (${s.invitesCancelled} pending invite${s.invitesCancelled === 1 ? '' : 's'})` : ''}`,
  ];
  // The first item of each part names its noun, so "1 to change" never stands alone after people.
  const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
  const named = (items: Array<[number, string]>, noun: string) => items.filter(([n]) => n > 0)
    .map(([n, what], i) => `${i === 0 ? plural(n, noun) : n} ${what}`);
  const memberships = named([[s.membershipsAdded, 'added'], [s.membershipsRemoved, 'removed']], 'group membership');
  const groups = named([[s.groupsCreated, 'to create'], [s.groupsChanged, 'to change'], [s.groupsDeleted, 'to delete']], 'group');
  const calls = `${s.operations} API call${s.operations === 1 ? '' : 's'}, ${durationText(s.rateLimitedMs)} at Segment's rate limits`;
  return `Plan: ${[people, memberships, groups].filter((part) => part.length).map((part) => part.join(', ')).join('; ')}; ${calls}.`;
}
