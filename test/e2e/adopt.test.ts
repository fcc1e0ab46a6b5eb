// drift --adopt: what changed outside git is written into the manifests, after which validate
// passes, fmt --check passes and a plan has nothing to do. Against the emulator, with changes made
// through the API after an apply, as a drift cron would find them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { DEMO } from '../helpers/demo-ids.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';

async function settled(cwd: string, dir: string, env: Record<string, string>) {
  const validate = memoryIo({ cwd, env });
  expect(await runCli(['validate', dir, '--at', AT], validate), validate.stdoutText).toBe(0);
  expect(await runCli(['fmt', dir, '--check'], memoryIo({ cwd }))).toBe(0);
  const plan = memoryIo({ cwd, env });
  expect(await runCli(['plan', dir, '--at', AT, '--format', 'json'], plan)).toBe(0);
  return JSON.parse(plan.stdoutText) as { operations: unknown[]; changes: unknown[] };
}

/** The demo workspace with the example applied to it: what a drift cron starts from. */
async function applied() {
  const emulator = await testEmulator({ seed: demoSeed() });
  const { cwd, dir } = copyExample();
  const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
  expect(await runCli(['apply', dir, '--auto-approve', '--at', AT, '--allow-removals'], memoryIo({ cwd, env }))).toBe(0);
  return { emulator, cwd, dir, env };
}

describe('drift --adopt', () => {
  it('writes hand-made changes into the manifests, and then there is nothing to plan', async () => {
    const { emulator, cwd, dir, env } = await applied();
    const before = Object.fromEntries(['owners.yaml', 'analytics.yaml', 'engineering.yaml'].map((f) => [f, readFileSync(path.join(cwd, dir, f), 'utf8')]));

    // Outside git: Carol is made owner, an agency contractor is invited, a group is created.
    await call(emulator, 'PUT', `/users/${DEMO.carol}/permissions`, { permissions: [{ roleId: DEMO.ownerRole, resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] }] });
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'temp@agency.io', permissions: [{ roleId: DEMO.sourceAdminRole, resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] }] }] });
    await call(emulator, 'POST', '/groups', { name: 'shadow-admins' });

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);

    expect(io.stdoutText).toBe([
      'adopted: carol@acme.com: access in acme/engineering.yaml set to what the workspace gives',
      'adopted: temp@agency.io: added to acme/adopted.yaml',
      'adopted: group shadow-admins: added to acme/adopted.yaml',
      'Adopted 3 differences into 2 files; review them, then commit.', '',
    ].join('\n'));
    const adopted = readFileSync(path.join(cwd, dir, 'adopted.yaml'), 'utf8');
    expect(adopted.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/access.schema.json');
    expect(adopted).toMatch(/  # Invited \(pending: its permissions cannot be read, none are listed\) in Segment outside git — the invite: by token \w+ through the Public API, \d{4}-\d\d-\d\d: invited \(1 event, newest "Non-Segment User Invited to Workspace"\); adopted by drift --adopt on 2026-11-22\.\n/);
    expect(adopted).toContain('  # expires: set 30 days ahead because policy.temporaryDomains requires an end date; choose the right one.\n  - email: temp@agency.io\n    expires: 2026-12-22\n');
    expect(adopted).toContain('  - name: shadow-admins\n');
    const engineering = readFileSync(path.join(cwd, dir, 'engineering.yaml'), 'utf8');
    expect(engineering).toMatch(/  # Access changed in Segment outside git — direct access: by token \w+ through the Public API, [^\n]*\n  - email: carol@acme\.com\n    name: Carol Diaz\n    groups: \[engineers\]\n    access:\n      - \{ role: Workspace Owner \}\n/);
    // Files with nothing to adopt are untouched.
    expect(readFileSync(path.join(cwd, dir, 'owners.yaml'), 'utf8')).toBe(before['owners.yaml']);
    expect(readFileSync(path.join(cwd, dir, 'analytics.yaml'), 'utf8')).toBe(before['analytics.yaml']);

    const plan = await settled(cwd, dir, env);
    expect(plan.operations).toEqual([]);
  });

  it('removes from the manifests only the lines of someone removed by hand', async () => {
    const { emulator, cwd, dir, env } = await applied();
    const analytics = readFileSync(path.join(cwd, dir, 'analytics.yaml'), 'utf8');
    await call(emulator, 'DELETE', '/invites?emails=grace%40acme.com');

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('adopted: grace@acme.com: removed from acme/analytics.yaml (not in the workspace any more)\n');
    const lines = analytics.split('\n');
    const grace = lines.findIndex((l) => l.includes('grace@acme.com'));
    expect(readFileSync(path.join(cwd, dir, 'analytics.yaml'), 'utf8')).toBe([...lines.slice(0, grace), ...lines.slice(grace + 4)].join('\n'));
    expect((await settled(cwd, dir, env)).operations).toEqual([]);
  });

  it('cuts two people removed by hand from one file, and nothing else', async () => {
    const { emulator, cwd, dir, env } = await applied();
    const analytics = readFileSync(path.join(cwd, dir, 'analytics.yaml'), 'utf8');
    await call(emulator, 'DELETE', '/invites?emails=grace%40acme.com&emails=frank%40acme.com');

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    const after = readFileSync(path.join(cwd, dir, 'analytics.yaml'), 'utf8');
    expect(after).not.toMatch(/frank@acme\.com|grace@acme\.com/);
    const lines = analytics.split('\n');
    const kept = after.split('\n');
    expect(kept.every((l) => lines.includes(l))).toBe(true); // only whole lines were removed
    expect((await settled(cwd, dir, env)).operations).toEqual([]);
  });

  it('has nothing to adopt on a workspace that matches', async () => {
    const { emulator, cwd, dir, env } = await applied();
    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toBe('Nothing to adopt: the workspace matches the manifests (or differs only where the manifests mean it to).\n');
  });

  it('adopts the demo workspace as it is: a person and a group added by hand, access changed, people never invited', async () => {
    const { cwd, dir } = copyExample();
    const env = {};
    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--local', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toBe([
      'adopted: bob@acme.com: access in acme/owners.yaml set to what the workspace gives',
      'adopted: carol@acme.com: access in acme/engineering.yaml set to what the workspace gives',
      'adopted: dan@acme.com: removed from acme/engineering.yaml (not in the workspace any more)',
      'adopted: dev@agency.io: removed from acme/engineering.yaml (not in the workspace any more)',
      'adopted: grace@acme.com: removed from acme/analytics.yaml (not in the workspace any more)',
      'adopted: mallory@acme.com: added to acme/adopted.yaml',
      'adopted: group legacy-admins: added to acme/adopted.yaml',
      'Adopted 7 differences into 4 files; review them, then commit.', '',
    ].join('\n'));
    const adopted = readFileSync(path.join(cwd, dir, 'adopted.yaml'), 'utf8');
    expect(adopted).toContain('groups:\n  # Created in Segment outside git — actor unknown (no matching event in the Audit Trail window); adopted by drift --adopt on 2026-11-22.\n  - name: legacy-admins\n    access:\n      - { role: Source Admin }\n');
    expect(adopted).toContain('  - email: mallory@acme.com\n    name: Mallory Ruiz\n    groups: [legacy-admins]\n    access:\n      - { role: Source Admin }\n');
    expect(readFileSync(path.join(cwd, dir, 'owners.yaml'), 'utf8')).toContain('  - email: bob@acme.com\n    name: Bob Okafor\n    justification: data platform on-call lead\n    reviewBy: 2027-03-01\n    access:\n      - { role: Source Admin }\n');
    const plan = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', AT, '--format', 'json'], plan)).toBe(0);
    expect((JSON.parse(plan.stdoutText) as { operations: unknown[] }).operations).toEqual([]);
  });

  it('adopts a group changed by hand: its permissions, and a member who left it', async () => {
    const { emulator, cwd, dir, env } = await applied();
    // engineers now grants Source Admin everywhere, and Dan left it.
    await call(emulator, 'PUT', `/groups/${DEMO.engineers}/permissions`, { permissions: [{ roleId: DEMO.sourceAdminRole, resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] }] });
    await call(emulator, 'DELETE', `/group/${DEMO.engineers}/users?emails=dan%40acme.com`);

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);

    expect(io.stdoutText).toContain('adopted: dan@acme.com: groups in acme/engineering.yaml set to none\n');
    expect(io.stdoutText).toContain('adopted: group engineers: access in acme/engineering.yaml set to what the workspace gives\n');
    const engineering = readFileSync(path.join(cwd, dir, 'engineering.yaml'), 'utf8');
    expect(engineering).toMatch(/  # Permissions changed in Segment outside git — [^\n]+\n  - name: engineers\n    description: Everyone who ships tracking code\n    access:\n      - \{ role: Source Admin \}\n/);
    expect(engineering).toMatch(/  - email: dan@acme\.com\n    name: Dan Weiss\n    access:/);
    expect((await settled(cwd, dir, env)).operations).toEqual([]);
  });
});

describe('drift --adopt keeps meaning', () => {
  it('adopts a hand-made group with its members (an owner grant among them), after which plan has nothing to do for it', async () => {
    const { emulator, cwd, dir, env } = await applied();
    const created = await call(emulator, 'POST', '/groups', { name: 'shadow-admins' });
    const id = created.body.data.userGroup.id as string;
    await call(emulator, 'PUT', `/groups/${id}/permissions`, { permissions: [{ roleId: DEMO.ownerRole, resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] }] });
    await call(emulator, 'POST', `/groups/${id}/users`, { emails: ['carol@acme.com', 'erin@acme.com'] });

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('adopted: carol@acme.com: joins group shadow-admins in acme/engineering.yaml, as in the workspace');
    expect(io.stdoutText).toContain('adopted: erin@acme.com: joins group shadow-admins in acme/analytics.yaml, as in the workspace');
    const plan = await settled(cwd, dir, env);
    expect(plan.operations).toEqual([]);
  });

  it('never writes a file validate refuses: a name with control characters is refused, a person outside the allowed domains is a comment', async () => {
    const { emulator, cwd, dir, env } = await applied();
    await call(emulator, 'POST', '/groups', { name: 'ops\u0007\nadmins' });
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'freelancer@gmail.com', permissions: [{ roleId: DEMO.sourceAdminRole, resources: [{ id: DEMO.workspace, type: 'WORKSPACE' }] }] }] });

    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('not adopted: group "ops\\u0007\\nadmins": not adopted, its name holds control characters; rename it in Segment, then adopt again');
    expect(io.stdoutText).toContain('not adopted: freelancer@gmail.com: not adopted, outside policy.allowedEmailDomains (written as a comment in acme/adopted.yaml)');
    const adopted = readFileSync(path.join(cwd, dir, 'adopted.yaml'), 'utf8');
    expect(adopted).toContain('# Not adopted: freelancer@gmail.com is outside policy.allowedEmailDomains (acme.com, agency.io)');
    expect(adopted).toMatch(/# - email: freelancer@gmail\.com\n/);
    const validate = memoryIo({ cwd, env });
    expect(await runCli(['validate', dir, '--at', AT], validate), validate.stdoutText).toBe(0);
  });
});

describe('drift --adopt and access a manifest cannot say', () => {
  it('leaves it as drift with the reason, and writes nothing validate refuses', async () => {
    const { emulator, cwd, dir, env } = await applied();
    // Workspace Owner on one source: the API takes it; the role catalog says the role applies to the whole workspace.
    await call(emulator, 'PUT', `/users/${DEMO.carol}/permissions`, { permissions: [{ roleId: DEMO.ownerRole, resources: [{ id: DEMO.webProd, type: 'SOURCE' }] }] });
    const io = memoryIo({ cwd, env });
    expect(await runCli(['drift', dir, '--adopt', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('not adopted: carol@acme.com: access not adopted, a manifest cannot say what the workspace gives (`Workspace Owner` applies to the whole workspace; it cannot be scoped to `sources`)');
    const validate = memoryIo({ cwd, env });
    expect(await runCli(['validate', dir, '--at', AT], validate), validate.stdoutText).toBe(0);
  });
});
