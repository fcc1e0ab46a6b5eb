// `segment-access doctor`: read-only first contact, under the default unknowns, the pessimistic
// combination and a Team plan, as text and as JSON; with a manifest folder, and when IAM cannot be read.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const clock = { now: () => new Date('2026-11-22T00:00:00Z') };

async function doctorLocal(unknowns?: string, format = 'text') {
  const cwd = tempDir();
  if (unknowns) await runCli(['local', 'reset', '--unknowns', unknowns], memoryIo({ cwd }), { clock });
  const io = memoryIo({ cwd });
  const code = await runCli(['doctor', '--local', '--format', format], io, { clock });
  return { code, out: io.stdoutText, err: io.stderrText };
}

describe('doctor --local', () => {
  it('under the defaults: everything readable, invite ages known, the floor held by nobody', async () => {
    const { code, out, err } = await doctorLocal();
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('Workspace acme-prod (Acme (local demo), id 9aQ1Lj62S4bomZKLF4DPqW), region us');
    expect(out).toContain('  members and invites: 6 members, 1 pending invite');
    expect(out).toContain('ok    groups: User Groups exist (2 groups): groups are planned and applied');
    expect(out).toContain('ok    invites: the recent invite event names the invited email: invite ages are known');
    expect(out).toContain('Minimal Workspace Access is held by 0 of 6 members and 0 of 2 groups read');
    expect(out).toMatch(/\d+ read-only requests; nothing was changed\.\n$/);
  });

  it('under the pessimistic unknowns: invite ages unknown, never re-sent; the floor held by everyone', async () => {
    const { code, out } = await doctorLocal('pessimistic');
    expect(code).toBe(0);
    expect(out).toContain('limit invites: the recent invite event names no email: invite ages are unknown where no event names the email, and such invites are never re-sent automatically');
    expect(out).toContain('Minimal Workspace Access is held by 6 of 6 members and 2 of 2 groups read: it is kept as the floor, never removed');
  });

  it('on a Team plan: no groups, no Audit Trail, three roles, and what that costs', async () => {
    const { code, out } = await doctorLocal('groups=unavailable');
    expect(code).toBe(0);
    expect(out).toContain("limit groups: this workspace's plan has no User Groups (listUserGroups (GET /groups?pagination%5Bcount%5D=200) failed: HTTP 400 bad-request: Your plan does not include User Groups. Contact sales to upgrade to business tier.)");
    expect(out).toContain('limit invites: invite ages unknown: pending invites are never re-sent automatically');
    expect(out).toContain('limit attribution: drift cannot say who changed what');
    expect(out).toMatch(/ok {4}roles: 15 documented roles not served here \(Source Read-only, /);
  });

  it.each([[undefined], ['pessimistic'], ['groups=unavailable']])('as JSON under %s', async (unknowns) => {
    const { code, out } = await doctorLocal(unknowns, 'json');
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report).toMatchObject({ workspace: { slug: 'acme-prod' }, region: 'us', readable: true });
    expect(report.conclusions.map((c: { topic: string }) => c.topic)).toEqual(expect.arrayContaining(['groups', 'invites', 'floor', 'size', 'rate-limits']));
    expect(report.probe.groups.ok).toBe(unknowns !== 'groups=unavailable');
    expect(report.probe.floor.members).toBe(unknowns === 'pessimistic' ? 6 : 0);
  });
});

describe('doctor DIR', () => {
  it('uses the token and region plan would use, says when the token is another workspace\'s, and never prints the token', async () => {
    const emulator = await testEmulator();
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    expect(await runCli(['doctor', dir], io, { clock })).toBe(0);
    expect(io.stdoutText).not.toContain('FIX');
    expect(io.stdoutText + io.stderrText).not.toContain(emulator.token);

    emulator.store.state.workspace.slug = 'acme-staging';
    const other = memoryIo({ cwd, env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    await runCli(['doctor', dir], other, { clock });
    expect(other.stdoutText).toContain('FIX   workspace: the token belongs to workspace acme-staging, but the manifests describe acme-prod');
  });

  it('exits 1 and says what to fix when members cannot be read', async () => {
    const emulator = await testEmulator({ failRequests: [{ operation: 'listUsers', fault: 'error', status: 403, times: 20 }] });
    const io = memoryIo({ cwd: tempDir(), env: { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token } });
    expect(await runCli(['doctor'], io, { clock })).toBe(1);
    expect(io.stdoutText).toContain('FIX   iam: members and invites cannot be read (listUsers');
    expect(io.stdoutText).toContain('segment-access cannot plan this workspace until the problems marked FIX are solved.');
  });

  it('without DIR or --local needs SEGMENT_API_TOKEN, and says so', async () => {
    const io = memoryIo({ cwd: tempDir(), env: {} });
    expect(await runCli(['doctor'], io, { clock })).not.toBe(0);
    expect(io.stderrText).toContain('SEGMENT_API_TOKEN is not set');
  });
});
