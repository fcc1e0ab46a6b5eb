import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { call, P, testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';

const AT = '2026-11-22';

describe('segment-access apply', () => {
  it('applies the demo plan, verifies it, writes evidence, and a second plan shows no changes', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'octocat', GITHUB_SHA: 'abc123', GITHUB_REPOSITORY: 'acme/access', GITHUB_SERVER_URL: 'https://github.example', GITHUB_RUN_ID: '42' } });

    const applied = await runCli(['apply', dir, '--local', '--auto-approve', '--at', AT], io);
    const planIo = memoryIo({ cwd });
    const planned = await runCli(['plan', dir, '--local', '--at', AT, '--detailed-exitcode'], planIo);

    expect(applied).toBe(0);
    expect(io.stdoutText).toContain('[1/6] ok createInvites dan@acme.com, dev@agency.io (+1)');
    expect(io.stdoutText).toContain('Apply complete: 6 calls in');
    expect(io.stdoutText).toContain('Verified: No changes. The workspace matches the manifests.');
    expect(planned).toBe(0);
    expect(planIo.stdoutText).toContain('No changes. The workspace matches the manifests.');

    const [file] = readdirSync(path.join(cwd, '.segment-access/evidence'));
    expect(file).toMatch(/^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z-acme-prod\.json$/);
    const evidence = JSON.parse(readFileSync(path.join(cwd, '.segment-access/evidence', file!), 'utf8'));
    expect(evidence).toMatchObject({
      outcome: 'applied', workspace: { slug: 'acme-prod' },
      ci: { actor: 'octocat', sha: 'abc123', repository: 'acme/access', run_url: 'https://github.example/acme/access/actions/runs/42' },
    });
    expect(evidence.plan_digest).toMatch(/^sha256:/);
    expect(evidence.state_fingerprint_after).not.toBe(evidence.state_fingerprint_before);
    expect(evidence.steps.map((s: any) => [s.operation, s.status])).toEqual([
      ['createInvites', 'done'], ['replacePermissionsForUser', 'done'], ['replacePermissionsForUser', 'done'],
      ['addUsersToUserGroup', 'done'], ['deleteUsers', 'done'], ['deleteUserGroup', 'done'],
    ]);
    expect(evidence.justifications).toContainEqual({ email: 'bob@acme.com', justification: 'data platform on-call lead' });
    expect(evidence.justifications).toContainEqual({ email: 'dan@acme.com', justification: null });
  });

  it('refuses without a terminal unless --auto-approve, and changes nothing', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });

    const code = await runCli(['apply', dir, '--local', '--at', AT], io);
    const after = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT], after);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('there is no terminal to confirm this apply');
    expect(after.stdoutText).toContain('Plan: 3 to invite, 2 to change, 2 to remove.');
  });

  it.each([['no', 1], ['yes', 0]])('asks on a terminal and applies only on "yes" (answer %s)', async (answer, want) => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, isTTY: true, answers: [answer] });

    const code = await runCli(['apply', dir, '--local', '--at', AT], io);

    expect(code).toBe(want);
    if (answer === 'no') expect(io.stderrText).toContain('Apply cancelled; nothing was changed.');
  });

  it('refuses a saved plan once the workspace changed, and changes nothing', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    await runCli(['plan', dir, '--at', AT, '--out', 'plan.json'], memoryIo({ cwd, env }));
    await call(emulator, 'POST', '/invites', { invites: [{ email: 'sneaky@acme.com' }] });
    const eventsBefore = emulator.store.state.auditEvents.length;
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--at', AT], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: the workspace changed since this plan was made; run plan again (nothing was applied)');
    expect(emulator.store.state.auditEvents.length).toBe(eventsBefore);
  });

  it('applies a fresh saved plan', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    await runCli(['plan', dir, '--at', AT, '--out', 'plan.json'], memoryIo({ cwd, env }));
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--at', AT], io);

    expect(code).toBe(0);
    expect(io.stdoutText).toContain('Verified: No changes.');
  });

  it.each([
    ['a plan of another format version', (p: any) => ({ ...p, format_version: '2.0' }), 'plan.json: the plan was written in format 2.0, but this segment-access applies format 1.x; run plan again with this version'],
    ['a plan whose manifests changed since', (p: any) => ({ ...p, manifest_digest: 'sha256:other' }), 'changed since this plan was made; run plan again'],
  ])('refuses %s', async (_name, edit, message) => {
    const { cwd, dir } = copyExample();
    await runCli(['plan', dir, '--local', '--at', AT, '--out', 'plan.json'], memoryIo({ cwd }));
    const file = path.join(cwd, 'plan.json');
    writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')))));
    const io = memoryIo({ cwd });

    const code = await runCli(['apply', '--plan', 'plan.json', '--local', '--auto-approve', '--at', AT], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain(message);
  });

  it('stops after the phase of a failed step, says what was done, failed and not attempted, and exits 1', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    await runCli(['plan', dir, '--at', AT, '--out', 'plan.json'], memoryIo({ cwd, env }));
    const file = path.join(cwd, 'plan.json');
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    const carol = saved.steps.find((s: any) => s.id === 'user-permissions:carol@acme.com');
    carol.body.permissions[0].roleId = 'no-such-role';
    writeFileSync(file, JSON.stringify(saved));
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--at', AT], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: apply stopped after a step failed. 2 done, 1 failed, 3 not attempted.');
    expect(io.stderrText).toContain('failed: user-permissions:carol@acme.com (carol@acme.com): replacePermissionsForUser (PUT /users/uCar2Zq7Mb5Vn1Lx9Kt4R/permissions) failed: HTTP 422 ValidationFailure');
    expect(io.stderrText).toContain('not attempted: group-add:engineers:1, remove-users:1, delete-group:legacy-admins');
    expect(emulator.store.state.users.map((u) => u.email)).toContain('mallory@acme.com');

    // Fix the cause (here: plan again from the manifests) and apply again: it converges.
    const again = memoryIo({ cwd, env });
    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT], again)).toBe(0);
    expect(again.stdoutText).toContain('Verified: No changes.');
  });

  it('keeps the token out of everything it prints and records', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    await runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'evidence.json'], io);

    const everything = io.stdoutText + io.stderrText + readFileSync(path.join(cwd, 'evidence.json'), 'utf8');
    expect(everything).not.toContain(emulator.token);
    const events = await call(emulator, 'GET', `/audit-events?${P}`);
    expect(events.body.data.events.length).toBeGreaterThan(1);
  });
});
