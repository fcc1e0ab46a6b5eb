// Resolving one declared access entry against the live catalog: the role name becomes its id and
// the scope becomes resources (source slugs, destinations via their source, warehouses, spaces,
// functions, label selectors). Unknown names are reported through `error`, with a suggestion.
import type { Actual } from '../workspace/model.js';
import { suggestion } from './did-you-mean.js';
import type { DeclaredGrant } from './grants.js';
import { refOf, type Origin } from './merge.js';
import type { DesiredGrant } from './resolve.js';

const SCOPE_KEYS = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'] as const;
export type ScopeKey = (typeof SCOPE_KEYS)[number];

export type ReportError = (origin: Origin, path: Array<string | number>, code: string, message: string, hint: string) => void;

/** Which scope a role accepts, from its name (RoleV1 carries no resource types; see API gotcha 11). */
export function scopeFamily(role: string): ScopeKey | undefined {
  if (/^Source /.test(role)) return 'sources';
  if (/^Warehouse /.test(role)) return 'warehouses';
  if (/^Function /.test(role)) return 'functions';
  if (/^(Engage|Unify) /.test(role)) return 'spaces';
  return undefined;
}

/** A function that resolves one declared grant into canonical desired grants (none when unknown). */
export function grantResolver(actual: Actual, error: ReportError): (declared: DeclaredGrant) => DesiredGrant[] {
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

  return (declared: DeclaredGrant): DesiredGrant[] => {
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

}
