// who-can's outcome: for each resource the name stands for, everyone whose access reaches it.
import { oneLine } from '../words.js';
import type { WhoCanOutcome } from '../usecases/who-can.js';
import { diagnosticsPrinted, join, printed, type Printed, type ViewContext } from './output.js';

export type WhoCanFormat = 'text' | 'json';

export const whoCanViews: Record<WhoCanFormat, (o: WhoCanOutcome, ctx: ViewContext) => Printed> = {
  json: (o, ctx) => join(diagnosticsPrinted(o.diagnostics, ctx), printed({ stdout: `${JSON.stringify({ workspace: o.workspace, resource: o.resource, results: o.results }, null, 2)}\n` })),
  text: (o, ctx) => {
    const lines: string[] = [];
    for (const { target, people } of o.results) {
      lines.push(`${target.kind} ${target.name} in workspace ${o.workspace}${target.note ? ` (${target.note})` : ''}: ${people.length} ${people.length === 1 ? 'person' : 'people'}`);
      for (const p of people) {
        for (const g of p.grants) lines.push(`  ${p.email}  ${g.text}${g.via.kind === 'group' ? ` (group ${g.via.group})` : ' (direct)'}`);
      }
    }
    lines.push('', 'Pending invites are not listed: their access cannot be read through the API.');
    return join(diagnosticsPrinted(o.diagnostics, ctx), printed({ stdout: `${lines.map(oneLine).join('\n')}\n` }));
  },
};
