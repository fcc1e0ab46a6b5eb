// The shipped examples are documentation: acme must stay valid, and each folder under
// examples/invalid must fail with its one mistake at the exact key or value.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateManifests } from '../src/manifest/validate.js';

const AT = new Date('2026-11-22T00:00:00Z');

describe('examples', () => {
  it('acme validates with no errors', async () => {
    const { diagnostics, fileCount } = await validateManifests('examples/acme', { at: AT });

    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(fileCount).toBe(5);
  });

  const expected: Record<string, { file: string; line: number; col: number; code: string }> = {
    'bad-date': { file: 'members.yaml', line: 9, col: 14, code: 'invalid-date' },
    'domain-not-allowed': { file: 'members.yaml', line: 7, col: 12, code: 'domain-not-allowed' },
    'duplicate-member': { file: 'team.yaml', line: 6, col: 12, code: 'duplicate-member' },
    'too-few-owners': { file: 'workspace.yaml', line: 8, col: 14, code: 'too-few-owners' },
    'two-scopes': { file: 'members.yaml', line: 11, col: 9, code: 'two-scopes' },
    'typo-key': { file: 'members.yaml', line: 9, col: 5, code: 'unknown-key' },
  };

  it('every invalid example has an expectation here', () => {
    expect(readdirSync('examples/invalid').sort()).toEqual(Object.keys(expected).sort());
  });

  it.each(Object.entries(expected))('invalid/%s fails first at the offending node', async (folder, want) => {
    const { diagnostics } = await validateManifests(`examples/invalid/${folder}`, { at: AT });

    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ...want, file: `examples/invalid/${folder}/${want.file}` });
  });
});
