// Copies an example workspace into a fresh folder, so a test can run the CLI with `--local` there
// (its local state lands in that folder's .segment-access/) and edit manifests freely.
import { cpSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './tmp.js';

export function copyExample(name = 'acme'): { cwd: string; dir: string } {
  const cwd = tempDir();
  cpSync(path.join(process.cwd(), 'examples', name), path.join(cwd, name), { recursive: true });
  return { cwd, dir: name };
}
