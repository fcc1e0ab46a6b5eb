// Posts (or updates) the plan as the pull request's sticky comment for this workspace.
import { renderMarkdown } from '../plan/render-markdown.js';
import type { Plan } from '../plan/types.js';
import { gitHubToken, headSha, pullRequestNumber, repository, runUrl } from './context.js';
import { gitHubClient } from './octokit.js';
import { ensureComment, MAX_COMMENT_LENGTH, planMarker, type EnsureResult } from './sticky-comment.js';

/**
 * The comment under its marker: a header with the head commit, the run, the operations digest and
 * when it was planned, then the plan. The marker carries the digest and the commit, so apply can
 * check after the merge that it runs exactly what was reviewed here.
 */
export function planCommentBody(plan: Plan, env: Record<string, string | undefined>, sha?: string, preface = ''): string {
  const url = runUrl(env);
  const header = `<sub>Planned ${plan.now.slice(0, 16).replace('T', ' ')} UTC${sha ? ` for \`${sha.slice(0, 12)}\`` : ''}${url ? ` in [this run](${url})` : ''} · operations \`${plan.operationsDigest.slice(0, 19)}\`</sub>`;
  const head = `${preface}${header}\n\n`;
  return head + renderMarkdown(plan, {
    budget: MAX_COMMENT_LENGTH - 200 - head.length,
    fullPlanHint: url ? `see the job summary of [this run](${url})` : 'see the job summary of this run',
  });
}

export async function postPlanComment(plan: Plan, env: Record<string, string | undefined>, pr?: number, preface = ''): Promise<EnsureResult & { pr: number }> {
  const repo = repository(env);
  const number = await pullRequestNumber(env, pr);
  const octokit = gitHubClient(env, gitHubToken(env));
  const sha = await headSha(env);
  const mark = planMarker(plan.workspace.slug, { operations: plan.operationsDigest, sha });
  const result = await ensureComment(octokit, repo, number, mark, planCommentBody(plan, env, sha, preface), env);
  return { ...result, pr: number };
}
