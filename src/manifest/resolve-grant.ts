// Resolving one declared access entry against the live catalog: the role name becomes its id and
// the scope becomes resources (source slugs, destinations via their source, warehouses, spaces,
// functions, label selectors). Unknown names are reported through `error`, with a suggestion.
import type { Actual } from '../workspace/model.js';
import { closest, editDistance, suggestion } from './did-you-mean.js';
import { renamedRole, roleInfo, roleMeaning, scopeProblem, type ScopeKey } from './role-catalog.js';
import type { DeclaredGrant } from './grants.js';
import { refOf, type Origin } from './merge.js';
import type { DesiredGrant } from './resolve.js';

const SCOPE_KEYS = ['sources', 'destinations', 'warehouses', 'spaces', 'functions'] as const;
export type { ScopeKey };

export type ReportError = (origin: Origin, path: Array<string | number>, code: string, message: string, hint: string) => void;

/** Which family of resources a role's scope names (sources, warehouses, functions, spaces), from the catalog. */
export function scopeFamily(role: string): ScopeKey | undefined {
  const reach = roleInfo(role)?.reach;
  return reach === 'sources' || reach === 'warehouses' || reach === 'functions' || reach === 'spaces' ? reach : undefined;
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
  const warehouses = byNameOrId(actual.warehouses, (w) => w.name);
  const spaces = byNameOrId(actual.spaces, (s) => s.slug);
  const functions = byNameOrId(actual.functions, (f) => f.name);
  const labels = new Set(actual.labels);
  // Built once: every entry of every member is resolved here, and "did you mean" keeps its
  // lower-cased copy of a candidate list by the list's identity.
  const candidates = {
    sources: [...sourceBySlug.keys()], labels: [...labels], warehouses: actual.warehouses.map((w) => w.name),
    spaces: actual.spaces.map((s) => s.slug), functions: actual.functions.map((f) => f.name),
  };
  const destinations = destinationIndex(actual);

  return (declared: DeclaredGrant): DesiredGrant[] => {
    const roleId = roleIds.get(declared.entry.role);
    if (roleId) return withRole(declared, roleId);
    reportUnknownRole(declared.entry.role, declared.origin, actual, [...roleIds.keys()], error);
    // Its resources are still looked up, so one run names a misspelt source beside the role; an
    // unknown role grants nothing.
    withRole(declared, undefined);
    return [];
  };

  function withRole(declared: DeclaredGrant, known: string | undefined): DesiredGrant[] {
    const { entry, origin } = declared;
    const ref = refOf(origin);
    const roleId = known ?? '';
    const scope = SCOPE_KEYS.find((k) => entry[k] !== undefined);
    const problem = known ? scopeProblem(entry) : undefined;
    if (problem) {
      error(origin, [problem.key], 'scope-not-allowed', problem.message, problem.hint);
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
          return lookup(value, sourceBySlug, 'source', candidates.sources, (s) => ({ roleId, type: 'SOURCE', resourceId: s.id, labels: [], origin: ref }));
        }
        const selector = Object.entries(value.labels).map(([k, v]) => `${k}=${v}`).sort();
        const unknown = selector.filter((l) => !labels.has(l));
        for (const l of unknown) {
          error(origin, ['sources', 'labels', l.split('=')[0]!], 'unknown-label', `label \`${l.replace('=', ': ')}\` does not exist in workspace ${actual.workspace.slug}`,
            labelHint(l, candidates.labels));
        }
        return unknown.length ? [] : [all(selector)];
      }
      case 'destinations':
        return entry.destinations!.flatMap((wanted, i) => {
          const found = findDestination(wanted, destinations, actual.workspace.slug);
          if ('error' in found) {
            error(origin, [scope!, i], found.code, found.error, found.hint);
            return [];
          }
          const d = found.destination;
          const source = sourceById.get(d.sourceId);
          const alsoOpens = (destinations.bySource.get(d.sourceId) ?? []).filter((x) => x.id !== d.id).map((x) => x.name).sort();
          return [{ roleId, type: 'SOURCE', resourceId: d.sourceId, labels: [], origin: ref, widening: { destination: d.name, source: source?.slug ?? d.sourceId, alsoOpens } }];
        });
      case 'warehouses':
        return lookup(entry.warehouses!, warehouses, 'warehouse', candidates.warehouses, (w) => ({ roleId, type: 'WAREHOUSE', resourceId: w.id, labels: [], origin: ref }));
      case 'spaces':
        return lookup(entry.spaces!, spaces, 'space', candidates.spaces, (s) => ({ roleId, type: 'SPACE', resourceId: s.id, labels: [], origin: ref }));
      case 'functions':
        return lookup(entry.functions!, functions, 'function', candidates.functions, (f) => ({ roleId, type: 'FUNCTION', resourceId: f.id, labels: [], origin: ref }));
    }
  }

}

/**
 * A role the workspace does not have: one of Segment's that this workspace's plan lacks (Free and
 * Team plans have only Workspace Owner and Source Admin), or a name with a suggestion that is never
 * more privileged than what was written.
 */
function reportUnknownRole(name: string, origin: Origin, actual: Actual, available: string[], error: ReportError): void {
  const at = origin.path.at(-1) === 'role' ? [] : ['role'];
  if (roleInfo(name)) {
    error(origin, at, 'role-not-available', `role \`${name}\` is not available on workspace ${actual.workspace.slug}'s plan (GET /roles does not list it)`,
      'Free and Team plans grant only Workspace Owner and Source Admin; use one of those, or ask Segment about the Business tier');
    return;
  }
  const renamed = renamedRole(name);
  if (renamed && available.includes(renamed)) {
    error(origin, at, 'renamed-role', `role \`${name}\` is not served by workspace ${actual.workspace.slug}: Segment renamed it to \`${renamed}\``, `write \`${renamed}\``);
    return;
  }
  if (name === 'Workspace Member') {
    error(origin, at, 'not-a-role', `workspace ${actual.workspace.slug} serves no role \`Workspace Member\` (GET /roles): every member who is not a Workspace Owner is a Workspace Member`,
      'list the member\'s roles under `access:` (for login only, `role: Minimal Workspace Access`)');
    return;
  }
  error(origin, at, 'unknown-role', `role \`${name}\` does not exist in workspace ${actual.workspace.slug}`, roleSuggestion(name, available));
}

/** `environment=prod` as the manifest writes it: `{ environment: prod }`. */
const yamlLabel = (label: string) => `{ ${label.replace('=', ': ')} }`;

/** "Did you mean" for a label, in the manifest's own syntax. */
function labelHint(label: string, known: readonly string[]): string {
  const match = closest(label, known);
  if (match) return `did you mean \`${yamlLabel(match)}\`?`;
  if (known.length === 0) return 'the workspace has no labels; create it in Segment first, or scope by slug';
  const shown = [...known].sort().slice(0, 8).map((l) => `\`${yamlLabel(l)}\``).join(', ');
  return `known labels: ${shown}${known.length > 8 ? `, and ${known.length - 8} more` : ''}`;
}

/**
 * "Did you mean" for a role name the workspace does not serve. A one-letter slip of a role
 * (`Source Admn`) suggests that role: it is what was written. Anything else suggests only roles no
 * more privileged than read-only, so a name like `Workspace Member` never leads to `Workspace Owner`.
 */
export function roleSuggestion(name: string, available: readonly string[]): string {
  const slips = available.filter((r) => editDistance(name, r) === 1);
  if (slips.length === 1) return `did you mean \`${slips[0]}\`?`;
  return suggestion(name, available.filter((r) => roleMeaning(r).privilege <= 1), 'role');
}

type Destination = Actual['destinations'][number];
type FoundDestination = { destination: Destination } | { code: string; error: string; hint: string };

interface DestinationIndex {
  byId: Map<string, Destination>;
  byName: Map<string, Destination[]>;
  bySource: Map<string, Destination[]>;
  names: string[];
  slugOf: (sourceId: string) => string;
}

function destinationIndex(actual: Actual): DestinationIndex {
  const byName = new Map<string, Destination[]>();
  const bySource = new Map<string, Destination[]>();
  const add = (map: Map<string, Destination[]>, key: string, d: Destination) => {
    const list = map.get(key);
    if (list) list.push(d);
    else map.set(key, [d]);
  };
  for (const d of actual.destinations) {
    add(byName, d.name, d);
    add(bySource, d.sourceId, d);
  }
  const slugs = new Map(actual.sources.map((s) => [s.id, s.slug]));
  return {
    byId: new Map(actual.destinations.map((d) => [d.id, d])), byName, bySource,
    names: actual.destinations.map((d) => d.name), slugOf: (sourceId) => slugs.get(sourceId) ?? sourceId,
  };
}

/**
 * Destination names are not unique (two sources can each have an "Amplitude"): a bare name that
 * matches several is an error listing them with their sources, never the last one silently.
 * `{name, source}` (or the destination's id) says which.
 */
function findDestination(wanted: string | { name: string; source: string }, index: DestinationIndex, ws: string): FoundDestination {
  const { slugOf } = index;
  if (typeof wanted !== 'string') {
    const named = index.byName.get(wanted.name) ?? [];
    const match = named.find((d) => slugOf(d.sourceId) === wanted.source);
    if (match) return { destination: match };
    const names = named.map((d) => `\`${slugOf(d.sourceId)}\``);
    return { code: 'unknown-destination', error: `destination \`${wanted.name}\` on source \`${wanted.source}\` does not exist in workspace ${ws}`,
      hint: names.length ? `it exists on ${names.join(', ')}` : suggestion(wanted.name, index.names, 'destination') };
  }
  const byId = index.byId.get(wanted);
  if (byId) return { destination: byId };
  const named = index.byName.get(wanted) ?? [];
  if (named.length === 1) return { destination: named[0]! };
  if (named.length > 1) {
    const list = named.map((d) => `${d.name} on ${slugOf(d.sourceId)} (id ${d.id})`).sort().join(', ');
    return { code: 'ambiguous-destination', error: `\`${wanted}\` names ${named.length} destinations in workspace ${ws}: ${list}`,
      hint: `say which: \`{ name: ${wanted}, source: ${slugOf(named[0]!.sourceId)} }\`` };
  }
  return { code: 'unknown-destination', error: `destination \`${wanted}\` does not exist in workspace ${ws}`, hint: suggestion(wanted, index.names, 'destination') };
}
