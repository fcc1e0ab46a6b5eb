// drift's outcome: what happened in the workspace as events (access nobody reviewed first), the plan
// that would revert it, and the findings; or, with --adopt, what was written into the manifests.
import { attributionText } from '../plan/attribution.js';
import { noDriftHeadline, type DriftReport } from '../plan/drift-report.js';
import { renderText, terminalSafe } from '../plan/render-text.js';
import type { Plan } from '../plan/types.js';
import type { DriftAdopted, DriftOutcome, DriftReported } from '../usecases/drift.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './output.js';

export type DriftFormat = 'text' | 'markdown' | 'json';

function adopted(o: DriftAdopted): Printed {
  const n = o.adopted.length;
  const lines = [...o.adopted.map((line) => `adopted: ${terminalSafe(line)}\n`), ...o.refused.map((line) => `not adopted: ${terminalSafe(line)}\n`)];
  lines.push(n ? `Adopted ${n} difference${n === 1 ? '' : 's'} into ${o.files.length} file${o.files.length === 1 ? '' : 's'}; review them, then commit.\n`
    : 'Nothing to adopt: the workspace matches the manifests (or differs only where the manifests mean it to).\n');
  const pr = o.proposal;
  const stderr = !pr ? '' : pr.action === 'none' ? `No adopt pull request needed${pr.number ? ` (#${pr.number} stays open)` : ''}\n` : `Adopt pull request #${pr.number}: ${pr.action} (${pr.url})\n`;
  return printed({ stdout: lines.join(''), stderr });
}

function textReport(report: DriftReport, plan: Plan): string {
  const out: string[] = [];
  for (const c of report.changes) {
    const who = ` — ${attributionText(c.attribution, report.auditTrail)}`;
    out.push(`${terminalSafe(`${c.escalation ? '!' : '~'} ${c.event}${who}`)}\n`);
  }
  if (report.hasDrift) out.push(`\nTo revert it (segment-access apply):\n\n${renderText(plan)}`);
  else out.push(`${noDriftHeadline(report)}\n`);
  if (report.auditTrail !== 'read') out.push(`The Audit Trail could not be read (${report.auditTrail}): who changed what is unknown.\n`);
  for (const f of report.findings) out.push(`${f.kind}: ${f.message}${f.where ? ` (${f.where})` : ''}\n`);
  return out.join('');
}

const issueLine = (o: DriftReported) => (o.issue && o.issue.action !== 'none' ? `Drift issue #${o.issue.number}: ${o.issue.action}${o.issue.url ? ` (${o.issue.url})` : ''}\n` : '');

function reportView(body: (o: DriftReported) => string) {
  return (o: DriftOutcome, ctx: ViewContext): Printed => join(
    diagnosticsPrinted(o.diagnostics, ctx),
    o.kind === 'Adopted' ? adopted(o) : printed({ stdout: body(o), stderr: issueLine(o) }),
  );
}

export const driftViews: Record<DriftFormat, (outcome: DriftOutcome, ctx: ViewContext) => Printed> = {
  text: reportView((o) => textReport(o.report, o.plan)),
  markdown: reportView((o) => o.markdown),
  json: reportView((o) => `${JSON.stringify({ workspace: o.plan.workspace.slug, now: o.plan.now, ...o.report, summary: o.plan.summary }, null, 2)}\n`),
};
