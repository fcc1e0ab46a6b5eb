// Safe order. Operations are placed one at a time: among those whose dependencies are placed, the
// first by preferred rank whose effect keeps every invariant, checked on the simulated state after
// that prefix:
//   - never fewer Workspace Owners (through groups too) than policy.minOwners (or than there are
//     now, or will be at the end, when that is fewer);
//   - nobody loses, even for a moment, access they have now and will still have at the end (so a
//     protected member never loses access the plan does not mean to take);
// If no ready operation keeps them, the plan has no safe order: it is refused (exit 3), naming the
// operation where it would break. Each placed operation also learns whether it takes access from
// anyone (`onlyAdds`), which tells apply what it may run concurrently.
import { grantKey, type Actual, type Grant } from '../workspace/model.js';
import type { DraftOperation } from './compile.js';
import type { Catalog } from './describe.js';
import { operationLabel } from './operation-label.js';
import { Simulation } from './simulate.js';
import type { GuardFinding, Operation } from './types.js';

export interface OrderInput {
  actual: Actual;
  catalog: Catalog;
  minOwners: number;
  protectedMembers: readonly string[];
}

export interface OrderResult {
  operations: Operation[];
  violation?: GuardFinding;
}

const REMOVING = new Set(['deleteInvites', 'removeUsersFromUserGroup', 'deleteUsers', 'deleteUserGroup']);

export function safeOrder(drafts: readonly DraftOperation[], input: OrderInput): OrderResult {
  const preferred = [...drafts].sort((a, b) => a.rank - b.rank || drafts.indexOf(a) - drafts.indexOf(b));
  const sim = new Simulation(input.actual, input.catalog);
  const ownersBefore = sim.ownerCount();
  // Only people some operation touches can lose anything, in any order: a group's members when its
  // access changes or it is deleted are its members at the start or people an operation adds, and
  // the run in preferred order touches all of them. So what each must keep is worked out for those
  // people alone, not for every user of the workspace.
  sim.mark();
  const involved = new Set<string>();
  for (const op of preferred) for (const email of sim.apply(op)) involved.add(email);
  const ownersAfter = sim.ownerCount();
  const end = new Map<string, Set<string>>();
  for (const email of involved) {
    const at = sim.effective(email);
    if (at) end.set(email, at);
  }
  sim.rollback();
  // Operations never create users (invites are not users), so whoever is a user at the end was one
  // at the start.
  // What each must keep: a grant they hold now and at the end; and, for a grant on all sources or
  // on labels that the end replaces with another scope (direct Source Read-only on all sources
  // giving way to a group's read-only on `environment: prod`), each source it reaches today that
  // the end still reaches, so the prod sources are never dropped in between.
  const atoms = new Map<string, Grant>();
  const reachesSources = (g: Grant) => g.type === 'WORKSPACE' && !input.catalog.isOwner(g) && input.catalog.meaning(g.roleId).reach === 'sources';
  const required = new Map<string, Set<string>>();
  for (const [email, atEnd] of end) {
    const need = new Set<string>();
    const endGrants = [...atEnd].map((k) => sim.grants.get(k)!);
    for (const k of sim.effective(email)!) {
      if (atEnd.has(k)) { need.add(k); continue; }
      const g = sim.grants.get(k)!;
      if (!reachesSources(g)) continue;
      for (const s of input.actual.sources) {
        if (!g.labels.every((l) => s.labels.includes(l))) continue;
        const atom: Grant = { roleId: g.roleId, type: 'SOURCE', resourceId: s.id, labels: [] };
        const key = grantKey(atom);
        if (!endGrants.some((e) => input.catalog.covers(e, atom))) continue;
        atoms.set(key, atom);
        need.add(key);
      }
    }
    required.set(email, need);
  }
  const floor = Math.min(input.minOwners, ownersBefore, ownersAfter);
  const protectedSet = new Set(input.protectedMembers.map((e) => e.toLowerCase()));

  // A grant is kept when it is still held, or something held now gives at least as much.
  const grantOf = (key: string) => sim.grants.get(key) ?? atoms.get(key)!;
  const keeps = (now: Set<string>, key: string) =>
    now.has(key) || [...now].some((k) => input.catalog.covers(sim.grants.get(k)!, grantOf(key)));

  const check = (op: DraftOperation, affected: Set<string>): string | undefined => {
    for (const email of affected) {
      const need = required.get(email);
      const now = sim.effective(email);
      if (!need || !now) continue;
      const lost = [...need].find((k) => !keeps(now, k));
      if (lost) {
        const who = protectedSet.has(email) ? `protected member ${email}` : email;
        return `${operationLabel(op)} would take ${input.catalog.describe(grantOf(lost))} from ${who}, which the plan keeps: no order of the operations avoids it`;
      }
    }
    const owners = sim.ownerCount();
    if (owners < floor) return `${operationLabel(op)} would leave ${owners} Workspace Owner${owners === 1 ? '' : 's'}, fewer than ${floor}`;
    return undefined;
  };

  const placed = new Set<string>();
  const result: Operation[] = [];
  const place = (op: DraftOperation, onlyAdds: boolean) => {
    placed.add(op.id);
    const { rank: _rank, ...plain } = op;
    result.push({ ...plain, onlyAdds });
  };
  let violation: GuardFinding | undefined;
  while (placed.size < preferred.length) {
    const ready = preferred.filter((op) => !placed.has(op.id) && op.after.every((id) => placed.has(id)));
    let chosen: { op: DraftOperation; onlyAdds: boolean } | undefined;
    let firstProblem: string | undefined;
    for (const op of ready) {
      sim.mark();
      const beforeEff = new Map<string, Set<string> | undefined>();
      const affectedPreview = sim.touched(op);
      for (const e of affectedPreview) beforeEff.set(e, sim.effective(e));
      const affected = sim.apply(op);
      const problem = check(op, affected);
      if (!problem) {
        const onlyAdds = !REMOVING.has(op.params.kind) && [...affected].every((e) => {
          const was = beforeEff.get(e);
          const now = sim.effective(e);
          return !was || (now !== undefined && [...was].every((k) => keeps(now, k)));
        });
        chosen = { op, onlyAdds };
        break;
      }
      firstProblem ??= problem;
      sim.rollback();
    }
    if (!chosen) {
      // No safe choice: refuse, and keep the preferred order for the rest so the plan can be shown.
      violation = { guard: 'unsafe-order', overridable: false, message: firstProblem! };
      for (const op of preferred) if (!placed.has(op.id)) place(op, false);
      break;
    }
    place(chosen.op, chosen.onlyAdds);
  }
  return { operations: result, ...(violation ? { violation } : {}) };
}
