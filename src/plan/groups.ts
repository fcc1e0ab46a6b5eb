// One change per group: create, update (permissions or members) or delete, with before/after
// grants and members. Groups are matched by name to the live group's id; a group in no manifest is
// deleted, or only reported under `policy.unmanaged: report`. Who joins and leaves a group is read
// from the people's changes (their `after.groups`), so both views of a membership always agree.
import { idpGroup } from '../manifest/identity.js';
import { sameAboveFloor } from './floor.js';
import { groupAfter, groupBefore, type PlanContext } from './context.js';
import { storedEmail } from './people.js';
import { groupRisks } from './risks.js';
import { patchOf } from './patch.js';
import type { ChangeAction, GroupChange, PersonChange, PlanWarning, Reason } from './types.js';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The change id of a group: its live id, or its name when this plan creates it. */
export function groupChangeId(ctx: PlanContext, key: string): string {
  const live = ctx.liveGroup.get(key);
  return live ? `group:${live.id}` : `group:new:${key}`;
}

/** Whether a person change puts its person in group `key` (lower-cased name) after the plan. */
const inAfter = (change: PersonChange, key: string) => change.after.groups.some((g) => g.toLowerCase() === key);

export function groupChanges(ctx: PlanContext, people: readonly PersonChange[]): { changes: GroupChange[]; warnings: PlanWarning[] } {
  const changes: GroupChange[] = [];
  const warnings: PlanWarning[] = [];
  const changeOf = new Map(people.map((c) => [c.subject.email.toLowerCase(), c]));
  for (const group of [...ctx.desired.groups.values()].sort((a, b) => byText(a.key, b.key))) {
    const live = ctx.liveGroup.get(group.key);
    const id = groupChangeId(ctx, group.key);
    const actions: ChangeAction[] = [];
    if (!live && idpGroup(ctx.desired.policy, group.name)) {
      // The identity provider creates the groups it syncs; one made by hand would be a second group.
      warnings.push({ code: 'waiting-for-idp', message: `waiting for the identity provider to create group ${group.name} (its permissions follow once it exists)`, origin: group.origin });
      continue;
    }
    if (!live) actions.push('create-group');
    const grantsBefore = live?.grants ?? [];
    const grantsChange = !live || !sameAboveFloor(ctx.floor, grantsBefore, group.grants);
    const current = [...(live?.members ?? new Map<string, string>())];
    const stays = current.filter(([key]) => { const c = changeOf.get(key); return !c || inAfter(c, group.key); }).map(([, email]) => email);
    const joins = people.filter((c) => inAfter(c, group.key) && !live?.members.has(c.subject.email.toLowerCase()));
    const members = [...stays, ...joins.map((c) => storedEmail(ctx, c.subject.email.toLowerCase()))];
    const membersChange = joins.length > 0 || stays.length < current.length;
    // A member re-added: a re-issued invite, which loses its memberships and is added back.
    const readded = people.filter((c) => c.actions.includes('reissue-invite') && inAfter(c, group.key) && live?.members.has(c.subject.email.toLowerCase()));
    if (live && (grantsChange || membersChange || readded.length)) actions.push('update-group');
    if (!actions.length) continue;
    const before = groupBefore(ctx, live);
    const after = groupAfter(ctx, group, members);
    const notes = readded.map((c) => `${storedEmail(ctx, c.subject.email.toLowerCase())} is added again: re-issuing an invite drops its group memberships`);
    const widening = group.grants.filter((g) => g.widening && !grantsBefore.some((b) => b.roleId === g.roleId && b.resourceId === g.resourceId));
    changes.push({
      id, subject: { kind: 'group', name: group.name, ...(live ? { id: live.id } : {}) }, action: actions[0]!, actions, before, after,
      reasons: [{ kind: 'manifest', ref: group.origin }], risks: groupRisks(group.name, before, after, { catalog: ctx.catalog, widening }), notes,
      patch: patchOf(before, after),
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
    const before = groupBefore(ctx, live);
    const after = groupAfter(ctx, undefined, []);
    const reasons: Reason[] = [{ kind: 'not-in-manifests' }];
    changes.push({
      id, subject: { kind: 'group', name: live.name, id: live.id }, action: 'delete-group', actions: ['delete-group'], before, after, reasons,
      risks: groupRisks(live.name, before, after, { catalog: ctx.catalog, widening: [] }), notes: [], patch: patchOf(before, after),
    });
  }
  return { changes, warnings };
}
