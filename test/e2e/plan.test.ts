import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { demoSeed } from '../../src/emulator/demo-seed.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';
import { tempDir } from '../helpers/tmp.js';

const AT = '2026-11-22';

describe('segment-access plan (end to end, against the local emulator)', () => {
  it('shows invites, changes and removals on the demo seed, each with its manifest line', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });

    const code = await runCli(['plan', dir, '--local', '--at', AT, '--detailed-exitcode'], io);

    expect(code).toBe(2);
    const out = io.stdoutText;
    expect(out).toContain('+ dan@acme.com: new member (invite), join groups\n    because acme/engineering.yaml:16:12\n+     Source Admin on web-staging\n');
    expect(out).toContain('~ bob@acme.com: change access\n    because acme/owners.yaml:10:12\n+     Workspace Owner on the workspace\n-     Source Admin on all sources [sensitive: ios-prod, server-prod, web-prod]\n    note: justification: data platform on-call lead (review by 2027-03-01)\n');
    expect(out).toContain('- mallory@acme.com: remove from the workspace\n    because not in manifests\n');
    expect(out).toContain('! owner-grant: bob@acme.com becomes Workspace Owner');
    expect(out).toContain('! widening: dev@agency.io: ga4-prod is reached through its source web-prod, which also opens amplitude-prod');
    expect(out).toContain('Pending invites (1), left alone while valid:\n  frank@acme.com: sent 2026-11-18 (4 days ago), valid until 2026-11-25 (in 3 days)\n');
    expect(out.trimEnd().split('\n').at(-1)).toBe("Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.");
  });

  it('seeds a new local workspace as of its first day, so the demo reads the same in any week', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });

    const code = await runCli(['plan', dir, '--local', '--at', '2026-12-20', '--detailed-exitcode'], io);

    expect(code).toBe(2);
    expect(io.stdoutText).toContain('Pending invites (1), left alone while valid:\n  frank@acme.com: sent 2026-12-16 (4 days ago), valid until 2026-12-23 (in 3 days)\n');
    expect(io.stdoutText.trimEnd().split('\n').at(-1)).toBe("Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.");
  });

  it('records at --at in the local workspace, so an apply on that day is dated that day', async () => {
    const { cwd, dir } = copyExample();

    expect(await runCli(['apply', dir, '--local', '--auto-approve', '--at', '2026-12-20'], memoryIo({ cwd }))).toBe(0);

    const state = JSON.parse(readFileSync(path.join(cwd, '.segment-access/local/acme-prod.json'), 'utf8')) as { auditEvents: Array<{ timestamp: string }>; invites: Array<{ createdAt: string }> };
    expect(state.auditEvents.length).toBeGreaterThan(1);
    expect(new Set(state.auditEvents.map((e) => e.timestamp.slice(0, 10)))).toEqual(new Set(['2026-12-16', '2026-12-20']));
    expect(new Set(state.invites.map((i) => i.createdAt.slice(0, 10)))).toEqual(new Set(['2026-12-16', '2026-12-20']));
  });

  it('writes a saved plan as versioned JSON', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });

    await runCli(['plan', dir, '--local', '--at', AT, '--out', 'plan.json', '--format', 'json'], io);

    const saved = JSON.parse(readFileSync(path.join(cwd, 'plan.json'), 'utf8'));
    expect(saved).toMatchObject({ format_version: '3', workspace: { slug: 'acme-prod' }, summary: { invited: 3, changed: 2, removed: 1, groupsDeleted: 1, pending: 1, operations: 6 } });
    expect(saved.operations_digest).toMatch(/^sha256:/);
    expect(saved.state_fingerprint).toMatch(/^sha256:/);
    expect(saved.manifest_digest).toMatch(/^sha256:/);
    expect(JSON.parse(io.stdoutText)).toEqual(saved);
    expect(io.stderrText).toContain('Saved the plan to plan.json');
  });

  it('import then plan shows no changes', async () => {
    const cwd = tempDir();
    const io = memoryIo({ cwd });

    const imported = await runCli(['import', '--local', '--out', 'adopted'], io);
    const validated = await runCli(['validate', 'adopted'], memoryIo({ cwd }));
    const planIo = memoryIo({ cwd });
    const planned = await runCli(['plan', 'adopted', '--local', '--detailed-exitcode'], planIo);

    expect([imported, validated, planned]).toEqual([0, 0, 0]);
    expect(planIo.stdoutText.trimEnd().split('\n').at(-1)).toBe('No changes. The workspace matches the manifests.');
    expect(readFileSync(path.join(cwd, 'adopted/invites.yaml'), 'utf8')).toContain('# Pending invite: its permissions cannot be read through the API');
  });

  it('refuses a token that belongs to another workspace', async () => {
    const seed = demoSeed('someone-else');
    const emulator = await testEmulator({ seed });
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });

    const code = await runCli(['plan', dir], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: the API token belongs to workspace "someone-else", but the manifests describe "acme-prod"');
    expect(io.stdoutText + io.stderrText).not.toContain(emulator.token);
  });

  it('fails on an unknown source with its file:line:col and a suggestion', async () => {
    const { cwd, dir } = copyExample();
    const file = path.join(cwd, dir, 'engineering.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('sources: [web-staging] }\n  - email: dev', 'sources: [web-stagin] }\n  - email: dev'));
    const io = memoryIo({ cwd });

    const code = await runCli(['plan', dir, '--local', '--at', AT], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('acme/engineering.yaml:20:41: error unknown-source: source `web-stagin` does not exist in workspace acme-prod\n  hint: did you mean `web-staging`?');
  });

  it('exits 3 with the numbers when a guard refuses the plan', async () => {
    const { cwd, dir } = copyExample();
    const file = path.join(cwd, dir, 'workspace.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('maxRemovals: 25%', 'maxRemovals: 0'));
    const io = memoryIo({ cwd });

    const code = await runCli(['plan', dir, '--local', '--at', AT], io);

    expect(code).toBe(3);
    expect(io.stdoutText).toContain('refused (max-removals): the plan removes 1 of 6 members, more than policy.maxRemovals allows (0)');
  });

  it('stops on invalid manifests before planning, with the diagnostics, even while the read was started', async () => {
    const io = memoryIo({ cwd: tempDir() });
    const dir = path.join(process.cwd(), 'examples/invalid/typo-key');

    const code = await runCli(['plan', dir, '--local'], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('members.yaml:9:5: error unknown-key: unknown key `expirs` in members[1]');
    expect(io.stderrText).toContain(`Error: the manifests in ${dir} have 1 error; fix them and run again`);
  });

  it('says what to do when no token is set', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: {} });

    const code = await runCli(['plan', dir], io);

    expect(code).toBe(1);
    expect(io.stderrText).toBe('Error: SEGMENT_API_TOKEN is not set: export a Segment Public API token of workspace acme-prod (as SEGMENT_API_TOKEN_ACME_PROD or SEGMENT_API_TOKEN), or pass --local to use the embedded demo workspace\n');
  });
});
