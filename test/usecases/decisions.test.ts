// The decision rules of the use cases, each a small pure function, table by table: the confirmation
// answer, which approvals are in force and what they approve, which workspaces a change touches,
// what may reach git's argv, and who can reach a resource.
import { describe, expect, it } from 'vitest';
import { isRevision } from '../../src/adapters/git-cli.js';
import { approvalsInForce, approves, reviewedDigest } from '../../src/github/reviewed-plan.js';
import { planMarker } from '../../src/github/sticky-comment.js';
import { catalogOf } from '../../src/plan/describe.js';
import type { IssueComment, Review } from '../../src/ports/github.js';
import { approvalOf, confirms } from '../../src/usecases/apply.js';
import { reaches } from '../../src/usecases/who-can.js';
import { inFolder, touchedWorkspaces } from '../../src/usecases/workspaces.js';
import type { Grant } from '../../src/workspace/model.js';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

describe('the confirmation rule', () => {
  it.each<[string, boolean]>([
    ['yes', true], [' yes ', true], ['yes\n', true],
    ['', false], ['y', false], ['Y', false], ['YES', false], ['Yes', false], ['yes please', false], ['no', false], ['nope', false], ['ok', false], ['true', false],
  ])('%j applies: %s', (answer, want) => {
    expect(confirms(answer)).toBe(want);
  });
});

const review = (author: string, state: Review['state'], at: string, commitId = 'head') => ({ author, state, submittedAt: at, commitId });

describe('approvals in force', () => {
  it.each<[string, Review[], string[]]>([
    ['one approval', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z')], ['bob']],
    ['a comment after an approval leaves it standing', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z'), review('bob', 'COMMENTED', '2026-11-21T11:00:00Z')], ['bob']],
    ['a pending review leaves it standing', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z'), review('bob', 'PENDING', '2026-11-21T11:00:00Z')], ['bob']],
    ['a request for changes after an approval withdraws it', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z'), review('bob', 'CHANGES_REQUESTED', '2026-11-21T11:00:00Z')], []],
    ['a dismissed approval is withdrawn', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z'), review('bob', 'DISMISSED', '2026-11-21T11:00:00Z')], []],
    ['an approval after a request for changes stands', [review('bob', 'CHANGES_REQUESTED', '2026-11-21T10:00:00Z'), review('bob', 'APPROVED', '2026-11-21T11:00:00Z')], ['bob']],
    ['each reviewer counts on their own', [review('bob', 'APPROVED', '2026-11-21T10:00:00Z'), review('erin', 'CHANGES_REQUESTED', '2026-11-21T11:00:00Z'), review('carol', 'APPROVED', '2026-11-21T12:00:00Z')], ['bob', 'carol']],
    ['a review of a deleted account counts for nobody', [{ state: 'APPROVED', submittedAt: '2026-11-21T10:00:00Z' }], []],
  ])('%s', (_name, reviews, want) => {
    expect(approvalsInForce(reviews).map((a) => a.by)).toEqual(want);
  });
});

const comment = (updatedAt: string, sha = 'head', author = 'github-actions[bot]'): IssueComment => ({
  id: 1, author, url: 'u', createdAt: '2026-11-20T00:00:00Z', updatedAt,
  body: `${planMarker('acme', { operations: `sha256:${'a'.repeat(64)}`, sha }).line}\nthe plan`,
});

describe('what an approval approves', () => {
  it.each<[string, { at?: string; commit?: string }, IssueComment, boolean]>([
    ['given after the comment was last written, on its commit', { at: '2026-11-21T10:00:00Z', commit: 'head' }, comment('2026-11-21T09:00:00Z'), true],
    ['given the moment it was written', { at: '2026-11-21T09:00:00Z', commit: 'head' }, comment('2026-11-21T09:00:00Z'), true],
    ['given before the comment was rewritten', { at: '2026-11-21T10:00:00Z', commit: 'head' }, comment('2026-11-21T10:00:01Z'), false],
    ['given on another commit', { at: '2026-11-21T10:00:00Z', commit: 'older' }, comment('2026-11-21T09:00:00Z'), false],
    ['given with no time', { commit: 'head' }, comment('2026-11-21T09:00:00Z'), false],
  ])('%s: %s', (_name, approval, c, want) => {
    expect(approves({ by: 'bob', ...approval }, c)).toBe(want);
  });

  it('finds the plan for the workspace only in our own comments, and names why it does not count', () => {
    const reviews = [review('bob', 'APPROVED', '2026-11-21T10:00:00Z')];
    const base = { slug: 'acme', pr: 7, reviews, login: 'github-actions[bot]' };
    expect(reviewedDigest({ ...base, comments: [comment('2026-11-21T09:00:00Z')] })).toMatchObject({ kind: 'reviewed', digest: `sha256:${'a'.repeat(64)}` });
    expect(reviewedDigest({ ...base, comments: [comment('2026-11-21T09:00:00Z', 'head', 'mallory')] })).toMatchObject({ kind: 'not-reviewed', reason: expect.stringContaining('has no segment-access plan comment') });
    expect(reviewedDigest({ ...base, slug: 'other', comments: [comment('2026-11-21T09:00:00Z')] })).toMatchObject({ kind: 'not-reviewed' });
    expect(reviewedDigest({ ...base, comments: [comment('2026-11-21T11:00:00Z')] })).toMatchObject({ kind: 'not-reviewed', reason: expect.stringContaining('after the last approval (2026-11-21T10:00:00Z)') });
    expect(reviewedDigest({ ...base, reviews: [], comments: [comment('2026-11-21T09:00:00Z')] })).toMatchObject({ kind: 'not-reviewed', reason: expect.stringContaining('without an approving review') });
  });
});

describe('apply permission', () => {
  const p = plan(desiredOf({ members: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }, { email: 'n@acme.com', grants: [g('Source Read-only')] }] }),
    actualOf({ users: [{ email: 'o@acme.com', grants: [g('Workspace Owner')] }] }), { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });
  const reviewed = (digest: string) => ({ pr: 7, request: { pr: 7, title: 't', approvals: [] }, verdict: { kind: 'reviewed' as const, digest, comment: comment('2026-11-21T09:00:00Z'), approvals: [] } });
  it.each<[string, Parameters<typeof approvalOf>[1], boolean]>([
    ['a manual run that asks for no review', { requireReview: false }, true],
    ['the digest a person approved', { requireReview: true, approvedDigest: p.operationsDigest }, true],
    ['another digest than the one approved', { requireReview: false, approvedDigest: `sha256:${'0'.repeat(64)}` }, false],
    ['the reviewed plan', { requireReview: true, review: reviewed(p.operationsDigest) }, true],
    ['a plan that differs from the reviewed one', { requireReview: true, review: reviewed(`sha256:${'0'.repeat(64)}`) }, false],
    ['no merged pull request', { requireReview: true }, false],
    ['a pull request nobody approved', { requireReview: true, review: { pr: 7, request: { pr: 7, title: 't', approvals: [] }, verdict: { kind: 'not-reviewed', reason: 'r' } } }, false],
  ])('%s: %s', (_name, input, want) => {
    expect(approvalOf(p, input).approved).toBe(want);
  });
});

describe('which workspaces a change touches', () => {
  const ws = [{ folder: 'access/prod' }, { folder: 'access/prod-eu' }, { folder: 'access/staging' }];
  it.each<[string, string, boolean]>([
    ['access/prod/members.yaml', 'access/prod', true],
    ['access/prod', 'access/prod', true],
    ['access/prod-eu/members.yaml', 'access/prod', false],
    ['access/production.yaml', 'access/prod', false],
    ['anything/at/all.yaml', '.', true],
  ])('%s is in %s: %s', (file, folder, want) => {
    expect(inFolder(file, folder)).toBe(want);
  });

  it.each<[string[], string[]]>([
    [['access/prod-eu/members.yaml'], ['access/prod-eu']],
    [['access/prod/a.yaml', 'README.md'], ['access/prod']],
    [['access/shared.yaml'], ['access/prod', 'access/prod-eu', 'access/staging']],
    [['docs/notes.txt'], []],
  ])('%j touches %j', (changed, want) => {
    expect(touchedWorkspaces(ws, changed).map((w) => w.folder)).toEqual(want);
  });
});

describe('what may reach git', () => {
  it.each<[string, boolean]>([
    ['origin/main', true], ['v1.2.3', true], ['HEAD~2', true], ['0123456789abcdef0123456789abcdef01234567', true], ['main@{1}', true],
    ['-x', false], ['--upload-pack=touch /tmp/p', false], ['--output=x', false], ['main;rm -rf /', false], ['a b', false], ['', false],
  ])('%j: %s', (ref, want) => {
    expect(isRevision(ref)).toBe(want);
  });
});

describe('who can reach a resource', () => {
  const roles = ['Workspace Owner', 'Source Admin', 'Source Read-only', 'Warehouse Destination Read-only', 'Minimal Workspace Access', 'Mystery Role'].map((name, i) => ({ id: `r${i}`, name }));
  const catalog = catalogOf({ roles, sources: [], warehouses: [], spaces: [], functions: [] });
  const id = (name: string) => roles.find((r) => r.name === name)!.id;
  const ws = (name: string, labels: string[] = []): Grant => ({ roleId: id(name), type: 'WORKSPACE', resourceId: 'w', labels });
  const web = { kind: 'source' as const, type: 'SOURCE' as const, id: 'sWeb', labels: ['environment=prod'] };
  it.each<[string, Grant, boolean]>([
    ['an owner reaches everything', ws('Workspace Owner'), true],
    ['all sources reach a source', ws('Source Read-only'), true],
    ['a matching label reaches it', ws('Source Admin', ['environment=prod']), true],
    ['another label does not', ws('Source Admin', ['environment=dev']), false],
    ['the source itself', { roleId: id('Source Admin'), type: 'SOURCE', resourceId: 'sWeb', labels: [] }, true],
    ['another source does not', { roleId: id('Source Admin'), type: 'SOURCE', resourceId: 'sIos', labels: [] }, false],
    ['a warehouse role does not reach a source', ws('Warehouse Destination Read-only'), false],
    ['Minimal Workspace Access reaches no source', ws('Minimal Workspace Access'), false],
    ['a role the catalog does not know is not assumed to reach it', ws('Mystery Role'), false],
  ])('%s', (_name, grant, want) => {
    expect(reaches(catalog, { grant }, web)).toBe(want);
  });
});
