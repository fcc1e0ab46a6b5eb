// The core journeys on a local workspace that plays Segment's unknowns the least helpful way
// (docs/segment-api.md, "Unknowns"): events that never name an email, empty lists refused, the
// 200-item cap, and Minimal Workspace Access on every member and group. The plan may say less, but
// it must never be wrong: nothing re-sent, nothing stripped, convergence after one apply.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
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

    const drift = await run(cwd, ['drift', dir, '--local', '--at', AT]);
    expect(drift.out).toContain('No drift');
    expect(drift.out).toContain('4 pending invites have an unknown age (no Audit Trail event names their emails): dan@acme.com, dev@agency.io, frank@acme.com, grace@acme.com; never re-sent by itself');
  });

  it('import then plan shows no changes, and review lists everyone', async () => {
    const { cwd } = copyExample();
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
