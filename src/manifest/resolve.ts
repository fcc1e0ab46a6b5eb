// Resolve: the merged manifest becomes the Desired state, in the same canonical grants as the live
// side. Names become ids (roles, source slugs, destinations via their source, warehouses, spaces,
// functions, labels), profiles are expanded, and expirations are applied at `at`: expired members
// and grants drop out, so the plan removes them. Unknown names are diagnostics with a suggestion.
import { groupsByName, type Actual, type Grant } from '../workspace/model.js';
import { canonicalGrants } from '../workspace/model.js';
import { earliest, isExpired } from './dates.js';
import type { Diagnostic } from './diagnostic.js';
import { groupGrants, indexProfiles, memberGrants, normalizeEmail, type DeclaredGrant } from './grants.js';
import { provisionedByIdp } from './identity.js';
import { grantResolver, type ReportError } from './resolve-grant.js';
import { effectivePolicy, refOf, type Manifest, type Origin } from './merge.js';
import type { SourceRef } from './positions.js';
import { compileRules, type CompiledRule } from './policy-rules.js';

/** A desired grant with where it was written and what it implies. */
export interface DesiredGrant extends Grant {
  origin: SourceRef;
  /** Set when the grant comes from a profile the member or group names. */
  profile?: string;
  /** The earlier of the entry's and the membership's `expires`. */
  expires?: string;
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
  reviewBy?: string;
  /** Whole-membership expiry. */
  expires?: string;
  /** The identity provider creates and removes this person (`provisionedBy: idp`, or its domain). */
  idp?: boolean;
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
  /** `policy.rules`, compiled (their problems are reported by validation, before resolving). */
  rules?: CompiledRule[];
}

export interface ResolveResult {
  desired: Desired;
  diagnostics: Diagnostic[];
}

export { scopeFamily } from './resolve-grant.js';

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

  const resolveGrant = grantResolver(actual, error);
  reportAmbiguousGroups(manifest, actual, error);
  if (actual.groupsUnavailable) reportGroupsUnavailable(manifest, actual, error);

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
      out.push(...resolved.map((r) => ({ ...r, ...(g.via ? { profile: g.via.profile } : {}), ...(expires ? { expires } : {}) })));
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
      origin: refOf(member.origin, ['email']), justification: m.justification, reviewBy: m.reviewBy, expires: m.expires,
      ...(provisionedByIdp(policy, m) ? { idp: true } : {}),
    });
  }

  // A profile shared by many members reports an unknown name once, not once per member.
  const unique = new Map(diagnostics.map((d) => [`${d.file}:${d.line}:${d.col}:${d.code}`, d]));
  return {
    desired: { slug: workspace.slug, region: workspace.region ?? 'us', policy, members, groups, expired, rules: compileRules(manifest).rules },
    diagnostics: [...unique.values()],
  };
}

/**
 * A workspace without User Groups (a Free or Team plan) cannot hold the manifests' groups: one error,
 * at the first place the manifests use a group, says so and counts the rest.
 */
function reportGroupsUnavailable(manifest: Manifest, actual: Actual, error: (origin: Origin, path: Array<string | number>, code: string, message: string, hint: string) => void): void {
  const members = manifest.members.filter((m) => (m.value.groups ?? []).length > 0);
  const first = manifest.groups[0] ?? members[0];
  if (!first) return;
  const uses = [
    ...(manifest.groups.length ? [`${manifest.groups.length} group${manifest.groups.length === 1 ? '' : 's'}`] : []),
    ...(members.length ? [`${members.length} member${members.length === 1 ? '' : 's'} in groups`] : []),
  ].join(' and ');
  error(first.origin, manifest.groups[0] ? ['name'] : ['groups'], 'groups-unavailable',
    `workspace ${actual.workspace.slug}'s plan does not include User Groups (${actual.groupsUnavailable}), but the manifests declare ${uses}`,
    'give the access directly under each member\'s `access:` (profiles work on every plan), or move the workspace to Segment\'s Business tier');
}

/**
 * Segment does not document group names as unique, so groups are read by id. Two groups whose names
 * are equal ignoring case make a manifest group ambiguous: report both ids and manage nothing until
 * one is renamed (merging them silently would hide one group's access).
 */
function reportAmbiguousGroups(manifest: Manifest, actual: Actual, error: ReportError): void {
  for (const [key, same] of groupsByName(actual.groups.values())) {
    if (same.length < 2) continue;
    const declared = manifest.groups.find((g) => g.value.name.toLowerCase() === key);
    const [origin, path] = declared ? [declared.origin, ['name']] : [manifest.workspaces[0]!.origin, ['slug']];
    const list = same.map((g) => `\`${g.name}\` (id ${g.id})`).join(' and ');
    error(origin, path, 'ambiguous-group',
      `workspace ${actual.workspace.slug} has ${same.length} groups named ${list}; segment-access cannot tell them apart and manages neither`,
      'rename or delete all but one of them in Segment (names compare case-insensitively), then run again');
  }
}
