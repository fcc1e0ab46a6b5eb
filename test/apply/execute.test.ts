import { describe, expect, it } from 'vitest';
import { executePlan, lowerBoundMs } from '../../src/apply/execute.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { plan } from '../../src/plan/plan.js';
import { SegmentClient } from '../../src/segment/client.js';
import { readWorkspace } from '../../src/workspace/read.js';
import { testEmulator } from '../helpers/emulator.js';
import { desiredOf, g } from '../helpers/model.js';
import type { Step } from '../../src/plan/types.js';

describe('executePlan', () => {
  it('does not take Workspace Owner from anyone when granting it to someone else failed', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token });
    const actual = await readWorkspace(client);
    const owner = actual.roles.find((r) => r.name === 'Workspace Owner')!.id;
    const ws = actual.workspace.id;
    const grant = (roleId: string) => ({ ...g('Source Admin'), roleId, resourceId: ws });
    // Bob gets Workspace Owner, Alice loses it: the grant runs first and is made to fail.
    const desired = desiredOf({ members: [{ email: 'bob@acme.com', grants: [grant(owner)] }, { email: 'alice@acme.com', grants: [grant(actual.roles.find((r) => r.name === 'Source Admin')!.id)] }], policy: { unmanaged: 'report' } });
    const p = plan(desired, actual, { now: new Date(), toolVersion: 't', manifestDigest: 'm' });
    const steps = p.steps.map((s) => (s.changes[0]!.risks.includes('owner-grant') ? { ...s, path: '/users/no-such-user/permissions' } : s));

    const report = await executePlan(steps, client);

    expect(report.results.map((r) => [r.subjects[0], r.status])).toEqual([['bob@acme.com', 'failed'], ['alice@acme.com', 'not-attempted']]);
    expect(emulator.store.state.users.find((u) => u.email === 'alice@acme.com')!.permissions[0]!.roleId).toBe(owner);
    await client.close();
  });

  it('computes the lower bound from the busiest endpoint of each phase', () => {
    const step = (phase: Step['phase'], operation: Step['operation']) => ({ phase, operation }) as Step;
    const steps = [
      ...Array.from({ length: 120 }, () => step('change-permissions', 'replacePermissionsForUser')),
      ...Array.from({ length: 30 }, () => step('change-permissions', 'replacePermissionsForUserGroup')),
      ...Array.from({ length: 60 }, () => step('create-groups', 'createUserGroup')),
    ];

    expect(lowerBoundMs(steps, 60, 1000)).toBe(3000); // 60/60 s + 120/60 s
  });
});
