// Segment's role catalog as documented (docs/segment-api.md, "Roles", from segmentio/segment-docs
// `src/segment-app/iam/roles.md` and the SDK's `listRoles` example): each role's name, what it means
// as typed fields (its level, the family it ranks within, what an unscoped grant of it covers), and
// which scopes it can take. Every part of the tool that needs a role's meaning reads these fields,
// never the words of its name. Which roles a workspace has is still decided by GET /roles at plan
// time; a role the workspace serves that this catalog does not know is treated as the most
// privileged (unknownRole) until the catalog learns it.

export type ScopeKey = 'sources' | 'destinations' | 'warehouses' | 'spaces' | 'functions';

/** How much a role gives: owner > admin > user > read-only > minimal; `extends` only widens other roles (PII Access). */
/** The role every member and group holds as its floor (src/plan/floor.ts). */
export const MINIMAL_WORKSPACE_ACCESS = 'Minimal Workspace Access';

export type RoleLevel = 'owner' | 'admin' | 'user' | 'read-only' | 'extends' | 'minimal' | 'unknown';

/** What an unscoped grant of a role reaches: every resource of one kind, or the workspace itself. */
export type RoleReach = 'workspace' | 'sources' | 'warehouses' | 'functions' | 'spaces' | 'tracking plans';

export interface RoleInfo {
  name: string;
  level: RoleLevel;
  /** Roles of one family rank against each other by level (Source Admin gives all Source Read-only gives). */
  family: string;
  /** What an unscoped grant reaches ("all sources"), or the workspace for workspace-wide roles. */
  reach: RoleReach;
  /** The manifest scope keys this role can take; an empty list means unscoped only. */
  scopes: readonly ScopeKey[];
  /** Whether a `sources: {labels: ...}` selector is allowed (Business tier). */
  labels: boolean;
  /** Higher is more privileged: owner 4, admin 3, user 2, read-only/extends 1, minimal 0; unknown 5. */
  privilege: number;
  /** Available on Free and Team plans (the others are Business tier). */
  allPlans?: boolean;
  /** Not in this catalog: a role the workspace serves that the tool does not know yet. */
  unknown?: boolean;
}

const PRIVILEGE: Record<RoleLevel, number> = { unknown: 5, owner: 4, admin: 3, user: 2, 'read-only': 1, extends: 1, minimal: 0 };

const role = (name: string, level: RoleLevel, family: string, reach: RoleReach, scopes: readonly ScopeKey[], options: { labels?: boolean; allPlans?: boolean } = {}): RoleInfo =>
  ({ name, level, family, reach, scopes, labels: options.labels ?? false, privilege: PRIVILEGE[level], ...(options.allPlans ? { allPlans: true } : {}) });

const SOURCES: readonly ScopeKey[] = ['sources', 'destinations'];

export const ROLES: readonly RoleInfo[] = [
  role('Workspace Owner', 'owner', 'workspace', 'workspace', [], { allPlans: true }),
  role(MINIMAL_WORKSPACE_ACCESS, 'minimal', 'workspace', 'workspace', []),
  role('Source Admin', 'admin', 'source', 'sources', SOURCES, { labels: true, allPlans: true }),
  role('Source Read-only', 'read-only', 'source', 'sources', SOURCES, { labels: true }),
  role('Function Admin', 'admin', 'function', 'functions', ['functions']),
  role('Function Read-only', 'read-only', 'function', 'functions', ['functions']),
  role('Unify and Engage Admin', 'admin', 'unify', 'spaces', ['spaces']),
  role('Unify and Engage Read-only', 'read-only', 'unify', 'spaces', ['spaces']),
  role('Unify Read-only, Engage User', 'user', 'unify', 'spaces', ['spaces']),
  role('Warehouse Destination Admin', 'admin', 'warehouse', 'warehouses', []),
  role('Warehouse Destination Read-only', 'read-only', 'warehouse', 'warehouses', []),
  role('Tracking Plan Admin', 'admin', 'tracking-plan', 'tracking plans', []),
  role('Tracking Plan Read-only', 'read-only', 'tracking-plan', 'tracking plans', []),
  role('Identity Admin', 'admin', 'identity', 'workspace', []),
  role('End User Privacy Admin', 'admin', 'privacy', 'workspace', []),
  role('Entities Admin', 'admin', 'entities', 'workspace', []),
  role('Entities Read-only', 'read-only', 'entities', 'workspace', []),
  role('PII Access', 'extends', 'pii', 'workspace', []),
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

/** The catalog's entry for a role name, if the catalog knows it. */
export function roleInfo(name: string): RoleInfo | undefined {
  return BY_NAME.get(name);
}

/**
 * A role the workspace serves that the catalog does not know: nothing is assumed about what it
 * gives (it covers nothing else and is not counted as an owner), and every grant or loss of it is
 * called out as the most privileged kind of change.
 */
export function unknownRole(name: string): RoleInfo {
  return { name, level: 'unknown', family: `unknown:${name}`, reach: 'workspace', scopes: [], labels: false, privilege: PRIVILEGE.unknown, unknown: true };
}

/**
 * The catalog's entry, or the unknown-role entry. An old name a workspace still serves is read as
 * unknown too: what it gives there is not documented, so it is called out as the most privileged.
 */
export function roleMeaning(name: string): RoleInfo {
  return BY_NAME.get(name) ?? unknownRole(name);
}

/** The new name of a role Segment renamed, if `name` is one of the old names. */
export function renamedRole(name: string): string | undefined {
  return Object.hasOwn(RENAMED, name) ? RENAMED[name] : undefined;
}

/** Words for what an unscoped grant reaches, for plans: "all sources", or undefined for the workspace. */
export function reachWords(info: Pick<RoleInfo, 'reach'>): string | undefined {
  return info.reach === 'workspace' ? undefined : info.reach;
}

/** The scope keys a role may take (none for a role the catalog does not know: only unscoped grants). */
export function allowedScopes(role: string): readonly ScopeKey[] {
  return BY_NAME.get(role)?.scopes ?? [];
}

export interface ScopeProblem {
  /** The scope key to point at. */
  key: ScopeKey;
  message: string;
  hint: string;
}

/** Why an access entry's scope does not fit its role (undefined when it does, or the role is not in the catalog). */
export function scopeProblem(entry: { role: string } & Partial<Record<ScopeKey, unknown>>): ScopeProblem | undefined {
  const scopes: ScopeKey[] = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'];
  const key = scopes.find((k) => entry[k] !== undefined);
  const info = BY_NAME.get(entry.role);
  if (!key || !info) return undefined;
  const allowed = info.scopes;
  const words = reachWords(info);
  if (!allowed.includes(key)) {
    const message = allowed.length === 0
      ? `\`${entry.role}\` applies to ${words ? `all ${words}` : 'the whole workspace'}; it cannot be scoped to \`${key}\``
      : `\`${entry.role}\` cannot be scoped to \`${key}\``;
    const hint = allowed.length === 0 ? `remove \`${key}\`` : `scope it with ${allowed.map((k) => `\`${k}\``).join(' or ')}, or drop the scope for all of them`;
    return { key, message, hint };
  }
  const sources = entry.sources;
  if (key === 'sources' && sources && typeof sources === 'object' && !Array.isArray(sources) && !info.labels) {
    return { key, message: `\`${entry.role}\` cannot be scoped by labels`, hint: 'list the sources, or use `sources: all`' };
  }
  return undefined;
}
