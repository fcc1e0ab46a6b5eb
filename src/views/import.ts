// import's outcome: what was written where, and what to run next.
import type { ImportOutcome } from '../usecases/import.js';
import { printed, type Printed } from './output.js';
import { plural } from '../words.js';

export function importView(o: ImportOutcome): Printed {
  return printed({
    stdout: `Imported workspace ${o.workspace}: ${plural(o.members, 'member')}, ${plural(o.invites, 'pending invite')}, ${plural(o.groups, 'group')} -> ${o.out}/ (${o.files.join(', ')})\n`
      + `Next: segment-access validate ${o.out} && segment-access plan ${o.out}${o.local ? ' --local' : ''}\n`,
  });
}
