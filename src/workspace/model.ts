// The normalized model both sides of the diff share. A permission becomes a set of canonical grants
// — (role, resource type, resource id, labels) — so label placement (resource, permission or invite
// level), ordering, and `labels: []` versus missing never show up as changes.
import { createHash } from 'node:crypto';
import type { InvitePermissionV1, PermissionInputV1 } from '../segment/requests.generated.js';
import type { AuditEvent } from './audit.js';

export type ResourceType = 'FUNCTION' | 'SOURCE' | 'SPACE' | 'WAREHOUSE' | 'WORKSPACE';

/** One canonical grant. `labels` are sorted `key=value` strings (WORKSPACE resources only). */
export interface Grant {
  roleId: string;
  type: ResourceType;
  resourceId: string;
  labels: string[];
}

export function grantKey(g: Grant): string {
  return `${g.roleId}|${g.type}|${g.resourceId}|${g.labels.join(',')}`;
}

/** Sorts and de-duplicates grants. */
export function canonicalGrants<T extends Grant>(grants: T[]): T[] {
  if (grants.length < 2) return [...grants];
  const byKey = new Map<string, T>();
  for (const g of grants) {
    const key = grantKey(g);
    if (!byKey.has(key)) byKey.set(key, g);
  }
  // sort() without a comparator orders strings by UTF-16 code units, as `<` does.
  return [...byKey.keys()].sort().map((key) => byKey.get(key)!);
}

export function sameGrants(a: readonly Grant[], b: readonly Grant[]): boolean {
  if (a.length !== b.length) return false;
  const ka = a.map(grantKey).sort();
  const kb = b.map(grantKey).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

interface ApiLabel { key: string; value: string }
interface ApiPermission {
  roleId: string;
  labels?: ApiLabel[];
  resources?: Array<{ id: string; type: ResourceType; labels?: ApiLabel[] }>;
}

/** PermissionV1[] (user or group read) -> canonical grants. Labels may sit on resources or the permission. */
export function grantsFromApi(permissions: ApiPermission[] | undefined): Grant[] {
  const grants: Grant[] = [];
  for (const p of permissions ?? []) {
    for (const r of p.resources ?? []) {
      // A resource's own labels scope it; labels at permission level (invites, some reads) apply
      // only to resources that carry none. Merging both would turn two label-scoped grants of one
      // role into one grant on sources carrying every label.
      const own = r.labels ?? [];
      const labels = r.type === 'WORKSPACE' ? (own.length ? own : (p.labels ?? [])) : [];
      grants.push({ roleId: p.roleId, type: r.type, resourceId: r.id, labels: labels.length === 0 ? [] : [...new Set(labels.map((l) => `${l.key}=${l.value}`))].sort() });
    }
  }
  return canonicalGrants(grants);
}

const toLabel = (text: string): ApiLabel => {
  const i = text.indexOf('=');
  return { key: text.slice(0, i), value: text.slice(i + 1) };
};

/**
 * Segment's limit on the items of one list in a request: permissions, resources in a permission,
 * labels, group members (docs/segment-api.md, "Size limits").
 */
export const MAX_LIST_ITEMS = 200;

/** `items` in runs of at most MAX_LIST_ITEMS. */
function runs<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += MAX_LIST_ITEMS) out.push(items.slice(i, i + MAX_LIST_ITEMS));
  return out;
}

/**
 * Canonical grants -> PermissionInputV1[] (labels inside resources): one permission per role, except
 * that each label-scoped grant gets a permission of its own, so two selectors of one role can never
 * be read back as one. A role on more than 200 resources is split into several permissions of the
 * same role in the same request.
 */
export function permissionInputs(grants: readonly Grant[]): PermissionInputV1[] {
  const byRole = new Map<string, Array<{ id: string; type: ResourceType; labels?: ApiLabel[] }>>();
  for (const g of canonicalGrants([...grants])) {
    const key = g.labels.length ? `${g.roleId}|${g.labels.join(',')}` : g.roleId;
    const resources = byRole.get(key) ?? [];
    resources.push({ id: g.resourceId, type: g.type, ...(g.labels.length ? { labels: g.labels.map(toLabel) } : {}) });
    byRole.set(key, resources);
  }
  return [...byRole].flatMap(([key, resources]) => runs(resources).map((run) => ({ roleId: key.split('|')[0]!, resources: run })));
}

/**
 * Canonical grants -> invite permissions (InvitePermissionV1): labels at permission level and
 * resources without labels, so grants with different labels go in separate permissions.
 */
export function invitePermissions(grants: readonly Grant[]): InvitePermissionV1[] {
  const byRoleAndLabels = new Map<string, { roleId: string; labels: string[]; resources: Array<{ id: string; type: ResourceType }> }>();
  for (const g of canonicalGrants([...grants])) {
    const key = `${g.roleId}|${g.labels.join(',')}`;
    const entry = byRoleAndLabels.get(key) ?? { roleId: g.roleId, labels: g.labels, resources: [] };
    entry.resources.push({ id: g.resourceId, type: g.type });
    byRoleAndLabels.set(key, entry);
  }
  return [...byRoleAndLabels.values()].flatMap((e) => runs(e.resources).map((run) => ({ roleId: e.roleId, resources: run, ...(e.labels.length ? { labels: e.labels.map(toLabel) } : {}) })));
}

export interface Role { id: string; name: string }
export interface Source { id: string; slug: string; name: string; labels: string[] }
export interface Destination { id: string; name: string; sourceId: string }
export interface Warehouse { id: string; name: string }
export interface Space { id: string; slug: string; name: string }
export interface FunctionResource { id: string; name: string }

export interface ActualUser {
  id: string;
  /** As stored in Segment (deletes and removals send it back as is). */
  email: string;
  name: string;
  grants: Grant[];
}

export interface ActualInvite {
  email: string;
  /** When the invite was sent, if an Audit Trail event names its email; otherwise its age is unknown. */
  sentAt?: string;
}

export interface ActualGroup {
  id: string;
  name: string;
  grants: Grant[];
  /** Lower-cased email -> email as stored, for users and invites alike. */
  members: Map<string, string>;
}

/** The live workspace as read through the Public API, keyed for diffing. */
export interface Actual {
  workspace: { id: string; slug: string; name: string };
  roles: Role[];
  /** Keyed by lower-cased email. */
  users: Map<string, ActualUser>;
  invites: Map<string, ActualInvite>;
  /** Keyed by group id (names are not unique in Segment; see groupsByName). */
  groups: Map<string, ActualGroup>;
  sources: Source[];
  destinations: Destination[];
  warehouses: Warehouse[];
  labels: string[];
  spaces: Space[];
  functions: FunctionResource[];
  /** Whether the Audit Trail was read (invite ages and attribution depend on it), or why it could not be. */
  auditTrail: 'read' | 'not-read' | string;
  /** Set when the workspace's plan has no User Groups (Free and Team plans): what Segment answered. */
  groupsUnavailable?: string;
  /** The Audit Trail's last 30 days, when the read asked to keep them (not part of the fingerprint). */
  auditEvents?: AuditEvent[];
  /** Things the read could not see, to say once (a feature not enabled, ...). */
  notes: string[];
  /** Hash of the canonical state: a saved plan is stale when it changes. */
  fingerprint: string;
}

/** `TYPE:id` -> the name people use for a resource (source slug, warehouse name, space slug, function name). */
export function resourceNames(actual: Pick<Actual, 'sources' | 'warehouses' | 'spaces' | 'functions'>): Map<string, string> {
  const names = new Map<string, string>();
  for (const s of actual.sources) names.set(`SOURCE:${s.id}`, s.slug);
  for (const w of actual.warehouses) names.set(`WAREHOUSE:${w.id}`, w.name);
  for (const s of actual.spaces) names.set(`SPACE:${s.id}`, s.slug);
  for (const f of actual.functions) names.set(`FUNCTION:${f.id}`, f.name);
  return names;
}

/** sha256 over the canonical IAM state and the resource ids it refers to. */
export function fingerprintOf(actual: Omit<Actual, 'fingerprint'>): string {
  // Each key computed once per item, not twice per comparison.
  const sortBy = <T>(items: T[], key: (t: T) => string) => items.map((item) => ({ k: key(item), item }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0)).map((e) => e.item);
  const canonical = {
    workspace: actual.workspace.id,
    roles: sortBy(actual.roles, (r) => r.id).map((r) => [r.id, r.name]),
    users: sortBy([...actual.users.values()], (u) => u.id).map((u) => [u.id, u.email.toLowerCase(), u.grants.map(grantKey)]),
    invites: [...actual.invites.keys()].sort(),
    groups: sortBy([...actual.groups.values()], (g) => g.id).map((g) => [g.id, g.name, g.grants.map(grantKey), [...g.members.keys()].sort()]),
    sources: sortBy(actual.sources, (s) => s.id).map((s) => [s.id, s.slug, s.labels]),
    destinations: sortBy(actual.destinations, (d) => d.id).map((d) => [d.id, d.name, d.sourceId]),
    warehouses: sortBy(actual.warehouses, (w) => w.id).map((w) => [w.id, w.name]),
    labels: [...actual.labels].sort(),
    spaces: sortBy(actual.spaces, (s) => s.id).map((s) => [s.id, s.slug]),
  };
  return `sha256:${createHash('sha256').update(JSON.stringify(canonical)).digest('hex')}`;
}

/** Groups by lower-cased name; more than one entry under a name is an ambiguity to report. */
export function groupsByName(groups: Iterable<ActualGroup>): Map<string, ActualGroup[]> {
  const byName = new Map<string, ActualGroup[]>();
  for (const g of groups) {
    const key = g.name.toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), g]);
  }
  return byName;
}
