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
    expect(io.stdoutText).toMatch(/\[1\/6\] ok createInvites dan@acme\.com, dev@agency\.io, grace@acme\.com \(\d+ ms\)/);
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
    expect(evidence.operations_digest).toMatch(/^sha256:/);
    expect(evidence.verification).toEqual({ status: 'passed' });
    expect(evidence.state_fingerprint_after).not.toBe(evidence.state_fingerprint_before);
    expect(evidence.operations.map((s: any) => [s.kind, s.status])).toEqual([
      ['createInvites', 'done'], ['replacePermissionsForUser', 'done'], ['replacePermissionsForUser', 'done'],
      ['addUsersToUserGroup', 'done'], ['deleteUsers', 'done'], ['deleteUserGroup', 'done'],
    ]);
    expect(evidence.changes).toContainEqual(expect.objectContaining({
      subject: 'bob@acme.com', granted: [{ kind: 'grant', text: 'Workspace Owner on the workspace', role: 'Workspace Owner', via: { kind: 'direct' } }],
      removed: [{ kind: 'grant', text: 'Source Admin on all sources', role: 'Source Admin', via: { kind: 'direct' } }], justification: 'data platform on-call lead', review_by: '2027-03-01', done: true,
    }));
    expect(evidence.changes).toContainEqual(expect.objectContaining({ subject: 'dan@acme.com', justification: null }));
  });

  it('refuses without a terminal unless --auto-approve, and changes nothing', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });

    const code = await runCli(['apply', dir, '--local', '--at', AT], io);
    const after = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT], after);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('there is no terminal to confirm this apply');
    expect(after.stdoutText).toContain('Plan: 3 to invite, 2 to change, 1 to remove;');
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
    expect(io.stderrText).toContain('Error: the saved plan does not match what the manifests and the workspace give now: the workspace changed since it was made; its operations differ');
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

  it.each<[string, (p: any) => any, string]>([
    ['a plan of format 1', (p) => ({ ...p, format_version: '1.0' }), 'plan.json: the plan was written in format 1.0 (format 1 recorded API calls, not changes'],
    ['a plan whose manifest digest was edited', (p) => ({ ...p, manifest_digest: `sha256:${'0'.repeat(64)}` }), 'the saved plan does not match what the manifests and the workspace give now: the manifests changed since it was made'],
    ['a plan with an operation dropped', (p) => ({ ...p, operations: p.operations.filter((op: any) => op.params.kind !== 'replacePermissionsForUser') }), 'its operations differ (4 in the file, 6 now)'],
    ['a plan with its guards emptied', (p) => ({ ...p, guards: [] }), 'its guard findings differ'],
    ['a plan with an operation changed', (p) => ({ ...p, operations: p.operations.map((op: any) => (op.params.kind === 'deleteUsers' ? { ...op, params: { ...op.params, users: [{ id: 'uAlic3Kq8Wn2Rt5Yx7Zb9P', email: 'alice@acme.com' }] } } : op)) }), 'its operations differ (6 in the file, 6 now)'],
    ['a plan that would send the token elsewhere', (p) => ({ ...p, operations: p.operations.map((op: any) => (op.params.kind === 'replacePermissionsForUser' ? { ...op, params: { ...op.params, userId: '@127.0.0.1:9/steal' } } : op)) }), 'does not match schema/plan.schema.json: operations[1].params.userId is "@127.0.0.1:9/steal", which is not a Segment id (letters, digits, _ and - only)'],
    ['a plan with a new owner grant added', (p) => ({ ...p, operations: [...p.operations, { id: 'replacePermissionsForUser#9', params: { kind: 'replacePermissionsForUser', userId: 'uMal4Ny9Bv2Cx7Zl5Kj8H', email: 'mallory@acme.com', grants: [{ roleId: '1WDUuRLxv84rrfCNUwvkrRtkxnS', type: 'WORKSPACE', resourceId: '9aQ1Lj62S4bomZKLF4DPqW', labels: [] }] }, changes: [], after: [], onlyAdds: true }] }), 'its operations differ (7 in the file, 6 now)'],
  ])('refuses %s, and changes nothing', async (_name, edit, message) => {
    // A guard refuses this plan (max-removals: 0), so emptying the guards is an edit worth trying.
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const ws = path.join(cwd, dir, 'workspace.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('maxRemovals: 25%', 'maxRemovals: 0'));
    await runCli(['plan', dir, '--at', AT, '--out', 'plan.json'], memoryIo({ cwd, env }));
    const file = path.join(cwd, 'plan.json');
    writeFileSync(file, JSON.stringify(edit(JSON.parse(readFileSync(file, 'utf8')))));
    const events = emulator.store.state.auditEvents.length;
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', '--plan', 'plan.json', '--auto-approve', '--allow-removals', '--at', AT], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain(message);
    expect(emulator.store.state.auditEvents.length).toBe(events);
    expect(emulator.stats.mutations).toBe(0);
  });

  it('--allow-removals says the removal limit is allowed by the flag, never "refused" before applying', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const ws = path.join(cwd, dir, 'workspace.yaml');
    writeFileSync(ws, readFileSync(ws, 'utf8').replace('maxRemovals: 25%', 'maxRemovals: 0'));
    const refused = memoryIo({ cwd, env });
    expect(await runCli(['apply', dir, '--auto-approve', '--at', AT], refused)).toBe(3);
    expect(refused.stdoutText).toContain('refused (max-removals): the plan removes 1 of ');
    expect(refused.stdoutText).toContain('; apply with --allow-removals if this is intended');

    const io = memoryIo({ cwd, env });
    expect(await runCli(['apply', dir, '--auto-approve', '--allow-removals', '--at', AT], io)).toBe(0);
    expect(io.stdoutText).toContain('allowed by --allow-removals (max-removals): the plan removes 1 of ');
    expect(io.stdoutText).not.toContain('refused');
  });

  it('applies a saved plan from another working directory (the manifest digest is relative to the manifest folder)', async () => {
    const emulator = await testEmulator({ seed: demoSeed() });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    await runCli(['plan', dir, '--at', AT, '--out', 'plan.json'], memoryIo({ cwd, env }));
    const io = memoryIo({ cwd: path.join(cwd, dir), env });

    const code = await runCli(['apply', '.', '--plan', '../plan.json', '--auto-approve', '--at', AT], io);

    expect(io.stderrText).toBe('');
    expect(code).toBe(0);
  });

  it('stops at a failed call, says what was done, failed and not attempted, writes evidence, and exits 1', async () => {
    const emulator = await testEmulator({ seed: demoSeed(), failRequests: [{ operation: 'deleteUsers', match: 'uMal4Ny9Bv2Cx7Zl5Kj8H', fault: 'error', status: 422 }] });
    const { cwd, dir } = copyExample();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', dir, '--auto-approve', '--at', AT, '--evidence', 'evidence.json'], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: apply stopped after a call failed. 4 done, 1 failed, 1 not attempted.');
    expect(io.stderrText).toContain('failed: deleteUsers#1 (mallory@acme.com): deleteUsers (DELETE /users?userIds%5B0%5D=uMal4Ny9Bv2Cx7Zl5Kj8H) failed: HTTP 422 ValidationFailure');
    expect(io.stderrText).toContain('not attempted: deleteUserGroup#1');
    expect(emulator.store.state.users.map((u) => u.email)).toContain('mallory@acme.com');
    const evidence = JSON.parse(readFileSync(path.join(cwd, 'evidence.json'), 'utf8'));
    expect(evidence).toMatchObject({ outcome: 'failed', verification: { status: 'not-run' } });

    // Once the cause is gone, applying again converges.
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
