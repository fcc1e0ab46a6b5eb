// A pending invite past its validity is a finding, not drift: nobody changed anything out of band.
// The drift report lists it under its own heading, does not count it as drift, and leaves out the
// group re-add its re-issue needs (the group stays as it was).
import { describe, expect, it } from 'vitest';
import { buildDriftReport, renderDriftMarkdown } from '../../src/plan/drift-report.js';
import { plan } from '../../src/plan/plan.js';
import type { Actual } from '../../src/workspace/model.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
function report(desired: DesiredSpec, actual: ActualSpec, tweak?: (a: Actual) => void) {
  const a = actualOf({ ...actual, users: [OWNER, ...(actual.users ?? [])] });
  tweak?.(a);
  const p = plan(desiredOf({ ...desired, members: [OWNER, ...(desired.members ?? [])] }), a, { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });
  return { p, r: buildDriftReport({ plan: p, actual: a, diagnostics: [], tokens: [] }) };
}

describe('expired pending invites in drift', () => {
  const desired: DesiredSpec = { members: [{ email: 'late@acme.com', grants: [g('Source Read-only')], groups: ['eng'] }], groups: [{ name: 'eng', grants: [g('Source Read-only')] }] };
  const actual: ActualSpec = { invites: [{ email: 'late@acme.com', sentAt: '2026-11-01T09:00:00Z' }], groups: [{ name: 'eng', id: 'gEng', grants: [g('Source Read-only')], members: ['late@acme.com'] }] };

  it('are a finding, not drift, and leave out the unchanged group', () => {
    const { p, r } = report(desired, actual);
    expect(p.operations.map((op) => op.params.kind)).toEqual(['deleteInvites', 'createInvites', 'addUsersToUserGroup']);
    expect(r.hasDrift).toBe(false);
    expect(r.needsAction).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.findings).toEqual([{ kind: 'invite', action: false, message: 'late@acme.com never accepted the invite (invite sent 2026-11-01 has expired (older than 7 days)): the next apply sends it again' }]);
    expect(renderDriftMarkdown(r, p)).toBe([
      '### Access drift in Segment workspace `acme`', '', 'No drift: the workspace matches the manifests.', '',
      '#### Pending invites', '',
      '- late&#64;acme.com never accepted the invite (invite sent 2026-11-01 has expired (older than 7 days)): the next apply sends it again', '',
    ].join('\n'));
  });

  it('leave an invite of unknown age alone, and say its age is unknown', () => {
    const { p, r } = report({ members: [{ email: 'old@acme.com' }] }, { invites: [{ email: 'old@acme.com' }] });
    expect(p.operations).toEqual([]);
    expect(r.findings.map((f) => f.message)).toEqual(['1 pending invite has an unknown age (no Audit Trail event names its email): old@acme.com; never re-sent by itself; apply --reinvite=EMAIL re-sends one']);
  });

  it('still report real drift beside them, and a group that really changed', () => {
    const { r } = report(
      { ...desired, members: [...desired.members!, { email: 'x@acme.com', groups: ['eng'] }] },
      { ...actual, users: [{ email: 'x@acme.com', id: 'uX' }], groups: [{ name: 'eng', id: 'gEng', grants: [g('Source Admin')], members: ['late@acme.com'] }] },
    );
    expect(r.hasDrift).toBe(true);
    expect(r.changes.map((c) => c.event)).toEqual([
      // Source Admin covers Source Read-only, so the group lacks nothing the manifests give it.
      'group eng gained Source Admin on all sources; is missing member x@acme.com',
      'x@acme.com lacks Source Read-only on all sources (through group eng), which the manifests give; is missing from group eng',
    ]);
    expect(r.findings.map((f) => f.kind)).toEqual(['invite']);
  });
});
