// drift --adopt over random hand-made changes: after an apply, the workspace is changed through the
// API the way people do it in the app (access changed, people invited or removed, groups made with
// access and members, members moved between groups), then adopted. Whatever the mix, validate passes
// and the next plan has nothing to do.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { call, P, testEmulator } from '../helpers/emulator.js';
import { DEMO } from '../helpers/demo-ids.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';

function random(seed: number) {
  let s = seed;
  const r = () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31; };
  return { r, pick: <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]! };
}

describe('drift --adopt over random hand-made changes', () => {
  it.each(Array.from({ length: 8 }, (_, i) => i + 1))('seed %i: validate passes and the next plan has nothing to do', async (seed) => {
    const { r, pick } = random(seed * 7919);
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT, '--allow-removals'], memoryIo({ cwd, env }))).toBe(0);

    const state = emulator.store.state;
    // Roles with the scopes Segment's catalog gives them: source roles on all sources or one, the others workspace-wide.
    const role = (name: string) => state.roles.find((x) => x.name === name)!.id;
    const sourceRoles = ['Source Admin', 'Source Read-only'].map(role);
    const wideRoles = ['Workspace Owner', 'Warehouse Destination Read-only'].map(role);
    const permission = () => (r() < 0.5
      ? { roleId: pick(sourceRoles), resources: [r() < 0.5 ? { id: DEMO.workspace, type: 'WORKSPACE' } : { id: pick(state.sources).id, type: 'SOURCE' }] }
      : { roleId: pick(wideRoles), resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] });
    const permissions = () => Array.from({ length: 1 + Math.floor(r() * 2) }, permission);
    const changeable = () => state.users.filter((u) => !['alice@acme.com', 'breakglass@acme.com', 'bob@acme.com'].includes(u.email));
    const steps = 2 + Math.floor(r() * 4);
    for (let i = 0; i < steps; i++) {
      const what = pick(['access', 'invite', 'group', 'join', 'remove'] as const);
      const users = changeable();
      if (what === 'access' && users.length) await call(emulator, 'PUT', `/users/${pick(users).id}/permissions`, { permissions: permissions() });
      if (what === 'invite') {
        const email = `new${seed}-${i}@acme.com`;
        await call(emulator, 'POST', '/invites', { invites: [{ email, permissions: permissions() }] });
        if (r() < 0.5) await call(emulator, 'POST', '/__emulator/invites/accept', { email });
      }
      if (what === 'group') {
        const created = await call(emulator, 'POST', '/groups', { name: `hand-made-${seed}-${i}` });
        const id = created.body.data.userGroup.id as string;
        await call(emulator, 'PUT', `/groups/${id}/permissions`, { permissions: permissions() });
        const members = state.users.filter(() => r() < 0.4).map((u) => u.email);
        if (members.length) await call(emulator, 'POST', `/groups/${id}/users`, { emails: members });
      }
      if (what === 'join' && users.length) {
        const groups = (await call(emulator, 'GET', `/groups?${P}`)).body.data.userGroups as Array<{ id: string }>;
        await call(emulator, 'POST', `/groups/${pick(groups).id}/users`, { emails: [pick(users).email] });
      }
      if (what === 'remove' && users.length) await call(emulator, 'DELETE', `/users?userIds%5B0%5D=${pick(users).id}`);
    }

    const adopt = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], adopt), adopt.stderrText).toBe(0);
    expect(adopt.stdoutText).not.toContain('not adopted');
    const validate = memoryIo({ cwd, env });
    expect(await runCli(['validate', dir, '--at', AT], validate), validate.stdoutText).toBe(0);
    const plan = memoryIo({ cwd, env });
    await runCli(['plan', dir, '--at', AT, '--format', 'json'], plan);
    const operations = (JSON.parse(plan.stdoutText) as { operations: Array<{ id: string }> }).operations.map((op) => op.id);
    expect(operations, adopt.stdoutText).toEqual([]);
  }, 30_000);
});
