// The plan as the pull request's sticky comment for this workspace, and the body apply posts after
// a merge whose plan changed since it was reviewed (a separate comment; the reviewed one stays).
import { renderMarkdown } from '../plan/render-markdown.js';
import type { Plan } from '../plan/types.js';
import type { GitHub } from '../ports/github.js';
import { ensureComment, MAX_COMMENT_LENGTH, planMarker, replanMarker, type EnsureResult } from './sticky-comment.js';

/**
 * The comment under its marker: a header with the head commit, the run, the operations digest and
 * when it was planned, then the plan. The marker carries the digest and the commit, so apply can
 * check after the merge that it runs exactly what was reviewed here.
 */
export function planCommentBody(plan: Plan, runUrl: string | undefined, sha?: string, preface = ''): string {
  const header = `<sub>Planned ${plan.now.slice(0, 16).replace('T', ' ')} UTC${sha ? ` for \`${sha.slice(0, 12)}\`` : ''}${runUrl ? ` in [this run](${runUrl})` : ''} · operations \`${plan.operationsDigest.slice(0, 19)}\`</sub>`;
  const head = `${preface}${header}\n\n`;
  return head + renderMarkdown(plan, {
    budget: MAX_COMMENT_LENGTH - 200 - head.length,
    fullPlanHint: runUrl ? `see the job summary of [this run](${runUrl})` : 'see the job summary of this run',
  });
}

export async function postPlanComment(github: GitHub, input: { plan: Plan; pr: number; sha?: string; runUrl?: string; login: string }): Promise<EnsureResult & { pr: number }> {
  const mark = planMarker(input.plan.workspace.slug, { operations: input.plan.operationsDigest, sha: input.sha });
  const result = await ensureComment(github, input.pr, mark, planCommentBody(input.plan, input.runUrl, input.sha), input.login);
  return { ...result, pr: input.pr };
}

/**
 * After a merge whose recomputed plan is not the reviewed one: the plan as it is now, as a comment of
 * its own (one per merge commit), with the reason and the way to approve it. Never counted as a review.
 */
export async function postUnreviewedPlan(github: GitHub, input: { plan: Plan; pr: number; mergeSha: string; runUrl?: string; reason: string; login: string }):
  Promise<EnsureResult & { pr: number }> {
  const { plan } = input;
  const preface = [
    '> [!WARNING]',
    `> **Not applied.** ${input.reason}.`,
    '> This is the plan as it stands after the merge. Nothing was changed in Segment. To apply it, a person who has reviewed it',
    `> runs the apply workflow by hand with \`approved-digest: ${plan.operationsDigest}\` (or \`segment-access apply --approved-digest ${plan.operationsDigest}\`); or open a new pull request.`,
    '', '',
  ].join('\n');
  const mark = replanMarker(plan.workspace.slug, { operations: plan.operationsDigest, sha: input.mergeSha });
  const result = await ensureComment(github, input.pr, mark, planCommentBody(plan, input.runUrl, input.mergeSha, preface), input.login);
  return { ...result, pr: input.pr };
}
