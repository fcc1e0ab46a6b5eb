// Expands the three ways a member or group gets access (role shorthand, access entries, a profile)
// into one list of entries, each remembering where it was written. Used by validation and by the
// resolver, so both agree on what a manifest grants.
import type { Origin, Sourced, Manifest } from './merge.js';
import type { JsonPath } from './positions.js';
import type { AccessEntry, Group, Member } from './types.generated.js';

export interface DeclaredGrant {
  entry: AccessEntry;
  /** Where the entry itself is written (inside the member, group or profile). */
  origin: Origin;
  /** For entries that come from a profile: where the subject names the profile. */
  via?: { profile: string; origin: Origin };
}

export type ProfileIndex = Map<string, Sourced<AccessEntry[]>>;

/** First declaration wins; duplicates are reported by the validator. */
export function indexProfiles(manifest: Manifest): ProfileIndex {
  const index: ProfileIndex = new Map();
  for (const profile of manifest.profiles) if (!index.has(profile.name)) index.set(profile.name, profile);
  return index;
}

/** The access a member declares directly or through its profile (not through groups). */
export function memberGrants(member: Sourced<Member>, profiles: ProfileIndex): DeclaredGrant[] {
  const grants: DeclaredGrant[] = [];
  const { value, origin } = member;
  if (value.role) grants.push({ entry: { role: value.role }, origin: sub(origin, ['role']) });
  (value.access ?? []).forEach((entry, i) => grants.push({ entry, origin: sub(origin, ['access', i]) }));
  if (value.profile) grants.push(...profileGrants(value.profile, sub(origin, ['profile']), profiles));
  return grants;
}

/** The access a group declares directly or through its profile. */
export function groupGrants(group: Sourced<Group>, profiles: ProfileIndex): DeclaredGrant[] {
  const grants: DeclaredGrant[] = [];
  (group.value.access ?? []).forEach((entry, i) => grants.push({ entry, origin: sub(group.origin, ['access', i]) }));
  if (group.value.profile) grants.push(...profileGrants(group.value.profile, sub(group.origin, ['profile']), profiles));
  return grants;
}

function profileGrants(name: string, usedAt: Origin, profiles: ProfileIndex): DeclaredGrant[] {
  const profile = profiles.get(name);
  if (!profile) return [];
  return profile.value.map((entry, i) => ({
    entry,
    origin: sub(profile.origin, [i]),
    via: { profile: name, origin: usedAt },
  }));
}

export function sub(origin: Origin, path: JsonPath): Origin {
  return { file: origin.file, path: [...origin.path, ...path] };
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function emailDomain(email: string): string {
  return normalizeEmail(email).split('@').pop() ?? '';
}
