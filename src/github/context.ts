// What a GitHub Actions run tells us about where we are: the repository, the pull request (from the
// event payload), the commit, the run's URL, and where the job summary goes.
import { readFile } from 'node:fs/promises';
import { UserError } from '../user-error.js';

export interface RepoRef {
  owner: string;
  repo: string;
}

export function repository(env: Record<string, string | undefined>): RepoRef {
  const full = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo] = full.split('/');
  if (!owner || !repo) throw new UserError('GITHUB_REPOSITORY is not set (owner/repo); run in GitHub Actions or set it');
  return { owner, repo };
}

export function gitHubToken(env: Record<string, string | undefined>): string {
  const token = env.GITHUB_TOKEN;
  if (!token) throw new UserError('GITHUB_TOKEN is not set; pass `github-token` to the action or export GITHUB_TOKEN');
  return token;
}

/** The pull request number: `--pr N`, else the event payload's `pull_request.number` (or `number`). */
export async function pullRequestNumber(env: Record<string, string | undefined>, explicit?: number): Promise<number> {
  if (explicit) return explicit;
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number }; number?: number };
      const n = event.pull_request?.number ?? event.number;
      if (typeof n === 'number') return n;
    } catch {
      // fall through to the error below
    }
  }
  throw new UserError('no pull request number: run on a pull_request event or pass --pr N');
}

export function runUrl(env: Record<string, string | undefined>): string | undefined {
  return env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
}

/** The commit a pull request's plan is for: the head of the pull request, else GITHUB_SHA. */
export async function headSha(env: Record<string, string | undefined>): Promise<string | undefined> {
  if (env.GITHUB_EVENT_PATH) {
    try {
      const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { head?: { sha?: string } } };
      if (typeof event.pull_request?.head?.sha === 'string') return event.pull_request.head.sha;
    } catch {
      // fall back to GITHUB_SHA
    }
  }
  return env.GITHUB_SHA;
}

/** The base commit of the pull request the Actions event is about, if it is one. */
export async function baseSha(env: Record<string, string | undefined>): Promise<string | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { base?: { sha?: string } } };
    const sha = event.pull_request?.base?.sha;
    return typeof sha === 'string' && /^[0-9a-f]{40}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}
