// `segment-access fmt`: --check for CI, writing in place, JSON, and a file that is not YAML.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { WORKSPACE_YAML, writeTree } from '../helpers/tmp.js';

const UNFORMATTED = 'members:\n  - role: Workspace Owner\n    email: a@acme.com   # the owner\nversion: 1\n';
const FORMATTED = 'version: 1\nmembers:\n  - email: a@acme.com   # the owner\n    role: Workspace Owner\n';

describe('segment-access fmt', () => {
  it('passes --check on the examples', async () => {
    const io = memoryIo();
    expect(await runCli(['fmt', 'examples/acme', '--check'], io)).toBe(0);
    expect(io.stdoutText).toBe('5 files already formatted.\n');
  });

  it('--check lists what would change, exits 1 and writes nothing', async () => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'owners.yaml': UNFORMATTED });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['fmt', '.', '--check'], io)).toBe(1);
    expect(io.stdoutText).toBe('would reformat: owners.yaml\n1 file would be reformatted; run `segment-access fmt .` (of 2).\n');
    expect(readFileSync(path.join(dir, 'owners.yaml'), 'utf8')).toBe(UNFORMATTED);
  });

  it('rewrites in place, after which validate and --check pass', async () => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'owners.yaml': UNFORMATTED });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['fmt'], io)).toBe(0);
    expect(io.stdoutText).toBe('reformatted: owners.yaml\nReformatted 1 file (of 2).\n');
    expect(readFileSync(path.join(dir, 'owners.yaml'), 'utf8')).toBe(FORMATTED);
    expect(await runCli(['fmt', '--check'], memoryIo({ cwd: dir }))).toBe(0);
    expect(await runCli(['validate', '.'], memoryIo({ cwd: dir }))).toBe(0);
  });

  it('reports JSON', async () => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'owners.yaml': UNFORMATTED });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['fmt', '--check', '--format', 'json'], io)).toBe(1);
    expect(JSON.parse(io.stdoutText)).toEqual({ check: true, changed: ['owners.yaml'], written: false, files: 2, errors: 0 });
  });

  it('writes no file while one cannot be read, and says where and why', async () => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'owners.yaml': UNFORMATTED, 'broken.yaml': 'version: 1\nmembers: [a\n' });
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['fmt'], io)).toBe(1);
    expect(io.stderrText).toMatch(/^broken\.yaml:\d+:\d+: error /m);
    expect(io.stderrText).toContain('Nothing was written: fix the problem above first, then run fmt again.');
    expect(io.stdoutText).toContain('would reformat: owners.yaml');
    expect(readFileSync(path.join(dir, 'broken.yaml'), 'utf8')).toBe('version: 1\nmembers: [a\n');
    expect(readFileSync(path.join(dir, 'owners.yaml'), 'utf8')).toBe(UNFORMATTED);
  });
});
