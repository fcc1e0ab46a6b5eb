// What the emulator and `local reset` say.
import type { EmulatorEvent } from '../usecases/emulator.js';
import { printed, type Printed } from './output.js';

export function emulatorEventView(e: EmulatorEvent): Printed {
  switch (e.kind) {
    case 'generated': return printed({ stdout: `wrote ${e.file}: ${e.users} users, ${e.invites} invites, ${e.groups} groups, ${e.sources} sources, ${e.destinations} destinations\n` });
    case 'listening': return printed({
      stdout: `Segment API emulator listening on ${e.url} (workspace ${e.slug}, token ${e.token})\n${e.unknowns === 'defaults' ? '' : `Playing Segment's unknowns as ${e.unknowns} (docs/segment-api.md, "Unknowns")\n`}`,
    });
    case 'request': return printed({ stdout: `${e.line}\n` });
    case 'stopped': return printed({ stderr: 'emulator stopped\n' });
  }
}

const SEEDED = { demo: 'the demo seed', catalog: "the demo's catalog and no people", file: 'the seed given' } as const;

export function resetView(o: { slug: string; file: string; unknowns: string; seeded: keyof typeof SEEDED }): Printed {
  const switches = o.unknowns === 'defaults' ? '' : `, playing ${o.unknowns}`;
  return printed({ stdout: `Local workspace ${o.slug} restored to ${SEEDED[o.seeded]} (${o.file}${switches}).\n` });
}
