// The plan benchmark's workspace and manifests: a generated 10,000-user / 200-group / 1,000-source
// seed, and manifests that match it except for about 5% of members (changed access, people to
// invite, people to remove, group moves).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document } from 'yaml';
import { generateSeed } from '../src/emulator/generate-seed.js';
import type { EmulatorState } from '../src/emulator/state.js';

export interface Workload {
  seed: EmulatorState;
  /** Reads a full snapshot needs at minimum: one per page of each list, plus two per group. */
  minimumReads: number;
}

const PAGE = 1000;
const pages = (n: number) => Math.max(1, Math.ceil(n / PAGE));

export function planWorkload(): Workload {
  const seed = generateSeed({ users: 10_000, groups: 200, sources: 1000, seed: 7, slug: 'scale-test' });
  const members = new Set(seed.users.map((u) => u.email));
  const invites = new Set(seed.invites.map((i) => i.email));
  const groupReads = seed.groups.reduce((sum, g) => sum + pages(g.members.filter((m) => members.has(m)).length) + pages(g.members.filter((m) => invites.has(m)).length), 0);
  const minimumReads = 1 /* GET / */ + pages(seed.roles.length) + pages(seed.users.length) + pages(seed.invites.length) + pages(seed.groups.length)
    + pages(seed.sources.length) + pages(seed.destinations.length) + pages(seed.warehouses.length) + 1 /* labels */ + pages(seed.spaces.length) + groupReads;
  return { seed, minimumReads };
}

/** Writes manifests for `seed` into `dir`, 1,000 members per file, with ~5% of members differing. */
export function writeManifests(seed: EmulatorState, dir: string): { differing: number } {
  mkdirSync(dir, { recursive: true });
  const role = (id: string) => seed.roles.find((r) => r.id === id)!.name;
  const sourceSlug = new Map(seed.sources.map((s) => [s.id, s.slug]));
  const groupsOf = new Map<string, string[]>();
  for (const g of seed.groups) for (const m of g.members) groupsOf.set(m, [...(groupsOf.get(m) ?? []), g.name]);

  let differing = 0;
  const entries: Array<Record<string, unknown>> = [];
  seed.users.forEach((u, i) => {
    const access = u.permissions.flatMap((p) => {
      const ws = p.resources.filter((r) => r.type === 'WORKSPACE');
      const src = p.resources.filter((r) => r.type === 'SOURCE');
      const out: Array<Record<string, unknown>> = [];
      for (const r of ws) out.push(r.labels.length ? { role: role(p.roleId), sources: { labels: Object.fromEntries(r.labels.map((l) => [l.key, l.value])) } } : { role: role(p.roleId) });
      if (src.length) out.push({ role: role(p.roleId), sources: src.map((r) => sourceSlug.get(r.id)) });
      return out;
    });
    const entry: Record<string, unknown> = { email: u.email, access };
    const groups = groupsOf.get(u.email);
    if (groups) entry.groups = groups;
    if (i >= 5 && i % 20 === 0) { entry.access = [{ role: 'Source Read-only', sources: { labels: { environment: 'prod' } } }]; differing++; }
    if (i >= 5 && i % 97 === 0) { differing++; return; } // removed from the manifests
    if (i >= 5 && i % 101 === 0 && groups) { entry.groups = groups.slice(1); differing++; }
    entries.push(entry);
  });
  for (let i = 0; i < 100; i++) entries.push({ email: `newcomer${i}@example.com`, role: 'Source Read-only' });
  differing += 100;
  for (const invite of seed.invites) entries.push({ email: invite.email, ...(groupsOf.get(invite.email) ? { groups: groupsOf.get(invite.email) } : {}) });

  writeFileSync(path.join(dir, 'workspace.yaml'), new Document({
    version: 1, workspace: { slug: seed.workspace.slug },
    policy: { minOwners: 1, maxRemovals: '5%' },
    profiles: {},
  }).toString().replace('profiles: {}\n', ''));
  writeFileSync(path.join(dir, 'groups.yaml'), new Document({ version: 1, groups: seed.groups.map((g) => ({ name: g.name, access: g.permissions.map((p) => ({ role: role(p.roleId) })) })) }).toString());
  for (let f = 0; f * 1000 < entries.length; f++) {
    writeFileSync(path.join(dir, `members-${String(f).padStart(2, '0')}.yaml`), new Document({ version: 1, members: entries.slice(f * 1000, (f + 1) * 1000) }).toString());
  }
  return { differing };
}
