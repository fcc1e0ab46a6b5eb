// CODEOWNERS, read the way GitHub reads it, to group the access review by who owns each manifest:
// the first file found of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS; `pattern owner...`
// lines, `#` comments; the last pattern that matches a path wins. Patterns follow gitignore: a
// leading `/` or an inner `/` anchors to the repository root, `*` stays within a path segment, `**`
// crosses them, a trailing `/` means everything under a folder, and `docs/*` owns only the files
// directly in docs/ (GitHub's documented example). A line with a pattern and no owner
// leaves the matching files unowned.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export interface CodeOwnersRule {
  pattern: string;
  owners: string[];
  regex: RegExp;
}

export function parseCodeOwners(text: string): CodeOwnersRule[] {
  const rules: CodeOwnersRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) continue;
    const [pattern, ...owners] = line.split(/\s+/);
    rules.push({ pattern: pattern!, owners, regex: patternRegex(pattern!) });
  }
  return rules;
}

function patternRegex(pattern: string): RegExp {
  let p = pattern;
  const directory = p.endsWith('/');
  if (directory) p = p.slice(0, -1);
  const anchored = p.startsWith('/') || p.includes('/');
  p = p.replace(/^\//, '');
  let body = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*' && p[i + 1] === '*') {
      if (p[i + 2] === '/') { body += '(?:.*/)?'; i += 2; } else { body += '.*'; i += 1; }
    } else if (c === '*') body += '[^/]*';
    else if (c === '?') body += '[^/]';
    else body += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A last segment that names something (no wildcard) may be a folder: everything under it matches.
  // One with a wildcard matches only at that level (`docs/*` owns docs/a.md, not docs/sub/a.md).
  const named = !/[*?]/.test(p.split('/').at(-1)!);
  return new RegExp(`${anchored ? '^' : '(?:^|/)'}${body}${directory ? '/.*' : named ? '(?:/.*)?' : ''}$`);
}

/** The owners of a repository-relative path (`/`-separated), or none. */
export function ownersOf(rules: readonly CodeOwnersRule[], file: string): string[] {
  for (let i = rules.length - 1; i >= 0; i--) if (rules[i]!.regex.test(file)) return rules[i]!.owners;
  return [];
}

/** The repository's CODEOWNERS rules, from the first of GitHub's three places that has the file. */
export async function readCodeOwners(repoRoot: string): Promise<CodeOwnersRule[] | undefined> {
  for (const candidate of ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS']) {
    const text = await readFile(path.join(repoRoot, candidate), 'utf8').catch(() => undefined);
    if (text !== undefined) return parseCodeOwners(text);
  }
  return undefined;
}
