// The applier against the emulator, one row per recovery branch: every operation kind meets a fault
// that was not applied (5xx, reset), one that was applied but whose answer was lost (5xx, reset,
// a deadline passing while the server is slow), and a 429 whose msBeforeNext must be waited out.
// Each row checks the outcome in the workspace and that nothing was done twice.
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute.js';
import { batches, lowerBoundMs } from '../../src/plan/duration.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import type { FailRule } from '../../src/emulator/server.js';
import { ROLE_CATALOG, type EmulatorState } from '../../src/emulator/state.js';
import type { Operation, OperationParams } from '../../src/plan/types.js';
import { SegmentClient } from '../../src/segment/client.js';
import { testEmulator } from '../helpers/emulator.js';

const WS = '9aQ1Lj62S4bomZKLF4DPqW';
const ENGINEERS = { id: '2DrXpkze3NH3ySNB6tUUs1TbJbo', name: 'engineers' };
const LEGACY = { id: '2FkLq8Wz5Rt2Vn7Yb4Mx9Pc3Jd', name: 'legacy-admins' };
const role = (name: string) => ROLE_CATALOG.find((r) => r.name === name)!.id;
const all = (name: string) => ({ roleId: role(name), type: 'WORKSPACE' as const, resourceId: WS, labels: [] });
const op = (params: OperationParams, id = `${params.kind}#1`): Operation => ({ id, params, changes: [], after: [], onlyAdds: false });
const events = (s: EmulatorState, type: string, name: string) => s.auditEvents.filter((e) => e.type === type && e.resourceName.includes(name)).length;

interface Kind {
  params: OperationParams;
  /** What must hold in the workspace afterwards, exactly once. */
  check(s: EmulatorState): void;
}

const KINDS: Record<string, Kind> = {
  createUserGroup: { params: { kind: 'createUserGroup', name: 'new-team' }, check: (s) => expect(s.groups.filter((g) => g.name === 'new-team')).toHaveLength(1) },
  createInvites: {
    params: { kind: 'createInvites', invites: [{ email: 'n@acme.com', grants: [all('Source Read-only')] }] },
    check: (s) => { expect(s.invites.filter((i) => i.email === 'n@acme.com')).toHaveLength(1); expect(events(s, 'Non-Segment User Invited to Workspace', 'n@acme.com')).toBe(1); },
  },
  deleteInvites: { params: { kind: 'deleteInvites', emails: ['frank@acme.com'] }, check: (s) => expect(s.invites.map((i) => i.email)).not.toContain('frank@acme.com') },
  replacePermissionsForUser: {
    params: { kind: 'replacePermissionsForUser', userId: 'uCar2Zq7Mb5Vn1Lx9Kt4R', email: 'carol@acme.com', grants: [all('Source Admin')] },
    check: (s) => expect(s.users.find((u) => u.email === 'carol@acme.com')!.permissions.map((p) => p.roleId)).toEqual([role('Source Admin')]),
  },
  replacePermissionsForUserGroup: {
    params: { kind: 'replacePermissionsForUserGroup', group: ENGINEERS, grants: [all('Source Admin')] },
    check: (s) => expect(s.groups.find((g) => g.id === ENGINEERS.id)!.permissions.map((p) => p.roleId)).toEqual([role('Source Admin')]),
  },
  addUsersToUserGroup: {
    params: { kind: 'addUsersToUserGroup', group: ENGINEERS, emails: ['erin@acme.com'] },
    check: (s) => { expect(s.groups.find((g) => g.id === ENGINEERS.id)!.members).toContain('erin@acme.com'); expect(events(s, 'Subjects Added to Group', 'engineers')).toBe(1); },
  },
  removeUsersFromUserGroup: {
    params: { kind: 'removeUsersFromUserGroup', group: ENGINEERS, emails: ['carol@acme.com'] },
    check: (s) => expect(s.groups.find((g) => g.id === ENGINEERS.id)!.members).not.toContain('carol@acme.com'),
  },
  deleteUsers: { params: { kind: 'deleteUsers', users: [{ id: 'uMal4Ny9Bv2Cx7Zl5Kj8H', email: 'mallory@acme.com' }] }, check: (s) => expect(s.users.map((u) => u.email)).not.toContain('mallory@acme.com') },
  deleteUserGroup: { params: { kind: 'deleteUserGroup', group: LEGACY }, check: (s) => expect(s.groups.map((g) => g.id)).not.toContain(LEGACY.id) },
};

const FAULTS: Array<{ fault: FailRule['fault']; status?: number; attempts: number; recoveries: number }> = [
  { fault: 'error', status: 503, attempts: 2, recoveries: 1 }, // not applied: re-read, then sent again
  { fault: 'reset', attempts: 2, recoveries: 1 },
  { fault: 'lost-error', attempts: 1, recoveries: 1 }, // applied: the re-read finds it done (a deleted group answers 404)
  { fault: 'lost-reset', attempts: 1, recoveries: 1 },
  { fault: 'slow', attempts: 1, recoveries: 1 }, // applied, but the client's deadline passed first
];

const rows = Object.keys(KINDS).flatMap((kind) => FAULTS.map((f) => ({ kind, ...f })));

describe('executePlan: recovery, one row per operation kind and fault', () => {
  it.each(rows)('$kind after $fault', async ({ kind, fault, status, attempts, recoveries }) => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: kind, fault, status, ms: 400 }] });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, timeoutMs: 150 });

    const report = await executePlan([op(KINDS[kind]!.params)], client, { sleep: async () => {} });

    expect(report.results.map((r) => [r.status, r.attempts, r.recoveries, r.error?.message])).toEqual([['done', attempts, recoveries, undefined]]);
    KINDS[kind]!.check(emulator.store.state);
    await client.close();
  });

  it.each(Object.keys(KINDS))('%s after a 429 waits the msBeforeNext Segment asked for', async (kind) => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: kind, fault: 'rate-limited', ms: 120 }] });
    const slept: number[] = [];
    const sleep = async (ms: number) => { slept.push(ms); await new Promise((r) => setTimeout(r, ms)); };
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, sleep });
    const started = performance.now();

    const report = await executePlan([op(KINDS[kind]!.params)], client);

    expect(report.results.map((r) => [r.status, r.attempts])).toEqual([['done', 1]]);
    expect(slept).toContain(125);
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
    KINDS[kind]!.check(emulator.store.state);
    await client.close();
  });
});

describe('executePlan: order and failures', () => {
  it('does not take Workspace Owner from anyone when granting it to someone else failed', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'replacePermissionsForUser', match: 'uBob5Lm2Vx8Kd4Rq7Wt3N', fault: 'error', status: 422 }] });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });
    const grant = { ...op({ kind: 'replacePermissionsForUser', userId: 'uBob5Lm2Vx8Kd4Rq7Wt3N', email: 'Bob@acme.com', grants: [all('Workspace Owner')] }, 'replacePermissionsForUser#1'), onlyAdds: true };
    const take = op({ kind: 'replacePermissionsForUser', userId: 'uAlic3Kq8Wn2Rt5Yx7Zb9P', email: 'alice@acme.com', grants: [all('Source Admin')] }, 'replacePermissionsForUser#2');

    const report = await executePlan([grant, take], client);

    expect(report.results.map((r) => [r.id, r.status])).toEqual([['replacePermissionsForUser#1', 'failed'], ['replacePermissionsForUser#2', 'not-attempted']]);
    expect(emulator.store.state.users.find((u) => u.email === 'alice@acme.com')!.permissions[0]!.roleId).toBe(role('Workspace Owner'));
    await client.close();
  });

  it('skips what depends on a failed operation and starts nothing after a failure', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'createUserGroup', fault: 'error', status: 422 }] });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });
    const create = { ...op({ kind: 'createUserGroup', name: 'g' }), onlyAdds: true };
    const fill = { ...op({ kind: 'addUsersToUserGroup', group: { createdBy: create.id, name: 'g' }, emails: ['erin@acme.com'] }), after: [create.id], onlyAdds: true };

    const report = await executePlan([create, fill], client);

    expect(report.results.map((r) => r.status)).toEqual(['failed', 'not-attempted']);
    await client.close();
  });

  it('runs consecutive operations that only add concurrently, and anything that takes access alone', () => {
    const adds = (n: number) => ({ ...op({ kind: 'deleteInvites', emails: ['x@acme.com'] }, `a${n}`), onlyAdds: true });
    const takes = (n: number) => op({ kind: 'deleteInvites', emails: ['x@acme.com'] }, `t${n}`);

    expect(batches([adds(1), adds(2), takes(1), adds(3), takes(2), takes(3)]).map((b) => b.map((o) => o.id))).toEqual([['a1', 'a2'], ['t1'], ['a3'], ['t2'], ['t3']]);
  });

  it('computes the lower bound from the busiest endpoint of each batch', () => {
    const user = (i: number) => ({ ...op({ kind: 'replacePermissionsForUser', userId: `u${i}`, email: `u${i}@acme.com`, grants: [] }, `u${i}`), onlyAdds: true });
    const group = (i: number) => ({ ...op({ kind: 'createUserGroup', name: `g${i}` }, `g${i}`), onlyAdds: true });
    const operations = [...Array.from({ length: 60 }, (_, i) => group(i)), ...Array.from({ length: 120 }, (_, i) => user(i))];

    expect(lowerBoundMs(operations, 60, 1000)).toBe(2000); // one batch: 120 user calls at 60/s
    expect(lowerBoundMs(operations.map((o) => ({ ...o, onlyAdds: false })), 60, 1000)).toBeCloseTo(3000);
  });
});
