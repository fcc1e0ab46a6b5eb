// Segment's role catalog as documented (segment-public-api.md 9.1, from segmentio/segment-docs
// `src/segment-app/iam/roles.md` and the SDK's `listRoles` example): each role's name, which scopes
// it can take, and how privileged it is. Roles are still resolved through GET /roles at plan time;
// this catalog lets validation catch a wrong scope or a renamed role before any API call, and keeps
// "did you mean" from ever suggesting more privilege than was asked for.

export type ScopeKey = 'sources' | 'destinations' | 'warehouses' | 'spaces' | 'functions';

export interface RoleInfo {
  name: string;
  /** The manifest scope keys this role can take; an empty list means workspace-wide only. */
  scopes: readonly ScopeKey[];
  /** Whether a `sources: {labels: ...}` selector is allowed (Business tier). */
  labels: boolean;
  /** Higher is more privileged: Owner 4, Admin 3, User 2, Read-only and the rest 1. */
  privilege: number;
  /** Available on Free and Team plans (the others are Business tier). */
  allPlans?: boolean;
}

const role = (name: string, scopes: readonly ScopeKey[], privilege: number, labels = false, allPlans = false): RoleInfo =>
  ({ name, scopes, labels, privilege, ...(allPlans ? { allPlans } : {}) });

export const ROLES: readonly RoleInfo[] = [
  role('Workspace Owner', [], 4, false, true),
  role('Minimal Workspace Access', [], 0),
  role('Source Admin', ['sources', 'destinations'], 3, true, true),
  role('Source Read-only', ['sources', 'destinations'], 1, true),
  role('Function Admin', ['functions'], 3),
  role('Function Read-only', ['functions'], 1),
  role('Unify and Engage Admin', ['spaces'], 3),
  role('Unify and Engage Read-only', ['spaces'], 1),
  role('Unify Read-only, Engage User', ['spaces'], 2),
  role('Warehouse Destination Admin', [], 3),
  role('Warehouse Destination Read-only', [], 1),
  role('Tracking Plan Admin', [], 3),
  role('Tracking Plan Read-only', [], 1),
  role('Identity Admin', [], 3),
  role('End User Privacy Admin', [], 3),
  role('Entities Admin', [], 3),
  role('Entities Read-only', [], 1),
  role('PII Access', [], 2),
];

/** Names Segment used before (Warehouse roles renamed in Dec 2022; Personas, then Engage, became Unify and Engage). */
export const RENAMED: Readonly<Record<string, string>> = {
  'Warehouse Admin': 'Warehouse Destination Admin',
  'Warehouse Read-only': 'Warehouse Destination Read-only',
  'Engage Admin': 'Unify and Engage Admin',
  'Engage Read-only': 'Unify and Engage Read-only',
  'Engage User': 'Unify Read-only, Engage User',
  'Personas Admin': 'Unify and Engage Admin',
  'Personas Read-only': 'Unify and Engage Read-only',
  'Personas User': 'Unify Read-only, Engage User',
  'Unify Admin': 'Unify and Engage Admin',
  'Unify Read-only': 'Unify and Engage Read-only',
};

const BY_NAME = new Map(ROLES.map((r) => [r.name, r]));

export function roleInfo(name: string): RoleInfo | undefined {
  return BY_NAME.get(name);
}

/** The new name of a role Segment renamed, if `name` is one of the old names. */
export function renamedRole(name: string): string | undefined {
  return Object.hasOwn(RENAMED, name) ? RENAMED[name] : undefined;
}

/**
 * How privileged a role name is: from the catalog, else from the words in it (so a typo or a future
 * role is ranked by what it says: "owner" > "admin" > "user" > anything else).
 */
export function privilegeOf(name: string): number {
  const known = BY_NAME.get(name);
  if (known) return known.privilege;
  const words = name.toLowerCase();
  return words.includes('owner') ? 4 : words.includes('admin') ? 3 : words.includes('user') ? 2 : 1;
}

/** Words for "all resources of this role's kind" ("all sources", "all warehouses"), for plans. */
export function resourceWords(role: string): string | undefined {
  if (/^Source /.test(role)) return 'sources';
  if (/^Warehouse /.test(role)) return 'warehouses';
  if (/^Function /.test(role)) return 'functions';
  if (/^(Unify|Engage|Personas)\b/.test(role)) return 'spaces';
  if (/^Tracking Plan /.test(role)) return 'tracking plans';
  return undefined;
}

/** The scope keys a role may take: from the catalog, else (a role Segment added later) from its name. */
export function allowedScopes(role: string): readonly ScopeKey[] {
  const known = BY_NAME.get(role);
  if (known) return known.scopes;
  const words = resourceWords(role);
  return words === 'sources' ? ['sources', 'destinations'] : words === 'functions' || words === 'spaces' ? [words] : [];
}

export interface ScopeProblem {
  /** The scope key to point at. */
  key: ScopeKey;
  message: string;
  hint: string;
}

/** Why an access entry's scope does not fit its role (undefined when it does). */
export function scopeProblem(entry: { role: string } & Partial<Record<ScopeKey, unknown>>): ScopeProblem | undefined {
  const scopes: ScopeKey[] = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'];
  const key = scopes.find((k) => entry[k] !== undefined);
  if (!key) return undefined;
  const allowed = allowedScopes(entry.role);
  const words = resourceWords(entry.role);
  if (!allowed.includes(key)) {
    const message = allowed.length === 0
      ? `\`${entry.role}\` applies to ${words ? `all ${words}` : 'the whole workspace'}; it cannot be scoped to \`${key}\``
      : `\`${entry.role}\` cannot be scoped to \`${key}\``;
    const hint = allowed.length === 0 ? `remove \`${key}\`` : `scope it with ${allowed.map((k) => `\`${k}\``).join(' or ')}, or drop the scope for all of them`;
    return { key, message, hint };
  }
  const sources = entry.sources;
  const info = BY_NAME.get(entry.role);
  if (key === 'sources' && sources && typeof sources === 'object' && !Array.isArray(sources) && info && !info.labels) {
    return { key, message: `\`${entry.role}\` cannot be scoped by labels`, hint: 'list the sources, or use `sources: all`' };
  }
  return undefined;
}
