// One spelling of each email in every output: the manifest's. Segment's spelling, where it differs,
// is said once in the person's block and kept in the requests, which name Segment's records.
import { describe, expect, it } from 'vitest';
import { operationSubjectList, operationSubjects, planSpelling } from '../../src/plan/operation-label.js';
import { plan } from '../../src/plan/plan.js';
import { renderText } from '../../src/plan/render-text.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };

describe('email spelling', () => {
  it('names Bob@acme.com of the workspace as the manifest spells it, bob@acme.com, in changes, calls and results', () => {
    const p = plan(
      desiredOf({ members: [OWNER, { email: 'bob@acme.com', grants: [g('Source Admin')] }] }),
      actualOf({ users: [{ ...OWNER, id: 'uO' }, { email: 'Bob@acme.com', id: 'uB', grants: [g('Source Read-only')] }] }),
      { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' },
    );
    const change = p.changes.find((c) => c.id === 'person:bob@acme.com')!;
    const op = p.operations.find((o) => o.params.kind === 'replacePermissionsForUser')!;

    expect(change.subject).toEqual({ kind: 'person', email: 'bob@acme.com' });
    expect(change.notes).toContain('Segment spells this email Bob@acme.com');
    expect(op.params).toMatchObject({ userId: 'uB', email: 'Bob@acme.com' });
    expect(operationSubjectList(op, planSpelling(p))).toEqual(['bob@acme.com']);
    expect(operationSubjects(op, planSpelling(p))).toBe('bob@acme.com');
    const text = renderText(p);
    expect(text.match(/Bob@acme\.com/g)).toEqual(['Bob@acme.com']);
  });
});
