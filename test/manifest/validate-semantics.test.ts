import { describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/manifest/validate.js';
import { writeTree } from '../helpers/tmp.js';

const AT = new Date('2026-11-22T00:00:00Z');

function workspace(policy = ''): string {
  return `version: 1\nworkspace:\n  slug: acme-prod\n${policy ? `policy:\n${policy}` : ''}`;
}
const OWNER = '  - email: owner@acme.com\n    role: Workspace Owner\n    justification: lead\n';

async function check(files: Record<string, string | undefined>) {
  const dir = writeTree(Object.fromEntries(Object.entries(files).filter((e): e is [string, string] => e[1] !== undefined)));
  const { diagnostics } = await validateManifests('.', { cwd: dir, at: AT });
  return diagnostics.map((d) => ({ severity: d.severity, file: d.file, line: d.line, col: d.col, code: d.code, message: d.message }));
}

describe('semantic validation', () => {
  it.each([
    {
      name: 'a member defined in two files names both places',
      files: {
        'a.yaml': `${workspace()}members:\n${OWNER}`,
        'b.yaml': 'version: 1\nmembers:\n  - email: OWNER@acme.com\n',
      },
      want: { file: 'b.yaml', line: 3, col: 12, code: 'duplicate-member', message: expect.stringContaining('a.yaml:5:12') },
    },
    {
      name: 'a group defined twice',
      files: {
        'a.yaml': `${workspace()}members:\n${OWNER}groups:\n  - name: eng\n`,
        'b.yaml': 'version: 1\ngroups:\n  - name: Eng\n',
      },
      want: { file: 'b.yaml', line: 3, col: 11, code: 'duplicate-group' },
    },
    {
      name: 'a profile defined in two files',
      files: {
        'a.yaml': `${workspace()}members:\n${OWNER}profiles:\n  ro: [{ role: Source Read-only }]\n`,
        'b.yaml': 'version: 1\nprofiles:\n  ro: [{ role: Source Admin }]\n',
      },
      want: { file: 'b.yaml', line: 3, col: 3, code: 'duplicate-profile' },
    },
    {
      name: 'a token listed twice',
      files: {
        'a.yaml': `${workspace()}members:\n${OWNER}tokens:\n  - { id: tok1234, description: ci, owner: owner@acme.com }\n  - { id: tok1234, description: again, owner: owner@acme.com }\n`,
      },
      want: { file: 'a.yaml', line: 10, col: 11, code: 'duplicate-token' },
    },
    {
      name: 'an unknown group, with a suggestion',
      files: { 'a.yaml': `${workspace()}groups:\n  - name: engineers\nmembers:\n${OWNER}    groups: [enginers]\n` },
      want: { line: 10, col: 14, code: 'unknown-group', message: 'group `enginers` is not defined' },
    },
    {
      name: 'an unknown profile',
      files: { 'a.yaml': `${workspace()}members:\n${OWNER}  - email: x@acme.com\n    profile: readonly\n` },
      want: { line: 9, col: 14, code: 'unknown-profile' },
    },
    {
      name: 'an email outside the allowed domains',
      files: { 'a.yaml': `${workspace('  allowedEmailDomains: [acme.com]\n')}members:\n${OWNER}  - email: x@gmail.com\n` },
      want: { line: 10, col: 12, code: 'domain-not-allowed' },
    },
    {
      name: 'a temporary-domain member without expires',
      files: { 'a.yaml': `${workspace('  temporaryDomains: [agency.io]\n')}members:\n${OWNER}  - email: x@agency.io\n` },
      want: { line: 10, col: 12, code: 'temporary-without-expiry' },
    },
    {
      name: 'a maxDays role granted without expiry',
      files: { 'a.yaml': `${workspace('  maxDays: { Source Admin: 30 }\n')}members:\n${OWNER}  - email: x@acme.com\n    role: Source Admin\n` },
      want: { line: 11, col: 11, code: 'max-days-exceeded', message: expect.stringContaining('never expires') },
    },
    {
      name: 'a maxDays role granted for too long',
      files: { 'a.yaml': `${workspace('  maxDays: { Source Admin: 30 }\n')}members:\n${OWNER}  - email: x@acme.com\n    access:\n      - { role: Source Admin, expires: 2027-06-01 }\n` },
      want: { line: 12, col: 9, code: 'max-days-exceeded', message: expect.stringContaining('2027-06-01') },
    },
    {
      name: 'fewer owners than minOwners points at minOwners',
      files: { 'a.yaml': `${workspace('  minOwners: 2\n')}members:\n${OWNER}` },
      want: { line: 5, col: 14, code: 'too-few-owners' },
    },
    {
      name: 'no owner at all with the default minOwners points at the workspace',
      files: { 'a.yaml': `${workspace()}members:\n  - email: x@acme.com\n    role: Source Admin\n` },
      want: { line: 2, col: 1, code: 'too-few-owners', message: expect.stringContaining('requires 1') },
    },
    {
      name: 'an expired owner does not count',
      files: { 'a.yaml': `${workspace()}members:\n${OWNER}    expires: 2026-11-01\n` },
      want: { line: 2, col: 1, code: 'too-few-owners' },
    },
    {
      name: 'two files declaring the workspace',
      files: { 'a.yaml': `${workspace()}members:\n${OWNER}`, 'b.yaml': 'version: 1\nworkspace:\n  slug: other\n' },
      want: { file: 'b.yaml', line: 2, col: 1, code: 'multiple-workspaces' },
    },
    {
      name: 'no file declaring the workspace',
      files: { 'a.yaml': `version: 1\nmembers:\n${OWNER}` },
      want: { file: 'a.yaml', line: 1, col: 1, code: 'no-workspace' },
    },
  ])('$name', async ({ files, want }) => {
    const diagnostics = await check(files);

    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors[0]).toMatchObject({ file: 'a.yaml', ...want });
  });

  it('owners through a group or a profile count', async () => {
    const diagnostics = await check({
      'a.yaml': `${workspace('  minOwners: 2\n')}profiles:\n  root: [{ role: Workspace Owner }]\ngroups:\n  - name: admins\n    access: [{ role: Workspace Owner }]\nmembers:\n  - { email: a@acme.com, profile: root, justification: x }\n  - { email: b@acme.com, groups: [admins], justification: y }\n`,
    });

    expect(diagnostics).toEqual([]);
  });

  it.each([
    { name: 'access expiring soon', member: '    access:\n      - { role: Source Admin, expires: 2026-11-30 }\n', code: 'expiring-soon', line: 10 },
    { name: 'a membership already expired', member: '    expires: 2026-11-01\n', code: 'expired', line: 9 },
    { name: 'an overdue review', member: '    reviewBy: 2026-10-01\n', code: 'review-overdue', line: 9 },
  ])('warns about $name', async ({ member, code, line }) => {
    const diagnostics = await check({ 'a.yaml': `${workspace()}members:\n${OWNER}  - email: x@acme.com\n    role: Source Admin\n${member}` });

    expect(diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code, line: line + 1 })]);
  });

  it('warns about an owner without justification and tokens past or near expiry', async () => {
    const diagnostics = await check({
      'a.yaml': `${workspace()}members:\n  - email: owner@acme.com\n    role: Workspace Owner\ntokens:\n  - { id: old12345, description: old, owner: owner@acme.com, expires: 2026-11-01 }\n  - { id: new12345, description: new, owner: owner@acme.com, expires: 2026-11-30 }\n`,
    });

    expect(diagnostics.map((d) => [d.severity, d.code, d.line])).toEqual([
      ['warning', 'owner-without-justification', 5],
      ['warning', 'token-expired', 8],
      ['warning', 'token-expiring', 9],
    ]);
  });

  it('names the token whose owner left (the offboarding finding says which token to hand over or revoke)', async () => {
    const diagnostics = await check({ 'a.yaml': `${workspace()}members:\n${OWNER}tokens:\n  - { id: tokGone1, description: nightly export, owner: gone@acme.com }\n` });
    expect(diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual(['token-owner-unknown: token tokGone1 (nightly export): its owner gone@acme.com is not a member in the manifests']);
  });

  it('judges expirations at the given instant, not the wall clock', async () => {
    const files = { 'a.yaml': `${workspace()}members:\n${OWNER}  - email: x@acme.com\n    role: Source Admin\n    expires: 2026-12-01\n` };
    const dir = writeTree(files);

    const before = await validateManifests('.', { cwd: dir, at: new Date('2026-10-01T00:00:00Z') });
    const after = await validateManifests('.', { cwd: dir, at: new Date('2026-12-01T00:00:00Z') });

    expect(before.diagnostics).toEqual([]);
    expect(after.diagnostics.map((d) => d.code)).toEqual(['expired']);
  });
});
