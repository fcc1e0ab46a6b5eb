// Markdown for pull requests: the summary line first, then the call-outs a reviewer must not miss
// (owner grants, removals, widening through a destination, refusals), then details per step in
// <details>. Stays under a character budget by dropping detail blocks and saying how many.
import { summaryLine } from './render-text.js';
import type { Change, Plan } from './types.js';

export const MARKDOWN_BUDGET = 60_000;

export interface MarkdownOptions {
  /** Most characters the result may have (default 60,000; GitHub refuses comments over 65,536). */
  budget?: number;
  /** Where the full plan can be found when detail is trimmed. */
  fullPlanHint?: string;
}

const escape = (text: string) => text.replace(/[|<>]/g, (c) => ({ '|': '\\|', '<': '&lt;', '>': '&gt;' })[c]!);

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  const head: string[] = [`### segment-access plan for \`${plan.workspace.slug}\``, '', `**${summaryLine(plan)}**`];
  if (plan.summary.pending) head.push('', `${plan.summary.pending} pending invite(s) left alone (their permissions cannot be read back).`);
  if (plan.guards.length) {
    head.push('', '> [!CAUTION]', '> **This plan is refused by a safety guard:**');
    for (const g of plan.guards) head.push(`> - ${escape(g.message)}`);
  }
  const callouts = calloutLines(plan);
  if (callouts.length) head.push('', '**Needs a careful look:**', '', ...callouts);
  if (plan.warnings.length) {
    head.push('', `<details><summary>${plan.warnings.length} warning(s)</summary>`, '');
    for (const w of plan.warnings) head.push(`- ${escape(w.message)}`);
    head.push('', '</details>');
  }
  // No timestamp here: the same plan must render the same body, so a sticky comment is not rewritten.
  const footer = ['', `<sub>state ${plan.stateFingerprint.slice(0, 19)} · manifests ${plan.manifestDigest.slice(0, 19)} · segment-access ${plan.toolVersion}</sub>`];

  const blocks = plan.steps.map((step) => {
    const symbol = { create: '+', update: '~', delete: '-' }[step.action];
    const lines = [`<details><summary><code>${symbol} ${step.operation}</code> ${escape(step.changes.map((c) => c.subject).slice(0, 3).join(', '))}${step.changes.length > 3 ? ` and ${step.changes.length - 3} more` : ''}</summary>`, '', '```diff'];
    for (const c of step.changes) {
      lines.push(`${symbol === '~' ? '!' : symbol} ${c.subject}: ${c.text}`, `#   because ${c.reason}`);
      for (const d of c.details) lines.push(`    ${d}`);
    }
    lines.push('```', '', '</details>');
    return lines.join('\n');
  });

  const fixed = [...head, ''].join('\n').length + footer.join('\n').length + 400;
  const kept: string[] = [];
  let used = fixed;
  for (const block of blocks) {
    if (used + block.length + 1 > budget) break;
    kept.push(block);
    used += block.length + 1;
  }
  const body = [...head, ''];
  if (kept.length) body.push(...kept);
  if (kept.length < blocks.length) {
    const where = options.fullPlanHint ?? 'run `segment-access plan` or see the job summary';
    body.push('', `_${blocks.length - kept.length} of ${blocks.length} steps are not shown here to stay within GitHub's comment size; for the full plan, ${where}._`);
  }
  body.push(...footer);
  return `${body.join('\n')}\n`;
}

/** Owner grants, removals and widenings, one line each (the first 50 of each kind). */
function calloutLines(plan: Plan): string[] {
  const kinds: Array<[Change['risks'][number], string]> = [
    ['owner-grant', 'Workspace Owner granted'], ['owner-removal', 'Workspace Owner removed'], ['removal', 'Removed'], ['widening', 'Wider than it looks'],
  ];
  const lines: string[] = [];
  for (const [risk, label] of kinds) {
    const changes = plan.steps.flatMap((s) => s.changes).filter((c) => c.risks.includes(risk));
    if (!changes.length) continue;
    const shown = changes.slice(0, 50).map((c) => `\`${escape(c.subject)}\``).join(', ');
    lines.push(`- :warning: **${label}** (${changes.length}): ${shown}${changes.length > 50 ? `, and ${changes.length - 50} more` : ''}`);
    if (risk === 'widening') for (const c of changes.slice(0, 10)) for (const d of c.details.filter((x) => x.startsWith('! '))) lines.push(`  - ${escape(d.slice(2))}`);
  }
  return lines;
}
