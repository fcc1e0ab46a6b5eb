// The GitHub modules against the in-memory GitHub port: what each finds, writes and leaves alone,
// and how GitHub's answers and failures are read. The octokit adapter itself is tested with nock in
// test/adapters/github-octokit.test.ts.
import { describe, expect, it } from 'vitest';
import { annotationLines, MAX_ANNOTATIONS_PER_SEVERITY } from '../../src/github/annotations.js';
import { Answer, GitHubApiError, hintFor, statusWords } from '../../src/github/answers.js';
import { applyMarker, commentOnMergedPullRequests } from '../../src/github/apply-comment.js';
import { DRIFT_LABEL, driftMarker, ensureDriftIssue } from '../../src/github/drift-issue.js';
import { ensureReviewIssue, REVIEW_LABEL, reviewMarker } from '../../src/github/review-issue.js';
import { approves, reviewedDigest, reviewOfMerge } from '../../src/github/reviewed-plan.js';
import { planCommentBody, postPlanComment, postUnreviewedPlan } from '../../src/github/plan-comment.js';
import { ensureComment, isMarked, marker, markerFields, MAX_COMMENT_LENGTH, planMarker, replanMarker } from '../../src/github/sticky-comment.js';
import { plan } from '../../src/plan/plan.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import type { Diagnostic } from '../../src/manifest/diagnostic.js';
import { FakeGitHub } from '../helpers/fake-github.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const BOT = 'github-actions[bot]';

describe('answers', () => {
  it.each<[number | undefined, string, string | undefined]>([
    [401, 'GitHub GET /user', 'the GitHub token is missing, wrong or expired (GITHUB_TOKEN, or the action\'s github-token input)'],
    [403, 'GitHub POST /repos/o/r/issues/7/comments', 'the token may not do this: the workflow needs `permissions: issues: write` and `pull-requests: write`, or GitHub is limiting the rate'],
    [403, 'GitHub POST /repos/o/r/git/refs', 'the token may not do this: the workflow needs `permissions: contents: write`, or GitHub is limiting the rate'],
    [404, 'x', 'check GITHUB_REPOSITORY (owner/repo), the pull request or issue number, and that the token can see the repository'],
    [422, 'x', 'GitHub refused the request as invalid (see its message above)'],
    [500, 'x', 'GitHub had a problem; run the job again later'],
    [503, 'x', 'GitHub had a problem; run the job again later'],
    [499, 'x', undefined],
    [409, 'x', undefined],
    [undefined, 'x', undefined],
  ])('hints for %s on %s', (status, call, hint) => {
    expect(hintFor(status, call)).toBe(hint);
  });

  it('words a status, with GitHub\'s own message only when it says more', () => {
    expect(statusWords(undefined)).toBe('no answer');
    expect(statusWords(0, 'ECONNRESET')).toBe('no answer (ECONNRESET)');
    expect(statusWords(404)).toBe('404 Not Found');
    expect(statusWords(404, 'Not Found')).toBe('404 Not Found');
    expect(statusWords(422, 'Validation Failed')).toBe('422 Unprocessable Entity: Validation Failed');
    expect(statusWords(599)).toBe('599 Error');
  });

  it('names the call and the hint in an error', () => {
    const err = new GitHubApiError('GitHub GET /user', 401, 'bad credentials', 'check the token');
    expect(err.message).toBe('GitHub GET /user: bad credentials\n  hint: check the token');
    expect(err.name).toBe('GitHubApiError');
    expect(new GitHubApiError('c', 500, 'd').message).toBe('c: d');
  });

  const fails = (f: () => unknown, where: string) => expect(f).toThrow(`c: GitHub answered with a body this tool does not understand: ${where}\n  hint: a proxy or a GitHub Enterprise version this tool does not know may be answering; check GITHUB_API_URL`);

  it('reads fields and names the one that is missing or mistyped', () => {
    const a = new Answer('c', { n: 3, s: 'x', nul: null, user: { login: 'octo' }, list: [{ id: 1 }, 'no'], half: 1.5, big: 2 ** 60, nested: { deep: 'y' } });
    expect(a.integer('n')).toBe(3);
    expect(a.string('s')).toBe('x');
    expect(a.optionalString('nul')).toBeUndefined();
    expect(a.optionalString('missing')).toBeUndefined();
    expect(a.text('nul')).toBe('');
    expect(a.login('user')).toBe('octo');
    expect(a.login('nul')).toBeUndefined();
    expect(a.login('missing')).toBeUndefined();
    expect(a.has('s')).toBe(true);
    expect(a.has('nul')).toBe(false);
    expect(a.has('missing')).toBe(false);
    expect(a.field('nested').string('deep')).toBe('y');
    expect(a.field('list').list()[0]!.integer('id')).toBe(1);
    fails(() => a.field('list').list()[1]!.integer('id'), 'the answer.list[1] is not an object');
    fails(() => a.string('n'), 'the answer.n is not a string');
    fails(() => a.optionalString('n'), 'the answer.n is not a string');
    fails(() => a.integer('s'), 'the answer.s is not a whole number');
    fails(() => a.integer('half'), 'the answer.half is not a whole number');
    fails(() => a.integer('big'), 'the answer.big is not a whole number');
    fails(() => a.field('s').list(), 'the answer.s is not a list');
    fails(() => new Answer('c', [1]).string('x'), 'the answer is not an object');
    fails(() => new Answer('c', null).string('x'), 'the answer is not an object');
    fails(() => a.field('nested').field('deep').string('x'), 'the answer.nested.deep is not an object');
  });
});

describe('markers', () => {
  it('keep a marker one line whatever the slug or metadata', () => {
    expect(driftMarker('acme prod\n-->x')).toBe('<!-- segment-access drift workspace=acme_prod_--_x -->');
    expect(reviewMarker('a/b', '2026-Q4')).toBe('<!-- segment-access review workspace=a_b quarter=2026-Q4 -->');
    expect(planMarker('a b', { operations: 'sha256:ab', sha: 'c0ffee' }).line).toBe('<!-- segment-access plan workspace=a_b operations=sha256:ab sha=c0ffee -->');
    expect(planMarker('a', { sha: '' }).line).toBe('<!-- segment-access plan workspace=a -->');
    expect(replanMarker('a', { operations: 'sha256:ab', sha: 'c0-ffee' }).line).toBe('<!-- segment-access unreviewed-plan workspace=a sha=c0ffee operations=sha256:ab -->');
    expect(applyMarker('a b', 'c0-ffee').line).toBe('<!-- segment-access apply workspace=a_b sha=c0ffee -->');
    expect(marker('<!-- p', { k: 'v w\n-->' }).line).toBe('<!-- p k=vw-- -->'); // no space, newline or > survives
    expect(markerFields('<!-- p operations=sha256:ab sha=c0ffee -->\nbody operations=nope')).toEqual({ operations: 'sha256:ab', sha: 'c0ffee' });
  });

  it.each<[string | undefined, boolean]>([
    ['<!-- p -->', true], ['<!-- p k=v -->\nbody', true], ['<!-- p k=v', false], ['<!-- px -->', false], ['x\n<!-- p -->', false], [undefined, false], ['', false],
  ])('isMarked(%j) is %s', (body, marked) => {
    expect(isMarked(body, '<!-- p')).toBe(marked);
  });

  it('refuses a body over GitHub\'s 65,536 characters, and accepts one at the limit', async () => {
    const github = new FakeGitHub();
    const mark = marker('<!-- p');
    const room = 65_536 - mark.line.length - 1;
    await expect(ensureComment(github, 1, mark, 'x'.repeat(room + 1), BOT)).rejects.toThrow(`comment body is ${65_537} characters; GitHub accepts at most 65,536`);
    expect((await ensureComment(github, 1, mark, 'x'.repeat(room), BOT)).action).toBe('created');
  });
});

describe('the drift issue', () => {
  const input = { slug: 'acme-prod', hasDrift: true, content: 'drifted', closingNote: 'cleared', login: BOT };

  it('opens one issue, leaves it alone while unchanged, updates it, and closes it with a note', async () => {
    const github = new FakeGitHub();
    expect(await ensureDriftIssue(github, { ...input, hasDrift: false })).toEqual({ action: 'none' });
    const opened = await ensureDriftIssue(github, input);
    expect(opened).toEqual({ action: 'opened', number: github.issues[0]!.number, url: github.issues[0]!.url });
    expect(github.issues[0]).toMatchObject({ title: 'Access drift in Segment workspace acme-prod', body: `${driftMarker('acme-prod')}\ndrifted`, labels: [DRIFT_LABEL] });
    expect(github.calls[0]).toEqual({ method: 'listIssues', args: [{ label: DRIFT_LABEL, state: 'open' }] });
    expect(await ensureDriftIssue(github, input)).toEqual({ ...opened, action: 'unchanged' });
    expect(await ensureDriftIssue(github, { ...input, content: 'more' })).toEqual({ ...opened, action: 'updated' });
    expect(github.issues[0]!.body).toBe(`${driftMarker('acme-prod')}\nmore`);
    expect(await ensureDriftIssue(github, { ...input, hasDrift: false })).toEqual({ ...opened, action: 'closed' });
    expect(github.writes.slice(-2)).toEqual([
      { method: 'createIssueComment', args: [opened.number, 'cleared'] },
      { method: 'updateIssue', args: [opened.number, { state: 'closed', stateReason: 'completed' }] },
    ]);
  });

  it('never touches an issue someone else wrote, or one of another workspace', async () => {
    const github = new FakeGitHub();
    github.issues.push(
      { number: 1, title: 't', body: `${driftMarker('acme-prod')}\nforged`, author: 'mallory', url: 'u1', isPullRequest: false, labels: [DRIFT_LABEL], state: 'open' },
      { number: 2, title: 't', body: `${driftMarker('acme-staging')}\nother`, author: BOT, url: 'u2', isPullRequest: false, labels: [DRIFT_LABEL], state: 'open' },
    );
    expect(await ensureDriftIssue(github, { ...input, hasDrift: false })).toEqual({ action: 'none' });
    expect((await ensureDriftIssue(github, input)).action).toBe('opened');
    expect(github.issues.slice(0, 2).map((i) => i.body)).toEqual([`${driftMarker('acme-prod')}\nforged`, `${driftMarker('acme-staging')}\nother`]);
  });
});

describe('the review issue', () => {
  it('opens one per quarter, refreshes it from its previous body, and ignores other authors', async () => {
    const github = new FakeGitHub();
    const mark = reviewMarker('acme-prod', '2026-Q4');
    github.issues.push({ number: 1, title: 't', body: `${mark}\nforged`, author: 'mallory', url: 'u1', isPullRequest: false, labels: [REVIEW_LABEL], state: 'closed' });
    const seen: Array<string | undefined> = [];
    const render = (previous: string | undefined) => { seen.push(previous); return previous ? `${previous}+` : 'first'; };
    const opened = await ensureReviewIssue(github, { slug: 'acme-prod', quarter: '2026-Q4', render, login: BOT });
    expect(opened.action).toBe('opened');
    expect(github.calls[0]).toEqual({ method: 'listIssues', args: [{ label: REVIEW_LABEL, state: 'all' }] });
    expect(github.issues[1]).toMatchObject({ title: 'Access review of Segment workspace acme-prod, 2026-Q4', body: `${mark}\nfirst`, labels: [REVIEW_LABEL] });
    const updated = await ensureReviewIssue(github, { slug: 'acme-prod', quarter: '2026-Q4', render, login: BOT });
    expect(updated).toEqual({ action: 'updated', number: opened.number, url: opened.url });
    expect(seen).toEqual([undefined, 'first']);
    expect(github.issues[1]!.body).toBe(`${mark}\nfirst+`);
    expect(await ensureReviewIssue(github, { slug: 'acme-prod', quarter: '2026-Q4', render: (p) => p!, login: BOT })).toEqual({ action: 'unchanged', number: opened.number, url: opened.url });
  });
});

describe('the apply comment', () => {
  it('comments on merged pull requests of the commit only, within GitHub\'s limit', async () => {
    const github = new FakeGitHub();
    github.commits.set('abc', [{ number: 7, mergedAt: '2026-11-22T10:00:00Z' }, { number: 8 }]);
    const results = await commentOnMergedPullRequests(github, { slug: 'acme-prod', sha: 'abc', markdown: 'y'.repeat(70_000), login: BOT });
    expect(results.map((r) => [r.pr, r.action])).toEqual([[7, 'created']]);
    expect(github.comments.get(7)![0]!.body).toBe(`${applyMarker('acme-prod', 'abc').line}\n${'y'.repeat(60_000)}`);
    expect(github.comments.has(8)).toBe(false);
  });
});

describe('the reviewed plan', () => {
  const comment = (body: string, updatedAt = '2026-11-22T10:00:00Z') => ({ id: 1, body, author: BOT, url: 'u', createdAt: updatedAt, updatedAt });
  const planned = `${planMarker('acme-prod', { operations: 'sha256:ab', sha: 'c0ffee' }).line}\nplan`;

  it.each<[string, { at?: string; commit?: string }, boolean]>([
    ['after the comment, on its commit', { at: '2026-11-22T11:00:00Z', commit: 'c0ffee' }, true],
    ['after the comment, on another commit', { at: '2026-11-22T11:00:00Z', commit: 'beef' }, false],
    ['after the comment, commit unknown', { at: '2026-11-22T11:00:00Z' }, true],
    ['at the same moment', { at: '2026-11-22T10:00:00Z', commit: 'c0ffee' }, true],
    ['before the comment', { at: '2026-11-22T09:59:59Z', commit: 'c0ffee' }, false],
    ['with no time', { commit: 'c0ffee' }, false],
  ])('an approval %s approves it: %s', (_name, approval, yes) => {
    expect(approves({ by: 'rev', ...approval }, comment(planned))).toBe(yes);
  });

  it('an approval on any commit approves a comment that names none', () => {
    expect(approves({ by: 'rev', at: '2026-11-22T11:00:00Z', commit: 'beef' }, comment(`${planMarker('acme-prod', { operations: 'sha256:ab' }).line}\nplan`))).toBe(true);
  });

  it('says why a plan was not reviewed: no digest, or the comment changed after every approval', () => {
    const review = (at: string, author = 'rev') => ({ author, state: 'APPROVED' as const, submittedAt: at });
    expect(reviewedDigest({ slug: 'acme-prod', pr: 7, comments: [comment(`${planMarker('acme-prod').line}\nplan`)], reviews: [review('2026-11-22T11:00:00Z')], login: BOT }))
      .toEqual({ kind: 'not-reviewed', reason: 'the plan comment on #7 carries no operations digest' });
    expect(reviewedDigest({ slug: 'acme-prod', pr: 7, comments: [comment(planned, '2026-11-22T12:00:00Z')], reviews: [review('2026-11-22T11:00:00Z'), review('2026-11-22T09:00:00Z', 'other')], login: BOT }))
      .toEqual({ kind: 'not-reviewed', reason: 'the plan comment on #7 was last written 2026-11-22T12:00:00Z, after the last approval (2026-11-22T11:00:00Z) or for another commit, so nobody approved the plan it shows' });
  });

  it('finds the merged pull request of a commit, and nothing when none merged', async () => {
    const github = new FakeGitHub();
    github.commits.set('abc', [{ number: 8 }]);
    expect(await reviewOfMerge(github, { slug: 'acme-prod', sha: 'abc', login: BOT })).toBeUndefined();
    github.commits.set('def', [{ number: 8 }, { number: 7, mergedAt: '2026-11-22T12:00:00Z' }]);
    github.pulls.set(7, { number: 7, title: 'Give dan access', url: 'https://github.com/acme/access/pull/7', headSha: 'c0ffee', author: 'dan', mergedBy: 'lead' });
    github.comments.set(7, [comment(planned)]);
    github.reviewsOf.set(7, [{ author: 'rev', state: 'APPROVED', submittedAt: '2026-11-22T11:00:00Z', commitId: 'c0ffee' }]);
    const merged = await reviewOfMerge(github, { slug: 'acme-prod', sha: 'def', login: BOT });
    expect(merged).toMatchObject({ pr: 7, verdict: { kind: 'reviewed', digest: 'sha256:ab' }, request: { pr: 7, title: 'Give dan access', author: 'dan', mergedBy: 'lead', approvals: [{ by: 'rev' }] } });
  });
});

describe('annotations', () => {
  const diag = (severity: 'error' | 'warning', i: number): Diagnostic => ({ severity, file: 'm.yaml', line: i + 1, col: 1, code: 'c', message: `m${i}`, hint: '' });

  it('says how many were left out, in the singular and the plural, and nothing when none were', () => {
    const errors = (n: number) => Array.from({ length: n }, (_, i) => diag('error', i));
    expect(annotationLines(errors(MAX_ANNOTATIONS_PER_SEVERITY)).filter((l) => l.startsWith('::notice::'))).toEqual([]);
    expect(annotationLines(errors(MAX_ANNOTATIONS_PER_SEVERITY + 1)).at(-1)).toBe(`::notice::1 more error not annotated (GitHub shows at most ${MAX_ANNOTATIONS_PER_SEVERITY}); see the log for all of them`);
    expect(annotationLines(errors(MAX_ANNOTATIONS_PER_SEVERITY + 2)).at(-1)).toBe(`::notice::2 more errors not annotated (GitHub shows at most ${MAX_ANNOTATIONS_PER_SEVERITY}); see the log for all of them`);
  });
});

describe('the plan comment', () => {
  const p = plan(desiredOf({ members: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }, { email: 'n@acme.com', grants: [g('Source Admin')] }] }),
    actualOf({ users: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }] }), { now: new Date('2026-11-22T09:30:45Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

  it('heads the plan with when, for which commit, in which run, and its digest', () => {
    const body = planCommentBody(p, 'https://github.com/acme/access/actions/runs/7', 'c0ffee1234567890');
    expect(body.split('\n', 1)[0]).toBe(`<sub>Planned 2026-11-22 09:30 UTC for \`c0ffee123456\` in [this run](https://github.com/acme/access/actions/runs/7) · operations \`${p.operationsDigest.slice(0, 19)}\`</sub>`);
    expect(planCommentBody(p, undefined).split('\n', 1)[0]).toBe(`<sub>Planned 2026-11-22 09:30 UTC · operations \`${p.operationsDigest.slice(0, 19)}\`</sub>`);
    expect(planCommentBody(p, undefined)).toContain(renderMarkdown(p).split('\n')[0]);
  });

  it('posts under the plan marker, and the unreviewed plan under its own, with the way to approve it', async () => {
    const github = new FakeGitHub();
    const posted = await postPlanComment(github, { plan: p, pr: 7, sha: 'c0ffee', login: BOT });
    expect(posted).toMatchObject({ action: 'created', pr: 7 });
    expect(github.comments.get(7)![0]!.body.split('\n', 1)[0]).toBe(planMarker('acme', { operations: p.operationsDigest, sha: 'c0ffee' }).line);
    const unreviewed = await postUnreviewedPlan(github, { plan: p, pr: 7, mergeSha: 'beef', reason: 'the plan changed since the review', login: BOT });
    expect(unreviewed).toMatchObject({ action: 'created', pr: 7 });
    const body = github.comments.get(7)![1]!.body;
    expect(body.split('\n').slice(0, 5)).toEqual([
      replanMarker('acme', { operations: p.operationsDigest, sha: 'beef' }).line,
      '> [!WARNING]',
      '> **Not applied.** the plan changed since the review.',
      '> This is the plan as it stands after the merge. Nothing was changed in Segment. To apply it, a person who has reviewed it',
      `> runs the apply workflow by hand with \`approved-digest: ${p.operationsDigest}\` (or \`segment-access apply --approved-digest ${p.operationsDigest}\`); or open a new pull request.`,
    ]);
    expect(body).toContain('\n\n<sub>Planned 2026-11-22 09:30 UTC for `beef`');
  });

  it('keeps a long plan within GitHub\'s limit, pointing at the job summary', () => {
    const many = plan(desiredOf({ members: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }, ...Array.from({ length: 3000 }, (_, i) => ({ email: `person-with-a-long-name-${i}@acme.com`, grants: [g('Source Admin')] }))] }),
      actualOf({ users: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }] }), { now: new Date('2026-11-22T09:30:45Z'), toolVersion: 't', manifestDigest: 'sha256:m' });
    const body = planCommentBody(many, 'https://github.com/acme/access/actions/runs/7', 'c0ffee');
    expect(body.length).toBeLessThanOrEqual(MAX_COMMENT_LENGTH - 200);
    expect(body).toContain('see the job summary of [this run](https://github.com/acme/access/actions/runs/7)');
    expect(planCommentBody(many, undefined)).toContain('see the job summary of this run');
  });
});
