// The GitHub port over the REST API, with @octokit/core, pagination and retries (5xx and similar;
// not 400/401/403/404/410/422/451). Every answer is checked (answers.ts) before the use cases see
// it, and every failure names the call: `GitHub GET /repos/o/r/pulls/7: 404 Not Found`. Only the
// composition roots (cli.ts, action.ts) build this adapter; everything else takes the port.
import { Octokit as Core } from '@octokit/core';
import { paginateRest } from '@octokit/plugin-paginate-rest';
import { retry } from '@octokit/plugin-retry';
import type { CommitPullRequest, GitHub, Issue, IssueComment, PullRequest, RepoRef, Review, ReviewState } from '../ports/github.js';
import { Answer, GitHubApiError, hintFor, statusWords } from '../github/answers.js';

const Client = Core.plugin(paginateRest, retry);
type Client = InstanceType<typeof Client>;

export interface OctokitGitHubOptions {
  token: string;
  repo: RepoRef;
  /** GITHUB_API_URL (GitHub Enterprise Server), default https://api.github.com. */
  baseUrl?: string;
  /** Retries of a 5xx and similar (default 3). */
  retries?: number;
}

const REVIEW_STATES = new Set<ReviewState>(['APPROVED', 'CHANGES_REQUESTED', 'COMMENTED', 'DISMISSED', 'PENDING']);

export function octokitGitHub(options: OctokitGitHubOptions): GitHub {
  const baseUrl = (options.baseUrl || 'https://api.github.com').replace(/\/+$/, '');
  const client: Client = new Client({ auth: options.token, baseUrl, userAgent: 'segment-access', retry: { retries: options.retries ?? 3 } });
  const repo = options.repo;
  const at = { owner: repo.owner, repo: repo.repo };

  /** `GET /repos/acme/access/pulls/7`: the call as a person reads it (no host, no query). */
  const name = (route: string, params: Record<string, unknown>) => {
    const [method, template] = route.split(' ');
    params = { ...at, ...params };
    const path = template!.replace(/\{(\w+)\}/g, (_, key: string) => encodeURIComponent(String(params[key])));
    return `GitHub ${method} ${path}`;
  };
  const failure = (call: string, err: unknown): GitHubApiError => {
    if (err instanceof GitHubApiError) return err;
    const e = err as { status?: number; message?: string; response?: { data?: { message?: unknown } } };
    const message = typeof e.response?.data?.message === 'string' ? e.response.data.message : e.status ? undefined : e.message;
    return new GitHubApiError(call, e.status || undefined, statusWords(e.status, message), hintFor(e.status, call));
  };
  const request = async (route: string, params: Record<string, unknown> = {}): Promise<Answer> => {
    const call = name(route, params);
    try {
      const { data } = await client.request(route, { ...at, ...params });
      return new Answer(call, data);
    } catch (err) {
      throw failure(call, err);
    }
  };
  const all = async (route: string, params: Record<string, unknown> = {}): Promise<Answer[]> => {
    const call = name(route, params);
    try {
      const items: unknown = await client.paginate(route, { ...at, per_page: 100, ...params });
      return new Answer(call, items).list();
    } catch (err) {
      throw failure(call, err);
    }
  };

  const comment = (a: Answer): IssueComment => ({
    id: a.integer('id'), body: a.text('body'), ...opt('author', a.login('user')), url: a.string('html_url'),
    createdAt: a.string('created_at'), updatedAt: a.string('updated_at'),
  });
  const pull = (a: Answer): PullRequest => ({
    number: a.integer('number'), title: a.string('title'), ...opt('author', a.login('user')), url: a.string('html_url'),
    ...opt('mergedBy', a.login('merged_by')), ...opt('mergeCommit', a.optionalString('merge_commit_sha')),
    ...opt('headSha', a.has('head') ? a.field('head').optionalString('sha') : undefined),
  });
  const issue = (a: Answer): Issue => ({
    number: a.integer('number'), title: a.string('title'), body: a.text('body'), ...opt('author', a.login('user')),
    url: a.string('html_url'), isPullRequest: a.has('pull_request'),
  });

  return {
    repo,
    async viewerLogin() {
      try {
        const { data } = await client.request('GET /user');
        return new Answer('GitHub GET /user', data).string('login');
      } catch (err) {
        // An installation token (GITHUB_TOKEN) cannot read the user: that is an answer, not a fault.
        // Anything else (a 5xx after retries, a bad token) must not be taken for "cannot tell".
        if ((err as { status?: number }).status === 403) return undefined;
        throw failure('GitHub GET /user', err);
      }
    },
    async listIssueComments(number) {
      return (await all('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: number })).map(comment);
    },
    async createIssueComment(number, body) {
      return comment(await request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', { issue_number: number, body }));
    },
    async updateIssueComment(id, body) {
      return comment(await request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', { comment_id: id, body }));
    },
    async pullRequestsOfCommit(sha) {
      const list = (await request('GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls', { commit_sha: sha })).list();
      return list.map((a): CommitPullRequest => ({ number: a.integer('number'), ...opt('mergedAt', a.optionalString('merged_at')) }));
    },
    async pullRequest(number) {
      return pull(await request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number }));
    },
    async reviews(number) {
      return (await all('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { pull_number: number })).map((a): Review => {
        const state = a.string('state') as ReviewState;
        if (!REVIEW_STATES.has(state)) throw new GitHubApiError(`GitHub GET /repos/${repo.owner}/${repo.repo}/pulls/${number}/reviews`, undefined, `a review has the unknown state ${JSON.stringify(state)}`);
        return { ...opt('author', a.login('user')), state, ...opt('submittedAt', a.optionalString('submitted_at')), ...opt('commitId', a.optionalString('commit_id')) };
      });
    },
    async listIssues(query) {
      return (await all('GET /repos/{owner}/{repo}/issues', { state: query.state, labels: query.label })).map(issue).filter((i) => !i.isPullRequest);
    },
    async createIssue(input) {
      return issue(await request('POST /repos/{owner}/{repo}/issues', { ...input }));
    },
    async updateIssue(number, patch) {
      await request('PATCH /repos/{owner}/{repo}/issues/{issue_number}', {
        issue_number: number, ...opt('body', patch.body), ...opt('state', patch.state), ...opt('state_reason', patch.stateReason),
      });
    },
    async defaultBranch() {
      return (await request('GET /repos/{owner}/{repo}')).string('default_branch');
    },
    async openPullRequestsFrom(branch) {
      return (await all('GET /repos/{owner}/{repo}/pulls', { state: 'open', head: `${repo.owner}:${branch}` })).map(pull);
    },
    async commitFiles(input) {
      const head = (await request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ref: `heads/${input.base}` })).field('object').string('sha');
      const baseTree = (await request('GET /repos/{owner}/{repo}/git/commits/{commit_sha}', { commit_sha: head })).field('tree').string('sha');
      const tree = (await request('POST /repos/{owner}/{repo}/git/trees', {
        base_tree: baseTree, tree: [...input.files].map(([path, content]) => ({ path, mode: '100644', type: 'blob', content })),
      })).string('sha');
      const commit = (await request('POST /repos/{owner}/{repo}/git/commits', { message: input.message, tree, parents: [head] })).string('sha');
      const exists = await request('GET /repos/{owner}/{repo}/git/ref/{ref}', { ref: `heads/${input.branch}` }).then(() => true, (err: GitHubApiError) => {
        if (err.status === 404) return false;
        throw err;
      });
      if (exists) await request('PATCH /repos/{owner}/{repo}/git/refs/{ref}', { ref: `heads/${input.branch}`, sha: commit, force: true });
      else await request('POST /repos/{owner}/{repo}/git/refs', { ref: `refs/heads/${input.branch}`, sha: commit });
    },
    async createPullRequest(input) {
      return pull(await request('POST /repos/{owner}/{repo}/pulls', { ...input }));
    },
    async updatePullRequest(number, patch) {
      await request('PATCH /repos/{owner}/{repo}/pulls/{pull_number}', { pull_number: number, ...patch });
    },
  };
}

/** `{ [key]: value }` when value is defined, else `{}` (for optional fields under exactOptionalPropertyTypes habits). */
function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
