// The GitHub loop end to end: the CLI and the Action against the emulator (Segment) and nock (GitHub).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import nock from 'nock';
import { describe, expect, it, vi } from 'vitest';
import { runAction } from '../../src/action.js';
import { runCli } from '../../src/cli.js';
import { DEMO_AS_OF, demoSeed } from '../../src/emulator/demo-seed.js';
import { clockFrom } from '../../src/emulator/local.js';
import { DRIFT_LABEL, driftMarker } from '../../src/github/drift-issue.js';
import { call, testEmulator } from '../helpers/emulator.js';
import { memoryIo } from '../helpers/io.js';
import { tempDir } from '../helpers/tmp.js';
import { copyExample } from '../helpers/workspace-copy.js';

// A GitHub Enterprise-style API root: exercises GITHUB_API_URL, and nock answers every call.
const API = 'https://github.example.test/api/v3';
const bot = { login: 'github-actions[bot]', type: 'Bot' };

async function setup() {
  // These tests run the tool at the demo's day (`--at`): the emulator records (Audit Trail events,
  // invites) from that day on too, or a token of the examples would act "after its expiry" once the
  // suite runs past 2027-02-01.
  const emulator = await testEmulator({ seed: demoSeed(), recordTime: clockFrom(new Date(DEMO_AS_OF)) });
  const { cwd, dir } = copyExample();
  const summary = path.join(cwd, 'summary.md');
  writeFileSync(summary, '');
  const env = {
    SEGMENT_API_URL: emulator.url, SEGMENT_API_TOKEN: emulator.token, GITHUB_TOKEN: 'ghs_test', GITHUB_REPOSITORY: 'acme/access', GITHUB_API_URL: API,
    GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '77', GITHUB_SHA: 'c0ffee',
  };
  return { emulator, cwd, dir, env, summary };
}

describe('plan --comment', () => {
  it('comments on the pull request from the event payload and writes the job summary', async () => {
    const { cwd, dir, env, summary } = await setup();
    const event = path.join(cwd, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 12, head: { sha: 'feedface1234567890' } } }));
    let posted = '';
    const scope = nock(API).get('/user').reply(403, {})
      .get('/repos/acme/access/issues/12/comments').query({ per_page: 100 }).reply(200, [])
      .post('/repos/acme/access/issues/12/comments', (b) => { posted = b.body; return true; }).reply(201, { id: 1, html_url: 'https://github.com/acme/access/pull/12#issuecomment-1' });
    const io = memoryIo({ cwd, env: { ...env, GITHUB_EVENT_PATH: event } });

    const code = await runCli(['plan', dir, '--comment', '--at', '2026-11-22'], io);

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(posted.split('\n')[0]).toMatch(/^<!-- segment-access plan workspace=acme-prod operations=sha256:[0-9a-f]{64} sha=feedface1234567890 -->$/);
    expect(posted.split('\n')[1]).toMatch(/^<sub>Planned 2026-11-22 00:00 UTC for `feedface1234` in \[this run\]\(https:\/\/github.com\/acme\/access\/actions\/runs\/77\) · operations `sha256:[0-9a-f]{12}`<\/sub>$/);
    expect(posted).toContain("**Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.**");
    expect(io.stderrText).toContain('Plan comment on pull request #12: created (https://github.com/acme/access/pull/12#issuecomment-1)');
    expect(readFileSync(summary, 'utf8')).toContain('### segment-access plan for `acme-prod`');
  });
});

describe('apply --comment', () => {
  /** The operations digest plan computes now, as the plan comment on the pull request would carry it. */
  async function reviewedDigest(cwd: string, dir: string, env: Record<string, string>) {
    const io = memoryIo({ cwd, env: { ...env, GITHUB_ACTIONS: 'false' } });
    await runCli(['plan', dir, '--at', '2026-11-22', '--format', 'json'], io);
    return JSON.parse(io.stdoutText).operations_digest as string;
  }
  const pull = { number: 12, title: 'Give Dan staging access', user: { login: 'dan' }, html_url: 'https://github.com/acme/access/pull/12', merged_by: { login: 'alice' }, merge_commit_sha: 'c0ffee' };
  const reviews = [
    { user: { login: 'bob' }, state: 'CHANGES_REQUESTED', submitted_at: '2026-11-21T09:00:00Z' },
    { user: { login: 'bob' }, state: 'APPROVED', submitted_at: '2026-11-21T10:00:00Z' },
    { user: { login: 'carol' }, state: 'COMMENTED', submitted_at: '2026-11-21T11:00:00Z' },
    { user: { login: 'erin' }, state: 'APPROVED', submitted_at: '2026-11-21T12:00:00Z' },
  ];
  const planComment = (operations: string, user = bot) => ({ id: 7, user, html_url: 'https://github.com/acme/access/pull/12#issuecomment-7',
    body: `<!-- segment-access plan workspace=acme-prod operations=${operations} sha=feedface1234567890 -->\nthe plan` });

  it('applies the plan reviewed on the merged pull request and comments the result with the evidence', async () => {
    const { cwd, dir, env } = await setup();
    const digest = await reviewedDigest(cwd, dir, env);
    let posted = '';
    const scope = nock(API)
      .get('/repos/acme/access/commits/c0ffee/pulls').reply(200, [{ number: 12, merged_at: '2026-11-22T10:00:00Z' }, { number: 3, merged_at: null }])
      .get('/user').reply(403, {})
      .get('/repos/acme/access/issues/12/comments').query({ per_page: 100 }).reply(200, [planComment(digest)])
      .get('/repos/acme/access/pulls/12').reply(200, pull)
      .get('/repos/acme/access/pulls/12/reviews').query({ per_page: 100 }).reply(200, reviews)
      .get('/repos/acme/access/commits/c0ffee/pulls').reply(200, [{ number: 12, merged_at: '2026-11-22T10:00:00Z' }])
      .get('/user').reply(403, {})
      .get('/repos/acme/access/issues/12/comments').query({ per_page: 100 }).reply(200, [planComment(digest)])
      .post('/repos/acme/access/issues/12/comments', (b) => { posted = b.body; return true; }).reply(201, { id: 2 });
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', dir, '--auto-approve', '--comment', '--at', '2026-11-22', '--evidence', 'evidence.json'], io);

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    const evidence = JSON.parse(readFileSync(path.join(cwd, 'evidence.json'), 'utf8'));
    expect(evidence.request).toEqual({
      pull_request: 12, title: 'Give Dan staging access', author: 'dan', url: 'https://github.com/acme/access/pull/12', merged_by: 'alice', merge_commit: 'c0ffee',
      approvals: [{ by: 'bob', at: '2026-11-21T10:00:00Z' }, { by: 'erin', at: '2026-11-21T12:00:00Z' }], reviewed_plan: 'https://github.com/acme/access/pull/12#issuecomment-7',
    });
    const rendered = memoryIo({ cwd });
    expect(await runCli(['evidence', 'evidence.json'], rendered)).toBe(0);
    expect(rendered.stdoutText).toContain('- **Approved by:** bob, erin; merged by alice (c0ffee)');
    expect(rendered.stdoutText).toContain('| bob&#64;acme.com | acme-prod | Workspace Owner on the workspace | Source Admin on all sources | data platform on-call lead | bob, erin | ');
    expect(posted.split('\n')[0]).toBe('<!-- segment-access apply workspace=acme-prod sha=c0ffee -->');
    expect(posted).toContain(':white_check_mark: **Applied 6 calls in');
    expect(posted).toContain('| :white_check_mark: | `createInvites#1` | dan&#64;acme.com, dev&#64;agency.io, grace&#64;acme.com | 1 | done |');
    expect(posted).toContain('- record: `evidence.json` (in [this run](https://github.com/acme/access/actions/runs/77))');
    expect(posted).toContain('- commit: c0ffee');
    expect(io.stderrText).toContain('Apply result commented on #12 (created)');
  });

  it.each([
    // Our own plan comment is updated in place; another bot's comment with our marker is never touched.
    ['a plan that differs from the one reviewed', () => planComment(`sha256:${'1'.repeat(64)}`), 'is not the one reviewed on #12 (operations sha256:111111111111', 'patch'],
    ['a pull request whose only plan comment is another bot\'s', () => planComment('x', { login: 'other-app[bot]', type: 'Bot' }), 'pull request #12 has no segment-access plan comment for workspace acme-prod', 'post'],
  ] as const)('applies nothing for %s, comments the plan as it is now with the reason, and exits 1', async (_name, comment, reason, write) => {
    const { emulator, cwd, dir, env } = await setup();
    let posted = '';
    const scope = nock(API)
      .get('/repos/acme/access/commits/c0ffee/pulls').reply(200, [{ number: 12, merged_at: '2026-11-22T10:00:00Z' }])
      .get('/user').reply(403, {})
      .get('/repos/acme/access/issues/12/comments').query({ per_page: 100 }).reply(200, [comment()])
      .get('/repos/acme/access/pulls/12').reply(200, pull)
      .get('/repos/acme/access/pulls/12/reviews').query({ per_page: 100 }).reply(200, reviews)
      .get('/user').reply(403, {})
      .get('/repos/acme/access/issues/12/comments').query({ per_page: 100 }).reply(200, [comment()]);
    if (write === 'patch') scope.patch('/repos/acme/access/issues/comments/7', (b) => { posted = b.body; return true; }).reply(200, { id: 7 });
    else scope.post('/repos/acme/access/issues/12/comments', (b) => { posted = b.body; return true; }).reply(201, { id: 3 });
    const io = memoryIo({ cwd, env });

    const code = await runCli(['apply', dir, '--auto-approve', '--comment', '--at', '2026-11-22'], io);

    expect(code).toBe(1);
    expect(scope.isDone()).toBe(true);
    expect(emulator.stats.mutations).toBe(0);
    expect(io.stderrText).toContain("Not applied: ");
    expect(io.stderrText).toContain(reason);
    expect(posted).toMatch(/^<!-- segment-access plan workspace=acme-prod operations=sha256:[0-9a-f]{64} sha=c0ffee -->\n> \[!WARNING\]\n> \*\*Not applied\.\*\* /);
    expect(posted).toContain('### segment-access plan for `acme-prod`');
  });
});

describe('drift --github-issue', () => {
  it('opens an issue when drift appears, updates it while it lasts, and closes it when it clears', async () => {
    const { emulator, cwd, dir, env } = await setup();
    const marker = driftMarker('acme-prod');
    let opened = '';
    let updated = '';
    const scope = nock(API)
      // 1. drift appears: no open issue yet
      .get('/repos/acme/access/issues').query({ state: 'open', labels: DRIFT_LABEL, per_page: 100 }).reply(200, [])
      .post('/repos/acme/access/issues', (b) => { opened = b.body; return b.labels[0] === DRIFT_LABEL && b.title === 'Access drift in Segment workspace acme-prod'; })
      .reply(201, { number: 40, html_url: 'https://github.com/acme/access/issues/40' })
      // 2. drift changes: the body is updated
      .get('/repos/acme/access/issues').query({ state: 'open', labels: DRIFT_LABEL, per_page: 100 })
      .reply(200, () => [{ number: 40, body: opened, user: bot }])
      .patch('/repos/acme/access/issues/40', (b) => { updated = b.body; return true; }).reply(200, { number: 40 })
      // 3. drift clears: a comment, then closed
      .get('/repos/acme/access/issues').query({ state: 'open', labels: DRIFT_LABEL, per_page: 100 })
      .reply(200, () => [{ number: 40, body: updated, user: bot }])
      .post('/repos/acme/access/issues/40/comments', (b) => b.body.startsWith('Drift cleared')).reply(201, { id: 3 })
      .patch('/repos/acme/access/issues/40', { state: 'closed', state_reason: 'completed' }).reply(200, { number: 40 });

    const first = await runCli(['drift', dir, '--github-issue', '--at', '2026-11-22'], memoryIo({ cwd, env }));
    await call(emulator, 'PUT', '/users/uEri8Wp3Jh6Gd2Sf5Ak1T/permissions', { permissions: [{ roleId: '1WDUuRLxv84rrfCNUwvkrRtkxnS', resources: [{ id: '9aQ1Lj62S4bomZKLF4DPqW', type: 'WORKSPACE' }] }] });
    const second = await runCli(['drift', dir, '--github-issue', '--at', '2026-11-22'], memoryIo({ cwd, env }));
    await runCli(['apply', dir, '--auto-approve', '--at', '2026-11-22'], memoryIo({ cwd, env: { ...env, GITHUB_ACTIONS: 'false' } }));
    const third = await runCli(['drift', dir, '--github-issue', '--at', '2026-11-22'], memoryIo({ cwd, env }));

    expect([first, second, third]).toEqual([2, 2, 0]);
    expect(scope.isDone()).toBe(true);
    expect(opened.startsWith(`${marker}\n### Access drift in Segment workspace \`acme-prod\``)).toBe(true);
    expect(opened).toContain('| :warning: | mallory&#64;acme.com is a member, but in no manifest (Source Admin on all sources, Source Admin on all sources (through group legacy-admins)) |');
    // Drift is told as what happened, access nobody reviewed first: someone made erin owner through the API.
    const rows = updated.split('\n').filter((l) => l.startsWith('| :warning: |') || l.startsWith('|  |'));
    expect(rows[0]).toMatch(/^\| :warning: \| erin&#64;acme\.com became Workspace Owner \| by token TJ7z8cg6 through the Public API, \d{4}-\d\d-\d\d \(Policy Deleted, matched on the user id\) \|$/);
    expect(rows.findIndex((l) => l.startsWith('|  |'))).toBeGreaterThan(rows.findLastIndex((l) => l.startsWith('| :warning: |')));
    expect(opened).toContain('| :warning: | mallory&#64;acme.com is a member, but in no manifest (Source Admin on all sources, Source Admin on all sources (through group legacy-admins)) | no event about it in the last 30 days |');
  });

  it('reports a token that acts without being in the inventory', async () => {
    const { emulator, cwd, dir, env } = await setup();
    emulator.store.state.tokens.push({ id: 'Rogue123', secret: 'sgp_rogue_secret_value' });
    await call(emulator, 'POST', '/labels', { label: { key: 'team', value: 'shadow' } }, 'sgp_rogue_secret_value');
    const io = memoryIo({ cwd, env: { ...env, GITHUB_ACTIONS: 'false' } });

    await runCli(['drift', dir, '--format', 'markdown', '--at', '2026-11-23'], io);

    expect(io.stdoutText).toMatch(/- token Rogue123 made 1 change \(last [^)]+\) but is not in the tokens inventory/);
    expect(io.stdoutText).not.toContain('sgp_rogue_secret_value');
  });

  it('reports expiring access and tokens due for rotation', async () => {
    const { cwd, dir, env } = await setup();
    const io = memoryIo({ cwd, env: { ...env, GITHUB_ACTIONS: 'false' } });

    const code = await runCli(['drift', dir, '--format', 'markdown', '--at', '2027-01-20'], io);

    expect(code).toBe(2);
    expect(io.stdoutText).toContain('#### Access expiring or expired');
    expect(io.stdoutText).toContain('membership of dev&#64;agency.io expires on 2027-01-31 (in 11 days)');
    expect(io.stdoutText).toContain('#### API tokens');
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

describe('the GitHub Action', () => {
  it('runs plan from INPUT_* variables on a pull_request event: comment, summary, outputs', async () => {
    const { cwd, dir, env, summary } = await setup();
    const event = path.join(cwd, 'event.json');
    const outputs = path.join(cwd, 'outputs.txt');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 5 } }));
    writeFileSync(outputs, '');
    const scope = nock(API).get('/user').reply(403, {})
      .get('/repos/acme/access/issues/5/comments').query({ per_page: 100 }).reply(200, [])
      .post('/repos/acme/access/issues/5/comments', (b) => b.body.includes("**Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.**")).reply(201, { id: 9 });
    const io = memoryIo({ cwd });
    const actionEnv = {
      ...env, GITHUB_TOKEN: undefined, GITHUB_ACTIONS: undefined, GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event, GITHUB_OUTPUT: outputs,
      INPUT_COMMAND: 'plan', INPUT_PATH: dir, INPUT_ARGS: '--at 2026-11-22', 'INPUT_GITHUB-TOKEN': 'ghs_from_input',
    };

    // @actions/core writes outputs to the file process.env names, and workflow commands to stdout.
    vi.stubEnv('GITHUB_OUTPUT', outputs);
    const commands = captureStdout();
    const code = await runAction(actionEnv, io).finally(() => commands.restore());
    vi.unstubAllEnvs();

    expect(code).toBe(0);
    expect(scope.isDone()).toBe(true);
    expect(fileOutputs(readFileSync(outputs, 'utf8'))).toEqual({ 'exit-code': '2', changes: 'true' });
    expect(commands.text).toContain('::add-mask::ghs_from_input\n');
    expect(commands.text).toContain(`::add-mask::${env.SEGMENT_API_TOKEN}\n`);
    expect(readFileSync(summary, 'utf8')).toContain("**Plan: 3 to invite, 2 to change, 1 to remove; 2 group memberships added; 1 group to change, 1 to delete; 6 API calls, about 4 s at Segment's rate limits.**");
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
