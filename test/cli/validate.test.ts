import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { memoryIo } from '../helpers/io.js';
import { writeTree } from '../helpers/tmp.js';

describe('segment-access validate', () => {
  it('prints file:line:col, the hint, and a count; exits 1 on errors', async () => {
    const io = memoryIo();

    const code = await runCli(['validate', 'examples/invalid/typo-key'], io);

    expect(code).toBe(1);
    expect(io.stdoutText).toBe(
      'examples/invalid/typo-key/members.yaml:9:5: error unknown-key: unknown key `expirs` in members[1]\n' +
        '  hint: did you mean `expires`?\n' +
        '1 error, 0 warnings in 2 files.\n',
    );
  });

  it('exits 0 on the acme example', async () => {
    const io = memoryIo();

    const code = await runCli(['validate', 'examples/acme', '--at', '2026-11-22'], io);

    expect(code).toBe(0);
    expect(io.stdoutText).toBe('No problems found in 5 files.\n');
  });

  it('prints diagnostics as a JSON array with --format json', async () => {
    const io = memoryIo();

    await runCli(['validate', 'examples/invalid/bad-date', '--format', 'json'], io);

    expect(JSON.parse(io.stdoutText)).toEqual([
      {
        severity: 'error', file: 'examples/invalid/bad-date/members.yaml', line: 9, col: 14, code: 'invalid-date',
        message: '"2027-02-30" is not a valid date', hint: 'write a real calendar date as YYYY-MM-DD, e.g. 2027-01-31',
      },
    ]);
  });

  it('adds escaped workflow-command annotations in GitHub Actions, at most 10 per severity', async () => {
    const members = Array.from({ length: 12 }, (_, i) => `  - email: u${i}@gmail.com\n`).join('');
    const dir = writeTree({
      'w,s.yaml': 'version: 1\nworkspace: {slug: acme}\npolicy:\n  allowedEmailDomains: [acme.com]\nmembers:\n  - {email: o@acme.com, role: Workspace Owner, justification: "100% needed"}\n' + members,
    });
    const io = memoryIo({ env: { GITHUB_ACTIONS: 'true' }, cwd: dir });

    const code = await runCli(['validate', '.'], io);

    const annotations = io.err.join('').split('\n').filter((l) => l.startsWith('::'));
    expect(io.out.join('')).not.toContain('::');
    expect(code).toBe(1);
    expect(annotations).toHaveLength(11);
    expect(annotations[0]).toBe(
      '::error file=w%2Cs.yaml,line=7,col=12,title=domain-not-allowed::u0@gmail.com is outside the allowed email domains (acme.com)%0Ause the person\'s company address, or add `gmail.com` to policy.allowedEmailDomains',
    );
    expect(annotations[10]).toBe('::notice::2 more errors not annotated (GitHub shows at most 10); see the log for all of them');
  });

  it('rejects an unreadable --at with a usage error', async () => {
    const io = memoryIo();

    const code = await runCli(['validate', 'examples/acme', '--at', 'someday'], io);

    expect(code).toBe(1);
    expect(io.stderrText).toContain("option '--at <date>' argument 'someday' is invalid");
  });
});

describe('the installed bin on hostile files', () => {
  const bomb = `version: 1\na: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\n`;
  it.each([
    ['alias bomb', bomb, 'alias-limit'],
    ['2 MiB file', `version: 1\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, 'file-too-large'],
    ['__proto__ key', 'version: 1\n__proto__: {polluted: true}\n', 'unknown-key'],
    ['tab indentation', 'version: 1\nmembers:\n\t- email: a@acme.com\n', 'yaml-syntax'],
  ])('%s: a diagnostic, exit 1, within a second, no stack trace', (_name, content, code) => {
    const dir = writeTree({ 'bad.yaml': content });
    const started = performance.now();

    const run = spawnSync(process.execPath, [`${process.cwd()}/bin/segment-access.js`, 'validate', '.'], { cwd: dir, encoding: 'utf8' });

    expect(performance.now() - started).toBeLessThan(3000); // process start included; the check itself is ms
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(new RegExp(`^bad\\.yaml:\\d+:\\d+: error ${code}: `, 'm'));
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/\n\s+at /);
  });
});
