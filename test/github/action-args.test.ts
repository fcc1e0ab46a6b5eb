import { describe, expect, it } from 'vitest';
import { actionArgv, actionInputs, splitArgs } from '../../src/action.js';

describe('the Action turns inputs into a command line', () => {
  it.each([
    ['plan', 'pull_request', '', ['plan', 'access', '--detailed-exitcode', '--comment']],
    ['plan', 'push', '', ['plan', 'access', '--detailed-exitcode']],
    ['apply', 'push', '--allow-removals', ['apply', 'access', '--auto-approve', '--comment', '--allow-removals']],
    ['apply', 'workflow_dispatch', '', ['apply', 'access', '--auto-approve']],
    ['drift', 'schedule', '--at 2027-01-01', ['drift', 'access', '--github-issue', '--at', '2027-01-01']],
    ['validate', 'pull_request', '--format json', ['validate', 'access', '--format', 'json']],
    ['plan', 'pull_request', '--comment --pr 9', ['plan', 'access', '--detailed-exitcode', '--comment', '--pr', '9']],
    ['workspaces', 'push', '', ['workspaces', 'access', '--format', 'json']],
    // A flag given in args replaces the automatic one, value and all.
    ['workspaces', 'push', '--format text', ['workspaces', 'access', '--format', 'text']],
    ['workspaces', 'push', '--format=text', ['workspaces', 'access', '--format=text']],
  ])('%s on %s with args "%s"', (command, event, args, want) => {
    const inputs = actionInputs({ INPUT_COMMAND: command, INPUT_PATH: 'access', INPUT_ARGS: args });

    expect(actionArgv(inputs, { GITHUB_EVENT_NAME: event })).toEqual(want);
  });

  it('splits args like a shell for quotes', () => {
    expect(splitArgs(`--evidence "my file.json"  --at '2027-01-01'`)).toEqual(['--evidence', 'my file.json', '--at', '2027-01-01']);
  });

  it.each<[string, string[]]>([
    [`--evidence "my file.json"  --at '2027-01-01'`, ['--evidence', 'my file.json', '--at', '2027-01-01']],
    ['--evidence my\\ file.json', ['--evidence', 'my file.json']],
    ['--pr "9"', ['--pr', '9']],
    ['--evidence "$HOME/e.json"', ['--evidence', '$HOME/e.json']],
    ['', []],
  ])('splits %j like a shell, expanding nothing', (text, want) => {
    expect(splitArgs(text)).toEqual(want);
  });

  it.each(['--at 2027-01-01; rm -rf /', '--out x > y', '--plan *.json', '--at 1 # later', '--a | b'])('refuses %j: plain arguments only', (text) => {
    expect(() => splitArgs(text)).toThrow(/the `args` input holds .*; it takes plain arguments/);
  });

  it.each([`--evidence "my file.json`, `--at '2027-01-01`, `--evidence "a\\"`])('refuses %j: a quote never closed', (text) => {
    expect(() => splitArgs(text)).toThrow(/the `args` input has a (single|double) quote that is never closed/);
  });

  it.each(['--help', '-x', '--comment'])('refuses a path that would be read as an option: %j', (path) => {
    expect(() => actionInputs({ INPUT_COMMAND: 'plan', INPUT_PATH: path })).toThrow(`input "path" is ${JSON.stringify(path)}, which would be read as an option`);
  });

  const DIGEST = `sha256:${'ab'.repeat(32)}`;
  it('approved-digest becomes --approved-digest on apply (the workflow_dispatch approval path)', () => {
    const inputs = actionInputs({ INPUT_COMMAND: 'apply', INPUT_PATH: 'access', 'INPUT_APPROVED-DIGEST': ` ${DIGEST} ` });
    expect(actionArgv(inputs, { GITHUB_EVENT_NAME: 'workflow_dispatch' })).toEqual(['apply', 'access', '--auto-approve', '--approved-digest', DIGEST]);
    expect(actionArgv(actionInputs({ INPUT_COMMAND: 'apply', INPUT_PATH: 'access', 'INPUT_APPROVED-DIGEST': '' }), { GITHUB_EVENT_NAME: 'workflow_dispatch' })).toEqual(['apply', 'access', '--auto-approve']);
  });

  it.each([
    [{ INPUT_COMMAND: 'apply', 'INPUT_APPROVED-DIGEST': 'sha256:abc' }, 'must be an operations digest'],
    [{ INPUT_COMMAND: 'apply', 'INPUT_APPROVED-DIGEST': `${DIGEST} --allow-removals` }, 'must be an operations digest'],
    [{ INPUT_COMMAND: 'plan', 'INPUT_APPROVED-DIGEST': DIGEST }, 'is for command apply'],
  ])('refuses approved-digest %j', (env, message) => {
    expect(() => actionInputs(env)).toThrow(message);
  });

  it('reads github-token from INPUT_GITHUB-TOKEN', () => {
    expect(actionInputs({ INPUT_COMMAND: 'plan', 'INPUT_GITHUB-TOKEN': 'ghs_x' })).toEqual({ command: 'plan', path: '.', args: [], token: 'ghs_x' });
  });
});
