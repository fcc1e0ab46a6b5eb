import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { planCommentBody } from '../../src/github/plan-comment.js';
import { ensureComment, planMarker } from '../../src/github/sticky-comment.js';
import { gitHubClient } from '../../src/github/octokit.js';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

// A GitHub Enterprise-style API root: exercises GITHUB_API_URL, and nock answers every call.
const API = 'https://github.example.test/api/v3';
const REPO = { owner: 'acme', repo: 'access' };
const env = { GITHUB_REPOSITORY: 'acme/access', GITHUB_API_URL: API };
const octokit = () => gitHubClient(env, 'ghs_test_token');
const bot = { login: 'github-actions[bot]', type: 'Bot' };
const human = { login: 'alice', type: 'User' };
const MARKER = planMarker('acme-prod');

/** GITHUB_TOKEN cannot read /user: our comments are recognised as a Bot's. */
function installationToken(scope: nock.Scope) {
  return scope.get('/user').reply(403, { message: 'Resource not accessible by integration' });
}

describe('sticky plan comment', () => {
  it('creates the comment on the first run', async () => {
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ id: 1, body: 'LGTM', user: human }])
      .post('/repos/acme/access/issues/7/comments', (b) => b.body === `${MARKER.line}\nplan v1`).reply(201, { id: 99, html_url: 'https://github.com/acme/access/pull/7#issuecomment-99' });

    const result = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v1');

    expect(result).toEqual({ action: 'created', id: 99, url: 'https://github.com/acme/access/pull/7#issuecomment-99' });
    expect(scope.isDone()).toBe(true);
  });

  it('makes no write when the plan is the same', async () => {
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ id: 99, body: `${MARKER.line}\nplan v1`, user: bot }]);

    const result = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v1');

    expect(result.action).toBe('unchanged');
    expect(scope.isDone()).toBe(true); // and nock would have failed any other request
  });

  it('updates the same comment in place when the plan changed, ignoring a human quoting the marker', async () => {
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 })
      .reply(200, [{ id: 5, body: `${MARKER.line}\nquoted by a human`, user: human }, { id: 99, body: `${MARKER.line}\nplan v1`, user: bot }])
      .patch('/repos/acme/access/issues/comments/99', (b) => b.body === `${MARKER.line}\nplan v2`).reply(200, { id: 99 });

    const result = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v2');

    expect(result.action).toBe('updated');
    expect(scope.isDone()).toBe(true);
  });

  it('finds its comment on the third page of 250', async () => {
    const page = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ id: from + i, body: `comment ${from + i}`, user: human }));
    const link = (n: number) => ({ Link: `<${API}/repos/acme/access/issues/7/comments?per_page=100&page=${n}>; rel="next"` });
    const scope = nock(API).get('/user').reply(200, { login: 'access-bot' })
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, page(1, 100), link(2))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100, page: 2 }).reply(200, page(101, 100), link(3))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100, page: 3 })
      .reply(200, [...page(201, 30), { id: 231, body: `${MARKER.line}\nplan v1`, user: { login: 'access-bot', type: 'User' } }, ...page(232, 19)])
      .patch('/repos/acme/access/issues/comments/231').reply(200, { id: 231 });

    const result = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v2');

    expect(result).toMatchObject({ action: 'updated', id: 231 });
    expect(scope.isDone()).toBe(true);
  });

  it('keeps one comment per workspace: two workspaces in one pull request get two comments', async () => {
    const other = planMarker('acme-eu');
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ id: 99, body: `${MARKER.line}\nplan v1`, user: bot }]);
    installationToken(scope)
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ id: 99, body: `${MARKER.line}\nplan v1`, user: bot }])
      .post('/repos/acme/access/issues/7/comments', (b) => b.body.startsWith(other.line)).reply(201, { id: 100 });

    const first = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v1');
    const second = await ensureComment(octokit(), REPO, 7, other, 'eu plan');

    expect([first.action, second.action]).toEqual(['unchanged', 'created']);
    expect(scope.isDone()).toBe(true);
  });

  it("never edits another bot's comment that starts with the marker (GITHUB_TOKEN writes as github-actions[bot])", async () => {
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 })
      .reply(200, [{ id: 50, body: `${MARKER.line}\nnot ours`, user: { login: 'renovate[bot]', type: 'Bot' } }])
      .post('/repos/acme/access/issues/7/comments', (b) => b.body === `${MARKER.line}\nplan v1`).reply(201, { id: 51 });

    const result = await ensureComment(octokit(), REPO, 7, MARKER, 'plan v1');

    expect(result).toMatchObject({ action: 'created', id: 51 });
    expect(scope.isDone()).toBe(true);
  });

  it('finds its comment by the marker prefix whatever digest and commit the previous plan carried', async () => {
    const now = planMarker('acme-prod', { operations: `sha256:${'2'.repeat(64)}`, sha: 'bbb' });
    const before = planMarker('acme-prod', { operations: `sha256:${'1'.repeat(64)}`, sha: 'aaa' });
    const scope = installationToken(nock(API))
      .get('/repos/acme/access/issues/7/comments').query({ per_page: 100 }).reply(200, [{ id: 99, body: `${before.line}\nplan v1`, user: bot }])
      .patch('/repos/acme/access/issues/comments/99', (b) => b.body === `${now.line}\nplan v2`).reply(200, { id: 99 });

    const result = await ensureComment(octokit(), REPO, 7, now, 'plan v2');

    expect(result.action).toBe('updated');
    expect(scope.isDone()).toBe(true);
  });

  it('keeps a 5,000-member plan under 60,000 characters with the summary and the marker first', () => {
    const members = Array.from({ length: 5000 }, (_, i) => ({ email: `p${i}@acme.com`, grants: [g('Source Admin', 'SOURCE', 'src-web')] }));
    const big = plan(desiredOf({ members }), actualOf({}), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

    const body = `${planMarker("acme").line}\n${planCommentBody(big, { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'acme/access', GITHUB_RUN_ID: '9' })}`;

    expect(body.length).toBeLessThanOrEqual(60_000);
    expect(body.split('\n')[0]).toBe('<!-- segment-access plan workspace=acme -->');
    expect(body).toContain('**Plan: 5000 to invite, 0 to change, 0 to remove; 100 API calls, about 2 min at Segment\'s rate limits.**');
    expect(body).toContain('see the job summary of [this run](https://github.com/acme/access/actions/runs/9)');
  });
});
