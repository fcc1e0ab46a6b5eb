// fmt's outcome: the files reformatted (or that would be), and why a file could not be.
import type { FmtOutcome } from '../usecases/fmt.js';
import { count, printed, type Printed } from './output.js';

export type FmtFormat = 'text' | 'json';

const problems = (o: FmtOutcome) => [
  ...o.problems.map((p) => `${p}\n`),
  ...(o.problems.length && !o.check && o.changed.length ? [`Nothing was written: fix the problem${o.problems.length === 1 ? '' : 's'} above first, then run fmt again.\n`] : []),
].join('');

export const fmtViews: Record<FmtFormat, (o: FmtOutcome) => Printed> = {
  json: (o) => printed({ stdout: `${JSON.stringify({ check: o.check, changed: o.changed, written: o.written, files: o.files, errors: o.problems.length }, null, 2)}\n`, stderr: problems(o) }),
  text: (o) => {
    const verb = o.check || !o.written ? 'would reformat' : 'reformatted';
    const lines = o.changed.map((f) => `${verb}: ${f}\n`);
    const n = o.changed.length;
    lines.push(n === 0
      ? `${count(o.files, 'file')} already formatted.\n`
      : `${o.written ? `Reformatted ${count(n, 'file')}` : `${count(n, 'file')} would be reformatted; run \`segment-access fmt ${o.dir}\``} (of ${o.files}).\n`);
    return printed({ stdout: lines.join(''), stderr: problems(o) });
  },
};
