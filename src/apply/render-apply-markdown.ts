// The result of an apply in Markdown, for the merged pull request and the job summary: outcome
// first, then each step's result, then the evidence that an audit can follow.
import path from 'node:path';
import { summaryLine } from '../plan/render-text.js';
import { mdText } from '../plan/markdown.js';
import { shortList } from '../plan/operation-label.js';
import type { ApplyOutcome } from './outcome.js';

const ICON = { done: ':white_check_mark:', failed: ':x:', 'not-attempted': ':pause_button:', unknown: ':grey_question:' } as const;

/** The outcome in one line of Markdown. */
function headline(outcome: ApplyOutcome): string {
  const calls = (n: number) => `${n} call${n === 1 ? '' : 's'}`;
  switch (outcome.kind) {
    case 'Applied':
      return outcome.report
        ? `:white_check_mark: **Applied ${calls(outcome.report.results.length)} in ${(outcome.report.wallMs / 1000).toFixed(1)} s** and verified: the workspace matches the manifests.`
        : '**No changes.** The workspace already matched the manifests.';
    case 'Refused': return `:no_entry: **Refused by a safety guard**: ${mdText(outcome.guards.map((g) => g.message).join('; '))}`;
    case 'NotReviewed': return `**Not applied**: ${mdText(outcome.reason)}.`;
    case 'Cancelled': {
      if (outcome.by === 'operator' || !outcome.report) return '**Not applied**: cancelled at the confirmation; nothing was changed.';
      const done = outcome.report.results.filter((r) => r.status === 'done').length;
      return `:stop_sign: **Cancelled by ${mdText(outcome.signal ?? 'a signal')}** after ${calls(done)} of ${outcome.report.results.length}. Run plan again to see what is left.`;
    }
    case 'Failed': {
      const report = outcome.report;
      if (outcome.stage === 'execute') {
        const counts = (s: string) => report.results.filter((r) => r.status === s).length;
        return `:x: **Apply failed**: ${counts('done')} done, ${counts('failed')} failed, ${counts('not-attempted')} not attempted. Run plan again to see what is left.`;
      }
      if (outcome.residual?.length) return `:warning: **Applied ${calls(report.results.length)}, but the workspace still differs** (${outcome.residual.length} residual steps).`;
      return `:warning: **Applied ${calls(report.results.length)}, but the verification read failed**: ${mdText(outcome.error ?? '')}`;
    }
  }
}

export function renderApplyMarkdown(outcome: ApplyOutcome, options: { cwd: string; runUrl?: string; sha?: string }): string {
  const { plan } = outcome;
  const lines = [`### segment-access apply for \`${mdText(plan.workspace.slug)}\``, '', headline(outcome)];
  const report = 'report' in outcome ? outcome.report : undefined;
  if (report) {
    lines.push('', `<details><summary>${mdText(summaryLine(plan))}</summary>`, '', '| | Step | Subjects | Attempts | Result |', '|---|---|---|---|---|');
    for (const r of report.results.slice(0, 300)) {
      const result = r.status === 'failed' ? mdText(r.error?.message ?? 'failed') : r.status;
      lines.push(`| ${ICON[r.status]} | \`${r.id}\` | ${mdText(shortList(r.subjects))} | ${r.attempts} | ${result} |`);
    }
    if (report.results.length > 300) lines.push(`| | … | ${report.results.length - 300} more steps in the evidence record | | |`);
    lines.push('', '</details>');
  }
  const evidencePath = 'evidencePath' in outcome ? outcome.evidencePath : undefined;
  if (evidencePath) {
    lines.push('', '**Evidence**', '',
      `- record: \`${path.relative(options.cwd, path.resolve(options.cwd, evidencePath))}\`${options.runUrl ? ` (in [this run](${options.runUrl}))` : ''}`,
      `- operations digest: \`${plan.operationsDigest}\``,
      `- state before: \`${plan.stateFingerprint}\``);
    const after = 'fingerprintAfter' in outcome ? outcome.fingerprintAfter : undefined;
    if (after) lines.push(`- state after: \`${after}\``);
    if (options.sha) lines.push(`- commit: ${options.sha}`);
  }
  return `${lines.join('\n')}\n`;
}
