// Merge: the files of one workspace folder become one Manifest. Every entity keeps the file and
// JSON path it came from, so later stages (semantics, resolve, plan) can point back at its line.
import type { ManifestFile } from './load.js';
import { locate, type JsonPath, type SourceRef } from './positions.js';
import type { AccessEntry, Group, Member, Policy, Token, Workspace } from './types.generated.js';

/** Where an entity was declared: its file and its JSON path inside that file. */
export interface Origin {
  file: ManifestFile;
  path: JsonPath;
}

/** A manifest value together with its origin. */
export interface Sourced<T> {
  value: T;
  origin: Origin;
}

export interface Manifest {
  files: ManifestFile[];
  /** Every file that declares `workspace` (exactly one is valid). */
  workspaces: Sourced<Workspace>[];
  /** Every file that declares `policy` (at most one is valid). */
  policies: Sourced<Policy>[];
  profiles: Array<Sourced<AccessEntry[]> & { name: string }>;
  members: Sourced<Member>[];
  groups: Sourced<Group>[];
  tokens: Sourced<Token>[];
}

/** Concatenates the files' sections in file order; duplicates are left for the validator to name. */
export function mergeManifests(files: ManifestFile[]): Manifest {
  const manifest: Manifest = { files, workspaces: [], policies: [], profiles: [], members: [], groups: [], tokens: [] };
  for (const file of files) {
    const data = file.data;
    if (data.workspace) manifest.workspaces.push({ value: data.workspace, origin: { file, path: ['workspace'] } });
    if (data.policy) manifest.policies.push({ value: data.policy, origin: { file, path: ['policy'] } });
    for (const [name, entries] of Object.entries(data.profiles ?? {})) {
      if (entries) manifest.profiles.push({ name, value: entries, origin: { file, path: ['profiles', name] } });
    }
    (data.members ?? []).forEach((value, i) => manifest.members.push({ value, origin: { file, path: ['members', i] } }));
    (data.groups ?? []).forEach((value, i) => manifest.groups.push({ value, origin: { file, path: ['groups', i] } }));
    (data.tokens ?? []).forEach((value, i) => manifest.tokens.push({ value, origin: { file, path: ['tokens', i] } }));
  }
  return manifest;
}

/** The position of `origin` plus a sub-path (e.g. `['access', 0, 'role']`). */
export function refOf(origin: Origin, sub: JsonPath = [], target: 'key' | 'value' = 'value'): SourceRef {
  return locate(origin.file, [...origin.path, ...sub], target);
}

/** The single policy in force (the first declared), with defaults applied. */
export function effectivePolicy(manifest: Manifest): Required<Pick<Policy, 'minOwners' | 'unmanaged' | 'expiryWarningDays'>> &
  Policy {
  const declared = manifest.policies[0]?.value ?? {};
  return {
    ...declared,
    minOwners: declared.minOwners ?? 1,
    unmanaged: declared.unmanaged ?? 'remove',
    expiryWarningDays: declared.expiryWarningDays ?? 14,
  };
}
