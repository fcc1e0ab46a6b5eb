// Posts (or updates) the plan as the pull request's sticky comment for this workspace.
import { renderMarkdown } from '../plan/render-markdown.js';
import type { Plan } from '../plan/types.js';
import { gitHubToken, pullRequestNumber, repository, runUrl } from './context.js';
import { gitHubClient } from './octokit.js';
import { ensureComment, MAX_COMMENT_LENGTH, planMarker, type EnsureResult } from './sticky-comment.js';

export function planCommentBody(plan: Plan, env: Record<string, string | undefined>): string {
  const marker = planMarker(plan.workspace.slug);
  const url = runUrl(env);
  return renderMarkdown(plan, {
    budget: MAX_COMMENT_LENGTH - marker.length - 1,
    fullPlanHint: url ? `see the job summary of [this run](${url})` : 'see the job summary of this run',
  });
}

export async function postPlanComment(plan: Plan, env: Record<string, string | undefined>, pr?: number): Promise<EnsureResult & { pr: number }> {
  const repo = repository(env);
  const number = await pullRequestNumber(env, pr);
  const octokit = gitHubClient(env, gitHubToken(env));
  const result = await ensureComment(octokit, repo, number, planMarker(plan.workspace.slug), planCommentBody(plan, env));
  return { ...result, pr: number };
}
