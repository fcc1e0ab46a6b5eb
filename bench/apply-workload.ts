// The apply benchmark's workspace and manifests: over 1,000 mutations spread over several endpoints
// (permission changes, new groups created, given access and filled, invitations, removals).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document } from 'yaml';
import { generateSeed } from '../src/emulator/generate-seed.js';
import type { EmulatorState } from '../src/emulator/state.js';

export function applyWorkload(dir: string): EmulatorState {
  const seed = generateSeed({ users: 800, groups: 0, sources: 20, invites: 0, seed: 11, slug: 'apply-bench' });
  mkdirSync(dir, { recursive: true });
  const members = seed.users.slice(0, 700).map((u, i) => ({
    email: u.email,
    ...(i < 5 ? { role: 'Workspace Owner', justification: 'owner' } : { access: [{ role: 'Source Admin', sources: [seed.sources[i % 20]!.slug] }] }),
    ...(i >= 5 && i < 605 ? { groups: [`squad-${i % 150}`] } : {}),
  }));
  for (let i = 0; i < 100; i++) members.push({ email: `joiner${i}@example.com`, role: 'Source Read-only' } as never);
  const groups = Array.from({ length: 150 }, (_, i) => ({ name: `squad-${i}`, access: [{ role: 'Source Read-only' }] }));
  writeFileSync(path.join(dir, 'workspace.yaml'), new Document({ version: 1, workspace: { slug: 'apply-bench' }, policy: { maxRemovals: '100%' }, groups }).toString());
  writeFileSync(path.join(dir, 'members.yaml'), new Document({ version: 1, members }).toString());
  return seed;
}
