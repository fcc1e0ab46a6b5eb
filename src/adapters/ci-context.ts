// What a GitHub Actions run tells us about where we are, read once at the edge: the repository, the
// commit, the run's URL, and (from the event payload) the pull request. Use cases get it as data.
import { readFile } from 'node:fs/promises';
import type { CiContext, GitHub } from '../ports/index.js';
import type { RepoRef } from '../ports/github.js';
import { UserError } from '../user-error.js';
import { octokitGitHub } from './github-octokit.js';

const SHA = /^[0-9a-f]{7,64}$/i;

export async function ciContext(env: Record<string, string | undefined>): Promise<CiContext> {
  const runUrl = env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
    ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  return {
    actions: env.GITHUB_ACTIONS === 'true',
    ...defined({
      sha: env.GITHUB_SHA || undefined, runUrl, repository: env.GITHUB_REPOSITORY || undefined, actor: env.GITHUB_ACTOR || undefined,
      ref: env.GITHUB_REF || undefined, eventName: env.GITHUB_EVENT_NAME || undefined, botLogin: env.SEGMENT_ACCESS_BOT_LOGIN || undefined,
      pullRequest: env.GITHUB_EVENT_PATH ? await pullRequestOf(env.GITHUB_EVENT_PATH) : undefined,
    }),
  };
}

type PullRequestPayload = { number?: unknown; head?: { sha?: unknown }; base?: { sha?: unknown } };

/**
 * The pull request of an event payload (number, head and base commits), when the event is about one:
 * a pull_request event, or a workflow_run that a pull request's run triggered (the plan workflow of
 * docs/github-setup.md, which holds the token and runs from the default branch). For a workflow_run
 * the head commit is the run's own `head_sha`, which GitHub sets; a fork's run lists no pull request,
 * so its number comes from `--pr`.
 */
async function pullRequestOf(file: string): Promise<CiContext['pullRequest']> {
  let event: { pull_request?: PullRequestPayload; number?: unknown; workflow_run?: { head_sha?: unknown; pull_requests?: PullRequestPayload[] } };
  try {
    event = JSON.parse(await readFile(file, 'utf8')) as typeof event;
  } catch {
    return undefined;
  }
  if (!event || typeof event !== 'object') return undefined;
  const run = event.workflow_run;
  if (run && typeof run === 'object') {
    const headSha = typeof run.head_sha === 'string' && SHA.test(run.head_sha) ? run.head_sha : undefined;
    const listed = Array.isArray(run.pull_requests) ? run.pull_requests.filter((p) => p?.head?.sha === headSha) : [];
    const only = listed.length === 1 ? listed[0]! : undefined;
    const number = typeof only?.number === 'number' ? only.number : undefined;
    const baseSha = typeof only?.base?.sha === 'string' && /^[0-9a-f]{40}$/.test(only.base.sha) ? only.base.sha : undefined;
    if (number === undefined && !headSha) return undefined;
    return defined({ number, headSha, baseSha });
  }
  const pr = event.pull_request;
  const number = typeof pr?.number === 'number' ? pr.number : typeof event.number === 'number' ? event.number : undefined;
  const headSha = typeof pr?.head?.sha === 'string' && SHA.test(pr.head.sha) ? pr.head.sha : undefined;
  const baseSha = typeof pr?.base?.sha === 'string' && /^[0-9a-f]{40}$/.test(pr.base.sha) ? pr.base.sha : undefined;
  if (number === undefined && !headSha && !baseSha) return undefined;
  return defined({ number, headSha, baseSha });
}

export function repository(env: Record<string, string | undefined>): RepoRef {
  const full = env.GITHUB_REPOSITORY ?? '';
  const [owner, repo, extra] = full.split('/');
  if (!owner || !repo || extra !== undefined) throw new UserError('GITHUB_REPOSITORY is not set (owner/repo); run in GitHub Actions or set it');
  return { owner, repo };
}

/** The GitHub port from the environment: built on first use, once (it needs GITHUB_TOKEN). */
export function gitHubFromEnv(env: Record<string, string | undefined>): () => GitHub {
  let built: GitHub | undefined;
  return () => {
    if (built) return built;
    const token = env.GITHUB_TOKEN;
    if (!token) throw new UserError('GITHUB_TOKEN is not set; pass `github-token` to the action or export GITHUB_TOKEN');
    const retries = env.SEGMENT_ACCESS_GITHUB_RETRIES ? Number(env.SEGMENT_ACCESS_GITHUB_RETRIES) : undefined;
    built = memoViewer(octokitGitHub({ token, repo: repository(env), baseUrl: env.GITHUB_API_URL || undefined, ...(retries !== undefined && Number.isInteger(retries) && retries >= 0 ? { retries } : {}) }));
    return built;
  };
}

/** GET /user once per run: every comment lookup asks who we are. */
function memoViewer(github: GitHub): GitHub {
  let viewer: Promise<string | undefined> | undefined;
  return { ...github, viewerLogin: () => (viewer ??= github.viewerLogin().catch((err: unknown) => { viewer = undefined; throw err; })) };
}

function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
