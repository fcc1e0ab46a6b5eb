// Resolve: the merged manifest becomes the Desired state, in the same canonical grants as the live
// side. Names become ids (roles, source slugs, destinations via their source, warehouses, spaces,
// functions, labels), profiles are expanded, and expirations are applied at `at`: expired members
// and grants drop out, so the plan removes them. Unknown names are diagnostics with a suggestion.
import type { Actual, Grant } from '../workspace/model.js';
import { canonicalGrants } from '../workspace/model.js';
import { earliest, isExpired } from './dates.js';
import type { Diagnostic } from './diagnostic.js';
import { suggestion } from './did-you-mean.js';
import { groupGrants, indexProfiles, memberGrants, normalizeEmail, type DeclaredGrant } from './grants.js';
import { effectivePolicy, refOf, type Manifest, type Origin } from './merge.js';
import type { SourceRef } from './positions.js';

/** A desired grant with where it was written and what it implies. */
export interface DesiredGrant extends Grant {
  origin: SourceRef;
  /** For grants that reach a destination through its source: what else the grant opens. */
  widening?: { destination: string; source: string; alsoOpens: string[] };
}

export interface DesiredMember {
  key: string;
  /** As written in the manifest. */
  email: string;
  name?: string;
  grants: DesiredGrant[];
  /** Lower-cased group names. */
  groups: string[];
  origin: SourceRef;
  justification?: string;
}

export interface DesiredGroup {
  key: string;
  name: string;
  grants: DesiredGrant[];
  origin: SourceRef;
}

/** Something the manifests still mention but that has expired: the plan removes it. */
export interface Expiry {
  subject: string;
  what: string;
  date: string;
  origin: SourceRef;
}

export interface Desired {
  slug: string;
  region: 'us' | 'eu';
  policy: ReturnType<typeof effectivePolicy>;
  members: Map<string, DesiredMember>;
  groups: Map<string, DesiredGroup>;
  expired: Expiry[];
}

export interface ResolveResult {
  desired: Desired;
  diagnostics: Diagnostic[];
}

const SCOPE_KEYS = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'] as const;
type ScopeKey = (typeof SCOPE_KEYS)[number];

/** Which scope a role accepts, from its name (RoleV1 carries no resource types; see API gotcha 11). */
export function scopeFamily(role: string): ScopeKey | undefined {
  if (/^Source /.test(role)) return 'sources';
  if (/^Warehouse /.test(role)) return 'warehouses';
  if (/^Function /.test(role)) return 'functions';
  if (/^(Engage|Unify) /.test(role)) return 'spaces';
  return undefined;
}

export function resolveManifest(manifest: Manifest, actual: Actual, at: Date): ResolveResult {
  const diagnostics: Diagnostic[] = [];
  const profiles = indexProfiles(manifest);
  const policy = effectivePolicy(manifest);
  const workspace = manifest.workspaces[0]!.value;
  const expired: Expiry[] = [];
  const error = (origin: Origin, path: Array<string | number>, code: string, message: string, hint: string) => {
    const ref = refOf(origin, path);
    diagnostics.push({ severity: 'error', file: ref.file, line: ref.line, col: ref.col, code, message, hint });
  };

  const roleIds = new Map(actual.roles.map((r) => [r.name, r.id]));
  const sourceBySlug = new Map(actual.sources.map((s) => [s.slug, s]));
  const sourceById = new Map(actual.sources.map((s) => [s.id, s]));
  const byNameOrId = <T extends { id: string }>(items: T[], name: (t: T) => string) => {
    const map = new Map<string, T>();
    for (const item of items) { map.set(item.id, item); map.set(name(item), item); }
    return map;
  };
  const destinations = byNameOrId(actual.destinations, (d) => d.name);
  const warehouses = byNameOrId(actual.warehouses, (w) => w.name);
  const spaces = byNameOrId(actual.spaces, (s) => s.slug);
  const functions = byNameOrId(actual.functions, (f) => f.name);
  const labels = new Set(actual.labels);

  const resolveGrant = (declared: DeclaredGrant): DesiredGrant[] => {
    const { entry, origin } = declared;
    const ref = refOf(origin);
    const roleId = roleIds.get(entry.role);
    if (!roleId) {
      error(origin, origin.path.at(-1) === 'role' ? [] : ['role'], 'unknown-role',
        `role \`${entry.role}\` does not exist in workspace ${actual.workspace.slug}`, suggestion(entry.role, [...roleIds.keys()], 'role'));
      return [];
    }
    const scope = SCOPE_KEYS.find((k) => entry[k] !== undefined);
    const family = scopeFamily(entry.role);
    if (scope && !(scope === family || (scope === 'destinations' && family === 'sources'))) {
      error(origin, [scope], 'scope-not-allowed', `\`${entry.role}\` cannot be scoped to ${scope}`,
        family ? `scope it with \`${family}\`${family === 'sources' ? ' or `destinations`' : ''}, or drop the scope for all of them` : 'this role applies to the whole workspace: remove the scope');
      return [];
    }
    const all = (labelList: string[] = []): DesiredGrant => ({ roleId, type: 'WORKSPACE', resourceId: actual.workspace.id, labels: labelList, origin: ref });
    const lookup = <T>(names: string[], map: Map<string, T>, noun: string, candidates: string[], make: (item: T) => DesiredGrant) =>
      names.flatMap((name, i) => {
        const item = map.get(name);
        if (item === undefined) {
          error(origin, [scope!, i], `unknown-${noun.replace(/ /g, '-')}`, `${noun} \`${name}\` does not exist in workspace ${actual.workspace.slug}`, suggestion(name, candidates, noun));
          return [];
        }
        return [make(item)];
      });
    switch (scope) {
      case undefined:
        return [all()];
      case 'sources': {
        const value = entry.sources!;
        if (value === 'all') return [all()];
        if (Array.isArray(value)) {
          return lookup(value, sourceBySlug, 'source', [...sourceBySlug.keys()], (s) => ({ roleId, type: 'SOURCE', resourceId: s.id, labels: [], origin: ref }));
        }
        const selector = Object.entries(value.labels).map(([k, v]) => `${k}=${v}`).sort();
        const unknown = selector.filter((l) => !labels.has(l));
        for (const l of unknown) {
          error(origin, ['sources', 'labels', l.split('=')[0]!], 'unknown-label', `label \`${l.replace('=', ': ')}\` does not exist in workspace ${actual.workspace.slug}`,
            suggestion(l, [...labels], 'label'));
        }
        return unknown.length ? [] : [all(selector)];
      }
      case 'destinations':
        return lookup(entry.destinations!, destinations, 'destination', actual.destinations.map((d) => d.name), (d) => {
          const source = sourceById.get(d.sourceId);
          const alsoOpens = actual.destinations.filter((x) => x.sourceId === d.sourceId && x.id !== d.id).map((x) => x.name).sort();
          return { roleId, type: 'SOURCE', resourceId: d.sourceId, labels: [], origin: ref, widening: { destination: d.name, source: source?.slug ?? d.sourceId, alsoOpens } };
        });
      case 'warehouses':
        return lookup(entry.warehouses!, warehouses, 'warehouse', actual.warehouses.map((w) => w.name), (w) => ({ roleId, type: 'WAREHOUSE', resourceId: w.id, labels: [], origin: ref }));
      case 'spaces':
        return lookup(entry.spaces!, spaces, 'space', actual.spaces.map((s) => s.slug), (s) => ({ roleId, type: 'SPACE', resourceId: s.id, labels: [], origin: ref }));
      case 'functions':
        return lookup(entry.functions!, functions, 'function', actual.functions.map((f) => f.name), (f) => ({ roleId, type: 'FUNCTION', resourceId: f.id, labels: [], origin: ref }));
    }
  };

  const liveGrants = (grants: DeclaredGrant[], memberExpires: string | undefined, subject: string): DesiredGrant[] => {
    const out: DesiredGrant[] = [];
    for (const g of grants) {
      const resolved = resolveGrant(g);
      const expires = earliest(g.entry.expires, memberExpires);
      if (isExpired(expires, at)) {
        if (g.entry.expires && !isExpired(memberExpires, at)) {
          expired.push({ subject, what: g.entry.role, date: g.entry.expires, origin: refOf(g.origin, ['expires']) });
        }
        continue;
      }
      out.push(...resolved);
    }
    return canonicalGrants(out);
  };

  const groups = new Map<string, DesiredGroup>();
  for (const group of manifest.groups) {
    const key = group.value.name.toLowerCase();
    if (groups.has(key)) continue;
    groups.set(key, { key, name: group.value.name, grants: liveGrants(groupGrants(group, profiles), undefined, group.value.name), origin: refOf(group.origin, ['name']) });
  }

  const members = new Map<string, DesiredMember>();
  for (const member of manifest.members) {
    const m = member.value;
    const key = normalizeEmail(m.email);
    if (members.has(key)) continue;
    const grants = liveGrants(memberGrants(member, profiles), m.expires, m.email);
    if (isExpired(m.expires, at)) {
      expired.push({ subject: m.email, what: 'membership', date: m.expires!, origin: refOf(member.origin, ['expires']) });
      continue;
    }
    members.set(key, {
      key, email: m.email, name: m.name, grants,
      groups: [...new Set((m.groups ?? []).map((g) => g.toLowerCase()))].filter((g) => groups.has(g)),
      origin: refOf(member.origin, ['email']), justification: m.justification,
    });
  }

  // A profile shared by many members reports an unknown name once, not once per member.
  const unique = new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.col}:${d.code}`, d]));
  return {
    desired: { slug: workspace.slug, region: workspace.region ?? 'us', policy, members, groups, expired },
    diagnostics: [...unique.values()],
  };
}
