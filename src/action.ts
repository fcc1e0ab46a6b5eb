// The GitHub Action: a thin shell over the CLI. Inputs become the same command line a person would
// type, with the flags that make sense for the event: `plan` on a pull request comments on it,
// `apply` on a push comments on the merged pull request (and is approved by the workflow's
// protected environment, so it runs with --auto-approve), `drift` keeps the drift issue.
//
// @actions/core masks the secrets and writes the outputs. The CLI's own annotations stay on stderr
// (core writes workflow commands to stdout, which carries only the requested format, e.g. JSON), and
// its job summary keeps GitHub's 1 MiB limit, which core.summary does not.
import * as core from '@actions/core';
import { parse as parseShell } from 'shell-quote';
import { ciContext } from './adapters/ci-context.js';
import { processSignals } from './adapters/signals.js';
import { runCli, processIo, type Io } from './cli.js';
import { EXIT, UserError } from './user-error.js';

export interface ActionInputs {
  command: string;
  path: string;
  args: string[];
  token?: string;
  /**
   * apply only: the operations digest of a plan a person approved by hand (a workflow_dispatch
   * input). The path for a merge whose plan changed after its review: nothing the tool wrote counts.
   */
  approvedDigest?: string;
}

const COMMANDS = ['validate', 'plan', 'apply', 'drift', 'review', 'workspaces', 'prune'];

/** GitHub passes inputs as INPUT_<NAME> with the name upper-cased (hyphens kept). */
export function actionInputs(env: Record<string, string | undefined>): ActionInputs {
  const input = (name: string) => (env[`INPUT_${name.toUpperCase()}`] ?? env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
  const path = input('path') || '.';
  // A path is a folder: one starting with `-` would be read as an option (`path: --help` planned nothing).
  if (path.startsWith('-')) throw new UserError(`input "path" is ${JSON.stringify(path)}, which would be read as an option; name the folder (./${path} for a folder called so)`);
  const command = input('command');
  const approvedDigest = input('approved-digest');
  if (approvedDigest && command !== 'apply') throw new UserError(`input "approved-digest" is for command apply (got "${command}")`);
  if (approvedDigest && !/^sha256:[0-9a-f]{64}$/.test(approvedDigest)) {
    throw new UserError('input "approved-digest" must be an operations digest, sha256: and 64 hex digits, as the plan comment shows it');
  }
  return { command, path, args: splitArgs(input('args')), token: input('github-token') || undefined, ...(approvedDigest ? { approvedDigest } : {}) };
}

/**
 * The command line: the command, the folder, the flags the event calls for, then `args`. A flag the
 * user gave in `args` (`--format text`, or `--format=text`) replaces the automatic one with its value.
 */
export function actionArgv(inputs: ActionInputs, env: Record<string, string | undefined>): string[] {
  const event = env.GITHUB_EVENT_NAME ?? '';
  const auto: string[][] = [];
  if (inputs.command === 'plan') auto.push(['--detailed-exitcode'], ...(/^pull_request/.test(event) ? [['--comment']] : []));
  if (inputs.command === 'apply') auto.push(['--auto-approve'], ...(event === 'push' ? [['--comment']] : []), ...(inputs.approvedDigest ? [['--approved-digest', inputs.approvedDigest]] : []));
  if (inputs.command === 'drift') auto.push(['--github-issue']);
  if (inputs.command === 'workspaces') auto.push(['--format', 'json']);
  const given = (flag: string) => inputs.args.some((a) => a === flag || a.startsWith(`${flag}=`));
  return [inputs.command, inputs.path, ...auto.filter(([flag]) => !given(flag!)).flat(), ...inputs.args];
}

/** Runs the action; resolves to the process exit code (2, "changes present", counts as success). */
export async function runAction(env: Record<string, string | undefined>, io?: Io): Promise<number> {
  // Masked in every log line from here on, whatever prints them.
  if (env.SEGMENT_API_TOKEN) core.setSecret(env.SEGMENT_API_TOKEN);
  const githubToken = env['INPUT_GITHUB-TOKEN'] ?? env.INPUT_GITHUB_TOKEN;
  if (githubToken?.trim()) core.setSecret(githubToken.trim());
  let inputs: ActionInputs;
  try {
    inputs = actionInputs(env);
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    core.error(err.message, { title: 'segment-access' });
    return EXIT.error;
  }
  const base = io ?? processIo();
  if (!COMMANDS.includes(inputs.command)) {
    core.error(`input "command" must be one of ${COMMANDS.join(', ')} (got "${inputs.command}")`, { title: 'segment-access' });
    return EXIT.error;
  }
  const actionEnv = { ...env, GITHUB_ACTIONS: 'true', ...(inputs.token ? { GITHUB_TOKEN: inputs.token } : {}) };
  const argv = actionArgv(inputs, env);
  // On a pull request, `workspaces` lists only those the pull request touches.
  // Only where the checkout is the pull request's: under workflow_run the manifests are data copied
  // onto the default branch, and every workspace folder among them is listed.
  const onPullRequest = /^pull_request/.test(env.GITHUB_EVENT_NAME ?? '');
  const changedSince = inputs.command === 'workspaces' && onPullRequest && !inputs.args.includes('--changed-since') ? (await ciContext(env)).pullRequest?.baseSha : undefined;
  if (changedSince) argv.push('--changed-since', changedSince);
  let printed = '';
  const stdout = inputs.command === 'workspaces' ? (text: string) => { printed += text; base.stdout(text); } : base.stdout;
  // A cancelled job sends SIGINT, then SIGTERM: the apply records what it did (see cli.ts).
  const code = await runCli(argv, { ...base, stdout, env: actionEnv, isTTY: false, prompt: undefined }, io ? {} : { signals: processSignals() });
  // The matrix for `strategy.matrix: ${{ fromJSON(steps.<id>.outputs.matrix) }}`.
  if (inputs.command === 'workspaces' && code === EXIT.ok) core.setOutput('matrix', printed.trim());
  core.setOutput('exit-code', code);
  core.setOutput('changes', code === EXIT.changes);
  return code === EXIT.changes ? EXIT.ok : code;
}

/** The kind of quote left open at the end of `text` (shell-quote would close it silently), if any. */
function unclosedQuote(text: string): 'single' | 'double' | undefined {
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote === "'") { if (c === "'") quote = undefined; continue; }
    if (c === '\\') { i++; continue; }
    if (quote === '"') { if (c === '"') quote = undefined; continue; }
    if (c === "'" || c === '"') quote = c;
  }
  return quote === "'" ? 'single' : quote === '"' ? 'double' : undefined;
}

/**
 * Splits `args` as a POSIX shell would (quotes, escapes), with shell-quote. Only words are allowed:
 * a pipe, `;`, a redirection, a glob or a comment is refused rather than passed on, and `$NAME` stays
 * as written (nothing is expanded).
 */
export function splitArgs(text: string): string[] {
  const open = unclosedQuote(text);
  if (open) throw new UserError(`the \`args\` input has a ${open} quote that is never closed; close it, or escape it with \\`);
  return parseShell(text, (name) => `$${name}`).map((entry) => {
    if (typeof entry === 'string') return entry;
    const what = 'op' in entry ? (entry.op === 'glob' ? `the pattern ${entry.pattern}` : `\`${entry.op}\``) : 'a comment';
    throw new UserError(`the \`args\` input holds ${what}; it takes plain arguments (quote a value that contains it)`);
  });
}
