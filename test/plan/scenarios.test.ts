// A reviewer's scenarios, each planned from scratch and compared whole: every change with its
// before/after access, reasons and risks; the operations in their safe order; guards; the summary; and
// the text and Markdown a reviewer reads. The snapshots were read line by line when they were written:
// a difference in any of them is a difference in what a reviewer is shown.
import { describe, expect, it } from 'vitest';
import type { Desired, DesiredGrant } from '../../src/manifest/resolve.js';
import { plan, type PlanOptions } from '../../src/plan/plan.js';
import { renderMarkdown } from '../../src/plan/render-markdown.js';
import { renderText } from '../../src/plan/render-text.js';
import type { Actual } from '../../src/workspace/model.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const OPTIONS: PlanOptions = { now: NOW, toolVersion: 't', manifestDigest: 'sha256:m' };
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };
const at = (line: number) => ({ file: 'acme/people.yaml', line, col: 7 });

interface Scenario {
  name: string;
  desired: DesiredSpec;
  actual: ActualSpec;
  /** Adjustments the builders have no field for (profiles, expiries, widening, invite dates). */
  tweak?: (d: Desired, a: Actual) => void;
  options?: Partial<PlanOptions>;
  withoutOwner?: boolean;
}

const profile = (grant: DesiredGrant, name: string): DesiredGrant => ({ ...grant, profile: name });
const expiring = (grant: DesiredGrant, date: string): DesiredGrant => ({ ...grant, expires: date });

const SCENARIOS: Scenario[] = [
  {
    name: 'an outside contractor invited as owner, with an expiring grant and a profile',
    desired: {
      policy: { allowedEmailDomains: ['acme.com'] },
      members: [{ email: 'dev@agency.io', grants: [g('Workspace Owner'), expiring(g('Source Admin', 'SOURCE', 'src-web'), '2026-12-31'), profile(g('Source Read-only'), 'analyst')] }],
    },
    actual: {},
    tweak: (d) => { d.members.get('dev@agency.io')!.expires = '2027-01-31'; },
  },
  {
    name: 'escalation through a group join, and a grant kept through a group',
    desired: {
      groups: [{ name: 'Admins', grants: [g('Source Admin')] }, { name: 'readers', grants: [g('Source Read-only')] }],
      members: [{ email: 'carol@acme.com', groups: ['admins', 'readers'] }, { email: 'dan@acme.com', groups: ['readers'] }],
    },
    actual: {
      users: [{ email: 'carol@acme.com', id: 'uCarol', grants: [g('Source Read-only')] }, { email: 'dan@acme.com', id: 'uDan', grants: [g('Source Read-only')] }],
      groups: [{ name: 'Admins', id: 'gAdm', grants: [g('Source Admin')] }, { name: 'readers', id: 'gRead', grants: [g('Source Read-only')], members: ['dan@acme.com'] }],
    },
  },
  {
    name: 'direct ownership handed over to a group member: the join comes first',
    withoutOwner: true,
    desired: {
      groups: [{ name: 'owners', grants: [g('Workspace Owner')] }],
      members: [{ email: 'alice@acme.com', grants: [g('Source Admin')] }, { email: 'bob@acme.com', groups: ['owners'] }],
    },
    actual: {
      users: [{ email: 'alice@acme.com', id: 'uAlice', grants: [g('Workspace Owner')] }, { email: 'bob@acme.com', id: 'uBob' }],
      groups: [{ name: 'owners', id: 'gOwn', grants: [g('Workspace Owner')] }],
    },
  },
  {
    name: 'removals: a user, a pending invite, a group with members, an expired membership',
    desired: {
      members: [{ email: 'keep@acme.com', grants: [g('Source Read-only')] }],
      expired: [{ subject: 'temp@agency.io', what: 'membership', date: '2026-11-01', origin: at(12) }, { subject: 'keep@acme.com', what: 'grant Source Admin', date: '2026-11-15', origin: at(4) }],
    },
    actual: {
      users: [{ email: 'keep@acme.com', id: 'uKeep', grants: [g('Source Read-only'), g('Source Admin')] }, { email: 'gone@acme.com', id: 'uGone', grants: [g('Workspace Owner')] }, { email: 'temp@agency.io', id: 'uTemp' }],
      invites: [{ email: 'stray@acme.com' }],
      groups: [{ name: 'old-team', id: 'gOld', grants: [g('Source Admin')], members: ['gone@acme.com', 'keep@acme.com'] }],
    },
  },
  {
    name: 'group changes: a new owner group with members, one losing ownership, one widening',
    desired: {
      groups: [{ name: 'root', grants: [g('Workspace Owner')] }, { name: 'ex-owners', grants: [g('Source Read-only')] }, { name: 'wider', grants: [g('Source Admin')] }, { name: 'empty-owner', grants: [g('Workspace Owner')] }],
      members: [{ email: 'eve@acme.com', groups: ['root', 'ex-owners'] }],
    },
    actual: {
      users: [{ email: 'eve@acme.com', id: 'uEve' }],
      groups: [{ name: 'ex-owners', id: 'gEx', grants: [g('Workspace Owner')], members: ['eve@acme.com'] }, { name: 'wider', id: 'gW', grants: [g('Source Admin', 'SOURCE', 'src-web')] }],
    },
  },
  {
    name: 'widening through a destination, for a person and a group',
    desired: {
      groups: [{ name: 'dest-team', grants: [{ ...g('Warehouse Destination Read-only', 'SOURCE', 'src-web'), widening: { destination: 'snowflake', source: 'web-prod', alsoOpens: [] } }] }],
      members: [{ email: 'wes@acme.com', grants: [{ ...g('Warehouse Destination Read-only', 'SOURCE', 'src-web'), widening: { destination: 'bigquery', source: 'web-prod', alsoOpens: ['amplitude', 'braze'] } }] }],
    },
    actual: { users: [{ email: 'wes@acme.com', id: 'uWes' }] },
  },
  {
    name: 'invites: one fresh and left alone, one expired, one of unknown age (no event names it, never re-issued), labels on an invite',
    desired: {
      members: [
        { email: 'fresh@acme.com', grants: [g('Source Admin')], groups: ['eng'] },
        { email: 'stale@acme.com', grants: [g('Source Read-only', 'WORKSPACE', 'ws-1', ['environment=prod'])], groups: ['eng'] },
        { email: 'unseen@acme.com', grants: [g('Source Read-only')] },
      ],
      groups: [{ name: 'eng' }],
    },
    actual: {
      invites: [{ email: 'fresh@acme.com', sentAt: '2026-11-20T10:00:00Z' }, { email: 'stale@acme.com', sentAt: '2026-11-10T10:00:00Z' }, { email: 'Unseen@acme.com' }],
      groups: [{ name: 'eng', id: 'gEng', members: ['fresh@acme.com', 'stale@acme.com'] }],
    },
  },
  {
    name: 'unmanaged people and groups under policy.unmanaged: report',
    desired: { policy: { unmanaged: 'report' }, members: [{ email: 'kept@acme.com' }] },
    actual: {
      users: [{ email: 'kept@acme.com', id: 'uKept' }, { email: 'shadow@acme.com', id: 'uSh', grants: [g('Source Admin')] }],
      invites: [{ email: 'pending@acme.com' }],
      groups: [{ name: 'legacy', id: 'gLeg', members: ['shadow@acme.com', 'kept@acme.com'] }],
    },
  },
  {
    name: 'guards: a protected member removed, too many removals, fewer owners than policy',
    withoutOwner: true,
    desired: {
      policy: { protectedMembers: ['boss@acme.com'], maxRemovals: 1, minOwners: 2 },
      members: [{ email: 'solo@acme.com', grants: [g('Workspace Owner')] }],
    },
    actual: {
      users: [{ email: 'solo@acme.com', id: 'uSolo', grants: [g('Workspace Owner')] }, { email: 'boss@acme.com', id: 'uBoss', grants: [g('Workspace Owner')] }, { email: 'x@acme.com', id: 'uX' }],
    },
  },
  {
    name: 're-invite on request, case-insensitive emails kept as stored',
    options: { reinvite: 'all' },
    desired: { members: [{ email: 'Mixed.Case@Acme.com', grants: [g('Source Read-only')] }, { email: 'Kim@acme.com', grants: [g('Source Admin')] }] },
    actual: { invites: [{ email: 'mixed.case@acme.com', sentAt: '2026-11-21T00:00:00Z' }], users: [{ email: 'kim@ACME.com', id: 'uKim', grants: [g('Source Read-only')] }] },
  },
];

function planOf(s: Scenario) {
  const desired = desiredOf({ ...s.desired, members: [...(s.withoutOwner ? [] : [OWNER]), ...(s.desired.members ?? [])] });
  const actual = actualOf({ ...s.actual, users: [...(s.withoutOwner ? [] : [{ ...OWNER, id: 'uOwner' }]), ...(s.actual.users ?? [])] });
  s.tweak?.(desired, actual);
  return plan(desired, actual, { ...OPTIONS, ...s.options });
}

describe('plans a reviewer reads', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s', (_name, s) => {
    const p = planOf(s);
    expect({ changes: p.changes, operations: p.operations, guards: p.guards, warnings: p.warnings, pendingInvites: p.pendingInvites, summary: p.summary }).toMatchSnapshot('plan');
    expect(renderText(p)).toMatchSnapshot('text');
    expect(renderMarkdown(p)).toMatchSnapshot('markdown');
  });
});
