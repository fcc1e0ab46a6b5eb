// `segment-access apply [DIR] [--plan plan.json]`: recompute the plan, check a saved plan against it,
// show it, ask (or require --auto-approve), execute it at the API's rate limits, verify by
// re-planning, and write the evidence record (for every apply that starts, whatever happens).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildEvidence, writeEvidence, type Evidence, type EvidenceInput } from '../apply/evidence.js';
import { executePlan, type ExecuteReport } from '../apply/execute.js';
import { lowerBoundMs } from '../plan/duration.js';
import type { ApplyOutcome } from '../apply/outcome.js';
import { progressPrinter } from '../apply/progress.js';
import { renderApplyMarkdown } from '../apply/render-apply-markdown.js';
import { commentOnMergedPullRequests } from '../github/apply-comment.js';
import { postPlanComment } from '../github/plan-comment.js';
import { reviewedPlan, type ReviewedPlan } from '../github/reviewed-plan.js';
import { mdText } from '../plan/markdown.js';
import { runUrl } from '../github/context.js';
import { appendStepSummary } from '../github/step-summary.js';
import { canonicalJson } from '../plan/digest.js';
import { parsePlanJson } from '../plan/render-json.js';
import { renderText, summaryLine } from '../plan/render-text.js';
import { blockingGuards, type Plan } from '../plan/types.js';
import { SegmentApiError } from '../segment/errors.js';
import { EXIT, UserError, inGitHubActions, useColour, type ExitCode, type Io } from './io.js';
import { prepare, type Prepared } from './prepare.js';

export type { ApplyOutcome } from '../apply/outcome.js';

export interface ApplyCommandOptions {
  plan?: string;
  /** `--no-color` sets false. */
  color?: boolean;
  /**
   * Called with the recomputed plan before anything is asked or sent; a returned reason refuses the
   * apply (exit 1, nothing sent). `apply --comment` checks the merged pull request's reviewed plan.
   */
  approvedBy?: (plan: Plan) => Promise<string | undefined>;
  /** The reviewed pull request behind this apply, once known (for the evidence record). */
  request?: () => ReviewedPlan | undefined;
  local?: boolean;
  autoApprove?: boolean;
  allowRemovals?: boolean;
  evidence?: string;
  at?: Date;
  reinvite?: boolean;
}

export async function applyCommand(dir: string | undefined, options: ApplyCommandOptions & { comment?: boolean; allowUnreviewed?: boolean }, io: Io): Promise<ExitCode> {
  let reviewed: ReviewedPlan | undefined;
  const approvedBy = options.comment && !options.allowUnreviewed
    ? async (plan: Plan) => { const r = await reviewCheck(plan, io); reviewed = r.reviewed; return r.refusal; } : undefined;
  const outcome = await applyWorkspace(dir, { ...options, approvedBy, request: () => reviewed }, io);
  const markdown = renderApplyMarkdown(outcome, { cwd: io.cwd, runUrl: runUrl(io.env), sha: io.env.GITHUB_SHA });
  if (inGitHubActions(io)) await appendStepSummary(io.env, markdown);
  if (options.comment && outcome.plan && outcome.plan.operations.length > 0 && !outcome.notApplied) {
    const posted = await commentOnMergedPullRequests(outcome.plan.workspace.slug, markdown, io.env);
    io.stderr(posted.length ? `Apply result commented on ${posted.map((p) => `#${p.pr} (${p.action})`).join(', ')}\n`
      : `No merged pull request found for commit ${io.env.GITHUB_SHA ?? '(GITHUB_SHA not set)'}; nothing commented.\n`);
  }
  return outcome.exitCode as ExitCode;
}

/** The apply pipeline, returning what happened (the GitHub comment on merge reports from it). */
export async function applyWorkspace(dir: string | undefined, options: ApplyCommandOptions, io: Io): Promise<ApplyOutcome> {
  const saved = options.plan ? await readSavedPlan(options.plan, io) : undefined;
  const manifestDir = dir ?? saved?.manifestDir ?? '.';
  const at = options.at ?? new Date();
  const prepared = await prepare({ dir: manifestDir, at, local: options.local, reinvite: options.reinvite }, io);
  const { stats } = prepared.connection.client;
  const done = (outcome: ApplyOutcome): ApplyOutcome => ({ ...outcome, stats: { requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited } });
  try {
    // The recomputed plan is what runs; a saved plan only has to agree with it.
    const plan = prepared.plan;
    if (saved) checkSavedPlan(saved, plan);

    io.stdout(renderText(plan, { colour: useColour(io, options.color) }));
    const blocking = blockingGuards(plan, options.allowRemovals ?? false);
    if (blocking.length) {
      io.stderr(`Refused: ${blocking.map((g) => g.message).join('; ')}\n`);
      return done({ exitCode: EXIT.refused, plan });
    }
    if (plan.operations.length === 0) return done({ exitCode: EXIT.ok, plan });
    const refusal = await options.approvedBy?.(plan);
    if (refusal) {
      io.stderr(`Not applied: ${refusal}\n`);
      return done({ exitCode: EXIT.error, plan, notApplied: refusal });
    }
    if (!(await approved(plan, options, io))) return done({ exitCode: EXIT.error, plan });
    return done(await execute(plan, prepared, options, io));
  } finally {
    await prepared.connection.close();
  }
}

/**
 * Apply exactly what was reviewed: the merged pull request's last plan comment must carry the
 * operations digest of the plan recomputed now. Otherwise nothing is applied, the pull request gets
 * the new plan with the reason, and the run fails (a deliberate manual run passes --allow-unreviewed).
 */
async function reviewCheck(plan: Plan, io: Io): Promise<{ refusal?: string; reviewed?: ReviewedPlan }> {
  const reviewed = await reviewedPlan(plan.workspace.slug, io.env);
  if (!reviewed) return { refusal: `no merged pull request was found for commit ${io.env.GITHUB_SHA ?? '(GITHUB_SHA not set)'}, so nobody reviewed this plan; run with --allow-unreviewed to apply it anyway` };
  if (reviewed.operations === plan.operationsDigest) return { reviewed };
  const reason = reviewed.operations
    ? `the plan recomputed at merge (operations ${plan.operationsDigest.slice(0, 19)}) is not the one reviewed on #${reviewed.pr} (operations ${reviewed.operations.slice(0, 19)}${reviewed.sha ? `, for ${reviewed.sha.slice(0, 12)}` : ''}): another merge came first, or the workspace was changed by hand`
    : `pull request #${reviewed.pr} has no segment-access plan comment for workspace ${plan.workspace.slug}, so this plan was never reviewed`;
  const preface = `> [!WARNING]\n> **Not applied.** ${mdText(reason)}. This is the plan as it stands now; review it, then re-run the apply workflow with \`allow-unreviewed\` or open a new pull request.\n\n`;
  await postPlanComment(plan, io.env, reviewed.pr, preface);
  return { refusal: `${reason}; the new plan is commented on #${reviewed.pr}`, reviewed };
}

async function approved(plan: Plan, options: ApplyCommandOptions, io: Io): Promise<boolean> {
  if (options.autoApprove) return true;
  if (!(io.canPrompt ?? io.isTTY) || !io.prompt) {
    throw new UserError('there is no terminal to confirm this apply; review the plan above and pass --auto-approve to apply it without asking');
  }
  const n = plan.operations.length;
  const answer = await io.prompt(`\nApply ${n} API call${n === 1 ? '' : 's'} to workspace ${plan.workspace.slug}? Only 'yes' will be accepted: `);
  if (answer.trim() === 'yes') return true;
  io.stderr('Apply cancelled; nothing was changed.\n');
  return false;
}

async function execute(plan: Plan, prepared: Prepared, options: ApplyCommandOptions, io: Io): Promise<ApplyOutcome> {
  const startedAt = new Date();
  const n = plan.operations.length;
  const progress = progressPrinter(n, lowerBoundMs(plan.operations), io);
  io.stdout(`\nApplying ${n} call${n === 1 ? '' : 's'} to ${prepared.connection.target}...\n`);
  let report: ExecuteReport;
  try {
    report = await executePlan(plan.operations, prepared.connection.client, { onResult: (r) => progress.step(r) });
  } finally {
    progress.done();
  }
  const evidence = (verification: Evidence['verification'], fingerprintAfter?: string) =>
    buildEvidence({ plan, report, desired: prepared.desired, startedAt, verification, fingerprintAfter, env: io.env, request: requestRecord(options.request?.()) });

  if (!report.ok) {
    const evidencePath = await writeEvidence(evidence({ status: 'not-run' }), io.cwd, options.evidence);
    io.stderr(failureReport(report, evidencePath, io.cwd));
    return { exitCode: EXIT.error, plan, report, evidencePath };
  }
  let after: Awaited<ReturnType<Prepared['replan']>>;
  try {
    after = await prepared.replan();
  } catch (err) {
    const message = err instanceof UserError || err instanceof SegmentApiError ? err.message : String(err);
    const evidencePath = await writeEvidence(evidence({ status: 'failed', error: message }), io.cwd, options.evidence);
    io.stderr(`Error: every call succeeded, but the verification read failed: ${message}\nEvidence: ${path.relative(io.cwd, evidencePath)}\n`);
    return { exitCode: EXIT.error, plan, report, evidencePath };
  }
  const residual = after.plan.operations;
  const verification: Evidence['verification'] = residual.length ? { status: 'failed', residual_operations: residual.length } : { status: 'passed' };
  const evidencePath = await writeEvidence(evidence(verification, after.actual.fingerprint), io.cwd, options.evidence);
  const shownPath = path.relative(io.cwd, evidencePath);
  const base = { plan, report, evidencePath, residual, fingerprintAfter: after.actual.fingerprint };
  if (residual.length) {
    io.stderr(`Error: applied ${report.results.length} calls, but the workspace still differs from the manifests:\n${renderText(after.plan)}Evidence: ${shownPath}\n`);
    return { exitCode: EXIT.error, ...base };
  }
  io.stdout(`\nApply complete: ${n} call${n === 1 ? '' : 's'} in ${(report.wallMs / 1000).toFixed(1)} s. Verified: ${summaryLine(after.plan)}\nEvidence: ${shownPath}\n`);
  return { exitCode: EXIT.ok, ...base };
}

async function readSavedPlan(file: string, io: Io): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UserError(`cannot read the plan file ${file}`);
  }
  try {
    return parsePlanJson(text);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}`);
  }
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

function failureReport(report: ExecuteReport, evidencePath: string, cwd: string): string {
  const done = report.results.filter((r) => r.status === 'done');
  const failed = report.results.filter((r) => r.status === 'failed');
  const skipped = report.results.filter((r) => r.status === 'not-attempted');
  const lines = [`\nError: apply stopped after a call failed. ${done.length} done, ${failed.length} failed, ${skipped.length} not attempted.`];
  for (const f of failed) {
    lines.push(`  failed: ${f.id} (${f.subjects}): ${f.error?.message ?? 'unknown error'}`);
    if (f.error?.hint) lines.push(`    hint: ${f.error.hint}`);
  }
  if (skipped.length) lines.push(`  not attempted: ${skipped.map((s) => s.id).join(', ')}`);
  lines.push('Run `segment-access plan` to see what is left, then apply again: done calls are not repeated.');
  lines.push(`Evidence: ${path.relative(cwd, evidencePath)}`);
  return `${lines.join('\n')}\n`;
}

function requestRecord(reviewed: ReviewedPlan | undefined): EvidenceInput['request'] {
  if (!reviewed?.request) return undefined;
  const r = reviewed.request;
  return {
    pull_request: reviewed.pr, title: r.title, author: r.author, url: r.url, merged_by: r.mergedBy, merge_commit: r.mergeCommit,
    approvals: r.approvals.map((a) => ({ by: a.by, at: a.at })), reviewed_plan: reviewed.url,
  };
}
