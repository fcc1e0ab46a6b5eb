// The GitHub port: what the use cases need from GitHub, in their own terms (docs/architecture.md, after
// peribolos' narrow orgClient). The octokit adapter (src/github/octokit-github.ts) implements it
// against the REST API and checks every answer before returning it; tests of the use cases pass
// an in-memory fake. Only the composition roots (cli.ts, action.ts) build the adapter.

export interface RepoRef {
  owner: string;
  repo: string;
}

/** A comment on an issue or pull request. Times are ISO-8601 strings as GitHub gives them. */
export interface IssueComment {
  id: number;
  body: string;
  /** The login of its author (absent for a deleted account). */
  author?: string;
  url: string;
  createdAt: string;
  /** Changes whenever the body is edited, by anyone. */
  updatedAt: string;
}

/** A pull request a commit belongs to. */
export interface CommitPullRequest {
  number: number;
  /** When it was merged; absent while it is open or when it was closed unmerged. */
  mergedAt?: string;
}

export interface PullRequest {
  number: number;
  title: string;
  author?: string;
  url: string;
  mergedBy?: string;
  mergeCommit?: string;
  /** The head commit's sha. */
  headSha?: string;
}

export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';

export interface Review {
  author?: string;
  state: ReviewState;
  submittedAt?: string;
  /** The head commit the review was given on. */
  commitId?: string;
}

export interface Issue {
  number: number;
  title: string;
  body: string;
  author?: string;
  url: string;
  /** GitHub lists pull requests among issues; those are flagged. */
  isPullRequest: boolean;
}

export interface GitHub {
  readonly repo: RepoRef;
  /**
   * The login the token writes as, or undefined when the token cannot say (an Actions
   * installation token answers 403 to GET /user). Any other failure is an error.
   */
  viewerLogin(): Promise<string | undefined>;
  listIssueComments(issue: number): Promise<IssueComment[]>;
  createIssueComment(issue: number, body: string): Promise<IssueComment>;
  updateIssueComment(id: number, body: string): Promise<IssueComment>;
  /** The pull requests a commit belongs to (the merged one, after a merge). */
  pullRequestsOfCommit(sha: string): Promise<CommitPullRequest[]>;
  pullRequest(number: number): Promise<PullRequest>;
  /** Every review of a pull request, oldest first. */
  reviews(number: number): Promise<Review[]>;
  /** Issues (not pull requests) carrying `label`. */
  listIssues(query: { label: string; state: 'open' | 'all' }): Promise<Issue[]>;
  createIssue(input: { title: string; body: string; labels: string[] }): Promise<Issue>;
  updateIssue(number: number, patch: { body?: string; state?: 'closed'; stateReason?: 'completed' }): Promise<void>;
  defaultBranch(): Promise<string>;
  /** Open pull requests whose head is `branch` of this repository. */
  openPullRequestsFrom(branch: string): Promise<PullRequest[]>;
  /**
   * One commit holding `files` (repository path -> content) on top of `base`'s head, written to
   * `branch` (created, or moved there by force).
   */
  commitFiles(input: { branch: string; base: string; message: string; files: ReadonlyMap<string, string> }): Promise<void>;
  createPullRequest(input: { title: string; head: string; base: string; body: string }): Promise<PullRequest>;
  updatePullRequest(number: number, patch: { title: string; body: string }): Promise<void>;
}
