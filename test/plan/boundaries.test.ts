// Decisions taken at a boundary, checked on both sides of it: an invite exactly 7 days old, a token
// acting at the first second after its expiry date, a call failing exactly as often as it may.
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute.js';
import { buildDriftReport } from '../../src/plan/drift-report.js';
import { plan } from '../../src/plan/plan.js';
import type { Operation } from '../../src/plan/types.js';
import { SegmentClient } from '../../src/segment/client.js';
import type { AuditEvent } from '../../src/workspace/audit.js';
import { DEMO } from '../helpers/demo-ids.js';
import { testEmulator } from '../helpers/emulator.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const planAt = (sentAt: string) => plan(desiredOf({ members: [OWNER, { email: 'p@acme.com', grants: [g('Source Read-only')] }] }),
  actualOf({ users: [OWNER], invites: [{ email: 'p@acme.com', sentAt }] }), { now: NOW, toolVersion: 't', manifestDigest: 'sha256:m' });

describe('boundaries', () => {
  it.each<[string, string, string[]]>([
    ['exactly 7 days old: still valid', '2026-11-15T12:00:00Z', []],
    ['7 days and a second: expired', '2026-11-15T11:59:59Z', ['deleteInvites', 'createInvites']],
    ['6 days and 23 hours: still valid', '2026-11-15T13:00:00Z', []],
  ])('an invite %s', (_name, sentAt, kinds) => {
    const p = planAt(sentAt);
    expect(p.operations.map((op) => op.params.kind)).toEqual(kinds);
    expect(p.pendingInvites.length).toBe(kinds.length ? 0 : 1);
  });

  it.each<[string, string, number]>([
    ['at the first second of its expiry date', '2026-11-21T00:00:00Z', 1],
    ['the second before', '2026-11-20T23:59:59Z', 0],
  ])('a token acting %s', (_name, timestamp, findings) => {
    const p = planAt('2026-11-21T00:00:00Z');
    const event: AuditEvent = { id: 'e1', timestamp, type: 'Policy Updated', actor: 'public-api-token/tok1', resourceId: 'x', resourceType: 'policy', resourceName: '' };
    const report = buildDriftReport({ plan: p, actual: actualOf({}), diagnostics: [], events: [event], tokens: [{ id: 'tok1', description: 'ci', owner: 'owner@acme.com', expires: '2026-11-21' }] });
    expect(report.findings.filter((f) => f.kind === 'token')).toHaveLength(findings);
  });

  it.each<[number, number]>([[2, 2], [3, 3]])('a call that keeps failing is tried %i times when %i are allowed', async (maxAttempts, attempts) => {
    const emulator = await testEmulator({ failRequests: [{ operation: 'replacePermissionsForUser', fault: 'error', status: 503, times: 10 }] });
    const client = new SegmentClient({ baseUrl: emulator.url, token: emulator.token, sleep: async () => {} });
    const op: Operation = { id: 'r#1', params: { kind: 'replacePermissionsForUser', userId: DEMO.carol, email: 'carol@acme.com', grants: [] }, changes: [], after: [], onlyAdds: false };
    const report = await executePlan([op], client, { sleep: async () => {}, maxAttempts });
    await client.close();
    expect(report.results[0]).toMatchObject({ status: 'failed', attempts, recoveries: attempts - 1, error: { status: 503 } });
  });
});
