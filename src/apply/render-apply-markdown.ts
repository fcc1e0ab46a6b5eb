// The result of an apply in Markdown, for the merged pull request and the job summary: outcome
// first, then each step's result, then the evidence that an audit can follow.
import path from 'node:path';
import { summaryLine } from '../plan/render-text.js';
import { mdText } from '../plan/markdown.js';
import type { ApplyOutcome } from './outcome.js';

const ICON = { done: ':white_check_mark:', failed: ':x:', 'not-attempted': ':pause_button:' } as const;

export function renderApplyMarkdown(outcome: ApplyOutcome, options: { cwd: string; runUrl?: string; sha?: string }): string {
  const plan = outcome.plan;
  const slug = plan?.workspace.slug ?? 'workspace';
  const lines = [`### segment-access apply for \`${slug}\``, ''];
  const report = outcome.report;
  if (!plan || !report) {
    lines.push(plan && plan.operations.length === 0 ? '**No changes.** The workspace already matched the manifests.' : `**Not applied** (exit ${outcome.exitCode}).`);
  } else if (!report.ok) {
    const counts = (s: string) => report.results.filter((r) => r.status === s).length;
    lines.push(`:x: **Apply failed**: ${counts('done')} done, ${counts('failed')} failed, ${counts('not-attempted')} not attempted. Run plan again to see what is left.`);
  } else if (outcome.residual?.length) {
    lines.push(`:warning: **Applied ${report.results.length} calls, but the workspace still differs** (${outcome.residual.length} residual steps).`);
  } else {
    lines.push(`:white_check_mark: **Applied ${report.results.length} call${report.results.length === 1 ? '' : 's'} in ${(report.wallMs / 1000).toFixed(1)} s** and verified: the workspace matches the manifests.`);
  }
  if (plan && report) {
    lines.push('', `<details><summary>${summaryLine(plan)}</summary>`, '', '| | Step | Subjects | Attempts | Result |', '|---|---|---|---|---|');
    for (const r of report.results.slice(0, 300)) {
      const result = r.status === 'failed' ? mdText(r.error?.message ?? 'failed') : r.status;
      lines.push(`| ${ICON[r.status]} | \`${r.id}\` | ${mdText(r.subjects)} | ${r.attempts} | ${result} |`);
    }
    if (report.results.length > 300) lines.push(`| | … | ${report.results.length - 300} more steps in the evidence record | | |`);
    lines.push('', '</details>');
  }
  if (outcome.evidencePath) {
    lines.push('', '**Evidence**', '',
      `- record: \`${path.relative(options.cwd, outcome.evidencePath)}\`${options.runUrl ? ` (in [this run](${options.runUrl}))` : ''}`,
      `- operations digest: \`${plan?.operationsDigest ?? 'n/a'}\``,
      `- state before: \`${plan?.stateFingerprint ?? 'n/a'}\``);
    if (outcome.fingerprintAfter) lines.push(`- state after: \`${outcome.fingerprintAfter}\``);
    if (options.sha) lines.push(`- commit: ${options.sha}`);
  }
  return `${lines.join('\n')}\n`;
}
