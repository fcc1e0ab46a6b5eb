// explain's outcome: one person's access as the manifests want it beside what the workspace gives.
import { oneLine } from '../words.js';
import { floorOnce } from '../plan/floor.js';
import { grantLine } from '../plan/change-lines.js';
import type { PersonState } from '../plan/types.js';
import type { ExplainOutcome } from '../usecases/explain.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './output.js';

export type ExplainFormat = 'text' | 'json';

function block(title: string, state: PersonState | undefined, now: string): string[] {
  if (!state) return [`${title}: not in any manifest`];
  const groups = state.groups.length ? `; groups ${state.groups.join(', ')}` : '';
  const lines = [`${title}: ${state.status}${groups}${state.expires ? `; membership until ${state.expires}` : ''}`];
  if (state.effective.length === 0) lines.push('    no access');
  for (const g of floorOnce(state.effective)) lines.push(`    ${grantLine(g, now)}${g.via.kind === 'direct' ? ' (direct)' : ''}`);
  return lines;
}

export const explainViews: Record<ExplainFormat, (o: ExplainOutcome, ctx: ViewContext) => Printed> = {
  json: (o, ctx) => join(diagnosticsPrinted(o.diagnostics, ctx), printed({
    stdout: `${JSON.stringify({ email: o.email, workspace: o.workspace, desired: o.desired ?? null, actual: o.actual, origin: o.origin ?? null }, null, 2)}\n`,
  })),
  text: (o, ctx) => join(diagnosticsPrinted(o.diagnostics, ctx), printed({
    stdout: `${[
      `${o.email} in workspace ${o.workspace}`,
      ...block(`  manifests${o.origin ? ` (${o.origin})` : ''}`, o.desired, o.at.toISOString()),
      ...block('  workspace', o.actual, o.at.toISOString()),
    ].map(oneLine).join('\n')}\n`,
  })),
};
