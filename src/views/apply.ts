// apply as a person follows it: the plan first, then progress while it runs (frames on a terminal's
// stderr, one line per call in a log), then the outcome in words with where the evidence is.
import path from 'node:path';
import type { ExecuteReport } from '../apply/execute.js';
import type { ApplyOutcome } from '../apply/outcome.js';
import { renderText, summaryLine } from '../plan/render-text.js';
import type { ApplyEvent } from '../usecases/apply.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './output.js';
import { progressPrinter, type Progress } from './progress.js';

/** Where the apply view's running output goes (the root's sink). */
export interface LiveOutput {
  stdout(text: string): void;
  stderr(text: string): void;
  /** A progress frame, redrawn in place on a terminal's stderr. */
  frame(line: string): void;
  print(p: Printed): void;
}

/** The renderer of the events an apply emits while it runs (stateful: the progress line). */
export function applyEventsView(ctx: ViewContext, out: LiveOutput): (event: ApplyEvent) => void {
  let progress: Progress | undefined;
  return (event) => {
    switch (event.kind) {
      case 'diagnostics': out.print(diagnosticsPrinted(event.diagnostics, ctx)); return;
      case 'plan': out.stdout(renderText(event.plan, { colour: ctx.colour, allowRemovals: event.allowRemovals })); return;
      case 'starting': {
        const n = event.operations;
        progress = progressPrinter(n, event.lowerBoundMs, { stdout: out.stdout, stderr: out.stderr, frame: out.frame, isTTY: ctx.stderrTTY, columns: ctx.columns });
        out.stdout(`\nApplying ${n} call${n === 1 ? '' : 's'} to ${event.target}...\n`);
        return;
      }
      case 'progress': progress?.step(event.result); return;
      case 'executed': progress?.done(); return;
      case 'wait': if (progress) progress.wait(event.message); else out.stderr(`${event.message}\n`); return;
    }
  };
}

const rel = (ctx: ViewContext, file: string) => path.relative(ctx.cwd, path.resolve(ctx.cwd, file));

function failureReport(report: ExecuteReport, evidencePath: string, ctx: ViewContext): string {
  const done = report.results.filter((r) => r.status === 'done');
  const failed = report.results.filter((r) => r.status === 'failed');
  const skipped = report.results.filter((r) => r.status === 'not-attempted');
  const lines = [`\nError: apply stopped after a call failed. ${done.length} done, ${failed.length} failed, ${skipped.length} not attempted.`];
  for (const f of failed) {
    lines.push(`  failed: ${f.id} (${f.subjects.join(', ')}): ${f.error?.message ?? 'unknown error'}`);
    if (f.error?.hint) lines.push(`    hint: ${f.error.hint}`);
  }
  if (skipped.length) lines.push(`  not attempted: ${skipped.map((s) => s.id).join(', ')}`);
  lines.push('Run `segment-access plan` to see what is left, then apply again: done calls are not repeated.');
  lines.push(`Evidence: ${rel(ctx, evidencePath)}`);
  return `${lines.join('\n')}\n`;
}

/** The outcome, after the plan and the progress have been shown. */
function outcomeText(o: ApplyOutcome, ctx: ViewContext): Printed {
  const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`;
  switch (o.kind) {
    case 'Applied':
      if (!o.report) return printed();
      return printed({ stdout: `\nApply complete: ${calls(o.plan.operations.length)} in ${(o.report.wallMs / 1000).toFixed(1)} s. Verified: ${summaryLine(o.verified ?? o.plan)}\nEvidence: ${rel(ctx, o.evidencePath!)}\n` });
    case 'Refused': return printed({ stderr: `Refused: ${o.guards.map((g) => g.message).join('; ')}\n` });
    case 'NotReviewed':
      return printed({ stderr: `Not applied: ${o.reason}${o.posted ? `; the plan as it is now is commented on #${o.posted.pr}` : ''}\n` });
    case 'Cancelled':
      if (o.by === 'operator') return printed({ stderr: 'Apply cancelled; nothing was changed.\n' });
      return printed({ stderr: cancelledReport(o, ctx) });
    case 'Failed':
      if (o.stage === 'execute') return printed({ stderr: failureReport(o.report, o.evidencePath, ctx) });
      if (o.residual?.length) {
        return printed({ stderr: `Error: applied ${o.report.results.length} calls, but the workspace still differs from the manifests:\n${renderText(o.afterPlan!)}Evidence: ${rel(ctx, o.evidencePath)}\n` });
      }
      return printed({ stderr: `Error: every call succeeded, but the verification read failed: ${o.error ?? 'unknown error'}\nEvidence: ${rel(ctx, o.evidencePath)}\n` });
  }
}

function cancelledReport(o: Extract<ApplyOutcome, { kind: 'Cancelled' }>, ctx: ViewContext): string {
  const results = o.report?.results ?? [];
  const done = results.filter((r) => r.status === 'done').length;
  const skipped = results.filter((r) => r.status === 'not-attempted').length;
  return [
    `\nCancelled by ${o.signal ?? 'a signal'}: ${done} call${done === 1 ? '' : 's'} done, ${skipped} not started; no new call was sent after the signal.`,
    'Run `segment-access plan` to see what is left, then apply again: done calls are not repeated.',
    ...(o.evidencePath ? [`Evidence: ${rel(ctx, o.evidencePath)}`] : []), '',
  ].join('\n');
}

function comments(o: ApplyOutcome, sha: string | undefined): Printed {
  if (!o.comments) return printed();
  return printed({
    stderr: o.comments.length ? `Apply result commented on ${o.comments.map((p) => `#${p.pr} (${p.action})`).join(', ')}\n`
      : `No merged pull request found for commit ${sha ?? '(GITHUB_SHA not set)'}; nothing commented.\n`,
  });
}

/** The final output of an apply (the plan and progress were shown by the events view). */
export function applyOutcomeView(o: ApplyOutcome, ctx: ViewContext & { sha?: string }): Printed {
  return join(outcomeText(o, ctx), comments(o, ctx.sha));
}
