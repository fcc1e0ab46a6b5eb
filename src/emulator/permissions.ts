// Permission bodies in and out. Inputs are validated against the role catalog and the workspace's
// resources (unknown ids are 422, as the API does). Outputs render the three shapes the API uses:
// PermissionV1 on reads, AccessPermissionV1 on writes, and (never readable) invite permissions.
import { ApiError } from './errors.js';
import { RESOURCE_TYPES, type EmulatorState, type ResourceType, type StoredPermission } from './state.js';
import { unknownsOf } from './unknowns.js';

type Json = Record<string, unknown>;

/**
 * Validates a `permissions` array from a request (user, group or invite shape), with the switches for
 * what Segment leaves undocumented: `empty-lists=refuse` refuses an empty list, `caps=200` more than
 * 200 permissions, resources in one permission, or labels on one resource (docs/segment-api.md,
 * "Size limits").
 */
export function parsePermissions(state: EmulatorState, input: unknown, field: string, invite = false): StoredPermission[] {
  if (!Array.isArray(input)) throw ApiError.validation(`${field} must be an array`, field);
  const unknowns = unknownsOf(state);
  if (unknowns.emptyLists === 'refuse' && input.length === 0) throw ApiError.validation(`${field} must not be empty`, field);
  const cap = unknowns.caps === '200' ? 200 : Infinity;
  if (input.length > cap) throw ApiError.validation(`${field} has ${input.length} permissions; at most ${cap} are accepted`, field);
  return input.map((raw, i) => {
    const p = raw as Json;
    const at = `${field}[${i}]`;
    if (!p || typeof p !== 'object') throw ApiError.validation(`${at} must be an object`, at);
    const roleId = p.roleId;
    if (typeof roleId !== 'string' || !state.roles.some((r) => r.id === roleId)) {
      throw ApiError.validation(`${at}.roleId is not a known role`, `${at}.roleId`);
    }
    const permissionLabels = invite ? parseLabels(state, p.labels, `${at}.labels`) : [];
    if (!Array.isArray(p.resources) || (!invite && p.resources.length === 0)) {
      throw ApiError.validation(`${at}.resources must be a non-empty array`, `${at}.resources`);
    }
    if (p.resources.length > cap) throw ApiError.validation(`${at}.resources has ${p.resources.length} resources; at most ${cap} are accepted`, `${at}.resources`);
    if (permissionLabels.length > cap) throw ApiError.validation(`${at}.labels has ${permissionLabels.length} labels; at most ${cap} are accepted`, `${at}.labels`);
    const resources = (p.resources as Json[]).map((r, j) => {
      const rat = `${at}.resources[${j}]`;
      const type = r?.type as ResourceType;
      if (!RESOURCE_TYPES.includes(type)) throw ApiError.validation(`${rat}.type must be one of ${RESOURCE_TYPES.join(', ')}`, `${rat}.type`);
      if (typeof r.id !== 'string' || !resourceExists(state, type, r.id)) {
        throw ApiError.validation(`${rat}.id does not name a ${type.toLowerCase()} of this workspace`, `${rat}.id`);
      }
      const own = parseLabels(state, r.labels, `${rat}.labels`);
      if (own.length > cap) throw ApiError.validation(`${rat}.labels has ${own.length} labels; at most ${cap} are accepted`, `${rat}.labels`);
      const labels = [...permissionLabels, ...own];
      if (labels.length > 0 && type !== 'WORKSPACE') {
        throw ApiError.validation('labels are only allowed on WORKSPACE resources', `${rat}.labels`);
      }
      return { id: r.id, type, labels: dedupeLabels(labels) };
    });
    return { roleId, resources };
  });
}

function parseLabels(state: EmulatorState, input: unknown, field: string): Array<{ key: string; value: string }> {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw ApiError.validation(`${field} must be an array`, field);
  return input.map((l: Json, i) => {
    if (typeof l?.key !== 'string' || typeof l?.value !== 'string') throw ApiError.validation(`${field}[${i}] needs key and value`, `${field}[${i}]`);
    if (!state.labels.some((x) => x.key === l.key && x.value === l.value)) {
      throw ApiError.validation(`${field}[${i}] label ${l.key}:${l.value} does not exist`, `${field}[${i}]`);
    }
    return { key: l.key, value: l.value };
  });
}

function dedupeLabels(labels: Array<{ key: string; value: string }>) {
  const seen = new Set<string>();
  return labels.filter((l) => { const k = `${l.key}\u0000${l.value}`; if (seen.has(k)) return false; seen.add(k); return true; });
}

function resourceExists(state: EmulatorState, type: ResourceType, id: string): boolean {
  switch (type) {
    case 'WORKSPACE': return id === state.workspace.id;
    case 'SOURCE': return state.sources.some((s) => s.id === id);
    case 'WAREHOUSE': return state.warehouses.some((w) => w.id === id);
    case 'SPACE': return state.spaces.some((s) => s.id === id);
    case 'FUNCTION': return state.functions.some((f) => f.id === id);
  }
}

function roleName(state: EmulatorState, roleId: string): string {
  return state.roles.find((r) => r.id === roleId)?.name ?? '';
}

/**
 * PermissionV1 for reads. Users carry labels on resources; groups carry them on the resources and
 * also at permission level — the API's read models may have both, so clients must normalize.
 */
export function renderPermissions(state: EmulatorState, permissions: StoredPermission[], topLevelLabels: boolean): Json[] {
  return permissions.map((p) => {
    const out: Json = {
      roleId: p.roleId,
      roleName: roleName(state, p.roleId),
      resources: p.resources.map((r) => ({ id: r.id, type: r.type, labels: r.labels.map((l) => ({ ...l })) })),
    };
    if (topLevelLabels) {
      const labels = p.resources.flatMap((r) => r.labels);
      if (labels.length) out.labels = dedupeLabels(labels);
    }
    return out;
  });
}

/** AccessPermissionV1 for add/replace responses (with the extra keys the API is seen to send). */
export function renderAccessPermissions(state: EmulatorState, permissions: StoredPermission[], subjectId: string, subjectType: 'user' | 'group'): Json[] {
  return renderPermissions(state, permissions, false).map((p, i) => ({
    ...p, policyId: `pol_${subjectId.slice(0, 8)}${i}`, subjectId, subjectType,
  }));
}
