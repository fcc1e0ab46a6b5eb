// A pure model of the workspace's IAM state that operations can be applied to (and undone), so the
// planner can check the state after every prefix of the operation list: who holds which grant,
// directly or through a group, and how many Workspace Owners there are.
import { grantKey, type Actual, type Grant } from '../workspace/model.js';
import type { Catalog } from './describe.js';
import type { GroupRef, Operation } from './types.js';

interface SimGroup {
  grants: Set<string>;
  members: Set<string>;
}

export function groupRefKey(ref: GroupRef): string {
  return 'id' in ref ? `id:${ref.id}` : `op:${ref.createdBy}`;
}

const lower = (s: string) => s.toLowerCase();

export class Simulation {
  readonly users = new Map<string, Set<string>>();
  readonly invites = new Set<string>();
  readonly groups = new Map<string, SimGroup>();
  private readonly memberOf = new Map<string, Set<string>>();
  /** Grant key -> grant, for words in messages. */
  readonly grants = new Map<string, Grant>();
  private readonly ownerKeys = new Set<string>();
  private undoLog: Array<() => void> = [];

  constructor(actual: Actual, private readonly catalog: Catalog) {
    for (const [key, user] of actual.users) this.users.set(key, this.keys(user.grants));
    for (const key of actual.invites.keys()) this.invites.add(key);
    for (const g of actual.groups.values()) {
      const ref = `id:${g.id}`;
      this.groups.set(ref, { grants: this.keys(g.grants), members: new Set(g.members.keys()) });
      for (const m of g.members.keys()) this.index(m).add(ref);
    }
  }

  private keys(grants: readonly Grant[]): Set<string> {
    const out = new Set<string>();
    for (const g of grants) {
      const key = grantKey(g);
      this.grants.set(key, g);
      if (this.catalog.isOwner(g)) this.ownerKeys.add(key);
      out.add(key);
    }
    return out;
  }

  private index(email: string): Set<string> {
    let set = this.memberOf.get(email);
    if (!set) { set = new Set(); this.memberOf.set(email, set); }
    return set;
  }

  /** Effective grant keys of an accepted user (undefined for anyone else). */
  effective(email: string): Set<string> | undefined {
    const direct = this.users.get(email);
    if (!direct) return undefined;
    const out = new Set(direct);
    for (const ref of this.memberOf.get(email) ?? []) for (const k of this.groups.get(ref)?.grants ?? []) out.add(k);
    return out;
  }

  /** Whether an accepted user holds Workspace Owner, directly or through a group. */
  isOwner(email: string): boolean {
    const direct = this.users.get(email);
    if (!direct) return false;
    for (const k of direct) if (this.ownerKeys.has(k)) return true;
    for (const ref of this.memberOf.get(email) ?? []) {
      for (const k of this.groups.get(ref)?.grants ?? []) if (this.ownerKeys.has(k)) return true;
    }
    return false;
  }

  /**
   * Workspace Owners now. Counted once, then kept up to date by `apply` from the people each
   * operation touches: the safe order asks after every candidate operation, and counting all
   * 10,000 users each time made a 574-operation plan take 5 s.
   */
  ownerCount(): number {
    if (this.owners === undefined) {
      let n = 0;
      for (const email of this.users.keys()) if (this.isOwner(email)) n++;
      this.owners = n;
    }
    return this.owners;
  }

  private owners: number | undefined;

  /** Starts recording undo steps; `rollback()` restores the state as of this call. */
  mark(): void {
    this.undoLog = [];
  }

  rollback(): void {
    for (const undo of this.undoLog.reverse()) undo();
    this.undoLog = [];
  }

  private setAdd<T>(set: Set<T>, value: T): void {
    if (set.has(value)) return;
    set.add(value);
    this.undoLog.push(() => set.delete(value));
  }

  private setDelete<T>(set: Set<T>, value: T): void {
    if (!set.has(value)) return;
    set.delete(value);
    this.undoLog.push(() => set.add(value));
  }

  private mapSet<K, V>(map: Map<K, V>, key: K, value: V): void {
    const had = map.has(key);
    const old = map.get(key);
    map.set(key, value);
    this.undoLog.push(() => (had ? map.set(key, old as V) : map.delete(key)));
  }

  private mapDelete<K, V>(map: Map<K, V>, key: K): void {
    if (!map.has(key)) return;
    const old = map.get(key) as V;
    map.delete(key);
    this.undoLog.push(() => map.set(key, old));
  }

  private join(ref: string, email: string): void {
    const group = this.groups.get(ref);
    if (!group) return;
    this.setAdd(group.members, email);
    this.setAdd(this.index(email), ref);
  }

  private leaveAll(email: string): void {
    for (const ref of [...(this.memberOf.get(email) ?? [])]) {
      this.setDelete(this.groups.get(ref)!.members, email);
      this.setDelete(this.index(email), ref);
    }
  }

  /** Applies `op`; returns the (lower-cased) emails whose access may have changed. */
  apply(op: Pick<Operation, 'id' | 'params'>): Set<string> {
    if (this.owners === undefined) return this.change(op);
    const touched = this.touched(op);
    let was = 0;
    for (const e of touched) if (this.isOwner(e)) was++;
    const affected = this.change(op);
    let now = 0;
    for (const e of touched) if (this.isOwner(e)) now++;
    if (now !== was) {
      this.owners += now - was;
      this.undoLog.push(() => { this.owners! -= now - was; });
    }
    return affected;
  }

  /** The people `op` may change, read before it is applied (the set `apply` returns). */
  touched(op: Pick<Operation, 'params'>): Set<string> {
    const p = op.params;
    switch (p.kind) {
      case 'replacePermissionsForUser': return new Set([lower(p.email)]);
      case 'replacePermissionsForUserGroup': return new Set(this.groups.get(groupRefKey(p.group))?.members ?? []);
      case 'addUsersToUserGroup': case 'removeUsersFromUserGroup': case 'deleteInvites': return new Set(p.emails.map(lower));
      case 'deleteUsers': return new Set(p.users.map((u) => lower(u.email)));
      case 'deleteUserGroup': return new Set(this.groups.get(`id:${p.group.id}`)?.members ?? []);
      default: return new Set();
    }
  }

  private change(op: Pick<Operation, 'id' | 'params'>): Set<string> {
    const p = op.params;
    switch (p.kind) {
      case 'createUserGroup':
        this.mapSet(this.groups, `op:${op.id}`, { grants: new Set(), members: new Set() });
        return new Set();
      case 'createInvites':
        for (const i of p.invites) this.setAdd(this.invites, lower(i.email));
        return new Set();
      case 'deleteInvites': {
        const emails = p.emails.map(lower);
        for (const e of emails) { this.setDelete(this.invites, e); this.leaveAll(e); }
        return new Set(emails);
      }
      case 'replacePermissionsForUser': {
        const email = lower(p.email);
        if (this.users.has(email)) this.mapSet(this.users, email, this.keys(p.grants));
        return new Set([email]);
      }
      case 'replacePermissionsForUserGroup': {
        const ref = groupRefKey(p.group);
        const group = this.groups.get(ref);
        if (!group) return new Set();
        const before = group.grants;
        group.grants = this.keys(p.grants);
        this.undoLog.push(() => { group.grants = before; });
        return new Set(group.members);
      }
      case 'addUsersToUserGroup': {
        const ref = groupRefKey(p.group);
        for (const e of p.emails) this.join(ref, lower(e));
        return new Set(p.emails.map(lower));
      }
      case 'removeUsersFromUserGroup': {
        const ref = `id:${p.group.id}`;
        const group = this.groups.get(ref);
        for (const e of p.emails.map(lower)) {
          if (group) this.setDelete(group.members, e);
          this.setDelete(this.index(e), ref);
        }
        return new Set(p.emails.map(lower));
      }
      case 'deleteUsers': {
        const emails = p.users.map((u) => lower(u.email));
        for (const e of emails) { this.mapDelete(this.users, e); this.leaveAll(e); }
        return new Set(emails);
      }
      case 'deleteUserGroup': {
        const ref = `id:${p.group.id}`;
        const members = new Set(this.groups.get(ref)?.members ?? []);
        for (const m of members) this.setDelete(this.index(m), ref);
        this.mapDelete(this.groups, ref);
        return members;
      }
    }
  }
}
