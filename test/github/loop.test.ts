// The GitHub loop end to end: the CLI against the emulator (Segment) and the in-memory GitHub port
// (use cases' view of GitHub), and the Action once through its real adapter against nock.
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { actionArgv, actionInputs, runAction } from '../../src/action.js';
import { runCli } from '../../src/cli.js';
import { DEMO_AS_OF, demoSeed } from '../../src/emulator/demo-seed.js';
import { clockFrom } from '../../src/emulator/local.js';
import { GitHubApiError } from '../../src/github/answers.js';
import { DRIFT_LABEL, driftMarker } from '../../src/github/drift-issue.js';
import { planMarker } from '../../src/github/sticky-comment.js';
import type { CiContext } from '../../src/ports/index.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

const MERGE = 'c0ffee';
const HEAD = 'feedface1234567890';
const BOT = 'github-actions[bot]';

async function setup() {
  // These tests run the tool at the demo's day (`--at`): the emulator records (Audit Trail events,
  // invites) from that day on too, or a token of the examples would act "after its expiry" once the
  // suite runs past 2027-02-01.
  const emulator = await testEmulator({ seed: demoSeed(), recordTime: clockFrom(new Date(DEMO_AS_OF)) });
  const { cwd, dir } = copyExample();
  const summary = path.join(cwd, 'summary.md');
  writeFileSync(summary, '');
  const env = { SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token, GITHUB_STEP_SUMMARY: summary };
  const github = new FakeGitHub();
  const run = (argv: string[], ci: CiContext, io = memoryIo({ cwd, env })) => runCli(argv, io, { github: () => github, ci }).then((code) => ({ code, io }));
  return { emulator, cwd, dir, env, summary, github, run };
}

const onPullRequest: CiContext = { actions: true, sha: 'merge-ref', runUrl: 'https://github.com/acme/access/actions/runs/77', pullRequest: { number: 12, headSha: HEAD } };
const afterMerge: CiContext = { actions: true, sha: MERGE, runUrl: 'https://github.com/acme/access/actions/runs/78', actor: 'alice', eventName: 'push' };

/** Pull request #12: planned on its head commit, approved by bob, merged as MERGE. */
async function reviewedPullRequest(s: Awaited<ReturnType<typeof setup>>) {
  const { github } = s;
  github.pulls.set(12, { number: 12, title: 'Give Dan staging access', author: 'dan', url: 'https://github.com/acme/access/pull/12', mergedBy: 'alice', mergeCommit: MERGE, headSha: HEAD });
  expect((await s.run(['plan', s.dir, '--comment', '--at', '2026-11-22'], onPullRequest)).code).toBe(0);
  github.reviewsOf.set(12, [
    { author: 'bob', state: 'CHANGES_REQUESTED', submittedAt: github.tick(), commitId: HEAD },
    { author: 'bob', state: 'APPROVED', submittedAt: github.tick(), commitId: HEAD },
    { author: 'carol', state: 'COMMENTED', submittedAt: github.tick(), commitId: HEAD },
  ]);
  github.commits.set(MERGE, [{ number: 12, mergedAt: github.tick() }, { number: 3 }]);
  return github.comments.get(12)![0]!;
}

describe('plan --comment', () => {
  it('comments on the pull request of the event and writes the job summary', async () => {
    const s = await setup();

    const { code, io } = await s.run(['plan', s.dir, '--comment', '--at', '2026-11-22'], onPullRequest);

    expect(code).toBe(0);
    const posted = s.github.comments.get(12)![0]!.body;
    expect(posted.split('\n')[0]).toMatch(/^<!-- segment-access plan workspace=acme-prod operations=sha256:[0-9a-f]{64} sha=feedface1234567890 -->$/);
    expect(posted.split('\n')[1]).toMatch(/^<sub>Planned 2026-11-22 00:00 UTC for `feedface1234` in \[this run\]\(https:\/\/github.com\/acme\/access\/actions\/runs\/77\) · operations `sha256:[0-9a-f]{12}`<\/sub>$/);
    expect(posted).toContain("**Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.**");
    expect(io.stderrText).toMatch(/Plan comment on pull request #12: created/);
    expect(readFileSync(s.summary, 'utf8')).toContain('### segment-access plan for `acme-prod`');
  });

  it('without a pull request, fails before reading the workspace', async () => {
    const s = await setup();

    const { code, io } = await s.run(['plan', s.dir, '--comment', '--at', '2026-11-22'], { actions: true });

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: --comment needs a pull request: run on a pull_request event or pass --pr N');
    expect(s.emulator.stats.requests).toBe(0);
  });

  it('a transient failure of GET /user is an error, never a second comment', async () => {
    const s = await setup();
    await s.run(['plan', s.dir, '--comment', '--at', '2026-11-22'], onPullRequest);
    s.github.failNext('viewerLogin', new GitHubApiError('GitHub GET /user', 502, '502 Bad Gateway'));

    const { code, io } = await s.run(['plan', s.dir, '--comment', '--at', '2026-11-22'], onPullRequest);

    expect(code).toBe(1);
    expect(io.stderrText).toContain('Error: GitHub GET /user: 502 Bad Gateway');
    expect(s.github.comments.get(12)).toHaveLength(1);
  });
});

describe('apply --comment', () => {
  it('applies the plan approved on the merged pull request and comments the result with the evidence', async () => {
    const s = await setup();
    const reviewed = await reviewedPullRequest(s);

    const { code, io } = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22', '--evidence', 'evidence.json'], afterMerge);

    expect(code).toBe(0);
    expect(s.emulator.stats.mutations).toBe(6);
    const evidence = JSON.parse(readFileSync(path.join(s.cwd, 'evidence.json'), 'utf8'));
    expect(evidence.request).toEqual({
      pull_request: 12, title: 'Give Dan staging access', author: 'dan', url: 'https://github.com/acme/access/pull/12', merged_by: 'alice', merge_commit: MERGE,
      approvals: [{ by: 'bob', at: s.github.reviewsOf.get(12)![1]!.submittedAt }], reviewed_plan: reviewed.url,
    });
    const rendered = memoryIo({ cwd: s.cwd });
    expect(await runCli(['evidence', 'evidence.json'], rendered)).toBe(0);
    expect(rendered.stdoutText).toContain('- **Approved by:** bob; merged by alice (c0ffee)');
    const result = s.github.comments.get(12)!.at(-1)!.body;
    expect(result.split('\n')[0]).toBe('<!-- segment-access apply workspace=acme-prod sha=c0ffee -->');
    expect(result).toContain(':white_check_mark: **Applied 6 calls in');
    expect(result).toContain('- record: `evidence.json` (in [this run](https://github.com/acme/access/actions/runs/78))');
    expect(io.stderrText).toContain('Apply result commented on #12 (created)');
    expect(s.github.comments.get(12)![0]).toEqual(reviewed);
  });

  it('after a mismatch, keeps the reviewed comment, posts the new plan beside it, and a re-run of the job writes nothing', async () => {
    const s = await setup();
    const reviewed = await reviewedPullRequest(s);
    // After the review, someone makes erin an owner by hand: the plan recomputed at merge differs.
    await call(s.emulator, 'PUT', '/users/uEri8Wp3Jh6Gd2Sf5Ak1T/permissions', { permissions: [{ roleId: '1WDUuRLxv84rrfCNUwvkrRtkxnS', resources: [{ id: '9aQ1Lj62S4bomZKLF4DPqW', type: 'WORKSPACE' }] }] });
    const mutationsBefore = s.emulator.stats.mutations;

    const first = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22'], afterMerge);
    const second = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22'], afterMerge);

    expect([first.code, second.code]).toEqual([1, 1]);
    expect(s.emulator.stats.mutations).toBe(mutationsBefore);
    expect(first.io.stderrText).toContain('Not applied: the plan recomputed at merge (operations sha256:');
    expect(second.io.stderrText).toContain('Not applied: the plan recomputed at merge (operations sha256:');
    const comments = s.github.comments.get(12)!;
    expect(comments[0]).toEqual(reviewed);
    expect(comments).toHaveLength(2);
    expect(comments[1]!.body).toMatch(/^<!-- segment-access unreviewed-plan workspace=acme-prod sha=c0ffee operations=sha256:[0-9a-f]{64} -->\n> \[!WARNING\]\n> \*\*Not applied\.\*\* /);
    expect(comments[1]!.body).toContain('with `approved-digest: sha256:');
    // The tool's own comment after the merge is never read as a review: a later approval of the pull
    // request (the review API allows one) still finds the reviewed plan comment only.
    s.github.reviewsOf.get(12)!.push({ author: 'erin', state: 'APPROVED', submittedAt: s.github.tick(), commitId: HEAD });
    const third = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22'], afterMerge);
    expect(third.code).toBe(1);
    expect(s.emulator.stats.mutations).toBe(mutationsBefore);
  });

  it('applies the changed plan once a person approves its digest by hand, and records who', async () => {
    const s = await setup();
    await reviewedPullRequest(s);
    await call(s.emulator, 'PUT', '/users/uEri8Wp3Jh6Gd2Sf5Ak1T/permissions', { permissions: [{ roleId: '1WDUuRLxv84rrfCNUwvkrRtkxnS', resources: [{ id: '9aQ1Lj62S4bomZKLF4DPqW', type: 'WORKSPACE' }] }] });
    await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22'], afterMerge);
    const digest = /approved-digest: (sha256:[0-9a-f]{64})/.exec(s.github.comments.get(12)![1]!.body)![1]!;
    const dispatch: CiContext = { ...afterMerge, actor: 'carol', eventName: 'workflow_dispatch' };

    const wrong = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--approved-digest', `sha256:${'0'.repeat(64)}`, '--at', '2026-11-22'], dispatch);
    // The path the apply workflow offers: workflow_dispatch with the Action's approved-digest input.
    const inputs = actionInputs({ INPUT_COMMAND: 'apply', INPUT_PATH: s.dir, 'INPUT_APPROVED-DIGEST': digest, INPUT_ARGS: '--at 2026-11-22 --evidence e.json' });
    const right = await s.run(actionArgv(inputs, { GITHUB_EVENT_NAME: 'workflow_dispatch' }), dispatch);

    expect(wrong.code).toBe(1);
    expect(wrong.io.stderrText).toContain('is not the one approved (sha256:000000000000)');
    expect(right.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(s.cwd, 'e.json'), 'utf8')).request).toEqual({ approved_digest: { digest, by: 'carol', event: 'workflow_dispatch' }, approvals: [] });
  });

  it.each<[string, (s: Awaited<ReturnType<typeof setup>>) => void, string]>([
    ['the plan comment was rewritten after the approval', (s) => {
      const c = s.github.comments.get(12)![0]!;
      s.github.comments.set(12, [{ ...c, updatedAt: s.github.tick() }]);
    }, 'after the last approval'],
    ['the approval was given on another commit', (s) => {
      s.github.reviewsOf.set(12, [{ author: 'bob', state: 'APPROVED', submittedAt: s.github.tick(), commitId: 'another' }]);
    }, 'or for another commit'],
    ['the approval was withdrawn by a later request for changes', (s) => {
      s.github.reviewsOf.get(12)!.push({ author: 'bob', state: 'CHANGES_REQUESTED', submittedAt: s.github.tick(), commitId: HEAD });
    }, 'merged without an approving review in force'],
    ["the only plan comment is another account's", (s) => {
      const c = s.github.comments.get(12)![0]!;
      s.github.comments.set(12, [{ ...c, author: 'other-app[bot]' }]);
    }, 'has no segment-access plan comment for workspace acme-prod'],
  ])('applies nothing when %s', async (_name, edit, reason) => {
    const s = await setup();
    await reviewedPullRequest(s);
    edit(s);

    const { code, io } = await s.run(['apply', s.dir, '--auto-approve', '--comment', '--at', '2026-11-22'], afterMerge);

    expect(code).toBe(1);
    expect(s.emulator.stats.mutations).toBe(0);
    expect(io.stderrText).toContain(reason);
  });
});

describe('drift --github-issue', () => {
  it('opens an issue when drift appears, updates it while it lasts, and closes it when it clears; never touches a look-alike', async () => {
    const s = await setup();
    const marker = driftMarker('acme-prod');
    s.github.issues.push({ number: 5, title: 'fake', body: `${marker}\nwritten by someone else`, author: 'mallory', url: 'u5', isPullRequest: false, labels: [DRIFT_LABEL], state: 'open' });
    const ci: CiContext = { actions: true, runUrl: 'https://github.com/acme/access/actions/runs/90' };

    const first = await s.run(['drift', s.dir, '--github-issue', '--at', '2026-11-22'], ci);
    const opened = s.github.issues.find((i) => i.author === BOT)!;
    const openedBody = opened.body;
    await call(s.emulator, 'PUT', '/users/uEri8Wp3Jh6Gd2Sf5Ak1T/permissions', { permissions: [{ roleId: '1WDUuRLxv84rrfCNUwvkrRtkxnS', resources: [{ id: '9aQ1Lj62S4bomZKLF4DPqW', type: 'WORKSPACE' }] }] });
    const second = await s.run(['drift', s.dir, '--github-issue', '--at', '2026-11-22'], ci);
    await s.run(['apply', s.dir, '--auto-approve', '--at', '2026-11-22'], { actions: false });
    const third = await s.run(['drift', s.dir, '--github-issue', '--at', '2026-11-22'], ci);

    expect([first.code, second.code, third.code]).toEqual([2, 2, 0]);
    expect(openedBody.startsWith(`${marker}\n### Access drift in Segment workspace \`acme-prod\``)).toBe(true);
    expect(openedBody).toContain('| :warning: | mallory&#64;acme.com is a member, but in no manifest (Source Admin on all sources, Source Admin on all sources (through group legacy-admins)) |');
    expect(opened.state).toBe('closed');
    expect(s.github.comments.get(opened.number)![0]!.body).toMatch(/^Drift cleared/);
    expect(s.github.issues.find((i) => i.number === 5)).toMatchObject({ body: `${marker}\nwritten by someone else`, state: 'open' });
    expect(s.github.issues.filter((i) => i.author === BOT)).toHaveLength(1);
  });

  it('reports a token that acts without being in the inventory', async () => {
    const s = await setup();
    s.emulator.store.state.tokens.push({ id: 'Rogue123', secret: 'sgp_rogue_secret_value' });
    await call(s.emulator, 'POST', '/labels', { label: { key: 'team', value: 'shadow' } }, 'sgp_rogue_secret_value');

    const { io } = await s.run(['drift', s.dir, '--format', 'markdown', '--at', '2026-11-23'], { actions: false });

    expect(io.stdoutText).toMatch(/- token Rogue123 wrote 1 Audit Trail event \(last [^)]+\) but is not in the tokens inventory/);
    expect(io.stdoutText).not.toContain('sgp_rogue_secret_value');
  });

  it('reports expiring access and tokens due for rotation', async () => {
    const s = await setup();

    const { code, io } = await s.run(['drift', s.dir, '--format', 'markdown', '--at', '2027-01-20'], { actions: false });

    expect(code).toBe(2);
    expect(io.stdoutText).toContain('#### Access expiring or expired');
    expect(io.stdoutText).toContain('membership of dev&#64;agency.io expires on 2027-01-31 (in 11 days)');
    expect(io.stdoutText).toContain('token TJ7z8cg6 (CI deploy (segment-access apply)) is due for rotation on 2027-02-01');
  });
});

/** What the code under test writes to process.stdout (where @actions/core puts workflow commands). */
function captureStdout() {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { chunks.push(String(chunk)); return true; });
  return { get text() { return chunks.join(''); }, restore: () => spy.mockRestore() };
}

/** Outputs in the GITHUB_OUTPUT file format: `name<<DELIMITER`, the value, then the delimiter. */
function fileOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) out[m[1]!] = m[3]!;
  return out;
}

// A GitHub Enterprise-style API root: the Action builds the real adapter from GITHUB_API_URL.
const API = 'https://github.example.test/api/v3';

describe('the GitHub Action', () => {
  it('runs plan from INPUT_* variables on a pull_request event: comment (through the real adapter), summary, outputs', async () => {
    const s = await setup();
    const event = path.join(s.cwd, 'event.json');
    const outputs = path.join(s.cwd, 'outputs.txt');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5, head: { sha: HEAD } } }));
    writeFileSync(outputs, '');
    let posted = '';
    const scope = nock(API).get('/user').reply(403, { message: 'Resource not accessible by integration' })
      .get('/repos/acme/access/issues/5/comments').query({ per_page: 100 }).reply(200, [])
      .post('/repos/acme/access/issues/5/comments', (b) => { posted = b.body; return true; })
      .reply(201, { id: 9, body: 'x', user: { login: BOT }, html_url: 'https://github.com/acme/access/pull/5#issuecomment-9', created_at: '2026-11-22T00:00:00Z', updated_at: '2026-11-22T00:00:00Z' });
    const io = memoryIo({ cwd: s.cwd });
    const actionEnv = {
      ...s.env, GITHUB_REPOSITORY: 'acme/access', GITHUB_API_URL: API, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_OUTPUT: outputs,
      INPUT_COMMAND: 'plan', INPUT_PATH: s.dir, INPUT_ARGS: '--at 2026-11-22', 'INPUT_GITHUB-TOKEN': 'ghs_from_input',
    };

    // @actions/core writes outputs to the file process.env names, and workflow commands to stdout.
    vi.stubEnv('GITHUB_OUTPUT', outputs);
    const commands = captureStdout();
    const code = await runAction(actionEnv, io).finally(() => commands.restore());
    vi.unstubAllEnvs();

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(posted.split('\n')[0]).toBe(planMarker('acme-prod', { operations: /operations=(\S+)/.exec(posted)![1]!, sha: HEAD }).line);
    expect(fileOutputs(readFileSync(outputs, 'utf8'))).toEqual({ 'exit-code': '2', changes: 'true' });
    expect(commands.text).toContain('::add-mask::ghs_from_input\n');
    expect(commands.text).toContain(`::add-mask::${s.env.SEGMENT_API_TOKEN}\n`);
    expect(readFileSync(s.summary, 'utf8')).toContain("**Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.**");
    expect(io.stdoutText + io.stderrText).not.toContain('ghs_from_input');
  });

  it('refuses an unknown command', async () => {
    const io = memoryIo();

    const commands = captureStdout();
    const code = await runAction({ INPUT_COMMAND: 'destroy' }, io).finally(() => commands.restore());

    expect(code).toBe(1);
    expect(commands.text).toContain('::error title=segment-access::input "command" must be one of validate, plan, apply, drift, review, workspaces, prune (got "destroy")\n');
  });

  it('refuses args that are not plain arguments, with the token already masked', async () => {
    const io = memoryIo();

    const commands = captureStdout();
    const code = await runAction({ INPUT_COMMAND: 'plan', INPUT_ARGS: '--at 2027-01-01; curl evil', SEGMENT_API_TOKEN: 'sgp_secret_value_1234567890' }, io).finally(() => commands.restore());

    expect(code).toBe(1);
    expect(commands.text).toContain('::add-mask::sgp_secret_value_1234567890\n');
    expect(commands.text).toContain('::error title=segment-access::the `args` input holds `;`; it takes plain arguments (quote a value that contains it)\n');
  });

  it('lists the workspaces as a matrix output', async () => {
    const cwd = tempDir();
    cpSync('examples/acme', path.join(cwd, 'access/prod'), { recursive: true });
    const outputs = path.join(cwd, 'outputs.txt');
    writeFileSync(outputs, '');
    const io = memoryIo({ cwd });

    vi.stubEnv('GITHUB_OUTPUT', outputs);
    const commands = captureStdout();
    const code = await runAction({ INPUT_COMMAND: 'workspaces', INPUT_PATH: 'access', GITHUB_EVENT_NAME: 'push' }, io).finally(() => commands.restore());
    vi.unstubAllEnvs();

    expect(code).toBe(0);
    expect(JSON.parse(fileOutputs(readFileSync(outputs, 'utf8')).matrix!)).toEqual({ include: [{ folder: 'access/prod', slug: 'acme-prod', token_env: 'SEGMENT_API_TOKEN_ACME_PROD' }] });
  });
});
