// Words for grants ("Source Admin on web-staging", "Source Read-only on sources labelled
// environment=prod", "Workspace Owner on the workspace") and how grants compare: whether one grant
// already gives everything another does. Pure look-ups over the live catalog.
import { resourceWords } from '../manifest/role-catalog.js';
import { resourceNames, type Actual, type Grant } from '../workspace/model.js';

export const WORKSPACE_OWNER = 'Workspace Owner';

export interface Catalog {
  roleName(id: string): string;
  describe(grant: Grant): string;
  isOwner(grant: Grant): boolean;
  /** True when `held` already gives everything `wanted` gives (same or higher role, same or wider scope). */
  covers(held: Grant, wanted: Grant): boolean;
  /** For a label selector: the slugs of the sources carrying all its labels today. */
  labelMatches(grant: Grant): string[] | undefined;
}

/** Admin > User > Read-only within one family of roles ("Source", "Warehouse Destination", ...). */
function roleRank(name: string): { family: string; rank: number } {
  const m = /^(.*?)[ ,]*(Admin|User|Read-only)$/.exec(name);
  if (!m) return { family: name, rank: 1 };
  return { family: m[1]!, rank: m[2] === 'Admin' ? 3 : m[2] === 'User' ? 2 : 1 };
}

export function catalogOf(actual: Pick<Actual, 'roles' | 'sources' | 'warehouses' | 'spaces' | 'functions'>): Catalog {
  const roles = new Map(actual.roles.map((r) => [r.id, r.name]));
  const names = resourceNames(actual);
  const sourceLabels = new Map(actual.sources.map((s) => [s.id, new Set(s.labels)]));
  const roleName = (id: string) => roles.get(id) ?? `role ${id}`;
  const matchesOf = new Map<string, string[]>();
  const isOwner = (g: Grant) => roleName(g.roleId) === WORKSPACE_OWNER;
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
    isOwner,
    describe(g) {
      const role = roleName(g.roleId);
      if (g.type !== 'WORKSPACE') return `${role} on ${names.get(`${g.type}:${g.resourceId}`) ?? `${g.type.toLowerCase()} ${g.resourceId}`}`;
      const kind = resourceWords(role);
      if (g.labels.length) return `${role} on ${kind ?? 'resources'} labelled ${g.labels.join(', ')}`;
      return kind ? `${role} on all ${kind}` : `${role} on the workspace`;
    },
    labelMatches(g) {
      if (g.type !== 'WORKSPACE' || g.labels.length === 0 || resourceWords(roleName(g.roleId)) !== 'sources') return undefined;
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
        const h = roleRank(roleName(held.roleId));
        const w = roleRank(roleName(wanted.roleId));
        if (h.family !== w.family || h.rank < w.rank) return false;
      }
      return scopeCovers(held, wanted);
    },
  };
}

/** Grants in words, alphabetically, `; `-separated (or "no direct access"). */
export function describeGrants(catalog: Catalog, grants: readonly Grant[]): string {
  return grants.length ? grants.map((g) => catalog.describe(g)).sort().join('; ') : 'no direct access';
}
