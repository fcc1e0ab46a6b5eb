// Temporary folders of manifest files for tests; removed when the test file finishes.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => { for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true }); });

/** Writes `files` (relative path -> content) under a fresh folder and returns the folder. */
export function writeTree(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'segment-access-'));
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

export function tempDir(): string {
  return writeTree({});
}

/** A minimal valid workspace file to pair with test members. */
export const WORKSPACE_YAML = `version: 1
workspace:
  slug: acme-prod
`;
