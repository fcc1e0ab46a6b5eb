// Markdown for pull requests: the summary line, any refusal, the risk call-outs a reviewer must not
// miss, then one block per person and group (a diff with `+`/`-` in column 1), then the API calls.
// Every user-written string is escaped (markdown.ts). Within a character budget, details are
// trimmed first: every risk call-out and every subject's header line stay.
import { changeLines, diffText, keptShown, subjectName } from './change-lines.js';
import { codeBlock, mdText } from './markdown.js';
import { operationSubjects, planSpelling } from './operation-label.js';
import { pendingLine, policyFindingText, summaryLine } from './render-text.js';
import { policyDenials, shownWarnings, type Plan, type RiskKind } from './types.js';
import { plural } from '../words.js';

export const MARKDOWN_BUDGET = 60_000;

export interface MarkdownOptions {
  /** Most characters the result may have (default 60,000; GitHub refuses comments over 65,536). */
  budget?: number;
  /** Where the full plan can be found when detail is trimmed. */
  fullPlanHint?: string;
}

const RISK_TITLES: Array<[RiskKind, string]> = [
  ['owner-grant', 'Workspace Owner granted'], ['owner-without-justification', 'Workspace Owner without justification'],
  ['sensitive-admin', 'Admin on sensitive sources'], ['privilege-escalation', 'Privilege escalation'], ['owner-removal', 'Workspace Owner removed'],
  ['removal', 'Removed'], ['widening', 'Wider than it looks'], ['external-member', 'Outside the company domain'], ['token-change', 'Token inventory'],
];

export function renderMarkdown(plan: Plan, options: MarkdownOptions = {}): string {
  const budget = options.budget ?? MARKDOWN_BUDGET;
  // The head (summary, pending invites, refusals, risk call-outs) always stays whole in kind, but its
  // lists are shortened until it takes at most half the budget: 1,500 pending invites or thousands
  // of risks must not push the comment past GitHub's limit.
  let head = headLines(plan, 100);
  for (let listed = 50; head.join('\n').length > budget / 2 && listed >= 5; listed = Math.floor(listed / 2)) head = headLines(plan, listed);

  const footer = ['', `<sub>operations ${plan.operationsDigest.slice(0, 19)} · state ${plan.stateFingerprint.slice(0, 19)} · manifests ${plan.manifestDigest.slice(0, 19)} · segment-access ${mdText(plan.toolVersion)}</sub>`];
  const shown = shownWarnings(plan);
  const warnings = shown.length
    ? ['', `<details><summary>${plural(shown.length, 'warning')}</summary>`, '', ...shown.map((w) => `- ${mdText(w.message)}`), '', '</details>'] : [];
  const spelling = planSpelling(plan);
  const operations = plan.operations.length
    ? ['', `<details><summary>${plural(plan.operations.length, 'API call')}</summary>`, '', codeBlock(plan.operations.map((op) => `${op.id} ${operationSubjects(op, spelling)}`)), '', '</details>'] : [];

  const headers = plan.changes.map((c) => {
    const l = changeLines(c, plan.now);
    return `- \`${l.symbol}\` ${mdText(l.header)}`;
  });
  const blocks = plan.changes.map((c) => {
    const l = changeLines(c, plan.now);
    // Kept grants are diff context lines (a leading space): the reviewer sees what stays beside what moves.
    const body = [...l.reasons.map((r) => `# because ${r}`), ...l.diff.map((d) => `${d.sign} ${diffText(d, plan.now, true)}`), ...keptShown(l.kept, plan.now).map((k) => `  ${k}`), ...l.notes.map((n) => `# ${n}`)];
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
    // 60 characters stay free for the "… and N more" line.
    const limit = budget - 60;
    let used = fixed;
    for (let i = 0; i < blocks.length; i++) {
      const later = rest[i + 1] ?? 0;
      const piece = used + blocks[i]!.length + 1 + later <= limit ? blocks[i]! : headers[i]!;
      if (used + piece.length + 1 > limit) {
        body.push(`- … and ${plural(blocks.length - i, 'more change')} not shown`);
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

/** The summary, pending invites, refusals and risk call-outs, each list showing at most `listed` items. */
function headLines(plan: Plan, listed: number): string[] {
  const head: string[] = [`### segment-access plan for \`${mdText(plan.workspace.slug)}\``, '', `**${mdText(summaryLine(plan))}**`];
  const pending = plan.pendingInvites;
  if (pending.length) {
    head.push('', `<details><summary>${plural(pending.length, 'pending invite')}, left alone while valid</summary>`, '',
      ...pending.slice(0, listed).map((p) => `- ${mdText(pendingLine(p, plan.now))}`),
      ...(pending.length > listed ? [`- … and ${pending.length - listed} more`] : []), '', '</details>');
  }
  if (plan.guards.length) {
    head.push('', '> [!CAUTION]', '> **This plan is refused by a safety guard:**');
    for (const g of plan.guards) head.push(`> - ${mdText(g.message)}${g.overridable ? ' (`--allow-removals` at apply overrides this one)' : ''}`);
  }
  const denials = policyDenials(plan);
  if (denials.length) {
    head.push('', '> [!CAUTION]', '> **This plan is denied by the policy rules** (it cannot be applied until the manifests change):');
    for (const f of denials.slice(0, listed)) head.push(`> - ${mdText(policyFindingText(f))}`);
    if (denials.length > listed) head.push(`> - … and ${denials.length - listed} more`);
  }
  const risks = riskLines(plan, listed);
  if (risks.length) head.push('', '**Needs a careful look:**', '', ...risks);
  return head;
}

/** Every kind of risk, owner grants and escalations first, each with its count and at most `listed` details. */
function riskLines(plan: Plan, listed: number): string[] {
  const lines: string[] = [];
  for (const [kind, title] of RISK_TITLES) {
    const found = [...(plan.manifestRisks ?? []), ...plan.changes.flatMap((c) => c.risks)].filter((r) => r.kind === kind);
    if (!found.length) continue;
    lines.push(`- :warning: **${title}** (${found.length})`);
    for (const r of found.slice(0, listed)) lines.push(`  - ${mdText(r.detail)}`);
    if (found.length > listed) lines.push(`  - … and ${found.length - listed} more`);
  }
  const warned = plan.policyFindings.filter((f) => f.level === 'warn');
  if (warned.length) {
    lines.push(`- :warning: **Policy warnings** (${warned.length})`);
    for (const f of warned.slice(0, listed)) lines.push(`  - ${mdText(policyFindingText(f))}`);
    if (warned.length > listed) lines.push(`  - … and ${warned.length - listed} more`);
  }
  return lines;
}
