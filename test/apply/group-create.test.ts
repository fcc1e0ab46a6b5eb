// Creating a group is the one call that can duplicate state. Against the emulator, with a proxy that
// lets another writer act at the worst moment: a group of that name appearing before the call, beside
// ours right after it, or while our answer is lost. The applier never leaves two, and says why.
// Also: stopping after a failure, skipping what depends on it, and the order of dependent calls.
import { describe, expect, it } from 'vitest';
import { executePlan, type OperationResult } from '../../src/apply/execute.js';
import type { Operation, OperationParams } from '../../src/plan/types.js';
import { SegmentClient } from '../../src/segment/client.js';
import { DEMO } from '../helpers/demo-ids.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { testProxy, type Override } from '../helpers/proxy.js';

const op = (params: OperationParams, id: string, after: string[] = [], onlyAdds = false): Operation => ({ id, params, changes: [id], after, onlyAdds });
const create = op({ kind: 'createUserGroup', name: 'new-team' }, 'createUserGroup#1');

async function run(operations: Operation[], override?: (emulator: Awaited<ReturnType<typeof testEmulator>>) => Override) {
  const emulator = await testEmulator();
  const url = override ? (await testProxy(emulator.url, override(emulator))).url : emulator.url;
  const client = new SegmentClient({ baseUrl: url, token: emulator.token, sleep: async () => {} });
  const seen: OperationResult[] = [];
  const report = await executePlan(operations, client, { sleep: async () => {}, onResult: (r) => seen.push(r) });
  await client.close();
  return { report, seen, groups: emulator.store.state.groups.filter((g) => g.name === 'new-team'), emulator };
}

/** Another writer creates `new-team` through the API (so it gets an id and an audit event). */
const otherApply = (emulator: Parameters<typeof call>[0]) => call(emulator, 'POST', '/groups', { name: 'new-team' });
const isCreate = (method?: string, url?: string) => method === 'POST' && url === '/groups';

describe('creating a group', () => {
  it('creates it once and passes its id to the calls that follow', async () => {
    const fill = op({ kind: 'addUsersToUserGroup', group: { createdBy: create.id, name: 'new-team' }, emails: ['erin@acme.com'] }, 'addUsersToUserGroup#1', [create.id]);
    const { report, groups } = await run([create, fill]);
    expect(report.ok).toBe(true);
    expect(report.results.map((r) => [r.id, r.status, r.attempts, r.recoveries])).toEqual([['createUserGroup#1', 'done', 1, 0], ['addUsersToUserGroup#1', 'done', 1, 0]]);
    expect(groups).toHaveLength(1);
    expect(groups[0]!.members).toEqual(['erin@acme.com']);
    expect(report.results[0]!.ms).toBeGreaterThanOrEqual(0);
    expect(Date.parse(report.results[0]!.startedAt!)).not.toBeNaN();
  });

  it('refuses when a group of that name appeared since the plan, and creates nothing', async () => {
    const { report, groups, emulator } = await run([create], (e) => async (req, forward) => {
      if (isCreate(req.method, req.url)) throw new Error('the applier must not send a create');
      if (req.url?.startsWith('/groups?') && !e.store.state.groups.some((g) => g.name === 'new-team')) await otherApply(e);
      void forward;
      return false;
    });
    expect(report.ok).toBe(false);
    expect(report.results[0]!.status).toBe('failed');
    expect(report.results[0]!.error!.message).toMatch(/^the workspace changed under this apply: group new-team already exists \(id [\w-]+\), created by a person or another apply; nothing was created — run plan again$/);
    expect(groups).toHaveLength(1);
    expect(emulator.store.state.auditEvents.filter((ev) => ev.type === 'User Group Created' || ev.type.includes('Group Created'))).toHaveLength(1);
  });

  it('deletes its own copy when another apply created the same group at the same moment', async () => {
    const { report, groups } = await run([create], (e) => async (req, forward, res) => {
      if (!isCreate(req.method, req.url)) return false;
      const answer = await forward();
      await otherApply(e);
      res.writeHead(answer.status, answer.headers).end(answer.body);
      return true;
    });
    expect(report.results[0]!.error!.message).toMatch(/^another apply created group new-team at the same time \(id [\w-]+\); the copy this apply created was deleted again — run plan again$/);
    expect(groups).toHaveLength(1);
  });

  it('adopts the group its lost answer created, instead of creating it again', async () => {
    let creates = 0;
    const { report, groups } = await run([create], () => async (req, forward, res) => {
      if (!isCreate(req.method, req.url)) return false;
      creates++;
      await forward();
      res.socket!.destroy();
      return true;
    });
    expect(report.ok).toBe(true);
    expect(report.results[0]).toMatchObject({ status: 'done', attempts: 1, recoveries: 1 });
    expect(creates).toBe(1);
    expect(groups).toHaveLength(1);
  });

  it('stops when its lost answer hides a second copy made by another apply', async () => {
    const { report, groups } = await run([create], (e) => async (req, forward, res) => {
      if (!isCreate(req.method, req.url)) return false;
      await forward();
      await otherApply(e);
      res.socket!.destroy();
      return true;
    });
    expect(report.results[0]!.error!.message).toMatch(/^group new-team now exists 2 times \(ids [\w-]+, [\w-]+\); another apply ran at the same time — run plan again$/);
    expect(groups).toHaveLength(2); // left for the next plan to show: deleting either could delete the other apply's
  });

  it('sends it again when the lost answer created nothing', async () => {
    let creates = 0;
    const { report, groups } = await run([create], () => async (req, _forward, res) => {
      if (!isCreate(req.method, req.url) || ++creates > 1) return false;
      res.socket!.destroy();
      return true;
    });
    expect(report.results[0]).toMatchObject({ status: 'done', attempts: 2, recoveries: 1 });
    expect(groups).toHaveLength(1);
  });

  it('gives up after maxAttempts and reports the last error', async () => {
    const emulator = await testEmulator({ failRequests: [{ operation: 'createUserGroup', fault: 'error', status: 503, times: 10 }] });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, sleep: async () => {} });
    const report = await executePlan([create], client, { sleep: async () => {}, maxAttempts: 3 });
    await client.close();
    expect(report.results[0]).toMatchObject({ status: 'failed', attempts: 3, recoveries: 2, error: { status: 503 } });
    expect(emulator.store.state.groups.filter((g) => g.name === 'new-team')).toHaveLength(0);
  });
});

describe('stopping', () => {
  it('stops after a failed call: later batches are not attempted, and neither is what depends on it', async () => {
    const bad = op({ kind: 'replacePermissionsForUser', userId: 'uNope000000000000000', email: 'ghost@acme.com', grants: [] }, 'replacePermissionsForUser#1');
    const dependent = op({ kind: 'addUsersToUserGroup', group: { id: DEMO.engineers, name: 'engineers' }, emails: ['erin@acme.com'] }, 'addUsersToUserGroup#1', [bad.id]);
    const later = op({ kind: 'deleteInvites', emails: ['frank@acme.com'] }, 'deleteInvites#1');
    const { report, seen, emulator } = await run([bad, dependent, later]);
    expect(report.ok).toBe(false);
    expect(report.results.map((r) => [r.id, r.status])).toEqual([['replacePermissionsForUser#1', 'failed'], ['addUsersToUserGroup#1', 'not-attempted'], ['deleteInvites#1', 'not-attempted']]);
    expect(report.results[0]!.error).toMatchObject({ status: 404, type: expect.any(String) as string, hint: 'the resource does not exist (any more); run plan again' });
    expect(seen.map((r) => r.id)).toEqual(['replacePermissionsForUser#1']);
    expect(emulator.store.state.invites.map((i) => i.email)).toContain('frank@acme.com');
  });

  it('runs independent calls of one batch side by side and waits for dependencies across lanes', async () => {
    const invite = op({ kind: 'createInvites', invites: [{ email: 'n@acme.com', grants: [] }] }, 'createInvites#1', [], true);
    const join = op({ kind: 'addUsersToUserGroup', group: { id: DEMO.engineers, name: 'engineers' }, emails: ['n@acme.com'] }, 'addUsersToUserGroup#1', [invite.id], true);
    const other = op({ kind: 'replacePermissionsForUserGroup', group: { id: DEMO.legacyAdmins, name: 'legacy-admins' }, grants: [] }, 'replacePermissionsForUserGroup#1', [], true);
    const { report, seen, emulator } = await run([join, other, invite]);
    expect(report.ok).toBe(true);
    expect(seen.findIndex((r) => r.id === invite.id)).toBeLessThan(seen.findIndex((r) => r.id === join.id));
    expect(emulator.store.state.groups.find((g) => g.id === DEMO.engineers)!.members).toContain('n@acme.com');
    expect(report.wallMs).toBeGreaterThanOrEqual(0);
  });
});
