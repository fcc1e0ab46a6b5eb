// Risk call-outs that match how reviewers think: admin on a sensitive source for anyone new
// (an invite included) or gaining it, with the sensitive sources configurable; a new Workspace
// Owner without a justification called out in the plan itself.
import { describe, expect, it } from 'vitest';
import { plan } from '../../src/plan/plan.js';
import { actualOf, desiredOf, g } from '../helpers/model.js';

const OPTIONS = { now: new Date('2026-11-22T00:00:00Z'), toolVersion: 't', manifestDigest: 'sha256:m' };
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const risksOf = (p: ReturnType<typeof plan>, email: string) => p.changes.find((c) => c.id === `person:${email}`)!.risks.map((r) => `${r.kind}: ${r.detail}`);

describe('call-outs', () => {
  it('a new outside member invited as Source Admin on a prod-labelled source', () => {
    const p = plan(
      desiredOf({ members: [OWNER, { email: 'dev@agency.io', grants: [g('Source Admin', 'SOURCE', 'src-web')] }], policy: { allowedEmailDomains: ['acme.com'] } }),
      actualOf({ users: [{ ...OWNER, id: 'uOwner' }] }), OPTIONS,
    );
    expect(risksOf(p, 'dev@agency.io')).toEqual([
      'sensitive-admin: dev@agency.io gets Source Admin on web-prod: admin on web-prod (environment=prod)',
      'external-member: dev@agency.io is outside acme.com',
    ]);
  });

  it('sensitive sources named by slug in policy.sensitive; an admin kept is no new call-out', () => {
    const desired = desiredOf({
      members: [OWNER, { email: 'a@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web'), g('Source Admin', 'SOURCE', 'src-stg')] }],
      policy: { sensitive: ['web-staging', 'web-prod'] },
    });
    const p = plan(desired, actualOf({ users: [{ ...OWNER, id: 'uOwner' }, { email: 'a@acme.com', id: 'uA', grants: [g('Source Admin', 'SOURCE', 'src-web')] }] }), OPTIONS);
    expect(risksOf(p, 'a@acme.com').filter((r) => r.startsWith('sensitive-admin'))).toEqual([
      'sensitive-admin: a@acme.com gets Source Admin on web-staging: admin on web-staging (policy.sensitive)',
    ]);
  });

  it('a new Workspace Owner without justification is a call-out; with one, it is not', () => {
    const base = actualOf({ users: [{ ...OWNER, id: 'uOwner' }, { email: 'b@acme.com', id: 'uB', grants: [g('Source Read-only')] }] });
    const without = plan(desiredOf({ members: [OWNER, { email: 'b@acme.com', grants: [g('Workspace Owner')] }] }), base, OPTIONS);
    expect(risksOf(without, 'b@acme.com')).toContain('owner-without-justification: b@acme.com becomes Workspace Owner with no justification in the manifest');
    const desired = desiredOf({ members: [OWNER, { email: 'b@acme.com', grants: [g('Workspace Owner')] }] });
    desired.members.get('b@acme.com')!.justification = 'on-call lead';
    expect(risksOf(plan(desired, base, OPTIONS), 'b@acme.com').map((r) => r.split(':')[0])).toEqual(['owner-grant']);
  });

  it('a re-sent invite is no privilege escalation, but an admin invite on a sensitive source still is called out', () => {
    const desired = desiredOf({ members: [OWNER, { email: 'new@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web')] }] });
    const stale = actualOf({ users: [{ ...OWNER, id: 'uOwner' }], invites: [{ email: 'new@acme.com', sentAt: '2026-11-01T00:00:00Z' }] });
    const p = plan(desired, stale, OPTIONS);
    expect(p.changes.find((c) => c.id === 'person:new@acme.com')!.reasons.map((r) => r.kind)).toContain('invite-expired');
    expect(risksOf(p, 'new@acme.com')).toEqual(['sensitive-admin: new@acme.com gets Source Admin on web-prod: admin on web-prod (environment=prod)']);
  });
});
