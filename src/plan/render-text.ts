// Terminal rendering: risks first, then one block per person and group (effective access before ->
// after as `+`/`-` lines, where each grant comes from, reasons, notes), then the API calls, the
// warnings, any refusal, and a summary that adds up. Colour only when asked for.
import { oneLine } from '../words.js';
import { changeLines, daysFrom, diffText, keptShown } from './change-lines.js';
import { operationSubjects, planSpelling } from './operation-label.js';
import { summaryLine as summaryText } from './summary.js';
import { shownWarnings, type GuardFinding, type PendingInvite, type Plan, type PolicyFinding } from './types.js';

export function summaryLine(plan: Pick<Plan, 'summary' | 'changes' | 'operations'>): string {
  return summaryText(plan.summary, plan.operations.length > 0 || plan.changes.length > 0);
}

export interface TextOptions {
  colour?: boolean;
  /** This run passed `--allow-removals`: the overridable guard is allowed, not refused. */
  allowRemovals?: boolean;
}

/** A guard as this run sees it: refused (with how to override, where one exists) or allowed by the flag. */
export function guardText(g: GuardFinding, allowRemovals = false): string {
  if (g.overridable && allowRemovals) return `allowed by --allow-removals (${g.guard}): ${g.message}`;
  return `refused (${g.guard}): ${g.message}${g.overridable ? '; apply with --allow-removals if this is intended' : ''}`;
}

/** Removes terminal control characters from text that came from manifests or the API. */
export function terminalSafe(text: string): string {
  return oneLine(text);
}

export function renderText(plan: Plan, options: TextOptions = {}): string {
  const paint = (code: number, text: string) => (options.colour ? `\u001b[${code}m${terminalSafe(text)}\u001b[0m` : terminalSafe(text));
  const colourOf = (sign: string) => (sign === '+' ? 32 : sign === '-' ? 31 : 33);
  const lines: string[] = [terminalSafe(`Workspace ${plan.workspace.slug} (state ${plan.stateFingerprint.slice(0, 19)}, at ${plan.now})`), ''];
  const risks = [...(plan.manifestRisks ?? []), ...plan.changes.flatMap((c) => c.risks)];
  if (risks.length) {
    lines.push('Risks:');
    for (const r of risks) lines.push(paint(31, `  ! ${r.kind}: ${r.detail}`));
    lines.push('');
  }
  for (const change of plan.changes) {
    const l = changeLines(change, plan.now);
    lines.push(paint(colourOf(l.symbol), `${l.symbol} ${l.header}`));
    for (const r of l.reasons) lines.push(terminalSafe(`    because ${r}`));
    for (const d of l.diff) lines.push(paint(colourOf(d.sign), `${d.sign}     ${diffText(d, plan.now, true)}`));
    for (const k of keptShown(l.kept, plan.now)) lines.push(terminalSafe(`      ${k}`));
    for (const n of l.notes) lines.push(terminalSafe(`    note: ${n}`));
    lines.push('');
  }
  if (plan.operations.length) {
    lines.push(`API calls (${plan.operations.length}):`);
    const spelling = planSpelling(plan);
    for (const op of plan.operations) lines.push(terminalSafe(`  ${op.id.padEnd(34)} ${operationSubjects(op, spelling)}`));
    lines.push('');
  }
  if (plan.pendingInvites.length) {
    lines.push(`Pending invites (${plan.pendingInvites.length}), left alone while valid:`);
    for (const p of plan.pendingInvites) lines.push(terminalSafe(`  ${pendingLine(p, plan.now)}`));
    lines.push('');
  }
  const warnings = shownWarnings(plan);
  for (const w of warnings) lines.push(paint(33, `warning: ${w.message}`));
  if (warnings.length) lines.push('');
  for (const g of plan.guards) lines.push(paint(g.overridable && options.allowRemovals ? 33 : 31, guardText(g, options.allowRemovals)));
  if (plan.guards.length) lines.push('');
  for (const f of plan.policyFindings) lines.push(paint(f.level === 'deny' ? 31 : 33, `${f.level === 'deny' ? 'denied' : 'warning'} by policy rule ${policyFindingText(f)}`));
  if (plan.policyFindings.length) lines.push('');
  lines.push(terminalSafe(summaryLine(plan)));
  return `${lines.join('\n')}\n`;
}

/** `no-agency-admin-on-prod (acme/workspace.yaml:40): dev@agency.io, Source Admin on web-prod: agency members may not …`. */
export function policyFindingText(f: PolicyFinding): string {
  const what = f.error ? `could not be evaluated (${f.error})${f.level === 'deny' ? ', so it denies' : ''}` : f.message;
  return `${f.rule} (${f.at}): ${f.email}${f.grant ? `, ${f.grant}` : ''}: ${what}`;
}

/** "frank@acme.com: sent 2026-11-18 (4 days ago), valid until 2026-11-25 (in 3 days)". */
export function pendingLine(p: PendingInvite, now: string): string {
  if (!p.sentAt) return `${p.email}: age unknown (no Audit Trail event names this email), so never re-sent by itself; --reinvite=${p.email} re-sends it`;
  return `${p.email}: sent ${p.sentAt.slice(0, 10)} (${daysFrom(p.sentAt, now)}), valid until ${p.expiresAt!.slice(0, 10)} (${daysFrom(p.expiresAt!, now)})`;
}
