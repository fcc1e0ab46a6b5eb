// Hints that teach the format: a key in the wrong place says where it goes, and labels are shown
// as the manifest writes them.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { validateManifests } from '../../src/manifest/validate.js';
import { memoryIo } from '../helpers/io.js';
import { WORKSPACE_YAML, writeTree } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

const OWNER = '  - email: o@acme.com\n    role: Workspace Owner\n    justification: test\n';

async function hintsOf(members: string, groups = ''): Promise<string[]> {
  const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'm.yaml': `version: 1\nmembers:\n${OWNER}${members}${groups}` });
  const { diagnostics } = await validateManifests('.', { cwd: dir, at: new Date('2026-11-22T00:00:00Z') });
  return diagnostics.filter((d) => d.code === 'unknown-key').map((d) => `${d.message} | ${d.hint}`);
}

describe('hints that teach the format', () => {
  it('a scope written on a member goes under access:', async () => {
    expect(await hintsOf('  - email: a@acme.com\n    sources: [web-prod]\n')).toEqual([
      'unknown key `sources` in members[1] | a scope belongs to an access entry: put it under `access:` as `- { role: …, sources: … }`',
    ]);
  });

  it('members: on a group is written on each member as groups: [name]', async () => {
    expect(await hintsOf('', 'groups:\n  - name: analytics\n    members: [a@acme.com]\n')).toEqual([
      'unknown key `members` in groups[0] | membership is written on the member: `groups: [analytics]` on each member',
    ]);
  });

  it('an unknown label is suggested in YAML syntax', async () => {
    const { cwd, dir } = copyExample();
    writeFileSync(path.join(cwd, dir, 'extra.yaml'), 'version: 1\nmembers:\n  - email: z@acme.com\n    access:\n      - { role: Source Read-only, sources: { labels: { environment: prd } } }\n');
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-11-22'], io)).toBe(1);
    expect(io.stdoutText + io.stderrText).toContain('error unknown-label: label `environment: prd` does not exist in workspace acme-prod\n  hint: did you mean `{ environment: prod }`?');
  });
});
