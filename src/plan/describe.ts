// Words for grants ("Source Admin on web-staging", "Source Read-only on sources labelled
// environment=prod", "Workspace Owner on the workspace") and how grants compare: whether one grant
// already gives everything another does. Pure look-ups over the live catalog; what a role means
// (owner, its rank within its family, what it reaches) comes from the role catalog's typed fields.
import { reachWords, roleMeaning, type RoleInfo, type RoleReach } from '../manifest/role-catalog.js';
import { resourceNames, type Actual, type Grant } from '../workspace/model.js';

export interface Catalog {
  roleName(id: string): string;
  /** What a role id means: the catalog's entry for its name, or the unknown-role entry. */
  meaning(id: string): RoleInfo;
  /** What an unscoped grant of the role reaches (`sources`, ..., or `workspace`). */
  scopeOf(id: string): RoleReach;
  describe(grant: Grant): string;
  isOwner(grant: Grant): boolean;
  /** True when `held` already gives everything `wanted` gives (same or higher role, same or wider scope). */
  covers(held: Grant, wanted: Grant): boolean;
  /** For a label selector: the slugs of the sources carrying all its labels today. */
  labelMatches(grant: Grant): string[] | undefined;
}

/** Rank within a family: admin > user > read-only. */
const RANK: Partial<Record<RoleInfo['level'], number>> = { admin: 3, user: 2, 'read-only': 1 };

export function catalogOf(actual: Pick<Actual, 'roles' | 'sources' | 'warehouses' | 'spaces' | 'functions'>): Catalog {
  const names = new Map(actual.roles.map((r) => [r.id, r.name]));
  const meanings = new Map(actual.roles.map((r) => [r.id, roleMeaning(r.name)]));
  const resources = resourceNames(actual);
  const sourceLabels = new Map(actual.sources.map((s) => [s.id, new Set(s.labels)]));
  const roleName = (id: string) => names.get(id) ?? `role ${id}`;
  const meaning = (id: string) => meanings.get(id) ?? roleMeaning(roleName(id));
  const matchesOf = new Map<string, string[]>();
  const isOwner = (g: Grant) => meaning(g.roleId).level === 'owner';
  const scopeCovers = (held: Grant, wanted: Grant): boolean => {
    if (held.type === 'WORKSPACE' && held.labels.length === 0) return true;
    if (held.type === 'WORKSPACE') {
      if (wanted.type === 'WORKSPACE') return wanted.labels.length > 0 && held.labels.every((l) => wanted.labels.includes(l));
      const labels = wanted.type === 'SOURCE' ? sourceLabels.get(wanted.resourceId) : undefined;
      return labels !== undefined && held.labels.every((l) => labels.has(l));
    }
    return held.type === wanted.type && held.resourceId === wanted.resourceId;
  };
  return {
    roleName,
    meaning,
    scopeOf: (id) => meaning(id).reach,
    isOwner,
    describe(g) {
      const role = roleName(g.roleId);
      if (g.type !== 'WORKSPACE') return `${role} on ${resources.get(`${g.type}:${g.resourceId}`) ?? `${g.type.toLowerCase()} ${g.resourceId}`}`;
      const kind = reachWords(meaning(g.roleId));
      if (g.labels.length) return `${role} on ${kind ?? 'resources'} labelled ${g.labels.join(', ')}`;
      return kind ? `${role} on all ${kind}` : `${role} on the workspace`;
    },
    labelMatches(g) {
      if (g.type !== 'WORKSPACE' || g.labels.length === 0 || meaning(g.roleId).reach !== 'sources') return undefined;
      // Asked for every label grant of every person shown: each selector is matched once, and the
      // (frozen) list is shared.
      const key = g.labels.join('\n');
      let slugs = matchesOf.get(key);
      if (!slugs) {
        slugs = Object.freeze(actual.sources.filter((s) => g.labels.every((l) => s.labels.includes(l))).map((s) => s.slug).sort()) as string[];
        matchesOf.set(key, slugs);
      }
      return slugs;
    },
    covers(held, wanted) {
      if (isOwner(held)) return true;
      if (held.roleId !== wanted.roleId) {
        const h = meaning(held.roleId);
        const w = meaning(wanted.roleId);
        const hr = RANK[h.level];
        const wr = RANK[w.level];
        if (h.family !== w.family || hr === undefined || wr === undefined || hr < wr) return false;
      }
      return scopeCovers(held, wanted);
    },
  };
}

/** Grants in words, alphabetically, `; `-separated (or "no direct access"). */
export function describeGrants(catalog: Catalog, grants: readonly Grant[]): string {
  return grants.length ? grants.map((g) => catalog.describe(g)).sort().join('; ') : 'no direct access';
}
