// The repository explains itself: every document a comment cites is in docs/ (with the section it
// names), and nothing cites a note a user of the repository cannot open.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|json|yml|cjs)$/.test(name) ? [p] : [];
  });
}

const SOURCES = ['src', 'test', 'bench', 'scripts', 'schema', '.github'].flatMap(files).filter((f) => !f.endsWith('docs.test.ts'));

describe('documents the code cites', () => {
  it('are in the repository, with the sections they name', () => {
    const missing: string[] = [];
    for (const file of SOURCES) {
      const text = readFileSync(file, 'utf8');
      // (docs/a.md and docs/sub/a.md are CODEOWNERS examples, not citations.)
      for (const m of text.matchAll(/(?<![/\w])docs\/([\w-]{2,}\.md)(?:,?\s+"([^"]+)")?/g)) {
        const doc = path.join('docs', m[1]!);
        let body: string;
        try { body = readFileSync(doc, 'utf8'); } catch { missing.push(`${file}: ${doc}`); continue; }
        if (m[2] && !new RegExp(`^#+ ${m[2].replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'm').test(body)) missing.push(`${file}: ${doc} "${m[2]}"`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('never name notes outside the repository', () => {
    const outside = SOURCES.filter((f) => /segment-public-api\.md|DESIGN(\.md| section)|STYLE(\.md| items?)|ecosystem-notes|peer-reconcilers/.test(readFileSync(f, 'utf8')));
    expect(outside).toEqual([]);
  });
});
