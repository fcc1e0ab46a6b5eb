// `segment-access plan [DIR]`: print what apply would do; optionally save it with --out.
// Exit 0 no changes (or changes without --detailed-exitcode), 2 changes with --detailed-exitcode,
// 1 error, 3 refused by a safety guard.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderJson } from '../plan/render-json.js';
import { renderMarkdown } from '../plan/render-markdown.js';
import { renderText } from '../plan/render-text.js';
import type { Plan } from '../plan/types.js';
import { appendStepSummary } from '../github/step-summary.js';
import { baseSha } from '../github/context.js';
import { postPlanComment } from '../github/plan-comment.js';
import { EXIT, inGitHubActions, useColour, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';

export interface PlanCommandOptions {
  format: 'text' | 'markdown' | 'json';
  out?: string;
  detailedExitcode?: boolean;
  at: Date;
  local?: boolean;
  reinvite?: boolean;
  /** Post the plan as the pull request's sticky comment. */
  comment?: boolean;
  /** The pull request to comment on (default: from the Actions event). */
  pr?: number;
  /** `--no-color` sets false. */
  color?: boolean;
  /** Compare expiries with the manifests at this git revision (default with --comment: the pull request's base). */
  baseRef?: string;
}

export function renderPlan(plan: Plan, format: PlanCommandOptions['format'], io: Io, colour?: boolean): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderText(plan, { colour: useColour(io, colour) });
}

export function planExitCode(plan: Plan, detailed: boolean | undefined): ExitCode {
  if (plan.guards.length) return EXIT.refused;
  return detailed && plan.operations.length ? EXIT.changes : EXIT.ok;
}

export async function planCommand(dir: string, options: PlanCommandOptions, io: Io): Promise<ExitCode> {
  const baseRef = options.baseRef ?? (options.comment ? await baseSha(io.env) : undefined);
  const prepared = await prepare({ dir, at: options.at, local: options.local, reinvite: options.reinvite, baseRef }, io);
  try {
    io.stdout(renderPlan(prepared.plan, options.format, io, options.color));
    if (options.out) {
      await writeFile(path.resolve(io.cwd, options.out), renderJson(prepared.plan));
      io.stderr(`Saved the plan to ${options.out}; apply it with: segment-access apply --plan ${options.out}\n`);
    }
    if (inGitHubActions(io)) await appendStepSummary(io.env, renderMarkdown(prepared.plan, { budget: 900_000 }));
    if (options.comment) {
      const posted = await postPlanComment(prepared.plan, io.env, options.pr);
      io.stderr(`Plan comment on pull request #${posted.pr}: ${posted.action}${posted.url ? ` (${posted.url})` : ''}\n`);
    }
    return planExitCode(prepared.plan, options.detailedExitcode);
  } finally {
    await prepared.connection.close();
  }
}
