// Shell completion, run in the real shells: bash through its completion function, fish through
// `complete -C`, zsh by loading the script. And every command's --help shows examples. The zsh and
// fish tests are skipped, with the reason, where that shell is not installed; CI installs both and
// requires them (helpers/system-tool.ts).
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { needTool } from '../helpers/system-tool.js';
import { writeTree } from '../helpers/tmp.js';

async function script(shell: string) {
  const io = memoryIo();
  expect(await runCli(['completion', shell], io)).toBe(0);
  const dir = writeTree({ [`completion.${shell}`]: io.stdoutText, 'access/acme/workspace.yaml': '', 'access/other/x.yaml': '', 'plan.json': '{}' });
  return { file: path.join(dir, `completion.${shell}`), dir };
}

describe('completion', () => {
  it.each<[string, string]>([
    ['segment-access pl', 'plan'],
    ['segment-access ', 'validate plan apply drift prune fmt review evidence show explain who-can import doctor emulator local workspaces completion --help --version'],
    ['segment-access plan --fo', '--format'],
    ['segment-access plan --format ', 'text markdown json'],
    ['segment-access apply --pl', '--plan'],
    ['segment-access apply --plan pl', 'plan.json'],
    ['segment-access drift acc', 'access'],
    ['segment-access drift access/', 'access/acme access/other'],
    ['segment-access import --region ', 'us eu'],
    ['segment-access local ', 'reset'],
    ['segment-access completion --h', '--help'],
    ['segment-access plan --at ', ''],
  ])('bash completes "%s"', async (line, want) => {
    const { file, dir } = await script('bash');
    const words = line.split(' ');
    const program = `source ${JSON.stringify(file)}; COMP_WORDS=(${words.map((w) => JSON.stringify(w)).join(' ')}); COMP_CWORD=${words.length - 1}; _segment_access; printf '%s\\n' "\${COMPREPLY[@]}"`;
    const out = execFileSync('bash', ['-c', program], { cwd: dir, encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean).sort()).toEqual(want.split(' ').filter(Boolean).sort());
  });

  it.for<[string, string[]]>([
    ['segment-access pl', ['plan\tread the workspace, diff it against the manifests in DIR, and print the API calls that would make them match']],
    ['segment-access plan --form', ['--format\toutput format']],
    ['segment-access drift --format ', ['json\toutput format', 'markdown\toutput format', 'text\toutput format']],
    ['segment-access completion ', []],
  ])('fish completes "%s"', async ([line, want], ctx) => {
    needTool(ctx, 'fish');
    const { file, dir } = await script('fish');
    const out = execFileSync('fish', ['--no-config', '-c', `source ${JSON.stringify(file)}; complete -C ${JSON.stringify(line)}`], { cwd: dir, encoding: 'utf8' });
    expect(out.split('\n').filter(Boolean).sort()).toEqual([...want].sort());
  });

  it('loads in zsh through bashcompinit', async (ctx) => {
    needTool(ctx, 'zsh');
    const { file, dir } = await script('zsh');
    execFileSync('zsh', ['-n', file]);
    const out = execFileSync('zsh', ['-f', '-c', `autoload -U compinit && compinit -u; source ${JSON.stringify(file)}; whence -w _segment_access; complete -p segment-access`], { cwd: dir, encoding: 'utf8' });
    expect(out).toContain('_segment_access: function');
    expect(out).toContain('complete -o filenames -F _segment_access segment-access');
  });

  it('refuses a shell it does not know', async () => {
    const io = memoryIo();
    expect(await runCli(['completion', 'powershell'], io)).toBe(1);
    expect(io.stderrText).toContain("error: command-argument value 'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});

describe('--help', () => {
  it.each(['validate', 'plan', 'apply', 'drift', 'prune', 'fmt', 'review', 'evidence', 'show', 'explain', 'who-can', 'import', 'doctor', 'emulator', 'completion'])('%s shows examples', async (command) => {
    const io = memoryIo();
    await runCli([command, '--help'], io);
    expect(io.stdoutText).toMatch(new RegExp(`\\nExamples:\\n  \\$ segment-access ${command} |\\nExamples:\\n  \\$ source <\\(segment-access completion bash\\)`));
  });

  it('names the environment a command reads', async () => {
    const io = memoryIo();
    await runCli(['plan', '--help'], io);
    expect(io.stdoutText).toContain('\nEnvironment:\n  SEGMENT_API_TOKEN          a Public API token with Workspace Owner access (never printed)\n');
    expect(io.stdoutText).toContain('SEGMENT_ACCESS_TIMEOUT     per-request deadline, in seconds (default 30)');
    expect(io.stdoutText).toContain('NO_COLOR, FORCE_COLOR');
  });
});
