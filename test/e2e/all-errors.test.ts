// One run reports every problem each stage can find: a misspelled key does not hide a misspelled
// role, and a plan also names the sources and roles the workspace lacks.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { copyExample } from '../helpers/workspace-copy.js';

function threeMistakes() {
  const { cwd, dir } = copyExample();
  const file = path.join(cwd, dir, 'engineering.yaml');
  const text = readFileSync(file, 'utf8').replace(
    '    groups: [engineers]\n    access:\n      - { role: Source Admin, sources: [web-staging] }\n  - email: dev@agency.io',
    '    groups: [engineers]\n    acess: []\n    access:\n      - { role: Source Admn, sources: [web-staging] }\n      - { role: Source Admin, sources: [web-prd] }\n  - email: dev@agency.io',
  );
  writeFileSync(file, text);
  return { cwd, dir };
}

describe('every problem in one run', () => {
  it('validate reports the unknown key and the misspelled role together', async () => {
    const { cwd, dir } = threeMistakes();
    const io = memoryIo({ cwd });
    expect(await runCli(['validate', dir, '--at', '2026-12-07'], io)).toBe(1);
    expect(io.stdoutText + io.stderrText).toContain('engineering.yaml:19:5: error unknown-key: unknown key `acess` in members[1]');
    expect(io.stdoutText + io.stderrText).toContain('engineering.yaml:21:17: warning undocumented-role: `Source Admn` is not one of Segment\'s documented roles');
    expect(io.stdoutText + io.stderrText).toContain('hint: did you mean `Source Admin`?');
  });

  it('plan reports the unknown key, the role and the source the workspace lacks, and changes nothing', async () => {
    const { cwd, dir } = threeMistakes();
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-12-07'], io)).toBe(1);
    const out = io.stdoutText + io.stderrText;
    expect(out).toContain('engineering.yaml:19:5: error unknown-key');
    expect(out).toContain('engineering.yaml:21:17: error unknown-role: role `Source Admn` does not exist in workspace acme-prod\n  hint: did you mean `Source Admin`?');
    expect(out).toContain('engineering.yaml:22:41: error unknown-source: source `web-prd` does not exist in workspace acme-prod\n  hint: did you mean `web-prod`?');
    expect(out).toContain('have 3 errors');
    expect(out).not.toContain('undocumented-role'); // the workspace answered what validate could only guess
  });

  it('a misspelt role does not hide a misspelt source in the same entry', async () => {
    const { cwd, dir } = copyExample();
    writeFileSync(path.join(cwd, dir, 'extra.yaml'), 'version: 1\nmembers:\n  - email: z@acme.com\n    access:\n      - { role: Source Admn, sources: [web-prd] }\n');
    const io = memoryIo({ cwd });
    expect(await runCli(['plan', dir, '--local', '--at', '2026-12-07'], io)).toBe(1);
    const out = io.stdoutText + io.stderrText;
    expect(out).toContain('extra.yaml:5:17: error unknown-role: role `Source Admn` does not exist in workspace acme-prod');
    expect(out).toContain('extra.yaml:5:40: error unknown-source: source `web-prd` does not exist in workspace acme-prod');
  });
});
