import { describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/manifest/validate.js';
import { WORKSPACE_YAML, writeTree } from '../helpers/tmp.js';

async function firstError(members: string) {
  const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'members.yaml': members });
  const { diagnostics } = await validateManifests('.', { cwd: dir, at: new Date('2026-11-22T00:00:00Z') });
  return diagnostics.find((d) => d.severity === 'error');
}

describe('schema errors point at the exact node', () => {
  it.each([
    {
      name: 'an unknown key points at the key, with a suggestion',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    rol: Source Admin\n',
      want: { line: 4, col: 5, code: 'unknown-key', hint: 'did you mean `role`?' },
    },
    {
      name: 'a missing required key points at its parent mapping',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    role: Workspace Owner\n  - name: Nobody\n    role: Source Admin\n',
      want: { line: 5, col: 5, code: 'missing-key' },
    },
    {
      name: 'a bad enum value points at the value',
      yaml: 'version: 1\npolicy:\n  unmanaged: delete\n',
      want: { line: 3, col: 14, code: 'invalid-value' },
    },
    {
      name: 'a wrong type points at the value',
      yaml: 'version: 1\npolicy:\n  minOwners: two\n',
      want: { line: 3, col: 14, code: 'invalid-type' },
    },
    {
      name: 'an impossible date points at the date',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    expires: 2026-13-01\n',
      want: { line: 4, col: 14, code: 'invalid-date' },
    },
    {
      name: 'an invalid email points at the email',
      yaml: 'version: 1\nmembers:\n  - email: not-an-email\n',
      want: { line: 3, col: 12, code: 'invalid-email' },
    },
    {
      name: 'two scopes point at the second scope key',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    access:\n      - { role: Source Admin, sources: all, warehouses: [w] }\n',
      want: { line: 5, col: 45, code: 'two-scopes' },
    },
    {
      name: 'a source scope of the wrong form explains the accepted forms',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    access:\n      - { role: Source Admin, sources: everything }\n',
      want: { line: 5, col: 40, code: 'invalid-value' },
    },
    {
      name: 'a labels selector with a non-string value points inside the selector',
      yaml: 'version: 1\nmembers:\n  - email: a@acme.com\n    access:\n      - role: Source Admin\n        sources: { labels: { env: [prod] } }\n',
      want: { line: 6, col: 35, code: 'invalid-type' },
    },
    {
      name: 'a percentage above 100 is refused',
      yaml: 'version: 1\npolicy:\n  maxRemovals: 250%\n',
      want: { line: 3, col: 16, code: 'invalid-value' },
    },
    {
      name: 'a missing version points at the start of the file',
      yaml: 'members: []\n',
      want: { line: 1, col: 1, code: 'missing-key' },
    },
    {
      name: 'an unsupported version is named',
      yaml: 'version: 2\n',
      want: { line: 1, col: 10, code: 'unsupported-version' },
    },
    {
      name: '__proto__ is an unknown key, not a prototype',
      yaml: 'version: 1\n__proto__: {polluted: true}\n',
      want: { line: 2, col: 1, code: 'unknown-key' },
    },
  ])('$name', async ({ yaml, want }) => {
    const error = await firstError(yaml);

    expect(error).toMatchObject({ file: 'members.yaml', ...want });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports every schema error of a file in one pass', async () => {
    const dir = writeTree({
      'workspace.yaml': WORKSPACE_YAML,
      'members.yaml': 'version: 1\nmembers:\n  - email: a@acme.com\n    rol: X\n  - email: b@acme.com\n    expires: soon\n',
    });

    const { diagnostics } = await validateManifests('.', { cwd: dir });

    expect(diagnostics.map((d) => [d.line, d.code])).toEqual([[4, 'unknown-key'], [6, 'invalid-date']]);
  });
});

describe('two scopes in one entry', () => {
  it.each<[string, string, string[]]>([
    ['one scope and an unknown key is an unknown key, not two scopes', '{ role: Source Admin, sources: all, colour: red }', ['unknown-key']],
    ['sources and destinations', '{ role: Source Admin, sources: all, destinations: [ga4] }', ['two-scopes']],
    ['three scopes are one finding', '{ role: Source Admin, sources: all, destinations: [ga4], warehouses: [wh] }', ['two-scopes']],
    ['two scopes and an unknown key', '{ role: Source Admin, colour: red, sources: all, spaces: [s] }', ['unknown-key', 'two-scopes']],
    ['spaces and functions', '{ role: Function Admin, spaces: [s], functions: [f] }', ['two-scopes']],
  ])('%s', async (_title, entry, codes) => {
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'members.yaml': `version: 1\nmembers:\n  - email: o@acme.com\n    role: Workspace Owner\n    justification: test\n  - email: a@acme.com\n    access:\n      - ${entry}\n` });
    const { diagnostics } = await validateManifests('.', { cwd: dir, at: new Date('2026-11-22T00:00:00Z') });
    expect(diagnostics.filter((d) => d.severity === 'error').map((d) => d.code).sort()).toEqual([...codes].sort());
  });
});

describe('a file with very many schema errors', () => {
  it('reports the first 200 and counts the rest in one more diagnostic', async () => {
    const members = Array.from({ length: 150 }, (_, i) => `  - { emal: u${i}, rol: x }\n`).join('');
    const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 'members.yaml': `version: 1\nmembers:\n${members}` });
    const { diagnostics } = await validateManifests('.', { cwd: dir, at: new Date('2026-11-22T00:00:00Z') });
    const errors = diagnostics.filter((d) => d.severity === 'error' && d.file === 'members.yaml');
    expect(errors).toHaveLength(201);
    const last = errors.find((d) => d.code === 'too-many-errors')!;
    // 150 members x (missing email, two unknown keys) = 450 errors; 200 shown, 250 counted.
    expect(last.message).toBe('250 more schema errors in this file are not shown (the first 200 are)');
    expect(last.line).toBe(3 + 66);
  });
});
