import { describe, expect, it } from 'vitest';
import { loadManifests } from '../../src/manifest/load.js';
import { writeTree } from '../helpers/tmp.js';

const BOMB = `version: 1
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`;

describe('loadManifests', () => {
  it('reads *.yaml and *.yml recursively in sorted order, skipping dot-folders', async () => {
    const dir = writeTree({
      'b.yml': 'version: 1\n',
      'a.yaml': 'version: 1\n',
      'team/c.yaml': 'version: 1\n',
      '.segment-access/state.yaml': 'not: read\n',
      'notes.txt': 'ignored',
    });

    const result = await loadManifests('.', { cwd: dir });

    expect(result.files.map((f) => f.path)).toEqual(['a.yaml', 'b.yml', 'team/c.yaml']);
    expect(result.diagnostics).toEqual([]);
  });

  it.each([
    { name: 'an alias bomb', content: BOMB, want: { code: 'alias-limit', line: 3, col: 8 } },
    { name: 'a file over 1 MiB', content: `version: 1\n# ${'x'.repeat(2 * 1024 * 1024)}\n`, want: { code: 'file-too-large', line: 1, col: 1 } },
    { name: 'a tab used for indentation', content: 'version: 1\nmembers:\n\t- email: a@acme.com\n', want: { code: 'yaml-syntax', line: 3, col: 1 } },
    { name: 'an unclosed bracket', content: 'version: 1\nmembers: [\n', want: { code: 'yaml-syntax', line: 3, col: 1 } },
    { name: 'a duplicate key', content: 'version: 1\nversion: 1\n', want: { code: 'duplicate-key', line: 2, col: 1 } },
    { name: 'a list instead of a mapping', content: '- a\n- b\n', want: { code: 'not-a-mapping', line: 1, col: 1 } },
    { name: 'a bare string', content: 'hello\n', want: { code: 'not-a-mapping', line: 1, col: 1 } },
    { name: 'two documents in one file', content: 'version: 1\n---\nversion: 1\n', want: { code: 'yaml-syntax', line: 2, col: 1 } },
  ])('turns $name into a positioned diagnostic', async ({ content, want }) => {
    const dir = writeTree({ 'bad.yaml': content });
    const started = performance.now();

    const result = await loadManifests('.', { cwd: dir });

    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.files).toEqual([]);
    expect(result.diagnostics[0]).toMatchObject({ severity: 'error', file: 'bad.yaml', ...want });
  });

  it('accepts an empty file (comments only) without a diagnostic', async () => {
    const dir = writeTree({ 'empty.yaml': '# nothing yet\n' });

    const result = await loadManifests('.', { cwd: dir });

    expect(result.diagnostics).toEqual([]);
    expect(result.fileCount).toBe(1);
  });

  it('reports a missing folder and a folder without manifests', async () => {
    const dir = writeTree({ 'readme.md': '' });

    const missing = await loadManifests('nope', { cwd: dir });
    const empty = await loadManifests('.', { cwd: dir });

    expect(missing.diagnostics[0]).toMatchObject({ code: 'no-manifests', message: 'nope does not exist' });
    expect(empty.diagnostics[0]).toMatchObject({ code: 'no-manifests' });
  });

  it('keeps __proto__ as an own key and never touches Object.prototype', async () => {
    const dir = writeTree({ 'a.yaml': 'version: 1\n__proto__: {polluted: true}\n' });

    const result = await loadManifests('.', { cwd: dir });

    expect(Object.keys(result.files[0]!.data)).toContain('__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
