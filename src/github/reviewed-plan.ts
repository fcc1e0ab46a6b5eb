// Apply exactly what was reviewed (docs/architecture.md; docs/github-setup.md). After a merge, the plan that may be applied is
// the one a person approved: the tool's plan comment on the merged pull request, as it stood when an
// approving review was given. A comment changed after the last approval (by a new push, by a person,
// or by anything this tool writes after the merge) no longer counts: its digest was never approved.
// Comments this tool writes after a merge carry a different marker and are never read as a plan.
import type { GitHub, IssueComment, PullRequest, Review } from '../ports/github.js';
import { markedComments, markerFields, planMarker } from './sticky-comment.js';

export interface Approval {
  by: string;
  at?: string;
  /** The head commit the approval was given on. */
  commit?: string;
}

export interface ReviewedPlanRequest {
  pr: number;
  title: string;
  author?: string;
  url?: string;
  mergedBy?: string;
  mergeCommit?: string;
  /** The approvals in force when the pull request merged (the latest decisive review of each reviewer). */
  approvals: Approval[];
}

export type ReviewVerdict =
  | { kind: 'reviewed'; digest: string; comment: IssueComment; approvals: Approval[] }
  | { kind: 'not-reviewed'; reason: string };

/**
 * Each reviewer's approval in force: their latest review that decides something. A COMMENTED (or
 * PENDING) review after an approval leaves it standing; CHANGES_REQUESTED or DISMISSED withdraws it.
 */
export function approvalsInForce(reviews: readonly Review[]): Approval[] {
  const latest = new Map<string, Review>();
  for (const r of reviews) {
    if (!r.author || r.state === 'COMMENTED' || r.state === 'PENDING') continue;
    latest.set(r.author, r);
  }
  return [...latest.values()].filter((r) => r.state === 'APPROVED')
    .map((r) => ({ by: r.author!, ...(r.submittedAt ? { at: r.submittedAt } : {}), ...(r.commitId ? { commit: r.commitId } : {}) }));
}

/**
 * Whether an approval approved a plan comment as it stands: given after the comment was last
 * written, and on the commit the plan was made for (when the comment names one). An approval with
 * no time cannot be placed after anything, so it does not count.
 */
export function approves(approval: Approval, comment: IssueComment): boolean {
  if (!approval.at || Date.parse(approval.at) < Date.parse(comment.updatedAt)) return false;
  const planned = markerFields(comment.body).sha;
  return planned === undefined || approval.commit === undefined || approval.commit === planned;
}

/** The verdict for one workspace's plan on a merged pull request (pure). */
export function reviewedDigest(input: { slug: string; pr: number; comments: readonly IssueComment[]; reviews: readonly Review[]; login: string }): ReviewVerdict {
  const ours = markedComments(input.comments, planMarker(input.slug).prefix, input.login);
  const comment = ours.at(-1);
  if (!comment) return { kind: 'not-reviewed', reason: `pull request #${input.pr} has no segment-access plan comment for workspace ${input.slug}, so this plan was never reviewed` };
  const digest = markerFields(comment.body).operations;
  if (!digest) return { kind: 'not-reviewed', reason: `the plan comment on #${input.pr} carries no operations digest` };
  const approvals = approvalsInForce(input.reviews);
  if (approvals.length === 0) return { kind: 'not-reviewed', reason: `pull request #${input.pr} was merged without an approving review in force` };
  const counted = approvals.filter((a) => approves(a, comment));
  if (counted.length === 0) {
    const last = approvals.map((a) => a.at ?? '').sort().at(-1);
    return { kind: 'not-reviewed', reason: `the plan comment on #${input.pr} was last written ${comment.updatedAt}, after the last approval${last ? ` (${last})` : ''} or for another commit, so nobody approved the plan it shows` };
  }
  return { kind: 'reviewed', digest, comment, approvals: counted };
}

/** Who asked, who approved, who merged: what the evidence record keeps for an auditor. */
export function requestOf(pull: PullRequest, approvals: readonly Approval[]): ReviewedPlanRequest {
  return {
    pr: pull.number, title: pull.title, ...(pull.author ? { author: pull.author } : {}), url: pull.url,
    ...(pull.mergedBy ? { mergedBy: pull.mergedBy } : {}), ...(pull.mergeCommit ? { mergeCommit: pull.mergeCommit } : {}), approvals: [...approvals],
  };
}

export interface MergedReview {
  pr: number;
  verdict: ReviewVerdict;
  request: ReviewedPlanRequest;
}

/** The merged pull request of `sha` and the verdict on its plan for `slug` (undefined: none merged). */
export async function reviewOfMerge(github: GitHub, input: { slug: string; sha: string; login: string }): Promise<MergedReview | undefined> {
  const merged = (await github.pullRequestsOfCommit(input.sha)).find((p) => p.mergedAt);
  if (!merged) return undefined;
  const [comments, reviews, pull] = await Promise.all([github.listIssueComments(merged.number), github.reviews(merged.number), github.pullRequest(merged.number)]);
  const verdict = reviewedDigest({ slug: input.slug, pr: merged.number, comments, reviews, login: input.login });
  return { pr: merged.number, verdict, request: requestOf(pull, verdict.kind === 'reviewed' ? verdict.approvals : approvalsInForce(reviews)) };
}
