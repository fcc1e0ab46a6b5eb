// A workspace and manifests far enough apart for a long apply: ~200 permission changes, 50 new
// groups (created, given access, filled), and 60 invitations — about 350 API calls.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Document } from 'yaml';
import { generateSeed } from '../../src/emulator/generate-seed.js';
import type { EmulatorState } from '../../src/emulator/state.js';
import { tempDir } from './tmp.js';

export function bigWorkspace(): { seed: EmulatorState; cwd: string; dir: string } {
  const seed = generateSeed({ users: 200, groups: 0, sources: 10, invites: 0, seed: 3, slug: 'big' });
  const cwd = tempDir();
  const dir = path.join(cwd, 'big');
  mkdirSync(dir, { recursive: true });
  const members = seed.users.map((u, i) => ({
    email: u.email,
    ...(i < 5 ? { role: 'Workspace Owner', justification: 'owner' } : { access: [{ role: 'Source Admin', sources: [seed.sources[i % 10]!.slug] }] }),
    ...(i >= 5 && i < 205 ? { groups: [`team-${i % 50}`] } : {}),
  }));
  for (let i = 0; i < 60; i++) members.push({ email: `new${i}@example.com`, role: 'Source Read-only' } as never);
  const groups = Array.from({ length: 50 }, (_, i) => ({ name: `team-${i}`, access: [{ role: 'Source Read-only' }] }));
  writeFileSync(path.join(dir, 'workspace.yaml'), new Document({ version: 1, workspace: { slug: 'big' }, policy: { maxRemovals: '100%' }, groups }).toString());
  writeFileSync(path.join(dir, 'members.yaml'), new Document({ version: 1, members }).toString());
  return { seed, cwd, dir: 'big' };
}
