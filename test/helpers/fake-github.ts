// An in-memory GitHub for use-case tests (docs/architecture.md, after peribolos' fakeClient): it keeps
// comments, issues, pull requests, reviews and branches as plain data, stamps every write with its
// own clock, records each call, and fails the next call of a method on demand.
import type { CommitPullRequest, GitHub, Issue, IssueComment, PullRequest, Review } from '../../src/ports/github.js';

type Method = Exclude<keyof GitHub, 'repo'>;

export class FakeGitHub implements GitHub {
  readonly repo = { owner: 'acme', repo: 'access' };
  /** What GET /user answers: undefined is an installation token's 403. */
  viewer: string | undefined = undefined;
  readonly comments = new Map<number, IssueComment[]>();
  readonly pulls = new Map<number, PullRequest>();
  readonly reviewsOf = new Map<number, Review[]>();
  /** Commit sha -> the pull requests it belongs to. */
  readonly commits = new Map<string, CommitPullRequest[]>();
  readonly issues: Array<Issue & { labels: string[]; state: 'open' | 'closed' }> = [];
  readonly branches = new Map<string, { base: string; message: string; files: ReadonlyMap<string, string> }>();
  readonly calls: Array<{ method: Method; args: unknown[] }> = [];
  private readonly failures = new Map<Method, Error[]>();
  private clock = Date.parse('2026-11-22T12:00:00Z');
  private nextId = 1000;
  /** Who writes through this fake (the author of what it creates). */
  author = 'github-actions[bot]';

  /** The next call of `method` throws `error` (queue several to fail several calls). */
  failNext(method: Method, error: Error): this {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
    return this;
  }

  /** A time after every time this fake has stamped so far. */
  tick(ms = 60_000): string {
    this.clock += ms;
    return new Date(this.clock).toISOString();
  }

  /** The writes made (creations and updates), in order. */
  get writes(): Array<{ method: Method; args: unknown[] }> {
    return this.calls.filter((c) => /^(create|update|commit)/.test(c.method));
  }

  private call(method: Method, args: unknown[]): void {
    this.calls.push({ method, args });
    const queued = this.failures.get(method);
    const failure = queued?.shift();
    if (failure) throw failure;
  }

  async viewerLogin() { this.call('viewerLogin', []); return this.viewer; }

  async listIssueComments(issue: number) { this.call('listIssueComments', [issue]); return [...(this.comments.get(issue) ?? [])]; }

  async createIssueComment(issue: number, body: string) {
    this.call('createIssueComment', [issue, body]);
    const at = this.tick();
    const comment: IssueComment = { id: this.nextId++, body, author: this.viewer ?? this.author, url: `https://github.com/acme/access/pull/${issue}#issuecomment-${this.nextId}`, createdAt: at, updatedAt: at };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  async updateIssueComment(id: number, body: string) {
    this.call('updateIssueComment', [id, body]);
    for (const list of this.comments.values()) {
      const i = list.findIndex((c) => c.id === id);
      if (i >= 0) {
        list[i] = { ...list[i]!, body, updatedAt: this.tick() };
        return list[i]!;
      }
    }
    throw Object.assign(new Error(`GitHub PATCH /repos/acme/access/issues/comments/${id}: 404 Not Found`), { status: 404 });
  }

  async pullRequestsOfCommit(sha: string) { this.call('pullRequestsOfCommit', [sha]); return [...(this.commits.get(sha) ?? [])]; }

  async pullRequest(number: number) {
    this.call('pullRequest', [number]);
    const pull = this.pulls.get(number);
    if (!pull) throw Object.assign(new Error(`GitHub GET /repos/acme/access/pulls/${number}: 404 Not Found`), { status: 404 });
    return pull;
  }

  async reviews(number: number) { this.call('reviews', [number]); return [...(this.reviewsOf.get(number) ?? [])]; }

  async listIssues(query: { label: string; state: 'open' | 'all' }) {
    this.call('listIssues', [query]);
    return this.issues.filter((i) => i.labels.includes(query.label) && (query.state === 'all' || i.state === 'open')).map(({ labels: _l, state: _s, ...i }) => i);
  }

  async createIssue(input: { title: string; body: string; labels: string[] }) {
    this.call('createIssue', [input]);
    const issue = { number: this.nextId++, title: input.title, body: input.body, author: this.viewer ?? this.author, url: `https://github.com/acme/access/issues/${this.nextId}`, isPullRequest: false, labels: input.labels, state: 'open' as const };
    this.issues.push(issue);
    return issue;
  }

  async updateIssue(number: number, patch: { body?: string; state?: 'closed'; stateReason?: 'completed' }) {
    this.call('updateIssue', [number, patch]);
    const issue = this.issues.find((i) => i.number === number);
    if (!issue) throw Object.assign(new Error(`GitHub PATCH /repos/acme/access/issues/${number}: 404 Not Found`), { status: 404 });
    if (patch.body !== undefined) issue.body = patch.body;
    if (patch.state) issue.state = patch.state;
  }

  async defaultBranch() { this.call('defaultBranch', []); return 'main'; }

  async openPullRequestsFrom(branch: string) {
    this.call('openPullRequestsFrom', [branch]);
    return [...this.pulls.values()].filter((p) => p.headSha === `branch:${branch}`);
  }

  async commitFiles(input: { branch: string; base: string; message: string; files: ReadonlyMap<string, string> }) {
    this.call('commitFiles', [input]);
    this.branches.set(input.branch, { base: input.base, message: input.message, files: input.files });
  }

  async createPullRequest(input: { title: string; head: string; base: string; body: string }) {
    this.call('createPullRequest', [input]);
    const pull: PullRequest = { number: this.nextId++, title: input.title, url: `https://github.com/acme/access/pull/${this.nextId}`, headSha: `branch:${input.head}`, author: this.author };
    this.pulls.set(pull.number, pull);
    return pull;
  }

  async updatePullRequest(number: number, patch: { title: string; body: string }) {
    this.call('updatePullRequest', [number, patch]);
    const pull = this.pulls.get(number);
    if (pull) this.pulls.set(number, { ...pull, title: patch.title });
  }
}
