// Terminal rendering, Terraform-style: `+` invite/create, `~` change, `-` remove, a summary line,
// and colour only when writing to a terminal.
import type { Plan, Step } from './types.js';

const SYMBOL = { create: '+', update: '~', delete: '-' } as const;
const COLOUR = { create: 32, update: 33, delete: 31 } as const;

export function summaryLine(plan: Plan): string {
  const { invite, change, remove } = plan.summary;
  if (plan.steps.length === 0) return 'No changes. The workspace matches the manifests.';
  return `Plan: ${invite} to invite, ${change} to change, ${remove} to remove.`;
}

export function renderText(plan: Plan, options: { colour?: boolean } = {}): string {
  const paint = (code: number, text: string) => (options.colour ? `\u001b[${code}m${text}\u001b[0m` : text);
  const lines: string[] = [];
  lines.push(`Workspace ${plan.workspace.slug} (state ${plan.stateFingerprint.slice(0, 19)}, at ${plan.now})`, '');
  for (const step of plan.steps) lines.push(...renderStep(step, paint), '');
  for (const w of plan.warnings) lines.push(paint(33, `warning: ${w.message}`));
  if (plan.warnings.length) lines.push('');
  for (const g of plan.guards) lines.push(paint(31, `refused (${g.guard}): ${g.message}`));
  if (plan.guards.length) lines.push('');
  lines.push(summaryLine(plan));
  return `${lines.join('\n')}\n`;
}

function renderStep(step: Step, paint: (code: number, text: string) => string): string[] {
  const symbol = SYMBOL[step.action];
  const head = `${symbol} ${step.operation} ${step.method} ${step.path}${step.changes.length > 1 ? ` (${step.changes.length} subjects)` : ''}`;
  const lines = [paint(COLOUR[step.action], head)];
  for (const c of step.changes) {
    const risk = c.risks.length ? `  [${c.risks.join(', ')}]` : '';
    lines.push(`    ${c.subject}: ${c.text}${risk}`);
    lines.push(`      because ${c.reason}`);
    for (const d of c.details) lines.push(`      ${d}`);
  }
  return lines;
}
