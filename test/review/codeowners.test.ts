// CODEOWNERS read as GitHub reads it: comments, the last matching pattern wins, gitignore-style
// anchoring and wildcards, a trailing slash, and a pattern with no owner.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ownersOf, parseCodeOwners, readCodeOwners } from '../../src/review/codeowners.js';
import { tempDir } from '../helpers/tmp.js';

describe('CODEOWNERS', () => {
  it('reads pattern and owners, skipping comments (whole-line and trailing) and blank lines', () => {
    const rules = parseCodeOwners('# owners\n\n*.yaml   @acme/platform  @alice # trailing\r\naccess/#odd @bob\n   \n');
    expect(rules.map((r) => [r.pattern, r.owners])).toEqual([['*.yaml', ['@acme/platform', '@alice']], ['access/#odd', ['@bob']]]);
  });

  it.each<[string, string, boolean]>([
    // Unanchored: matches at any depth.
    ['*.yaml', 'access/prod/people.yaml', true],
    ['*.yaml', 'people.yml', false],
    ['people.yaml', 'access/prod/people.yaml', true],
    // A leading or inner slash anchors to the root.
    ['/people.yaml', 'people.yaml', true],
    ['/people.yaml', 'access/people.yaml', false],
    ['access/prod', 'access/prod/people.yaml', true],
    ['access/prod', 'x/access/prod/people.yaml', false],
    ['access/prod', 'access/production/people.yaml', false],
    // A trailing slash: everything under the folder, not the folder's namesake file.
    ['access/', 'access/prod/people.yaml', true],
    ['access/', 'access', false],
    // `*` stays within one segment; `docs/*` owns files directly in docs/ only.
    ['access/*', 'access/people.yaml', true],
    ['access/*', 'access/prod/people.yaml', false],
    ['access/*.yaml', 'access/a.yaml', true],
    // `**` crosses segments; `**/` may match none.
    ['access/**/people.yaml', 'access/people.yaml', true],
    ['access/**/people.yaml', 'access/a/b/people.yaml', true],
    ['access/**', 'access/a/b/c.yaml', true],
    ['**/prod/*.yaml', 'access/prod/a.yaml', true],
    // `?` is one character within a segment; regex characters are literal.
    ['access/p?od/', 'access/prod/a.yaml', true],
    ['access/p?od/', 'access/p/od/a.yaml', false],
    ['a.b+c', 'a.b+c', true],
    ['a.b+c', 'aXb+c', false],
    ['(x)', '(x)', true],
  ])('%s matches %s: %s', (pattern, file, want) => {
    expect(parseCodeOwners(`${pattern} @o`)[0]!.regex.test(file)).toBe(want);
  });

  it('the last matching pattern wins, and a pattern without owners leaves the file unowned', () => {
    const rules = parseCodeOwners('* @everyone\naccess/ @platform\naccess/prod/ @security @alice\naccess/prod/generated.yaml\n');
    expect(ownersOf(rules, 'README.md')).toEqual(['@everyone']);
    expect(ownersOf(rules, 'access/staging/a.yaml')).toEqual(['@platform']);
    expect(ownersOf(rules, 'access/prod/a.yaml')).toEqual(['@security', '@alice']);
    expect(ownersOf(rules, 'access/prod/generated.yaml')).toEqual([]);
    expect(ownersOf([], 'a.yaml')).toEqual([]);
  });

  it('reads the first of .github/CODEOWNERS, CODEOWNERS and docs/CODEOWNERS that exists', async () => {
    const root = tempDir();
    expect(await readCodeOwners(root)).toBeUndefined();
    mkdirSync(path.join(root, 'docs'));
    writeFileSync(path.join(root, 'docs/CODEOWNERS'), '* @docs\n');
    expect((await readCodeOwners(root))!.map((r) => r.owners)).toEqual([['@docs']]);
    writeFileSync(path.join(root, 'CODEOWNERS'), '* @root\n');
    expect((await readCodeOwners(root))!.map((r) => r.owners)).toEqual([['@root']]);
    mkdirSync(path.join(root, '.github'));
    writeFileSync(path.join(root, '.github/CODEOWNERS'), '* @github\n');
    expect((await readCodeOwners(root))!.map((r) => r.owners)).toEqual([['@github']]);
  });
});
