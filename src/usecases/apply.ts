// `segment-access apply [DIR] [--plan plan.json]`: recompute the plan, check a saved plan against
// it, check that a person approved it (apply --comment, --approved-digest), confirm, execute it at
// the API's rate limits, verify by re-planning, and write the evidence record (for every apply that
// starts, whatever happens). Returns one of five typed outcomes; prints nothing.
import { operationSubjectList, planSpelling } from '../plan/operation-label.js';
import type { Reinvite } from '../plan/context.js';
import { buildEvidence, evidenceFile, type Evidence, type EvidenceRequest } from '../apply/evidence.js';
import { executePlan, type ExecuteReport, type OperationResult } from '../apply/execute.js';
import type { ApplyOutcome } from '../apply/outcome.js';
import { renderApplyMarkdown } from '../apply/render-apply-markdown.js';
import { commentOnMergedPullRequests } from '../github/apply-comment.js';
import { postUnreviewedPlan } from '../github/plan-comment.js';
import { reviewOfMerge, type MergedReview } from '../github/reviewed-plan.js';
import { ourLogin } from '../github/sticky-comment.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { canonicalJson } from '../plan/digest.js';
import { lowerBoundMs } from '../plan/duration.js';
import { parsePlanJson } from '../plan/render-json.js';
import { policyFindingText, terminalSafe } from '../plan/render-text.js';
import { blockingGuards, policyDenials, type Plan } from '../plan/types.js';
import type { GitHub, Ports } from '../ports/index.js';
import { SegmentApiError } from '../segment/errors.js';
import { EXIT, UserError, type ExitCode } from '../user-error.js';
import { oneFolderPerWorkspace } from './workspaces.js';
import { prepare, type Prepared } from './prepare.js';

export interface ApplyInput {
  /** The manifest folder (default: the folder a saved plan was made from, else `.`). */
  dir?: string;
  /** A plan saved with `plan --out`: applied only if the plan recomputed now is the same. */
  plan?: string;
  at: Date;
  local?: boolean;
  autoApprove?: boolean;
  allowRemovals?: boolean;
  /** Where to write the evidence record. */
  evidence?: string;
  /** Re-issue these pending invites (`all`, or lower-cased emails), as `--reinvite` asks. */
  reinvite?: Reinvite;
  /** After a merge: apply only the plan approved on the merged pull request, then comment the result there. */
  comment?: boolean;
  /** A person approved exactly this operations digest (a manual run after a changed plan). */
  approvedDigest?: string;
  /** Aborted by a signal: no new operation starts; the evidence records what was done. */
  cancel?: AbortSignal;
  /**
   * Aborted by a second signal: the evidence as it stands is written at once (calls in flight as
   * `unknown`), before the caller exits without waiting for them.
   */
  halt?: AbortSignal;
}

/** What the apply shows while it runs, for a view to render as it happens. */
export type ApplyEvent =
  | { kind: 'diagnostics'; diagnostics: Diagnostic[] }
  | { kind: 'plan'; plan: Plan; allowRemovals: boolean }
  | { kind: 'starting'; operations: number; target: string; lowerBoundMs: number; evidencePath: string }
  | { kind: 'progress'; result: OperationResult }
  | { kind: 'executed' }
  | { kind: 'wait'; message: string };

export type ApplyPorts = Ports & { events?: (event: ApplyEvent) => void };

/** The confirmation rule: only `yes` (surrounding spaces aside) applies, as Terraform asks. */
export function confirms(answer: string): boolean {
  return answer.trim() === 'yes';
}

/** The question asked before an apply. */
export function confirmQuestion(plan: Plan): string {
  const n = plan.operations.length;
  return `\nApply ${n} API call${n === 1 ? '' : 's'} to workspace ${plan.workspace.slug}? Only 'yes' will be accepted: `;
}

/**
 * Who approved this plan, or why nobody did (pure). `approvedDigest` is a person's explicit approval
 * of one digest; otherwise, with `review`, the merged pull request's approved plan comment decides.
 */
export function approvalOf(plan: Plan, input: { approvedDigest?: string; requireReview: boolean; review?: MergedReview; sha?: string }):
  { approved: true } | { approved: false; reason: string } {
  if (input.approvedDigest !== undefined) {
    return input.approvedDigest === plan.operationsDigest ? { approved: true }
      : { approved: false, reason: `the plan recomputed now (operations ${plan.operationsDigest.slice(0, 19)}) is not the one approved (${input.approvedDigest.slice(0, 19)})` };
  }
  if (!input.requireReview) return { approved: true };
  if (!input.review) return { approved: false, reason: `no merged pull request was found for commit ${input.sha ?? '(GITHUB_SHA not set)'}, so nobody reviewed this plan; a person who has reviewed it can apply it with --approved-digest ${plan.operationsDigest}` };
  const { verdict } = input.review;
  if (verdict.kind === 'not-reviewed') return { approved: false, reason: verdict.reason };
  if (verdict.digest === plan.operationsDigest) return { approved: true };
  return { approved: false, reason: `the plan recomputed at merge (operations ${plan.operationsDigest.slice(0, 19)}) is not the one approved on #${input.review.pr} (operations ${verdict.digest.slice(0, 19)}): another merge came first, or the workspace was changed by hand` };
}

/**
 * A saved plan is a claim about what apply will do. It holds only when the plan recomputed now from
 * the manifests and the workspace says the same: same workspace, manifests, state, operations (and
 * their digest), guards and changes. Nothing from the file is ever sent.
 */
export function checkSavedPlan(saved: Plan, now: Plan): void {
  const differences: string[] = [];
  if (saved.workspace.slug !== now.workspace.slug || saved.workspace.id !== now.workspace.id) {
    differences.push(`it is for workspace "${saved.workspace.slug}", this is "${now.workspace.slug}"`);
  }
  if (saved.manifestDigest !== now.manifestDigest) differences.push('the manifests changed since it was made');
  if (saved.stateFingerprint !== now.stateFingerprint) differences.push('the workspace changed since it was made');
  const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);
  if (saved.operationsDigest !== now.operationsDigest || !same(saved.operations, now.operations)) {
    differences.push(`its operations differ (${saved.operations.length} in the file, ${now.operations.length} now)`);
  }
  if (!same(saved.guards, now.guards)) differences.push('its guard findings differ');
  // Reasons point at file:line:col as seen from the working directory; they never steer apply.
  const withoutReasons = (changes: Plan['changes']) => changes.map(({ reasons: _reasons, ...rest }) => rest);
  if (!same(withoutReasons(saved.changes), withoutReasons(now.changes)) || !same(saved.summary, now.summary)) differences.push('its changes differ');
  if (differences.length) {
    throw new UserError(`the saved plan does not match what the manifests and the workspace give now: ${differences.join('; ')}. Nothing was applied; run plan again.`);
  }
}

async function readSavedPlan(ports: Pick<Ports, 'files'>, file: string): Promise<Plan> {
  let text: string;
  try {
    text = await ports.files.read(file);
  } catch {
    throw new UserError(`cannot read the plan file ${file}`);
  }
  try {
    return parsePlanJson(text);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}`);
  }
}

export async function applyWorkspace(ports: ApplyPorts, input: ApplyInput): Promise<ApplyOutcome> {
  const events = ports.events ?? (() => {});
  const saved = input.plan ? await readSavedPlan(ports, input.plan) : undefined;
  const github = input.comment ? ports.github() : undefined;
  const dir = input.dir ?? saved?.manifestDir ?? '.';
  // Writes go to the workspace this folder declares: it must be the only folder that declares it.
  await oneFolderPerWorkspace(ports, dir);
  const prepared = await prepare(ports, {
    dir, at: input.at, local: input.local, reinvite: input.reinvite,
    onWait: (message) => events({ kind: 'wait', message }),
  });
  let outcome: ApplyOutcome;
  try {
    outcome = await decideAndRun(ports, input, prepared, github, saved);
  } finally {
    await prepared.connection.close();
  }
  const { stats } = prepared.connection.client;
  outcome = { ...outcome, stats: { requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited } };
  const markdown = renderApplyMarkdown(outcome, { cwd: ports.cwd, runUrl: ports.ci.runUrl, sha: ports.ci.sha });
  await ports.summary?.append(markdown);
  if (github && ports.ci.sha && outcome.plan.operations.length > 0 && outcome.kind !== 'NotReviewed' && outcome.kind !== 'Refused') {
    const login = await ourLogin(github, ports.ci.botLogin);
    const comments = await commentOnMergedPullRequests(github, { slug: outcome.plan.workspace.slug, sha: ports.ci.sha, markdown, login });
    outcome = { ...outcome, comments: comments.map((c) => ({ pr: c.pr, action: c.action, ...(c.url ? { url: c.url } : {}) })) };
  }
  return outcome;
}

async function decideAndRun(ports: ApplyPorts, input: ApplyInput, prepared: Prepared, github: GitHub | undefined, saved: Plan | undefined): Promise<ApplyOutcome> {
  const events = ports.events ?? (() => {});
  const { plan, diagnostics } = prepared;
  events({ kind: 'diagnostics', diagnostics });
  // The recomputed plan is what runs; a saved plan only has to agree with it.
  if (saved) checkSavedPlan(saved, plan);
  events({ kind: 'plan', plan, allowRemovals: input.allowRemovals ?? false });
  // A deny rule has no override: the manifests must change.
  const denials = policyDenials(plan);
  if (denials.length) {
    throw new UserError(`apply refused: the plan is denied by the policy rules (nothing was changed):\n${denials.map((f) => `  - ${terminalSafe(policyFindingText(f))}`).join('\n')}`);
  }
  const allowRemovals = input.allowRemovals ?? false;
  const blocking = blockingGuards(plan, allowRemovals);
  if (blocking.length) return { kind: 'Refused', plan, diagnostics, guards: blocking, allowed: plan.guards.filter((g) => !blocking.includes(g)) };
  if (plan.operations.length === 0) return { kind: 'Applied', plan, diagnostics };

  let review: MergedReview | undefined;
  let login: string | undefined;
  if (github && input.approvedDigest === undefined && ports.ci.sha) {
    login = await ourLogin(github, ports.ci.botLogin);
    review = await reviewOfMerge(github, { slug: plan.workspace.slug, sha: ports.ci.sha, login });
  }
  const approval = approvalOf(plan, { approvedDigest: input.approvedDigest, requireReview: Boolean(input.comment), review, sha: ports.ci.sha });
  if (!approval.approved) {
    let posted: { pr: number; action: string; url?: string } | undefined;
    if (github && review && login && ports.ci.sha) {
      const result = await postUnreviewedPlan(github, { plan, pr: review.pr, mergeSha: ports.ci.sha, runUrl: ports.ci.runUrl, reason: approval.reason, login });
      posted = { pr: result.pr, action: result.action, ...(result.url ? { url: result.url } : {}) };
    }
    return { kind: 'NotReviewed', plan, diagnostics, reason: approval.reason, ...(posted ? { posted } : {}) };
  }
  if (!input.autoApprove) {
    if (!ports.prompt) throw new UserError('there is no terminal to confirm this apply; review the plan above and pass --auto-approve to apply it without asking');
    if (!confirms(await ports.prompt.ask(confirmQuestion(plan)))) return { kind: 'Cancelled', plan, diagnostics, by: 'operator' };
  }
  // A signal before the first call: nothing was sent, so there is nothing to record.
  if (input.cancel?.aborted) return { kind: 'Cancelled', plan, diagnostics, by: 'signal', signal: String(input.cancel.reason) };
  return execute(ports, input, prepared, requestRecord(review, input, ports));
}

async function execute(ports: ApplyPorts, input: ApplyInput, prepared: Prepared, request: EvidenceRequest | undefined): Promise<ApplyOutcome> {
  const events = ports.events ?? (() => {});
  const { plan, diagnostics } = prepared;
  const startedAt = ports.clock.now();
  const operator = { ...ports.machine, gitEmail: await ports.git.userEmail() };
  const spelling = planSpelling(plan);
  const evidenceOf = (report: ExecuteReport, verification: Evidence['verification'], fingerprintAfter?: string) => evidenceFile(
    buildEvidence({ plan, report, desired: prepared.desired, startedAt, finishedAt: ports.clock.now(), verification, fingerprintAfter, ci: ports.ci, request, operator }), input.evidence);

  // The record of an apply that started exists before its first call: `interrupted`, every call not
  // attempted. It is replaced when the apply ends, or at once on a second signal with what is known.
  const begun = new Set<string>();
  const ended = new Map<string, OperationResult>();
  const partial = (): ExecuteReport => {
    const signals = [input.cancel, input.halt].filter((s) => s?.aborted).map((s) => String(s!.reason)).join(', then ');
    return {
    ok: false, wallMs: 0, interrupted: true, ...(signals ? { cancelled: signals } : {}),
    results: plan.operations.map((op) => ended.get(op.id) ?? {
      id: op.id, kind: op.params.kind, subjects: operationSubjectList(op, spelling), changes: op.changes, status: begun.has(op.id) ? 'unknown' : 'not-attempted', attempts: 0, recoveries: 0,
    }),
    };
  };
  const opening = evidenceOf(partial(), { status: 'not-run' });
  await ports.files.writeAll(new Map([[opening.path, opening.text]]));
  const onHalt = () => {
    const now = evidenceOf(partial(), { status: 'not-run' });
    ports.files.writeNow(now.path, now.text);
  };
  input.halt?.addEventListener('abort', onHalt, { once: true });

  events({ kind: 'starting', operations: plan.operations.length, target: prepared.connection.target, lowerBoundMs: lowerBoundMs(plan.operations), evidencePath: opening.path });
  let report: ExecuteReport;
  try {
    report = await executePlan(plan.operations, prepared.connection.client, {
      onStart: (id) => begun.add(id), spelling,
      onResult: (result) => { ended.set(result.id, { ...result }); events({ kind: 'progress', result }); },
      ...(input.cancel ? { cancel: input.cancel } : {}),
    });
  } finally {
    input.halt?.removeEventListener('abort', onHalt);
    events({ kind: 'executed' });
  }
  const write = async (verification: Evidence['verification'], fingerprintAfter?: string) => {
    const file = evidenceOf(report, verification, fingerprintAfter);
    await ports.files.writeAll(new Map([[file.path, file.text]]));
    return file.path;
  };
  if (report.cancelled) {
    const evidencePath = await write({ status: 'not-run' });
    return { kind: 'Cancelled', plan, diagnostics, by: 'signal', signal: report.cancelled, report, evidencePath };
  }
  if (!report.ok) return { kind: 'Failed', plan, diagnostics, stage: 'execute', report, evidencePath: await write({ status: 'not-run' }) };
  let after: Awaited<ReturnType<Prepared['replan']>>;
  try {
    after = await prepared.replan();
  } catch (err) {
    const message = err instanceof UserError || err instanceof SegmentApiError ? err.message : String(err);
    return { kind: 'Failed', plan, diagnostics, stage: 'verify', report, error: message, evidencePath: await write({ status: 'failed', error: message }) };
  }
  const residual = after.plan.operations;
  if (residual.length) {
    const evidencePath = await write({ status: 'failed', residual_operations: residual.length }, after.actual.fingerprint);
    return { kind: 'Failed', plan, diagnostics, stage: 'verify', report, residual, afterPlan: after.plan, fingerprintAfter: after.actual.fingerprint, evidencePath };
  }
  const evidencePath = await write({ status: 'passed' }, after.actual.fingerprint);
  return { kind: 'Applied', plan, diagnostics, report, evidencePath, fingerprintAfter: after.actual.fingerprint, verified: after.plan };
}

function requestRecord(review: MergedReview | undefined, input: ApplyInput, ports: Pick<Ports, 'ci'>): EvidenceRequest | undefined {
  if (input.approvedDigest !== undefined) {
    return { approved_digest: { digest: input.approvedDigest, ...(ports.ci.actor ? { by: ports.ci.actor } : {}), ...(ports.ci.eventName ? { event: ports.ci.eventName } : {}) }, approvals: [] };
  }
  if (!review || review.verdict.kind !== 'reviewed') return undefined;
  const r = review.request;
  return {
    pull_request: r.pr, title: r.title, ...(r.author ? { author: r.author } : {}), ...(r.url ? { url: r.url } : {}),
    ...(r.mergedBy ? { merged_by: r.mergedBy } : {}), ...(r.mergeCommit ? { merge_commit: r.mergeCommit } : {}),
    approvals: r.approvals.map((a) => ({ by: a.by, ...(a.at ? { at: a.at } : {}) })), reviewed_plan: review.verdict.comment.url,
  };
}

/** 0 applied (or nothing to do), 3 refused by a guard, 1 otherwise; a signal's conventional 128+n. */
export function applyExit(outcome: ApplyOutcome): number {
  switch (outcome.kind) {
    case 'Applied': return EXIT.ok;
    case 'Refused': return EXIT.refused;
    case 'Cancelled': return outcome.by === 'signal' ? signalExit(outcome.signal) : EXIT.error;
    default: return EXIT.error;
  }
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };
export function signalExit(signal: string | undefined): number {
  return 128 + (SIGNALS[signal ?? ''] ?? 0) || EXIT.error;
}

export type { ExitCode };
