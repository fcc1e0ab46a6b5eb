// One change per group: create, update (permissions or members) or delete, with before/after
// grants and members. Groups are matched by name to the live group's id; a group in no manifest is
// deleted, or only reported under `policy.unmanaged: report`.
import { idpGroup } from '../manifest/identity.js';
import { sameGrants } from '../workspace/model.js';
import { groupAfter, groupBefore, plainGrants, type PlanContext } from './context.js';
import type { Intents } from './intents.js';
import { groupRisks } from './risks.js';
import type { ChangeAction, GroupChange, PlanWarning, Reason } from './types.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The change id of a group: its live id, or its name when this plan creates it. */
export function groupChangeId(ctx: PlanContext, key: string): string {
  const live = ctx.liveGroup.get(key);
  return live ? `group:${live.id}` : `group:new:${key}`;
}

/** Must run after personChanges: it reads the joins and leaves the people analysis decided. */
export function groupChanges(ctx: PlanContext, intents: Intents, removedPeople: Set<string>): { changes: GroupChange[]; warnings: PlanWarning[] } {
  const changes: GroupChange[] = [];
  const warnings: PlanWarning[] = [];
  for (const group of [...ctx.desired.groups.values()].sort((a, b) => byText(a.key, b.key))) {
    const live = ctx.liveGroup.get(group.key);
    const id = groupChangeId(ctx, group.key);
    const actions: ChangeAction[] = [];
    if (!live && idpGroup(ctx.desired.policy, group.name)) {
      // The identity provider creates the groups it syncs; one made by hand would be a second group.
      warnings.push({ code: 'waiting-for-idp', message: `waiting for the identity provider to create group ${group.name} (its permissions follow once it exists)`, origin: group.origin });
      continue;
    }
    if (!live) {
      actions.push('create-group');
      intents.createGroups.push({ key: group.key, name: group.name, changeId: id });
    }
    const grantsBefore = live?.grants ?? [];
    const grantsChange = !sameGrants(grantsBefore, group.grants) && !(grantsBefore.length === 0 && group.grants.length === 0);
    if (grantsChange) intents.groupPermissions.push({ key: group.key, name: group.name, liveId: live?.id, grants: plainGrants(group.grants), changeId: id });
    const joins = intents.joins.get(group.key) ?? [];
    const leaves = new Set((intents.leaves.get(group.key) ?? []).map((l) => l.email.toLowerCase()));
    const current = [...(live?.members ?? new Map<string, string>())];
    const members = [
      ...current.filter(([key]) => !leaves.has(key) && !removedPeople.has(key)).map(([, email]) => email),
      ...joins.filter((j) => !live?.members.has(j.key)).map((j) => j.email),
    ];
    if (live && (grantsChange || joins.length || leaves.size)) actions.push('update-group');
    if (!actions.length) continue;
    const before = groupBefore(ctx, live);
    const after = groupAfter(ctx, group, members);
    // A member joining a group it is already in: a re-issued invite, which loses its memberships.
    const notes = joins.filter((j) => live?.members.has(j.key)).map((j) => `${j.email} is added again: re-issuing an invite drops its group memberships`);
    const widening = group.grants.filter((g) => g.widening && !grantsBefore.some((b) => b.roleId === g.roleId && b.resourceId === g.resourceId));
    changes.push({
      id, subject: { kind: 'group', name: group.name, ...(live ? { id: live.id } : {}) }, action: actions[0]!, actions, before, after,
      reasons: [{ kind: 'manifest', ref: group.origin }], risks: groupRisks(group.name, before, after, { catalog: ctx.catalog, widening }), notes,
    });
  }
  for (const live of [...ctx.actual.groups.values()].sort((a, b) => byText(a.name.toLowerCase(), b.name.toLowerCase()))) {
    if (ctx.desired.groups.has(live.name.toLowerCase())) continue;
    if (idpGroup(ctx.desired.policy, live.name)) {
      warnings.push({ code: 'idp-group-unmanaged', message: `group ${live.name} is synced from the identity provider and in no manifest: left as it is (add it to a manifest to manage its permissions)` });
      continue;
    }
    if (ctx.unmanaged('groups') === 'report') {
      warnings.push({ code: 'unmanaged-group', message: `group ${live.name} is not in the manifests (policy.unmanaged: report)` });
      continue;
    }
    const id = `group:${live.id}`;
    intents.deleteGroups.push({ id: live.id, name: live.name, changeId: id });
    const before = groupBefore(ctx, live);
    const after = groupAfter(ctx, undefined, []);
    const reasons: Reason[] = [{ kind: 'not-in-manifests' }];
    changes.push({
      id, subject: { kind: 'group', name: live.name, id: live.id }, action: 'delete-group', actions: ['delete-group'], before, after, reasons,
      risks: groupRisks(live.name, before, after, { catalog: ctx.catalog, widening: [] }), notes: [],
    });
  }
  return { changes, warnings };
}
