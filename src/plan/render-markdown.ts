// Markdown for pull requests: the summary line, any refusal, the risk call-outs a reviewer must not
// miss, then one block per person and group (a diff with `+`/`-` in column 1), then the API calls.
// Every user-written string is escaped (markdown.ts). Within a character budget, details are
// trimmed first: every risk call-out and every subject's header line stay.
import { changeLines, subjectName } from './change-lines.js';
import { codeBlock, mdText } from './markdown.js';
import { operationSubjects } from './operation-label.js';
import { pendingLine, summaryLine } from './render-text.js';
import type { Plan, RiskKind } from './types.js';

export const MARKDOWN_BUDGET = 60_000;

export interface MarkdownOptions {
  /** Most characters the result may have (default 60,000; GitHub refuses comments over 65,536). */
  budget?: number;
  /** Where the full plan can be found when detail is trimmed. */
  fullPlanHint?: string;
}

const RISK_TITLES: Array<[RiskKind, string]> = [
  ['owner-grant', 'Workspace Owner granted'], ['privilege-escalation', 'Privilege escalation'], ['owner-removal', 'Workspace Owner removed'],
  ['removal', 'Removed'], ['widening', 'Wider than it looks'], ['external-member', 'Outside the company domain'],
];

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  const head: string[] = [`### segment-access plan for \`${mdText(plan.workspace.slug)}\``, '', `**${mdText(summaryLine(plan))}**`];
  if (plan.pendingInvites.length) {
    head.push('', `<details><summary>${plan.pendingInvites.length} pending invite(s), left alone while valid</summary>`, '',
      ...plan.pendingInvites.map((p) => `- ${mdText(pendingLine(p, plan.now))}`), '', '</details>');
  }
  if (plan.guards.length) {
    head.push('', '> [!CAUTION]', '> **This plan is refused by a safety guard:**');
    for (const g of plan.guards) head.push(`> - ${mdText(g.message)}`);
  }
  const risks = riskLines(plan);
  if (risks.length) head.push('', '**Needs a careful look:**', '', ...risks);

  const footer = ['', `<sub>operations ${plan.operationsDigest.slice(0, 19)} · state ${plan.stateFingerprint.slice(0, 19)} · manifests ${plan.manifestDigest.slice(0, 19)} · segment-access ${mdText(plan.toolVersion)}</sub>`];
  const warnings = plan.warnings.length
    ? ['', `<details><summary>${plan.warnings.length} warning(s)</summary>`, '', ...plan.warnings.map((w) => `- ${mdText(w.message)}`), '', '</details>'] : [];
  const operations = plan.operations.length
    ? ['', `<details><summary>${plan.operations.length} API call(s)</summary>`, '', codeBlock(plan.operations.map((op) => `${op.id} ${operationSubjects(op)}`)), '', '</details>'] : [];

  const headers = plan.changes.map((c) => {
    const l = changeLines(c, plan.now);
    return `- \`${l.symbol}\` ${mdText(l.header)}`;
  });
  const blocks = plan.changes.map((c) => {
    const l = changeLines(c, plan.now);
    const body = [...l.reasons.map((r) => `# because ${r}`), ...l.diff, ...l.notes.map((n) => `# ${n}`)];
    return [`<details><summary><code>${l.symbol}</code> ${mdText(subjectName(c))}</summary>`, '', mdText(l.header), '', codeBlock(body, 'diff'), '', '</details>'].join('\n');
  });

  const fixed = [...head, ...footer].join('\n').length + 400;
  const full = [...blocks, ...warnings, ...operations].join('\n').length;
  const body = [...head, ''];
  if (fixed + full <= budget) {
    body.push(...blocks, ...warnings, ...operations);
  } else {
    // Over budget: every subject keeps its header line; detail blocks are shown while the headers
    // of all later subjects still fit after them.
    const rest = headers.map((h) => h.length + 1);
    for (let i = rest.length - 2; i >= 0; i--) rest[i]! += rest[i + 1]!;
    let used = fixed;
    for (let i = 0; i < blocks.length; i++) {
      const later = rest[i + 1] ?? 0;
      const piece = used + blocks[i]!.length + 1 + later <= budget ? blocks[i]! : headers[i]!;
      if (used + piece.length + 1 > budget - 60) {
        body.push(`- … and ${blocks.length - i} more change(s) not shown`);
        break;
      }
      body.push(piece);
      used += piece.length + 1;
    }
    const where = options.fullPlanHint ?? 'run `segment-access plan` or see the job summary';
    body.push('', `_Details are trimmed to stay within GitHub's comment size; for the full plan, ${where}._`);
  }
  body.push(...footer);
  return `${body.join('\n')}\n`;
}

/** Every risk, grouped by kind (owner grants and escalations first), each kind with its count. */
function riskLines(plan: Plan): string[] {
  const lines: string[] = [];
  for (const [kind, title] of RISK_TITLES) {
    const found = plan.changes.flatMap((c) => c.risks.filter((r) => r.kind === kind));
    if (!found.length) continue;
    lines.push(`- :warning: **${title}** (${found.length})`);
    for (const r of found.slice(0, 100)) lines.push(`  - ${mdText(r.detail)}`);
    if (found.length > 100) lines.push(`  - … and ${found.length - 100} more`);
  }
  return lines;
}
