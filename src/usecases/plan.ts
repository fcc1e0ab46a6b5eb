// `segment-access plan [DIR]`: what apply would do, as a Plan; optionally saved (--out), written to
// the job summary, and posted as the pull request's sticky comment (--comment).
import type { Reinvite } from '../plan/context.js';
import { postPlanComment } from '../github/plan-comment.js';
import { ourLogin, type EnsureResult } from '../github/sticky-comment.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { renderJson } from '../plan/render-json.js';
import { renderMarkdown } from '../plan/render-markdown.js';
import { policyDenials, type Plan } from '../plan/types.js';
import type { Ports } from '../ports/index.js';
import { EXIT, UserError, type ExitCode } from '../user-error.js';
import { prepare } from './prepare.js';

export interface PlanInput {
  dir: string;
  at: Date;
  local?: boolean;
  /** Re-issue these pending invites (`all`, or lower-cased emails), as `--reinvite` asks. */
  reinvite?: Reinvite;
  /** Also save the plan as JSON here (for `apply --plan`). */
  out?: string;
  /** Post the plan as the pull request's sticky comment. */
  comment?: boolean;
  /** The pull request to comment on (default: the Actions event's). */
  pr?: number;
  /** Compare expiries with the manifests at this git revision (default with --comment: the pull request's base). */
  baseRef?: string;
}

export interface PlanOutcome {
  kind: 'Planned';
  plan: Plan;
  diagnostics: Diagnostic[];
  /** Where the plan was saved (--out). */
  saved?: string;
  /** The pull request comment, when one was posted. */
  comment?: EnsureResult & { pr: number };
}

/** The pull request a `--comment` goes to: `--pr`, else the event's; an error before anything is read. */
export function commentTarget(ports: Pick<Ports, 'ci'>, explicit: number | undefined): number {
  const pr = explicit ?? ports.ci.pullRequest?.number;
  if (pr === undefined) throw new UserError('--comment needs a pull request: run on a pull_request event or pass --pr N');
  return pr;
}

export async function planWorkspace(ports: Ports, input: PlanInput): Promise<PlanOutcome> {
  const pr = input.comment ? commentTarget(ports, input.pr) : undefined;
  const github = input.comment ? ports.github() : undefined;
  const baseRef = input.baseRef ?? (input.comment ? ports.ci.pullRequest?.baseSha : undefined);
  const prepared = await prepare(ports, { dir: input.dir, at: input.at, local: input.local, reinvite: input.reinvite, baseRef });
  try {
    const { plan } = prepared;
    if (input.out) await ports.files.writeAll(new Map([[input.out, renderJson(plan)]]));
    await ports.summary?.append(renderMarkdown(plan, { budget: 900_000 }));
    let comment: PlanOutcome['comment'];
    if (github && pr !== undefined) {
      const login = await ourLogin(github, ports.ci.botLogin);
      comment = await postPlanComment(github, { plan, pr, sha: ports.ci.pullRequest?.headSha ?? ports.ci.sha, runUrl: ports.ci.runUrl, login });
    }
    return { kind: 'Planned', plan, diagnostics: prepared.diagnostics, ...(input.out ? { saved: input.out } : {}), ...(comment ? { comment } : {}) };
  } finally {
    await prepared.connection.close();
  }
}

/** 1 when a policy rule denies it; 3 when a guard refuses the plan; with --detailed-exitcode 2 when there are changes; else 0. */
export function planExit(plan: Plan, detailed: boolean | undefined): ExitCode {
  if (policyDenials(plan).length) return EXIT.error;
  if (plan.guards.length) return EXIT.refused;
  return detailed && plan.operations.length ? EXIT.changes : EXIT.ok;
}
