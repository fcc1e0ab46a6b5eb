// The GitHub adapter, tested once against HTTP (nock): each call's request, what it makes of the
// answer, the answer checked before it is believed, and every failure naming the call.
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { octokitGitHub } from '../../src/adapters/github-octokit.js';
import { GitHubApiError } from '../../src/github/answers.js';

// A GitHub Enterprise-style API root: the adapter must use the base URL it is given.
const API = 'https://github.example.test/api/v3';
const github = (retries = 0) => octokitGitHub({ token: 'ghs_test_token', repo: { owner: 'acme', repo: 'access' }, baseUrl: API, retries });
const user = (login: string) => ({ login, type: 'User' });
const comment = (id: number, body: string, login = 'github-actions[bot]') => ({
  id, body, user: user(login), html_url: `https://github.com/acme/access/pull/7#issuecomment-${id}`, created_at: '2026-11-20T10:00:00Z', updated_at: '2026-11-21T10:00:00Z',
});

async function failure(promise: Promise<unknown>): Promise<GitHubApiError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(GitHubApiError);
  return err as GitHubApiError;
}

describe('the octokit GitHub adapter', () => {
  it('reads every page of comments and keeps what the use cases need', async () => {
    const link = (n: number) => ({ Link: `<${API}/repos/acme/access/issues/7/comments?per_page=100&page=${n}>; rel="next"` });
    const page = (from: number, n: number) => Array.from({ length: n }, (_, i) => comment(from + i, `c${from + i}`, 'alice'));
    const scope = nock(API)
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, page(1, 100), link(2))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100, page: 2 }).reply(200, page(101, 100), link(3))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100, page: 3 }).reply(200, [...page(201, 49), { ...comment(250, 'x'), user: null, body: null }]);

    const comments = await github().listIssueComments(7);

    expect(scope.isDone()).toBe(true);
    expect(comments).toHaveLength(250);
    expect(comments[0]).toEqual({ id: 1, body: 'c1', author: 'alice', url: 'https://github.com/acme/access/pull/7#issuecomment-1', createdAt: '2026-11-20T10:00:00Z', updatedAt: '2026-11-21T10:00:00Z' });
    expect(comments[249]).toEqual({ id: 250, body: '', url: 'https://github.com/acme/access/pull/7#issuecomment-250', createdAt: '2026-11-20T10:00:00Z', updatedAt: '2026-11-21T10:00:00Z' });
  });

  it('creates and updates comments', async () => {
    const scope = nock(API)
      .post('/repos/acme/access/issues/7/comments', { body: 'hello' }).reply(201, comment(9, 'hello'))
      .patch('/repos/acme/access/issues/comments/9', { body: 'again' }).reply(200, comment(9, 'again'));

    expect((await github().createIssueComment(7, 'hello')).id).toBe(9);
    expect((await github().updateIssueComment(9, 'again')).body).toBe('again');
    expect(scope.isDone()).toBe(true);
  });

  it('refuses an answer it does not understand, naming the call and the field', async () => {
    nock(API).get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ ...comment(1, 'x'), user: { login: 42 } }]);
    const err = await failure(github().listIssueComments(7));
    expect(err.message).toContain('GitHub GET /repos/acme/access/issues/7/comments: GitHub answered with a body this tool does not understand: the answer[0].user.login is not a string');

    nock(API).get('/repos/acme/access/pulls/7').reply(200, '<html>captive portal</html>', { 'content-type': 'text/html' });
    expect((await failure(github().pullRequest(7))).message).toContain('GitHub GET /repos/acme/access/pulls/7: GitHub answered with a body this tool does not understand: the answer is not an object');
  });

  it('names the call, the status and what to check when GitHub refuses', async () => {
    nock(API).get('/repos/acme/access/pulls/7').reply(404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
    const err = await failure(github().pullRequest(7));
    expect(err.status).toBe(404);
    expect(err.message).toBe('GitHub GET /repos/acme/access/pulls/7: 404 Not Found\n  hint: check GITHUB_REPOSITORY (owner/repo), the pull request or issue number, and that the token can see the repository');
    expect(err.message).not.toContain('ghs_test_token');

    nock(API).post('/repos/acme/access/issues/7/comments').reply(403, { message: 'Resource not accessible by integration' });
    expect((await failure(github().createIssueComment(7, 'x'))).message).toContain('GitHub POST /repos/acme/access/issues/7/comments: 403 Forbidden: Resource not accessible by integration\n  hint: the token may not do this: the workflow needs `permissions: issues: write` and `pull-requests: write`');
  });

  it.each([
    ['a user or App token', 200, { login: 'access-bot' }, 'access-bot'],
    ['an installation token (403)', 403, { message: 'Resource not accessible by integration' }, undefined],
  ])('tells who it writes as with %s', async (_name, status, body, want) => {
    nock(API).get('/user').reply(status, body);
    expect(await github().viewerLogin()).toBe(want);
  });

  it('never takes a failing GET /user for "cannot tell": a 5xx after its retries, or a bad token, is an error', async () => {
    nock(API).get('/user').times(2).reply(502, { message: 'Bad Gateway' });
    expect((await failure(github(1).viewerLogin())).message).toContain('GitHub GET /user: 502 Bad Gateway');
    nock(API).get('/user').reply(401, { message: 'Bad credentials' });
    expect((await failure(github().viewerLogin())).message).toContain('GitHub GET /user: 401 Unauthorized: Bad credentials');
  });

  it('reads a pull request, its reviews, and the pull requests of a commit', async () => {
    nock(API)
      .get('/repos/acme/access/commits/c0ffee/pulls').reply(200, [{ number: 12, merged_at: '2026-11-22T10:00:00Z' }, { number: 3, merged_at: null }])
      .get('/repos/acme/access/pulls/12').reply(200, { number: 12, title: 'Give Dan access', user: user('dan'), html_url: 'u', merged_by: user('alice'), merge_commit_sha: 'c0ffee', head: { sha: 'feed' } })
      .get('/repos/acme/access/pulls/12/reviews').query({ per_page: 100 })
      .reply(200, [{ user: user('bob'), state: 'APPROVED', submitted_at: '2026-11-21T10:00:00Z', commit_id: 'feed' }, { user: null, state: 'COMMENTED' }]);

    expect(await github().pullRequestsOfCommit('c0ffee')).toEqual([{ number: 12, mergedAt: '2026-11-22T10:00:00Z' }, { number: 3 }]);
    expect(await github().pullRequest(12)).toEqual({ number: 12, title: 'Give Dan access', author: 'dan', url: 'u', mergedBy: 'alice', mergeCommit: 'c0ffee', headSha: 'feed' });
    expect(await github().reviews(12)).toEqual([{ author: 'bob', state: 'APPROVED', submittedAt: '2026-11-21T10:00:00Z', commitId: 'feed' }, { state: 'COMMENTED' }]);
  });

  it('refuses a review state it does not know', async () => {
    nock(API).get('/repos/acme/access/pulls/12/reviews').query({ per_page: 100 }).reply(200, [{ user: user('bob'), state: 'LGTM' }]);
    expect((await failure(github().reviews(12))).message).toContain('a review has the unknown state "LGTM"');
  });

  it('lists labelled issues without the pull requests GitHub lists among them, and creates and updates them', async () => {
    const scope = nock(API)
      .get('/repos/acme/access/issues').query({ per_page: 100, state: 'open', labels: 'segment-access:drift' })
      .reply(200, [{ number: 1, title: 'a', body: 'b', user: user('x'), html_url: 'u1' }, { number: 2, title: 'pr', body: null, user: user('x'), html_url: 'u2', pull_request: {} }])
      .post('/repos/acme/access/issues', { title: 't', body: 'b', labels: ['l'] }).reply(201, { number: 3, title: 't', body: 'b', user: user('me'), html_url: 'u3' })
      .patch('/repos/acme/access/issues/3', { state: 'closed', state_reason: 'completed' }).reply(200, {});

    expect(await github().listIssues({ label: 'segment-access:drift', state: 'open' })).toEqual([{ number: 1, title: 'a', body: 'b', author: 'x', url: 'u1', isPullRequest: false }]);
    expect((await github().createIssue({ title: 't', body: 'b', labels: ['l'] })).number).toBe(3);
    await github().updateIssue(3, { state: 'closed', stateReason: 'completed' });
    expect(scope.isDone()).toBe(true);
  });

  it.each([
    ['a new branch is created', 404, 'post'],
    ['an existing branch is moved by force', 200, 'patch'],
  ] as const)('commits files onto a branch: %s', async (_name, branchStatus, write) => {
    let tree: { base_tree: string; tree: Array<{ path: string; content: string; mode: string }> } | undefined;
    const scope = nock(API)
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)main$/).reply(200, { object: { sha: 'base1' } })
      .get('/repos/acme/access/git/commits/base1').reply(200, { sha: 'base1', tree: { sha: 'tree1' } })
      .post('/repos/acme/access/git/trees', (b) => { tree = b; return true; }).reply(201, { sha: 'tree2' })
      .post('/repos/acme/access/git/commits', { message: 'm', tree: 'tree2', parents: ['base1'] }).reply(201, { sha: 'c2' })
      .get(/\/repos\/acme\/access\/git\/ref\/heads(%2F|\/)segment-access(%2F|\/)prune-acme$/).reply(branchStatus, branchStatus === 200 ? { object: { sha: 'old' } } : { message: 'Not Found' });
    if (write === 'post') scope.post('/repos/acme/access/git/refs', { ref: 'refs/heads/segment-access/prune-acme', sha: 'c2' }).reply(201, {});
    else scope.patch(/\/repos\/acme\/access\/git\/refs\/heads(%2F|\/)segment-access(%2F|\/)prune-acme$/, { sha: 'c2', force: true }).reply(200, {});

    await github().commitFiles({ branch: 'segment-access/prune-acme', base: 'main', message: 'm', files: new Map([['access/a.yaml', 'x: 1\n']]) });

    expect(scope.isDone()).toBe(true);
    expect(tree).toEqual({ base_tree: 'tree1', tree: [{ path: 'access/a.yaml', mode: '100644', type: 'blob', content: 'x: 1\n' }] });
  });
});
