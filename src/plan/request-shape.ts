// What Segment documents about the shape of a request, checked on the compiled calls before any is
// sent: no list beyond 200 items (a role's resources are split across permissions of the same
// request; more than 200 permissions or labels cannot be split without taking access away for a
// moment), and no empty permission list (Segment does not document one; docs/segment-api.md,
// "Size limits" and "Minimal Workspace Access").
import { invitePermissions, MAX_LIST_ITEMS, permissionInputs, type Grant } from '../workspace/model.js';
import type { GuardFinding, Operation } from './types.js';

/** The permission lists one operation sends, each with whom it is for. */
function listsOf(op: Operation): Array<{ who: string; grants: Grant[]; invite: boolean }> {
  const p = op.params;
  switch (p.kind) {
    case 'createInvites': return p.invites.map((i) => ({ who: i.email, grants: i.grants, invite: true }));
    case 'replacePermissionsForUser': return [{ who: p.email, grants: p.grants, invite: false }];
    case 'replacePermissionsForUserGroup': return [{ who: `group ${p.group.name}`, grants: p.grants, invite: false }];
    default: return [];
  }
}

export function requestGuards(operations: readonly Operation[]): GuardFinding[] {
  const findings: GuardFinding[] = [];
  for (const op of operations) {
    for (const list of listsOf(op)) {
      if (list.grants.length === 0) {
        findings.push({ guard: 'empty-list', overridable: false, message: `${op.id} would send an empty permission list for ${list.who}; Segment does not document what that does, and this workspace serves no Minimal Workspace Access role to write instead` });
        continue;
      }
      const permissions = list.invite ? invitePermissions(list.grants) : permissionInputs(list.grants);
      if (permissions.length > MAX_LIST_ITEMS) {
        findings.push({ guard: 'request-size', overridable: false, message: `${op.id} would send ${permissions.length} permissions for ${list.who}, over Segment's limit of ${MAX_LIST_ITEMS} per request; give fewer separate roles or label selectors (a role on many resources is split by itself, but a list cannot be split across calls without taking access away in between)` });
      }
      const labels = Math.max(0, ...list.grants.map((g) => g.labels.length));
      if (labels > MAX_LIST_ITEMS) {
        findings.push({ guard: 'request-size', overridable: false, message: `${op.id} would send a permission with ${labels} labels for ${list.who}, over Segment's limit of ${MAX_LIST_ITEMS}` });
      }
    }
  }
  return findings;
}
