// What the dependency rules cannot say: the use cases never see an output format (views are picked
// once, at the composition root, by --format), and no module but the roots builds a GitHub client.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const sources = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));

describe('the command layer', () => {
  it('has no per-format branch: the use cases never see a format, the roots only look one up', () => {
    const branches = [...sources('src/usecases'), 'src/cli.ts', 'src/action.ts']
      .flatMap((file) => readFileSync(file, 'utf8').split('\n').map((line, i) => ({ file, line, at: i + 1 })))
      .filter(({ file, line }) => /format\s*[!=]==|===\s*'(json|text|markdown|csv|html)'/.test(line) || (file.startsWith('src/usecases') && /(?<![-\w])format(?![-\w])/.test(line)));
    expect(branches.map((b) => `${b.file}:${b.at}: ${b.line.trim()}`)).toEqual([]);
  });

  it('builds the GitHub client only in the adapter the roots call', () => {
    const walk = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? walk(path.join(dir, d.name)) : d.name.endsWith('.ts') ? [path.join(dir, d.name)] : []));
    const all = walk('src');
    const building = all.filter((f) => /octokitGitHub\(|new (Octokit|Client)\(|@octokit\//.test(readFileSync(f, 'utf8')));
    expect(building.sort()).toEqual(['src/adapters/ci-context.ts', 'src/adapters/github-octokit.ts']);
  });
});
