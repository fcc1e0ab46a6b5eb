// What every part of the planner looks things up in: the two sides indexed by person and group,
// and the effective access of a person on either side (direct + via profile + via groups).
import { idpGroup, unmanagedMode, type UnmanagedKind } from '../manifest/identity.js';
import type { Desired, DesiredGrant, DesiredGroup, DesiredMember } from '../manifest/resolve.js';
import { canonicalGrants, grantKey, groupsByName, type Actual, type ActualGroup, type Grant } from '../workspace/model.js';
import { catalogOf, type Catalog } from './describe.js';
import { floorOf, grantsAfter } from './floor.js';
import type { EffectiveGrant, GrantSource, GroupState, PersonState } from './types.js';

/** `--reinvite` (every pending invite the plan covers) or `--reinvite=EMAIL,...` (lower-cased). */
export type Reinvite = 'all' | readonly string[];

export interface PlanOptions {
  now: Date;
  toolVersion: string;
  manifestDigest: string;
  /**
   * Re-issue pending invites of desired members (delete + create with today's access): `all` of them,
   * or those of the lower-cased emails listed (`--reinvite=EMAIL,...`).
   */
  reinvite?: Reinvite;
}

export interface PlanContext {
  desired: Desired;
  actual: Actual;
  options: PlanOptions;
  catalog: Catalog;
  /** `policy.unmanaged` for a kind: what is in no manifest is removed, or only reported. */
  unmanaged: (kind: UnmanagedKind) => 'remove' | 'report';
  /** Live groups by lower-cased name (an ambiguous name is refused before planning). */
  liveGroup: Map<string, ActualGroup>;
  /** Lower-cased email -> live groups that list them (users and invites alike). */
  liveGroupsOf: Map<string, ActualGroup[]>;
  /** Minimal Workspace Access on the workspace: never removed, never added as a side effect (floor.ts). */
  floor: Grant | undefined;
}

export function planContext(desired: Desired, actual: Actual, options: PlanOptions): PlanContext {
  const liveGroup = new Map<string, ActualGroup>();
  for (const [key, groups] of groupsByName(actual.groups.values())) liveGroup.set(key, groups[0]!);
  const liveGroupsOf = new Map<string, ActualGroup[]>();
  for (const g of actual.groups.values()) for (const key of g.members.keys()) liveGroupsOf.set(key, [...(liveGroupsOf.get(key) ?? []), g]);
  return {
    desired, actual, options, catalog: catalogOf(actual), unmanaged: (kind) => unmanagedMode(desired.policy, kind), liveGroup, liveGroupsOf,
    floor: floorOf(actual),
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function effectiveGrant(catalog: Catalog, grant: Grant, via: GrantSource, expires?: string): EffectiveGrant {
  const plain: Grant = { roleId: grant.roleId, type: grant.type, resourceId: grant.resourceId, labels: [...grant.labels] };
  const matches = catalog.labelMatches(grant);
  return {
    grant: plain, role: catalog.roleName(grant.roleId), level: catalog.meaning(grant.roleId).level, text: catalog.describe(grant), via,
    ...(expires ? { expires } : {}), ...(matches ? { matches } : {}),
  };
}

function sortEffective(grants: EffectiveGrant[]): EffectiveGrant[] {
  const source = (g: EffectiveGrant) => (g.via.kind === 'direct' ? '0' : g.via.kind === 'profile' ? `1${g.via.profile}` : `2${g.via.group}`);
  return grants.sort((a, b) => byText(a.text, b.text) || byText(source(a), source(b)));
}

function directOf(catalog: Catalog, grants: readonly DesiredGrant[]): EffectiveGrant[] {
  return grants.map((g) => effectiveGrant(catalog, g, g.profile ? { kind: 'profile', profile: g.profile } : { kind: 'direct' }, g.expires));
}

/** What a person has in the workspace now. */
export function personBefore(ctx: PlanContext, key: string): PersonState {
  const user = ctx.actual.users.get(key);
  const invited = ctx.actual.invites.has(key);
  const groups = [...(ctx.liveGroupsOf.get(key) ?? [])].sort((a, b) => byText(a.name, b.name));
  if (!user && !invited) return { status: 'absent', direct: [], groups: [], effective: [] };
  const direct = (user?.grants ?? []).map((g) => effectiveGrant(ctx.catalog, g, { kind: 'direct' }));
  const viaGroups = groups.flatMap((gr) => gr.grants.map((g) => effectiveGrant(ctx.catalog, g, { kind: 'group', group: gr.name })));
  return { status: user ? 'member' : 'invited', direct, groups: groups.map((g) => g.name), effective: sortEffective([...direct, ...viaGroups]) };
}

/** What a person will have once the plan is applied (`member` undefined: not in the manifests). */
export function personAfter(ctx: PlanContext, key: string, member: DesiredMember | undefined, removed: boolean): PersonState {
  if (!member) {
    if (removed) return { status: 'absent', direct: [], groups: [], effective: [] };
    return personBefore(ctx, key); // unmanaged and only reported, ignored or the IdP's: left as it is
  }
  const status = ctx.actual.users.has(key) ? 'member' : 'invited';
  const groups = member.groups.map((g) => ctx.desired.groups.get(g)!).sort((a, b) => byText(a.name, b.name));
  const direct = directOf(ctx.catalog, memberGrantsAfter(ctx, key, member));
  const viaGroups = groups.flatMap((gr) => groupGrantsAfter(ctx, gr).map((g) => effectiveGrant(ctx.catalog, g, { kind: 'group', group: gr.name }, g.expires)));
  return {
    status, direct, groups: groups.map((g) => g.name), effective: sortEffective([...direct, ...viaGroups]),
    ...(member.expires ? { expires: member.expires } : {}),
  };
}

/**
 * The groups that will exist once the plan is applied, by lower-cased name, with the grants they
 * will give: the manifests' groups (except one the identity provider has not created yet) with
 * their desired grants, and live groups the plan leaves alone (synced by the identity provider, or
 * unmanaged under `policy.unmanaged: report`) with their live grants. Live groups in no manifest are
 * otherwise deleted, so they are not here.
 */
export function groupsAfterPlan(ctx: PlanContext): Map<string, { name: string; grants: readonly Grant[]; live?: ActualGroup }> {
  let cached = afterCache.get(ctx);
  if (cached) return cached;
  cached = new Map();
  for (const group of ctx.desired.groups.values()) {
    const live = ctx.liveGroup.get(group.key);
    if (!live && idpGroup(ctx.desired.policy, group.name)) continue;
    cached.set(group.key, { name: group.name, grants: groupGrantsAfter(ctx, group), ...(live ? { live } : {}) });
  }
  for (const [key, live] of ctx.liveGroup) {
    if (ctx.desired.groups.has(key)) continue;
    if (idpGroup(ctx.desired.policy, live.name) || ctx.unmanaged('groups') === 'report') cached.set(key, { name: live.name, grants: live.grants, live });
  }
  afterCache.set(ctx, cached);
  return cached;
}

const afterCache = new WeakMap<PlanContext, Map<string, { name: string; grants: readonly Grant[]; live?: ActualGroup }>>();

/**
 * What a person will have once the plan is applied: `member`'s direct grants (none known for an
 * invite the plan leaves alone: Segment cannot read them) and the grants of the groups in `groups`
 * (lower-cased names of groups that exist after the plan).
 */
export function personPlanned(ctx: PlanContext, key: string, member: DesiredMember, groups: readonly string[], directKnown: boolean): PersonState {
  const after = groupsAfterPlan(ctx);
  const status = ctx.actual.users.has(key) ? 'member' : 'invited';
  const named = groups.map((g) => after.get(g)!).sort((a, b) => byText(a.name, b.name));
  const direct = directKnown ? directOf(ctx.catalog, memberGrantsAfter(ctx, key, member)) : [];
  const viaGroups = named.flatMap((gr) => gr.grants.map((g) => effectiveGrant(ctx.catalog, g, { kind: 'group', group: gr.name }, (g as DesiredGrant).expires)));
  return {
    status, direct, groups: named.map((g) => g.name), effective: sortEffective([...direct, ...viaGroups]),
    ...(member.expires ? { expires: member.expires } : {}),
  };
}

export function groupBefore(ctx: PlanContext, group: ActualGroup | undefined): GroupState {
  if (!group) return { exists: false, grants: [], members: [] };
  return {
    exists: true,
    grants: group.grants.map((g) => effectiveGrant(ctx.catalog, g, { kind: 'direct' })),
    members: [...group.members.values()].sort((a, b) => byText(a.toLowerCase(), b.toLowerCase())),
  };
}

export function groupAfter(ctx: PlanContext, group: DesiredGroup | undefined, members: string[]): GroupState {
  if (!group) return { exists: false, grants: [], members: [] };
  return { exists: true, grants: directOf(ctx.catalog, groupGrantsAfter(ctx, group)), members: [...members].sort((a, b) => byText(a.toLowerCase(), b.toLowerCase())) };
}

/** A member's direct grants after the plan, the floor kept as it is (floor.ts). */
export function memberGrantsAfter(ctx: PlanContext, key: string, member: DesiredMember): DesiredGrant[] {
  return grantsAfter(ctx.floor, member.grants, ctx.actual.users.get(key)?.grants, member.origin);
}

/** A manifest group's grants after the plan, the floor kept as it is (floor.ts); a new group gets the floor. */
export function groupGrantsAfter(ctx: PlanContext, group: DesiredGroup): DesiredGrant[] {
  const live = ctx.liveGroup.get(group.key);
  return grantsAfter(ctx.floor, group.grants, live?.grants, group.origin, { newGroup: !live });
}

/** Grant keys of a state, for comparisons that ignore where a grant comes from. */
export function grantKeys(grants: readonly EffectiveGrant[]): Set<string> {
  return new Set(grants.map((g) => grantKey(g.grant)));
}

export function plainGrants(grants: readonly Grant[]): Grant[] {
  return canonicalGrants(grants.map((g) => ({ roleId: g.roleId, type: g.type, resourceId: g.resourceId, labels: [...g.labels] })));
}
