// The owner count is kept up to date operation by operation (a full count after every candidate
// operation made large plans slow). Checked against a full count over random operation sequences,
// with rollbacks in between. And the safe order works out what people must keep only for those the
// operations touch in their preferred order: checked here to cover everyone they touch in any order.
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/plan/describe.js';
import { Simulation } from '../../src/plan/simulate.js';
import type { Operation } from '../../src/plan/types.js';
import { actualOf, g } from '../helpers/model.js';

const emails = ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io', 'e@x.io', 'inv@x.io'];
const ACTUAL = actualOf({
  users: [
    { email: 'a@x.io', grants: [g('Workspace Owner')] }, { email: 'b@x.io', grants: [g('Source Read-only')] },
    { email: 'c@x.io' }, { email: 'd@x.io', grants: [g('Workspace Owner'), g('Source Admin')] }, { email: 'e@x.io' },
  ],
  invites: [{ email: 'inv@x.io' }],
  groups: [
    { name: 'owners', id: 'gO', grants: [g('Workspace Owner')], members: ['c@x.io'] },
    { name: 'admins', id: 'gA', grants: [g('Source Admin')], members: ['b@x.io', 'inv@x.io'] },
  ],
});

function random(seed: number) {
  let a = seed;
  return () => { a = (a * 1103515245 + 12345) % 2 ** 31; return a / 2 ** 31; };
}

const GRANTS = [[], [g('Workspace Owner')], [g('Source Admin')], [g('Workspace Owner'), g('Source Read-only')]];
const GROUPS = [{ id: 'gO', name: 'owners' }, { id: 'gA', name: 'admins' }];

function randomOperations(next: () => number, length: number): Array<Pick<Operation, 'id' | 'params'>> {
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  return Array.from({ length }, (_, i) => {
    const params: Operation['params'][] = [
      { kind: 'replacePermissionsForUser', userId: 'u', email: pick(emails).toUpperCase(), grants: pick(GRANTS) },
      { kind: 'replacePermissionsForUserGroup', group: pick(GROUPS), grants: pick(GRANTS) },
      { kind: 'addUsersToUserGroup', group: pick(GROUPS), emails: [pick(emails), pick(emails)] },
      { kind: 'removeUsersFromUserGroup', group: pick(GROUPS), emails: [pick(emails)] },
      { kind: 'deleteUsers', users: [{ id: 'u', email: pick(emails) }] },
      { kind: 'deleteUserGroup', group: pick(GROUPS) },
      { kind: 'deleteInvites', emails: ['inv@x.io'] },
    ];
    return { id: `op${i}`, params: pick(params) };
  });
}

describe('people the operations touch', () => {
  it('in any order of 300 random operation lists, are among those touched in the list order', () => {
    const next = random(7);
    for (let round = 0; round < 300; round++) {
      const ops = randomOperations(next, 6);
      const s = new Simulation(ACTUAL, catalogOf(ACTUAL));
      s.mark();
      const inOrder = new Set<string>();
      for (const op of ops) for (const e of s.apply(op)) inOrder.add(e);
      s.rollback();
      for (let shuffle = 0; shuffle < 5; shuffle++) {
        const order = [...ops].sort(() => next() - 0.5);
        s.mark();
        for (const op of order) for (const e of s.apply(op)) expect(inOrder.has(e), `${e} in ${JSON.stringify(order)}`).toBe(true);
        s.rollback();
      }
    }
  });
});

describe('Simulation owner count', () => {
  it('equals a full count after every operation of 300 random sequences, and after each rollback', () => {
    const next = random(42);
    const full = (s: Simulation) => [...s.users.keys()].filter((e) => s.isOwner(e)).length;
    for (let round = 0; round < 300; round++) {
      const s = new Simulation(ACTUAL, catalogOf(ACTUAL));
      expect(s.ownerCount()).toBe(full(s));
      const ops = randomOperations(next, 6);
      const counts: number[] = [];
      for (const [i, op] of ops.entries()) {
        if (i === 3) s.mark();
        s.apply(op);
        expect(s.ownerCount(), JSON.stringify(ops.slice(0, i + 1))).toBe(full(s));
        counts.push(s.ownerCount());
      }
      s.rollback();
      expect(s.ownerCount()).toBe(counts[2]);
      expect(s.ownerCount()).toBe(full(s));
    }
  });
});
