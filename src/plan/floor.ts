// Minimal Workspace Access is every member's and group's floor: Segment gives it to members and
// groups that SSO and SCIM create, and what taking it away does is not documented
// (docs/segment-api.md, "Minimal Workspace Access"). So the planner never removes it and never adds it as a side
// effect: a permission list with only the floor and an empty one mean the same, and the tool never
// writes an empty list ("no direct access" is written as the floor).
import type { DesiredGrant } from '../manifest/resolve.js';
import { MINIMAL_WORKSPACE_ACCESS } from '../manifest/role-catalog.js';
import type { SourceRef } from '../manifest/positions.js';
import { grantKey, sameGrants, type Actual, type Grant } from '../workspace/model.js';

/** The floor grant of this workspace: Minimal Workspace Access on it, if the workspace serves that role. */
export function floorOf(actual: Pick<Actual, 'roles' | 'workspace'>): Grant | undefined {
  const role = actual.roles.find((r) => r.name === MINIMAL_WORKSPACE_ACCESS);
  return role ? { roleId: role.id, type: 'WORKSPACE', resourceId: actual.workspace.id, labels: [] } : undefined;
}

/** Whether `g` is the floor: Minimal Workspace Access on the whole workspace (no labels). */
export function isFloor(floor: Grant | undefined, g: Grant): boolean {
  return floor !== undefined && g.roleId === floor.roleId && g.type === 'WORKSPACE' && g.labels.length === 0;
}

/** Whether two permission lists mean the same once the floor is set aside ([] and [floor] do). */
export function sameAboveFloor(floor: Grant | undefined, a: readonly Grant[], b: readonly Grant[]): boolean {
  return sameGrants(a.filter((g) => !isFloor(floor, g)), b.filter((g) => !isFloor(floor, g)));
}

/**
 * The list the tool writes for a member or group whose manifests give `desired` and who holds `live`
 * now (undefined: not readable or not there yet). The floor is kept when they hold it, written when
 * the manifests name it or the list would otherwise be empty, and always given to a group this plan
 * creates (Segment may give one the floor when it is created; a replace without it would take it away).
 */
export function plannedGrants(
  floor: Grant | undefined, desired: readonly DesiredGrant[], live: readonly Grant[] | undefined, origin: SourceRef, options: { newGroup?: boolean } = {},
): DesiredGrant[] {
  const above = desired.filter((g) => !isFloor(floor, g));
  if (!floor) return [...desired];
  const named = desired.find((g) => isFloor(floor, g));
  const keep = named !== undefined || (live?.some((g) => isFloor(floor, g)) ?? false) || above.length === 0 || options.newGroup === true;
  return keep ? [...above, named ?? { ...floor, labels: [], origin }] : above;
}

/**
 * What a member or group will hold after the plan: what they hold now when it means the same as
 * the planned list (nothing is written then, so a floor they lack is not added), else the planned
 * list. Grants keep the manifests' details (profile, expiry) where the manifests name them.
 */
export function grantsAfter(
  floor: Grant | undefined, desired: readonly DesiredGrant[], live: readonly Grant[] | undefined, origin: SourceRef, options: { newGroup?: boolean } = {},
): DesiredGrant[] {
  const planned = plannedGrants(floor, desired, live, origin, options);
  if (!live || !sameAboveFloor(floor, live, planned)) return planned;
  const byKey = new Map(desired.map((g) => [grantKey(g), g]));
  return live.map((g) => byKey.get(grantKey(g)) ?? { ...g, labels: [...g.labels], origin });
}

/**
 * A person's effective access with the floor listed once, last (held directly if so, else through
 * the first group that gives it), not once per group: for explain and the review.
 */
export function floorOnce<T extends { level: string; via: { kind: string }; grant: Grant }>(grants: readonly T[]): T[] {
  const isFloorGrant = (g: T) => g.level === 'minimal' && g.grant.type === 'WORKSPACE' && g.grant.labels.length === 0;
  const floors = grants.filter(isFloorGrant);
  const floor = floors.find((g) => g.via.kind === 'direct') ?? floors[0];
  return [...grants.filter((g) => !isFloorGrant(g)), ...(floor ? [floor] : [])];
}
