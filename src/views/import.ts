// import's outcome: what was written where, and what to run next.
import type { ImportOutcome } from '../usecases/import.js';
import { printed, type Printed } from './output.js';

export function importView(o: ImportOutcome): Printed {
  return printed({
    stdout: `Imported workspace ${o.workspace}: ${o.members} members, ${o.invites} pending invites, ${o.groups} groups -> ${o.out}/ (${o.files.join(', ')})\n`
      + `Next: segment-access validate ${o.out} && segment-access plan ${o.out}${o.local ? ' --local' : ''}\n`,
  });
}
