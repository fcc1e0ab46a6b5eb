// `plan --base-ref`: an expiry removed or moved later changes no API call, so only a comparison
// with the base branch's manifests shows it. Run against a real git repository and the emulator.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2026-11-22';

function repository() {
  const { cwd, dir } = copyExample();
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'root');
  git('add', '.');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-m', 'manifests');
  const edit = (file: string, from: string, to: string) => {
    const p = path.join(cwd, dir, file);
    const text = readFileSync(p, 'utf8');
    expect(text).toContain(from);
    writeFileSync(p, text.replace(from, to));
  };
  return { cwd, dir, git, edit };
}

async function plan(cwd: string, args: string[]) {
  const io = memoryIo({ cwd });
  const code = await runCli(['plan', ...args, '--local', '--at', AT, '--format', 'json'], io);
  return { code, plan: JSON.parse(io.stdoutText) as { manifest_risks?: { kind: string; detail: string }[]; warnings: { code: string; message: string }[]; operations_digest: string } };
}

describe('plan --base-ref', () => {
  it('calls out each expiry removed or moved later, and nothing for one moved earlier', async () => {
    const { cwd, dir, edit } = repository();
    const before = await plan(cwd, [dir]);
    edit('engineering.yaml', 'expires: 2027-01-31', 'expires: 2027-06-30');
    edit('engineering.yaml', '{ role: Source Admin, destinations: [ga4-prod], expires: 2026-12-31 }', '{ role: Source Admin, destinations: [ga4-prod] }');
    edit('tokens.yaml', 'expires: 2027-02-01', 'expires: 2027-08-01');
    edit('analytics.yaml', 'expires: 2026-12-15', 'expires: 2026-12-10');

    const after = await plan(cwd, [dir, '--base-ref', 'HEAD']);

    expect(after.code).toBe(0);
    expect(after.plan.manifest_risks).toEqual([
      { kind: 'privilege-escalation', detail: 'dev@agency.io: membership now ends 2027-06-30 instead of 2027-01-31' },
      { kind: 'privilege-escalation', detail: 'dev@agency.io: Source Admin on destinations ga4-prod no longer expires (was 2026-12-31)' },
      { kind: 'privilege-escalation', detail: 'token TJ7z8cg6 must be rotated by 2027-08-01 instead of 2027-02-01' },
    ]);
    // No API call differs: without the base, nothing would say the access now lasts longer.
    expect(after.plan.operations_digest).toBe(before.plan.operations_digest);
    expect(before.plan.manifest_risks).toBeUndefined();

    const markdown = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT, '--format', 'markdown', '--base-ref', 'HEAD'], markdown);
    // Three from the manifests' history, one (carol) from the workspace.
    expect(markdown.stdoutText).toContain('- :warning: **Privilege escalation** (4)\n  - dev&#64;agency.io: membership now ends 2027-06-30 instead of 2027-01-31\n');
    const text = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT, '--base-ref', 'HEAD'], text);
    expect(text.stdoutText).toContain('  ! privilege-escalation: token TJ7z8cg6 must be rotated by 2027-08-01 instead of 2027-02-01');
  });

  it('matches a grant by role and scope however it is written, and a group or profile entry too', async () => {
    const { cwd, dir, edit } = repository();
    edit('workspace.yaml', '- { role: Warehouse Destination Read-only }', '- { role: Warehouse Destination Read-only, expires: 2027-01-01 }');
    const { git } = { git: (...a: string[]) => execFileSync('git', a, { cwd }) };
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '-am', 'profile entry ends');
    edit('workspace.yaml', '- { role: Warehouse Destination Read-only, expires: 2027-01-01 }', '- role: Warehouse Destination Read-only');
    edit('engineering.yaml', '{ role: Source Admin, sources: [web-staging, server-staging] }', '{ role: Source Admin, sources: [server-staging, web-staging] }');

    const { plan: result } = await plan(cwd, [dir, '--base-ref', 'HEAD']);

    expect(result.manifest_risks).toEqual([
      { kind: 'privilege-escalation', detail: 'profile read-only (everyone who uses it): Warehouse Destination Read-only no longer expires (was 2027-01-01)' },
    ]);
  });

  it('still plans when the base cannot be read, and says what was not compared', async () => {
    const { cwd, dir } = repository();
    const { code, plan: result } = await plan(cwd, [dir, '--base-ref', 'no-such-branch']);
    expect(code).toBe(0);
    expect(result.manifest_risks).toBeUndefined();
    expect(result.warnings).toContainEqual(expect.objectContaining({ code: 'base-unreadable' }));
    expect(result.warnings.find((w) => w.code === 'base-unreadable')!.message).toMatch(/^the manifests at no-such-branch could not be read \(.+\), so a removed or later expiry is not called out$/);
  });

  it('refuses a revision that could be read as an option', async () => {
    const { cwd, dir } = repository();
    const { plan: result } = await plan(cwd, [dir, '--base-ref=--output=/tmp/x']);
    expect(result.warnings.find((w) => w.code === 'base-unreadable')!.message).toContain('`--output=/tmp/x` is not a git revision');
  });
});
