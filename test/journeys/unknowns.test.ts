// The core journeys on a local workspace that plays Segment's unknowns the least helpful way
// (docs/segment-api.md, "Unknowns"): events that never name an email, empty lists refused, the
// 200-item cap, and Minimal Workspace Access on every member and group. The plan may say less, but
// it must never be wrong: nothing re-sent, nothing stripped, convergence after one apply.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { withUnknowns } from '../../src/emulator/unknowns.js';
import { testEmulator } from '../helpers/emulator.js';
import { tempDir } from '../helpers/tmp.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';
const clock = { now: () => new Date(`${AT}T00:00:00Z`) };

async function run(cwd: string, args: string[]) {
  const io = memoryIo({ cwd });
  const code = await runCli(args, io, { clock });
  return { code, out: io.stdoutText, err: io.stderrText };
}

describe('journeys under the pessimistic unknowns', () => {
  it('quick start: plan, apply, then no changes, no drift; the pending invite is never re-sent', async () => {
    const { cwd, dir } = copyExample();
    expect((await run(cwd, ['local', 'reset', '--unknowns', 'pessimistic'])).out).toContain('playing audit-payload=opaque,empty-lists=refuse,caps=200,mwa=default');

    const planned = await run(cwd, ['plan', dir, '--local', '--at', AT]);
    expect(planned.code).toBe(0);
    expect(planned.out).toContain('frank@acme.com: age unknown (no Audit Trail event names this email)');
    expect(planned.out).not.toContain('re-issue');
    expect(planned.out).not.toContain('- Minimal Workspace Access');
    expect(planned.out).not.toContain('- Minimal Workspace Access');

    const applied = await run(cwd, ['apply', dir, '--local', '--auto-approve', '--at', AT]);
    expect(applied.err).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.out).toContain('Verified: No changes. The workspace matches the manifests.');

    const again = await run(cwd, ['plan', dir, '--local', '--at', AT, '--detailed-exitcode']);
    expect(again.out).toContain('No changes. The workspace matches the manifests.');
    expect(again.code).toBe(0);

    const explained = await run(cwd, ['explain', 'carol@acme.com', dir, '--local', '--at', AT]);
    // The floor shows once per side, however many groups also give it.
    expect(explained.out.match(/Minimal Workspace Access on the workspace \(the floor/g)).toHaveLength(2);

    const drift = await run(cwd, ['drift', dir, '--local', '--at', AT]);
    expect(drift.out).toContain('No drift');
    expect(drift.out).toContain('4 pending invites have an unknown age (no Audit Trail event names their emails): dan@acme.com, dev@agency.io, frank@acme.com, grace@acme.com; never re-sent by itself');
  });

  it('import then plan shows no changes, and review lists everyone', async () => {
    const cwd = tempDir(); // only the imported folder declares the workspace
    await run(cwd, ['local', 'reset', '--unknowns', 'pessimistic']);
    const imported = await run(cwd, ['import', '--local', '--out', 'imported']);
    expect(imported.code).toBe(0);
    const plan = await run(cwd, ['plan', 'imported', '--local', '--at', AT, '--detailed-exitcode']);
    expect(plan.out).toContain('No changes. The workspace matches the manifests.');
    expect(plan.code).toBe(0);

    const review = await run(cwd, ['review', 'imported', '--local', '--at', AT, '--format', 'markdown']);
    expect(review.code).toBe(0);
    expect(review.out).toContain('invited, age unknown');
  });
});

/** A Team workspace's members hold only the roles a Team plan serves (Business roles become Source Admin). */
function teamRolesOnly(seed: EmulatorState): void {
  const team = new Set(['Workspace Owner', 'Source Admin', 'Minimal Workspace Access']);
  const sourceAdmin = seed.roles.find((r) => r.name === 'Source Admin')!.id;
  const kept = new Set(seed.roles.filter((r) => team.has(r.name)).map((r) => r.id));
  for (const u of seed.users) u.permissions = u.permissions.map((p) => (kept.has(p.roleId) ? p : { roleId: sourceAdmin, resources: p.resources.map((r) => ({ ...r, labels: [] })) }));
}

describe('journeys on generated workspaces', () => {
  it.each([
    ['audit-payload=opaque', { auditPayload: 'opaque' as const }],
    ['pessimistic', { auditPayload: 'opaque' as const, emptyLists: 'refuse' as const, caps: '200' as const, mwa: 'default' as const }],
    ['groups=unavailable', { groups: 'unavailable' as const }],
  ])('import of a 300-person workspace then plan shows no changes under %s (no invite re-sent)', async (_name, unknowns) => {
    const seed = withUnknowns(generateSeed({ users: 300, groups: 12, sources: 20, invites: 10, seed: 3 }), unknowns);
    if ('groups' in unknowns) teamRolesOnly(seed);
    const emulator = await testEmulator({ seed });
    const cwd = tempDir();
    const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token };
    const imported = memoryIo({ cwd, env });
    expect(await runCli(['import', '--out', 'adopted', '--slug', 'scale-test'], imported), imported.stderrText).toBe(0);
    const plan = memoryIo({ cwd, env });
    const code = await runCli(['plan', 'adopted', '--at', AT, '--detailed-exitcode'], plan);
    expect(plan.stderrText).not.toContain('error');
    expect(plan.stdoutText).toContain('No changes. The workspace matches the manifests.');
    expect(plan.stdoutText).not.toContain(': re-issue the pending invite');
    expect(code).toBe(0);
  });
});
