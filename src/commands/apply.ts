// `segment-access apply [DIR] [--plan plan.json]`: show the plan, ask (or require --auto-approve),
// execute it at the API's rate limits, verify by re-planning, and write the evidence record.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { buildEvidence, writeEvidence } from '../apply/evidence.js';
import { executePlan, lowerBoundMs, type ExecuteReport } from '../apply/execute.js';
import { progressPrinter } from '../apply/progress.js';
import { parsePlanJson } from '../plan/render-json.js';
import { renderText, summaryLine } from '../plan/render-text.js';
import { PLAN_FORMAT_VERSION, type Plan } from '../plan/types.js';
import { commentOnMergedPullRequests } from '../github/apply-comment.js';
import { runUrl } from '../github/context.js';
import { appendStepSummary } from '../github/step-summary.js';
import { renderApplyMarkdown } from '../apply/render-apply-markdown.js';
import { EXIT, UserError, inGitHubActions, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';

export interface ApplyCommandOptions {
  plan?: string;
  local?: boolean;
  autoApprove?: boolean;
  allowRemovals?: boolean;
  evidence?: string;
  at?: Date;
  reinvite?: boolean;
}

export interface ApplyOutcome {
  exitCode: ExitCode;
  plan?: Plan;
  report?: ExecuteReport;
  evidencePath?: string;
  residual?: Plan['steps'];
  planDigest?: string;
  fingerprintAfter?: string;
  /** HTTP figures of the run (requests, retries, 429s), for reports and benchmarks. */
  stats?: { requests: number; retries: number; rateLimited: number };
}

export async function applyCommand(dir: string | undefined, options: ApplyCommandOptions & { comment?: boolean }, io: Io): Promise<ExitCode> {
  const outcome = await applyWorkspace(dir, options, io);
  const markdown = renderApplyMarkdown(outcome, { cwd: io.cwd, runUrl: runUrl(io.env), sha: io.env.GITHUB_SHA });
  if (inGitHubActions(io)) await appendStepSummary(io.env, markdown);
  if (options.comment && outcome.plan && outcome.plan.steps.length > 0) {
    const posted = await commentOnMergedPullRequests(outcome.plan.workspace.slug, markdown, io.env);
    io.stderr(posted.length ? `Apply result commented on ${posted.map((p) => `#${p.pr} (${p.action})`).join(', ')}\n`
      : `No merged pull request found for commit ${io.env.GITHUB_SHA ?? '(GITHUB_SHA not set)'}; nothing commented.\n`);
  }
  return outcome.exitCode;
}

/** The apply pipeline, returning what happened (the GitHub comment on merge reports from it). */
export async function applyWorkspace(dir: string | undefined, options: ApplyCommandOptions, io: Io): Promise<ApplyOutcome> {
  const saved = options.plan ? await readSavedPlan(options.plan, io) : undefined;
  const manifestDir = dir ?? saved?.manifestDir ?? '.';
  const at = options.at ?? new Date();
  const prepared = await prepare({ dir: manifestDir, at, local: options.local, reinvite: options.reinvite, allowRemovals: options.allowRemovals }, io);
  const { stats } = prepared.connection.client;
  const done = (outcome: ApplyOutcome): ApplyOutcome => ({ ...outcome, stats: { requests: stats.requests, retries: stats.retries, rateLimited: stats.rateLimited } });
  try {
    let plan = prepared.plan;
    if (saved) {
      if (saved.workspace.slug !== prepared.actual.workspace.slug) {
        throw new UserError(`the plan is for workspace "${saved.workspace.slug}", but this is "${prepared.actual.workspace.slug}"`);
      }
      if (saved.manifestDigest !== prepared.plan.manifestDigest) {
        throw new UserError(`the manifests in ${manifestDir} changed since this plan was made; run plan again`);
      }
      if (saved.stateFingerprint !== prepared.actual.fingerprint) {
        throw new UserError('the workspace changed since this plan was made; run plan again (nothing was applied)');
      }
      plan = { ...saved, guards: saved.guards.filter((g) => !(g.overridable && options.allowRemovals)) };
    }

    io.stdout(renderText(plan, { colour: io.isTTY && !io.env.NO_COLOR }));
    if (plan.guards.length) {
      io.stderr(`Refused: ${plan.guards.map((g) => g.message).join('; ')}\n`);
      return done({ exitCode: EXIT.refused, plan });
    }
    if (plan.steps.length === 0) return done({ exitCode: EXIT.ok, plan });

    if (!options.autoApprove) {
      if (!io.isTTY || !io.prompt) {
        throw new UserError('there is no terminal to confirm this apply; review the plan above and pass --auto-approve to apply it without asking');
      }
      const answer = await io.prompt(`\nApply ${plan.steps.length} API call${plan.steps.length === 1 ? '' : 's'} to workspace ${plan.workspace.slug}? Only 'yes' will be accepted: `);
      if (answer.trim() !== 'yes') {
        io.stderr('Apply cancelled; nothing was changed.\n');
        return done({ exitCode: EXIT.error, plan });
      }
    }

    const startedAt = new Date();
    const progress = progressPrinter(plan.steps.length, lowerBoundMs(plan.steps, 60, 60_000), io);
    io.stdout(`\nApplying ${plan.steps.length} call${plan.steps.length === 1 ? '' : 's'} to ${prepared.connection.target}...\n`);
    const report = await executePlan(plan.steps, prepared.connection.client, { onStep: (r) => progress.step(r) });
    progress.done();

    if (!report.ok) {
      const evidence = buildEvidence({ plan, report, desired: prepared.desired, startedAt, env: io.env });
      const evidencePath = await writeEvidence(evidence, io.cwd, options.evidence);
      io.stderr(failureReport(report, evidencePath, io.cwd));
      return done({ exitCode: EXIT.error, plan, report, evidencePath, planDigest: evidence.plan_digest });
    }

    const after = await prepared.replan();
    const residual = after.plan.steps;
    const evidence = buildEvidence({ plan, report, desired: prepared.desired, startedAt, fingerprintAfter: after.actual.fingerprint, residual, env: io.env });
    const evidencePath = await writeEvidence(evidence, io.cwd, options.evidence);
    const shownPath = path.relative(io.cwd, evidencePath);
    if (residual.length) {
      io.stderr(`Error: applied ${report.results.length} calls, but the workspace still differs from the manifests:\n${renderText(after.plan)}Evidence: ${shownPath}\n`);
      return done({ exitCode: EXIT.error, plan, report, evidencePath, residual, planDigest: evidence.plan_digest, fingerprintAfter: after.actual.fingerprint });
    }
    io.stdout(`\nApply complete: ${report.results.length} call${report.results.length === 1 ? '' : 's'} in ${(report.wallMs / 1000).toFixed(1)} s. `
      + `Verified: ${summaryLine(after.plan)}\nEvidence: ${shownPath}\n`);
    return done({ exitCode: EXIT.ok, plan, report, evidencePath, residual, planDigest: evidence.plan_digest, fingerprintAfter: after.actual.fingerprint });
  } finally {
    await prepared.connection.close();
  }
}

async function readSavedPlan(file: string, io: Io): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UserError(`cannot read the plan file ${file}`);
  }
  try {
    return parsePlanJson(text, PLAN_FORMAT_VERSION.split('.')[0]!);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}`);
  }
}

function failureReport(report: ExecuteReport, evidencePath: string, cwd: string): string {
  const done = report.results.filter((r) => r.status === 'done');
  const failed = report.results.filter((r) => r.status === 'failed');
  const skipped = report.results.filter((r) => r.status === 'not-attempted');
  const lines = [`\nError: apply stopped after a step failed. ${done.length} done, ${failed.length} failed, ${skipped.length} not attempted.`];
  for (const f of failed) lines.push(`  failed: ${f.id} (${f.subjects.join(', ')}): ${f.error?.message ?? 'unknown error'}`);
  if (skipped.length) lines.push(`  not attempted: ${skipped.map((s) => s.id).join(', ')}`);
  lines.push('Run `segment-access plan` to see what is left, then apply again: done steps are not repeated.');
  lines.push(`Evidence: ${path.relative(cwd, evidencePath)}`);
  return `${lines.join('\n')}\n`;
}
