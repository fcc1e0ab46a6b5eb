// prune keeps git true: exactly the expired entries leave the manifests, every other line (comments
// included) stays as written, and the plan does the same before and after.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { WORKSPACE_YAML, writeTree } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

const AT = '2027-02-02';
const read = (cwd: string, dir: string, file: string) => readFileSync(path.join(cwd, dir, file), 'utf8');

describe('prune', () => {
  it('removes exactly the expired member, grant and token, keeps every other line, and changes no operation of the plan', async () => {
    const { cwd, dir } = copyExample();
    const before = Object.fromEntries(['analytics.yaml', 'engineering.yaml', 'tokens.yaml', 'owners.yaml', 'workspace.yaml'].map((f) => [f, read(cwd, dir, f)]));
    const planBefore = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT, '--format', 'json'], planBefore);
    const io = memoryIo({ cwd });

    expect(await runCli(['prune', dir, '--at', AT], io)).toBe(0);

    expect(io.stdoutText).toBe([
      'removed: acme/analytics.yaml:12: Warehouse Destination Admin for frank@acme.com (expired 2026-12-15)',
      'removed: acme/engineering.yaml:21: member dev@agency.io (expired 2027-01-31)',
      'removed: acme/tokens.yaml:6: token TJ7z8cg6 (expired 2027-02-01; revoke it in Segment if it still exists)',
      'Pruned 3 expired entries from 3 files.', '',
    ].join('\n'));
    const lines = (text: string) => text.split('\n');
    expect(lines(read(cwd, dir, 'analytics.yaml'))).toEqual(lines(before['analytics.yaml']!).filter((_, i) => i !== 10 && i !== 11));
    expect(lines(read(cwd, dir, 'engineering.yaml'))).toEqual(lines(before['engineering.yaml']!).slice(0, 20).concat(lines(before['engineering.yaml']!).slice(28)));
    expect(read(cwd, dir, 'engineering.yaml')).toContain('# Engineers: admin on staging sources, read-only on production (by label), and the agency.');
    expect(read(cwd, dir, 'owners.yaml')).toBe(before['owners.yaml']);

    const check = memoryIo({ cwd });
    expect(await runCli(['prune', dir, '--at', AT, '--check'], check)).toBe(0);
    expect(check.stdoutText).toBe('Nothing has expired.\n');
    const validate = memoryIo({ cwd });
    expect(await runCli(['validate', dir, '--at', AT], validate)).toBe(0);
    expect(validate.stdoutText).not.toContain('expired');
    const planAfter = memoryIo({ cwd });
    await runCli(['plan', dir, '--local', '--at', AT, '--format', 'json'], planAfter);
    expect(JSON.parse(planAfter.stdoutText).operations_digest).toBe(JSON.parse(planBefore.stdoutText).operations_digest);
  });

  it('--check lists what has expired, changes nothing, and exits 1', async () => {
    const { cwd, dir } = copyExample();
    const before = read(cwd, dir, 'engineering.yaml');
    const io = memoryIo({ cwd });

    expect(await runCli(['prune', dir, '--at', '2027-01-05', '--check'], io)).toBe(1);
    expect(io.stdoutText).toContain('expired: acme/engineering.yaml:28: Source Admin for dev@agency.io (expired 2026-12-31)');
    expect(read(cwd, dir, 'engineering.yaml')).toBe(before);
  });

  it('leaves a list written inline in the layout fmt expects', async () => {
    const dir = writeTree({
      'workspace.yaml': WORKSPACE_YAML,
      'members.yaml': 'version: 1\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  - email: b@acme.com   # analyst\n    access: [{ role: Source Admin, sources: [web, app], expires: 2026-01-01 }, { role: Source Read-only, sources: all }]\n',
    });
    const io = memoryIo({ cwd: dir });

    expect(await runCli(['prune', '.', '--at', '2026-06-01'], io)).toBe(0);

    expect(readFileSync(path.join(dir, 'members.yaml'), 'utf8')).toBe(
      'version: 1\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  - email: b@acme.com # analyst\n    access: [{ role: Source Read-only, sources: all }]\n');
    expect(await runCli(['fmt', '.', '--check'], memoryIo({ cwd: dir }))).toBe(0);
  });

  it('reports as JSON', async () => {
    const { cwd, dir } = copyExample();
    const io = memoryIo({ cwd });
    expect(await runCli(['prune', dir, '--at', AT, '--check', '--format', 'json'], io)).toBe(1);
    const doc = JSON.parse(io.stdoutText) as { check: boolean; removals: Array<{ file: string; line: number; what: string }> };
    expect(doc.check).toBe(true);
    expect(doc.removals.map((r) => `${r.file}:${r.line}`)).toEqual(['acme/analytics.yaml:12', 'acme/engineering.yaml:21', 'acme/tokens.yaml:6']);
  });
});

describe('prune keeps meaning', () => {
  it('refuses to cut an expired entry whose anchor a kept entry uses, writing nothing', async () => {
    const text = 'version: 1\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  - email: gone@acme.com\n    expires: 2026-01-01\n    access: &acc [{ role: Source Admin, sources: all }]\n  - email: kept@acme.com\n    access: *acc\n';
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'members.yaml': text });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['prune', '.', '--at', '2026-06-01'], io)).toBe(1);
    expect(io.stderrText).toContain('prune changed nothing: members.yaml: an expired entry at line 5 defines the anchor &acc, which line 9 uses (*acc); write that value out in full there, then prune again');
    expect(readFileSync(path.join(dir, 'members.yaml'), 'utf8')).toBe(text);
  });

  it('takes the comment lines directly above a removed entry with it, and leaves the list\'s own comments', async () => {
    const dir = writeTree({
      'workspace.yaml': WORKSPACE_YAML,
      'members.yaml': 'version: 1\n# The team\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  # agency: Pixelforge, 30 days\n  - email: dev@agency.io\n    expires: 2026-01-01\n    role: Source Admin\n  # kept: the analyst\n  - email: b@acme.com\n    role: Source Read-only\n',
    });
    expect(await runCli(['prune', '.', '--at', '2026-06-01'], memoryIo({ cwd: dir }))).toBe(0);
    expect(readFileSync(path.join(dir, 'members.yaml'), 'utf8')).toBe('version: 1\n# The team\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  # kept: the analyst\n  - email: b@acme.com\n    role: Source Read-only\n');
  });
});
