// Each change of a plan, and each difference of a drift report, carries an RFC 6902 patch: applying
// it to `before` gives `after`, with fast-json-patch as a policy engine or a SIEM would apply it.
import fastJsonPatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { buildDriftReport } from '../../src/plan/drift-report.js';
import { plan } from '../../src/plan/plan.js';
import { renderJson } from '../../src/plan/render-json.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const actual = actualOf({
  users: [{ ...OWNER, id: 'uO' }, { email: 'carol@acme.com', id: 'uC', grants: [g('Source Admin')] }, { email: 'gone@acme.com', id: 'uG', grants: [g('Source Read-only')] }],
  groups: [{ name: 'eng', id: 'gE', grants: [g('Source Read-only')], members: ['carol@acme.com'] }, { name: 'old', id: 'gOld', grants: [g('Source Admin')] }],
  invites: [{ email: 'pending@acme.com', sentAt: '2026-11-01T00:00:00Z' }],
});
const p = plan(desiredOf({
  members: [OWNER, { email: 'carol@acme.com', grants: [g('Source Read-only', 'SOURCE', 'src-web')] }, { email: 'new@acme.com', grants: [g('Source Read-only')], groups: ['eng', 'ops'] },
    { email: 'pending@acme.com', grants: [g('Warehouse Destination Read-only')] }],
  groups: [{ name: 'eng', grants: [g('Source Admin', 'WORKSPACE', 'ws-1', ['environment=prod'])] }, { name: 'ops', grants: [g('Workspace Owner')] }],
}), actual, { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' });

describe('JSON Patch on each change', () => {
  it('turns before into after for every kind of change in the JSON plan', () => {
    const doc = JSON.parse(renderJson(p)) as { changes: Array<{ id: string; actions: string[]; before: object; after: object; patch: fastJsonPatch.Operation[] }> };
    expect(new Set(doc.changes.flatMap((c) => c.actions))).toEqual(new Set(['update-access', 'leave-groups', 'invite', 'join-groups', 'reissue-invite', 'remove', 'create-group', 'update-group', 'delete-group']));
    for (const c of doc.changes) {
      expect(c.patch.length, c.id).toBeGreaterThan(0);
      expect(fastJsonPatch.validate(c.patch, c.before), c.id).toBeUndefined();
      expect(fastJsonPatch.applyPatch(fastJsonPatch.deepClone(c.before), c.patch).newDocument, c.id).toEqual(c.after);
    }
  });

  it('turns the workspace into the manifests for every difference of a drift report', () => {
    const report = buildDriftReport({ plan: p, actual, diagnostics: [], events: [], tokens: [] });
    const doc = JSON.parse(JSON.stringify(report)) as { changes: Array<{ subject: string; before: object; after: object; patch: fastJsonPatch.Operation[] }> };
    expect(doc.changes.length).toBeGreaterThan(3);
    for (const c of doc.changes) expect(fastJsonPatch.applyPatch(fastJsonPatch.deepClone(c.before), c.patch).newDocument, c.subject).toEqual(c.after);
  });
});
