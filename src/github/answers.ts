// Every GitHub answer is checked before it is believed (docs/architecture.md, "Principles"), as Segment's are:
// the fields a use case reads must be there with the right type, or the call fails with an error
// that names it. Extra fields are ignored; `null` counts as absent where GitHub documents null.
import { STATUS_CODES } from 'node:http';

/** A GitHub call that failed, named as `GitHub GET /repos/o/r/pulls/7`, with what to check. */
export class GitHubApiError extends Error {
  constructor(readonly call: string, readonly status: number | undefined, detail: string, readonly hint?: string) {
    super(`${call}: ${detail}${hint ? `\n  hint: ${hint}` : ''}`);
    this.name = 'GitHubApiError';
  }
}

/** What to check for a failed call, by status. */
export function hintFor(status: number | undefined, call: string): string | undefined {
  switch (status) {
    case 401: return 'the GitHub token is missing, wrong or expired (GITHUB_TOKEN, or the action\'s github-token input)';
    case 403: return `the token may not do this: the workflow needs ${/\/issues|\/pulls|\/comments/.test(call) ? '`permissions: issues: write` and `pull-requests: write`' : '`permissions: contents: write`'}, or GitHub is limiting the rate`;
    case 404: return 'check GITHUB_REPOSITORY (owner/repo), the pull request or issue number, and that the token can see the repository';
    case 422: return 'GitHub refused the request as invalid (see its message above)';
    default: return status !== undefined && status >= 500 ? 'GitHub had a problem; run the job again later' : undefined;
  }
}

/** `404 Not Found`, with GitHub's own message when it says more. */
export function statusWords(status: number | undefined, message?: string): string {
  if (status === undefined || status === 0) return `no answer${message ? ` (${message})` : ''}`;
  const text = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return message && message !== STATUS_CODES[status] ? `${text}: ${message}` : text;
}

type Json = Record<string, unknown>;

/** Reads fields of one answer, naming the call and the field when one is missing or mistyped. */
export class Answer {
  constructor(private readonly call: string, private readonly value: unknown, private readonly where = 'the answer') {}

  private fail(problem: string): never {
    throw new GitHubApiError(this.call, undefined, `GitHub answered with a body this tool does not understand: ${problem}`,
      'a proxy or a GitHub Enterprise version this tool does not know may be answering; check GITHUB_API_URL');
  }

  private object(): Json {
    if (this.value === null || typeof this.value !== 'object' || Array.isArray(this.value)) this.fail(`${this.where} is not an object`);
    return this.value as Json;
  }

  /** The answer as a list of answers. */
  list(): Answer[] {
    if (!Array.isArray(this.value)) this.fail(`${this.where} is not a list`);
    return (this.value as unknown[]).map((v, i) => new Answer(this.call, v, `${this.where}[${i}]`));
  }

  field(key: string): Answer {
    return new Answer(this.call, this.object()[key], `${this.where}.${key}`);
  }

  string(key: string): string {
    const v = this.object()[key];
    if (typeof v !== 'string') this.fail(`${this.where}.${key} is not a string`);
    return v as string;
  }

  optionalString(key: string): string | undefined {
    const v = this.object()[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(`${this.where}.${key} is not a string`);
    return v as string;
  }

  /** A body GitHub may send as null (an empty comment or issue body). */
  text(key: string): string {
    return this.optionalString(key) ?? '';
  }

  integer(key: string): number {
    const v = this.object()[key];
    if (typeof v !== 'number' || !Number.isSafeInteger(v)) this.fail(`${this.where}.${key} is not a whole number`);
    return v as number;
  }

  /** The login of a user object at `key` (absent for a deleted account or a null user). */
  login(key: string): string | undefined {
    const v = this.object()[key];
    if (v === undefined || v === null) return undefined;
    return new Answer(this.call, v, `${this.where}.${key}`).string('login');
  }

  has(key: string): boolean {
    const v = this.object()[key];
    return v !== undefined && v !== null;
  }
}
