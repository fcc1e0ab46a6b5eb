// Operations are derived from the changes, and prove them: over random workspaces and manifests, the
// operations applied to the state before give every change's `after` (a reference model of the API
// here, written apart from the planner's own simulation), and every prefix of the operations keeps
// the safe-order invariants (never fewer owners than the floor; nobody loses, even for a moment,
// access they have before and after), unless the plan itself says it has no safe order.
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/plan/describe.js';
import { plan } from '../../src/plan/plan.js';
import { isPerson } from '../../src/plan/change-lines.js';
import type { Change, GroupChange, Operation } from '../../src/plan/types.js';
import { grantKey, type Grant } from '../../src/workspace/model.js';
import { actualOf, desiredOf, g, ROLES, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

/** mulberry32: a small seeded generator, so a failing case can be replayed by its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const POOL = [
  () => g('Workspace Owner'), () => g('Source Admin'), () => g('Source Read-only'), () => g('Warehouse Destination Read-only'),
  () => g('Source Admin', 'SOURCE', 'src-web'), () => g('Source Read-only', 'SOURCE', 'src-stg'), () => g('Source Read-only', 'WORKSPACE', 'ws-1', ['environment=prod']),
];
const GROUPS = ['eng', 'ops', 'data', 'admins'];

function scenario(seed: number): { desired: DesiredSpec; actual: ActualSpec; reinvite: boolean } {
  const r = random(seed);
  const pick = <T>(items: readonly T[], p: number) => items.filter(() => r() < p);
  const grants = () => pick(POOL, 0.25).map((make) => make());
  const emails = Array.from({ length: 4 + Math.floor(r() * 6) }, (_, i) => `p${i}@acme.com`);
  const users = emails.filter(() => r() < 0.55);
  const invites = emails.filter((e) => !users.includes(e) && r() < 0.5);
  const liveGroups = pick(GROUPS, 0.5);
  const actual: ActualSpec = {
    users: [{ email: 'root@acme.com', id: 'uRoot', grants: [g('Workspace Owner')] }, ...users.map((email, i) => ({ email: r() < 0.2 ? email.toUpperCase() : email, id: `u${i}`, grants: grants() }))],
    invites: invites.map((email) => ({ email, sentAt: r() < 0.5 ? '2026-11-20T00:00:00Z' : '2026-10-01T00:00:00Z' })),
    groups: liveGroups.map((name, i) => ({ name, id: `g${i}`, grants: grants(), members: pick([...users, ...invites], 0.35) })),
  };
  const declared = pick(GROUPS, 0.6);
  const desired: DesiredSpec = {
    members: [{ email: 'root@acme.com', grants: [g('Workspace Owner')] }, ...emails.filter(() => r() < 0.7).map((email) => ({ email, grants: grants(), groups: pick(declared, 0.35) }))],
    groups: declared.map((name) => ({ name, grants: grants() })),
    policy: {
      maxRemovals: '100%',
      ...(r() < 0.2 ? { unmanaged: 'report' as const } : {}),
      ...(r() < 0.2 ? { identityProvider: { groups: pick(GROUPS, 0.4) } } : {}),
    },
  };
  return { desired, actual, reinvite: r() < 0.15 };
}

/** A model of the Public API's IAM state, independent of src/plan/simulate.ts. */
class Reference {
  users = new Map<string, Set<string>>();
  invites = new Map<string, Set<string> | undefined>();
  groups = new Map<string, { name: string; grants: Set<string>; members: Set<string> }>();
  constructor(spec: ActualSpec) {
    for (const u of spec.users ?? []) this.users.set(u.email.toLowerCase(), new Set((u.grants ?? []).map(grantKey)));
    for (const i of spec.invites ?? []) this.invites.set(i.email.toLowerCase(), undefined);
    for (const gr of spec.groups ?? []) this.groups.set(gr.id!, { name: gr.name, grants: new Set((gr.grants ?? []).map(grantKey)), members: new Set((gr.members ?? []).map((m) => m.toLowerCase())) });
  }

  private ref(group: { id: string } | { createdBy: string }): string {
    return 'id' in group ? group.id : `op:${group.createdBy}`;
  }

  private leaveAll(key: string): void {
    for (const gr of this.groups.values()) gr.members.delete(key);
  }

  apply(op: Operation): void {
    const p = op.params;
    const keys = (grants: readonly Grant[]) => new Set(grants.map(grantKey));
    switch (p.kind) {
      case 'createUserGroup': this.groups.set(`op:${op.id}`, { name: p.name, grants: new Set(), members: new Set() }); break;
      case 'createInvites': for (const i of p.invites) this.invites.set(i.email.toLowerCase(), keys(i.grants)); break;
      case 'deleteInvites': for (const e of p.emails) { this.invites.delete(e.toLowerCase()); this.leaveAll(e.toLowerCase()); } break;
      case 'replacePermissionsForUser': this.users.set(p.email.toLowerCase(), keys(p.grants)); break;
      case 'replacePermissionsForUserGroup': this.groups.get(this.ref(p.group))!.grants = keys(p.grants); break;
      case 'addUsersToUserGroup': for (const e of p.emails) this.groups.get(this.ref(p.group))!.members.add(e.toLowerCase()); break;
      case 'removeUsersFromUserGroup': for (const e of p.emails) this.groups.get(p.group.id)!.members.delete(e.toLowerCase()); break;
      case 'deleteUsers': for (const u of p.users) { this.users.delete(u.email.toLowerCase()); this.leaveAll(u.email.toLowerCase()); } break;
      case 'deleteUserGroup': this.groups.delete(p.group.id); break;
    }
  }

  groupsOf(key: string): string[] {
    return [...this.groups.values()].filter((gr) => gr.members.has(key)).map((gr) => gr.name.toLowerCase()).sort();
  }

  effective(key: string): Set<string> | undefined {
    const direct = this.users.get(key);
    if (!direct) return undefined;
    const out = new Set(direct);
    for (const gr of this.groups.values()) if (gr.members.has(key)) for (const k of gr.grants) out.add(k);
    return out;
  }
}

const keysOf = (grants: ReadonlyArray<{ grant: Grant }>) => [...new Set(grants.map((x) => grantKey(x.grant)))].sort();

function checkAfter(change: Change, ref: Reference): void {
  if (isPerson(change)) {
    const key = change.subject.email.toLowerCase();
    const status = ref.users.has(key) ? 'member' : ref.invites.has(key) ? 'invited' : 'absent';
    expect(status, `${change.id} status`).toBe(change.after.status);
    if (status === 'absent') return;
    expect(ref.groupsOf(key), `${change.id} groups`).toEqual(change.after.groups.map((x) => x.toLowerCase()).sort());
    if (status === 'member') {
      expect([...ref.users.get(key)!].sort(), `${change.id} direct`).toEqual(keysOf(change.after.direct));
      expect([...ref.effective(key)!].sort(), `${change.id} effective`).toEqual(keysOf(change.after.effective));
    } else if (ref.invites.get(key) !== undefined) {
      expect([...ref.invites.get(key)!].sort(), `${change.id} invite access`).toEqual(keysOf(change.after.direct));
    }
    return;
  }
  const name = (change as GroupChange).subject.name.toLowerCase();
  const after = (change as GroupChange).after;
  const found = [...ref.groups.values()].filter((gr) => gr.name.toLowerCase() === name);
  expect(found.length === 1, `${change.id} exists`).toBe(after.exists);
  if (!after.exists) return;
  expect([...found[0]!.grants].sort(), `${change.id} grants`).toEqual(keysOf(after.grants));
  expect([...found[0]!.members].sort(), `${change.id} members`).toEqual(after.members.map((m) => m.toLowerCase()).sort());
}

describe('operations derived from the changes', () => {
  const SEEDS = Array.from({ length: 400 }, (_, i) => i + 1);

  it(`over ${SEEDS.length} random workspaces and manifests, applying them gives every change's after, and every prefix is safe`, () => {
    let planned = 0;
    let unsafe = 0;
    let operations = 0;
    for (const seed of SEEDS) {
      const { desired, actual, reinvite } = scenario(seed);
      const a = actualOf(actual);
      const p = plan(desiredOf(desired), a, { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'm', ...(reinvite ? { reinvite: 'all' as const } : {}) });
      const ref = new Reference(actual);
      operations += p.operations.length;
      const catalog = catalogOf(a);
      const grantOf = new Map<string, Grant>();
      for (const u of actual.users ?? []) for (const x of u.grants ?? []) grantOf.set(grantKey(x), x);
      for (const gr of actual.groups ?? []) for (const x of gr.grants ?? []) grantOf.set(grantKey(x), x);
      for (const op of p.operations) {
        if ('grants' in op.params) for (const x of op.params.grants) grantOf.set(grantKey(x), x);
        if (op.params.kind === 'createInvites') for (const i of op.params.invites) for (const x of i.grants) grantOf.set(grantKey(x), x);
      }
      const ownerKey = (k: string) => catalog.isOwner(grantOf.get(k)!);
      const owners = () => [...ref.users.keys()].filter((k) => [...ref.effective(k)!].some(ownerKey)).length;
      const start = new Map([...ref.users.keys()].map((k) => [k, ref.effective(k)!]));
      const ownersBefore = owners();
      const prefixes: Array<{ owners: number; held: Map<string, Set<string>> }> = [];
      for (const op of p.operations) {
        ref.apply(op);
        prefixes.push({ owners: owners(), held: new Map([...ref.users.keys()].map((k) => [k, ref.effective(k)!])) });
      }
      for (const change of p.changes) checkAfter(change, ref);
      if (p.guards.some((gd) => gd.guard === 'unsafe-order')) { unsafe++; continue; }
      const floor = Math.min(1, ownersBefore, owners());
      const end = new Map([...ref.users.keys()].map((k) => [k, ref.effective(k)!]));
      for (const [i, prefix] of prefixes.entries()) {
        expect(prefix.owners, `seed ${seed}: owners after ${p.operations[i]!.id}`).toBeGreaterThanOrEqual(floor);
        for (const [key, atStart] of start) {
          const atEnd = end.get(key);
          const now = prefix.held.get(key);
          if (!atEnd || !now) continue;
          for (const k of atStart) {
            if (!atEnd.has(k)) continue;
            const kept = now.has(k) || [...now].some((h) => catalog.covers(grantOf.get(h)!, grantOf.get(k)!));
            expect(kept, `seed ${seed}: ${key} keeps ${k} after ${p.operations[i]!.id}`).toBe(true);
          }
        }
      }
      planned++;
    }
    // The generator must produce plans worth checking: most of them safe and with operations.
    expect(planned).toBeGreaterThan(SEEDS.length * 0.8);
    expect(unsafe).toBeLessThan(SEEDS.length * 0.2);
    expect(operations / SEEDS.length).toBeGreaterThan(4);
  });
});
