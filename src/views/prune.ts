// prune's outcome: what expired (or was removed) at file:line, then a count; or the JSON list.
import type { PruneOutcome } from '../usecases/prune.js';
import { printed, type Printed } from './output.js';

export type PruneFormat = 'text' | 'json';

const entries = (n: number) => `${n} expired entr${n === 1 ? 'y' : 'ies'}`;

function proposal(o: PruneOutcome): string {
  const pr = o.proposal;
  if (!pr) return '';
  return pr.action === 'none' ? `No prune pull request needed${pr.number ? ` (#${pr.number} stays open)` : ''}\n` : `Prune pull request #${pr.number}: ${pr.action} (${pr.url})\n`;
}

export const pruneViews: Record<PruneFormat, (o: PruneOutcome) => Printed> = {
  json: (o) => printed({ stdout: `${JSON.stringify({ check: o.check, at: o.at.toISOString(), removals: o.removals }, null, 2)}\n`, stderr: proposal(o) }),
  text: (o) => {
    const lines = o.removals.map((r) => `${o.check ? 'expired' : 'removed'}: ${r.file}:${r.line}: ${r.what}\n`);
    const n = o.removals.length;
    if (o.check) lines.push(n ? `${entries(n)} to prune.\n` : 'Nothing has expired.\n');
    else lines.push(n ? `Pruned ${entries(n)} from ${o.files.length} file${o.files.length === 1 ? '' : 's'}.\n` : 'Nothing has expired.\n');
    return printed({ stdout: lines.join(''), stderr: proposal(o) });
  },
};
