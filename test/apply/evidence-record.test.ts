// The evidence record built from a plan and what was done: per change what was granted and removed,
// its justification, review date and expiry, whether it was done (every call serving it done), the
// outcome, and the CI context when there is one.
import { describe, expect, it } from 'vitest';
import type { OperationResult } from '../../src/apply/execute.js';
import { ciContext } from '../../src/adapters/ci-context.js';
import { buildEvidence, type EvidenceInput } from '../../src/apply/evidence.js';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const desired = desiredOf({
  members: [OWNER, { email: 'dan@acme.com', grants: [g('Source Read-only')], groups: ['eng'] }, { email: 'bob@acme.com', grants: [g('Source Admin')] }],
  groups: [{ name: 'eng', grants: [g('Source Read-only')] }],
});
const dan = desired.members.get('dan@acme.com')!;
dan.justification = 'on-call for the web pipeline';
dan.reviewBy = '2027-02-01';
dan.expires = '2027-03-31';
const PLAN = plan(desired, actualOf({ users: [OWNER, { email: 'bob@acme.com', id: 'uBob', grants: [g('Source Read-only')] }, { email: 'gone@acme.com', id: 'uGone' }] }),
  { now: new Date('2026-11-22T00:00:00Z'), toolVersion: '9.9.9', manifestDigest: 'sha256:m' });
const results = (status: (id: string) => OperationResult['status']): OperationResult[] =>
  PLAN.operations.map((op) => ({ id: op.id, kind: op.params.kind, subjects: [], changes: op.changes, status: status(op.id), attempts: 1, recoveries: 0 }));
const input = (over: Partial<EvidenceInput> = {}): EvidenceInput => ({
  plan: PLAN, desired, report: { ok: true, wallMs: 10, results: results(() => 'done') }, startedAt: new Date('2026-11-22T10:00:00Z'),
  finishedAt: new Date('2026-11-22T10:00:05Z'), verification: { status: 'passed' }, fingerprintAfter: 'sha256:after', ci: { actions: false }, ...over,
});

describe('buildEvidence', () => {
  it('records each change in words, with its justification, review date and expiry', () => {
    const e = buildEvidence(input());
    expect(PLAN.operations.map((op) => op.id)).toEqual(['createUserGroup#1', 'createInvites#1', 'replacePermissionsForUser#1', 'replacePermissionsForUserGroup#1', 'addUsersToUserGroup#1', 'deleteUsers#1']);
    const direct = { kind: 'direct' };
    expect(e.changes).toEqual([
      { subject: 'bob@acme.com', actions: ['update-access'], granted: [{ kind: 'grant', text: 'Source Admin on all sources', role: 'Source Admin', via: direct }],
        removed: [{ kind: 'grant', text: 'Source Read-only on all sources', role: 'Source Read-only', via: direct }], justification: null, done: true },
      { subject: 'dan@acme.com', actions: ['invite', 'join-groups'], removed: [],
        granted: [
          { kind: 'grant', text: 'Source Read-only on all sources', role: 'Source Read-only', via: direct },
          { kind: 'grant', text: 'Source Read-only on all sources (group eng)', role: 'Source Read-only', via: { kind: 'group', group: 'eng' } },
          { kind: 'group', text: 'group eng', group: 'eng' },
        ],
        justification: 'on-call for the web pipeline', review_by: '2027-02-01', expires: '2027-03-31', done: true },
      { subject: 'gone@acme.com', actions: ['remove'], granted: [], removed: [], justification: null, done: true },
      { subject: 'group eng', actions: ['create-group'], removed: [],
        granted: [
          { kind: 'grant', text: 'Source Read-only on all sources', role: 'Source Read-only', via: direct },
          // A new group is written with the floor beside its grants (src/plan/floor.ts).
          { kind: 'grant', text: 'Minimal Workspace Access on the workspace (the floor: no access beyond the workspace itself)', role: 'Minimal Workspace Access', via: direct },
          { kind: 'member', text: 'member dan@acme.com', member: 'dan@acme.com' },
        ], done: true },
    ]);
    expect(e).toMatchObject({
      evidence_version: '3', tool_version: '9.9.9', workspace: PLAN.workspace, started_at: '2026-11-22T10:00:00.000Z', finished_at: '2026-11-22T10:00:05.000Z', outcome: 'applied',
      operations_digest: PLAN.operationsDigest, manifest_digest: 'sha256:m', state_fingerprint_before: PLAN.stateFingerprint, state_fingerprint_after: 'sha256:after',
      verification: { status: 'passed' }, summary: PLAN.summary,
    });
    expect(e.ci).toBeUndefined();
    expect('request' in e).toBe(false);
  });

  it('marks a change done only when every call serving it is done', () => {
    // dan is served by createInvites#1 and addUsersToUserGroup#1; the join failed.
    const e = buildEvidence(input({ report: { ok: false, wallMs: 1, results: results((id) => (id === 'addUsersToUserGroup#1' ? 'failed' : id === 'deleteUsers#1' ? 'not-attempted' : 'done')) } }));
    expect(e.changes.map((c) => [c.subject, c.done])).toEqual([['bob@acme.com', true], ['dan@acme.com', false], ['gone@acme.com', false], ['group eng', false]]);
    expect(e.outcome).toBe('failed');
  });

  it('says when the apply went through but verification did not', () => {
    expect(buildEvidence(input({ verification: { status: 'failed', residual_operations: 2 } })).outcome).toBe('verification-failed');
    expect(buildEvidence(input({ verification: { status: 'not-run' } })).outcome).toBe('verification-failed');
  });

  it('records the CI context in GitHub Actions, and the pull request when there is one', async () => {
    const env = { GITHUB_ACTIONS: 'true', GITHUB_ACTOR: 'alice', GITHUB_SHA: 'abc', GITHUB_REPOSITORY: 'acme/access', GITHUB_REF: 'refs/heads/main', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42', GITHUB_EVENT_NAME: 'push' };
    const request = { pull_request: 7, title: 'Give dan read access', approvals: [{ by: 'bob' }] };
    const e = buildEvidence(input({ ci: await ciContext(env), request }));
    expect(e.ci).toEqual({ actor: 'alice', sha: 'abc', repository: 'acme/access', ref: 'refs/heads/main', run_url: 'https://github.com/acme/access/actions/runs/42', event_name: 'push' });
    expect(e.request).toEqual(request);
    expect(JSON.parse(JSON.stringify(buildEvidence(input({ ci: await ciContext({ GITHUB_SHA: 'abc' }) })).ci))).toEqual({ sha: 'abc' });
    expect(buildEvidence(input({ ci: await ciContext({ GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '42' }) })).ci!.run_url).toBeUndefined();
    expect(buildEvidence(input({ ci: await ciContext({ GITHUB_ACTIONS: 'false' }) })).ci).toBeUndefined();
  });

  it('records a cancelled apply with the signal that stopped it', () => {
    const e = buildEvidence(input({ report: { ok: false, wallMs: 5, cancelled: 'SIGTERM', results: results((id) => (id === 'createUserGroup#1' ? 'done' : 'not-attempted')) }, verification: { status: 'not-run' } }));
    expect(e.outcome).toBe('cancelled');
    expect(e.cancelled_by).toBe('SIGTERM');
  });
});
