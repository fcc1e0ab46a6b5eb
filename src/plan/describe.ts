// Words for grants: "Source Admin on web-staging", "Source Read-only on sources labelled
// environment=prod", "Workspace Owner on the workspace". Pure lookups over the live catalog.
import { scopeFamily } from '../manifest/resolve.js';
import { resourceNames, type Actual, type Grant } from '../workspace/model.js';

export interface Catalog {
  roleName(id: string): string;
  describe(grant: Grant): string;
  isOwner(grant: Grant): boolean;
}

export function catalogOf(actual: Actual): Catalog {
  const roles = new Map(actual.roles.map((r) => [r.id, r.name]));
  const names = resourceNames(actual);
  const roleName = (id: string) => roles.get(id) ?? `role ${id}`;
  return {
    roleName,
    isOwner: (g) => roleName(g.roleId) === 'Workspace Owner',
    describe(g) {
      const role = roleName(g.roleId);
      if (g.type !== 'WORKSPACE') return `${role} on ${names.get(`${g.type}:${g.resourceId}`) ?? `${g.type.toLowerCase()} ${g.resourceId}`}`;
      const kind = scopeFamily(role);
      if (g.labels.length) return `${role} on ${kind ?? 'resources'} labelled ${g.labels.join(', ')}`;
      return kind ? `${role} on all ${kind}` : `${role} on the workspace`;
    },
  };
}

/** "A, B -> C" for a before/after pair of grant lists. */
export function summarizeChange(catalog: Catalog, before: readonly Grant[], after: readonly Grant[]): string {
  const list = (grants: readonly Grant[]) => describeGrants(catalog, grants);
  return `${list(before)} -> ${list(after)}`;
}

/** Grants in words, alphabetically, `; `-separated (or "no direct access"). */
export function describeGrants(catalog: Catalog, grants: readonly Grant[]): string {
  return grants.length ? grants.map((g) => catalog.describe(g)).sort().join('; ') : 'no direct access';
}
