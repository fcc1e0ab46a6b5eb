// The drift report from data to Markdown: which differences, who made them (exact matches only),
// which findings need a person now, and what the issue body says. Pure: no workspace needed.
import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/manifest/diagnostic.js';
import { plan } from '../../src/plan/plan.js';
import { attribute, byWhom, type AttributionSubject } from '../../src/plan/attribution.js';
import { buildDriftReport, driftEvent, renderDriftMarkdown } from '../../src/plan/drift-report.js';
import { catalogOf } from '../../src/plan/describe.js';
import type { AuditEvent } from '../../src/workspace/audit.js';
import { actualOf, desiredOf, g, type ActualSpec, type DesiredSpec } from '../helpers/model.js';

const NOW = new Date('2026-11-22T00:00:00Z');
const OWNER = { email: 'owner@acme.com', grants: [g('Workspace Owner')] };

function drifted(desired: DesiredSpec, actual: ActualSpec, auditTrail = 'read') {
  const a = actualOf({ ...actual, users: [{ ...OWNER, id: 'uOwner' }, ...(actual.users ?? [])] });
  const p = plan(desiredOf({ ...desired, members: [OWNER, ...(desired.members ?? [])] }), { ...a, auditTrail }, { now: NOW, toolVersion: 't', manifestDigest: 'sha256:m' });
  return { p, actual: { ...a, auditTrail } };
}

const event = (n: number, over: Partial<AuditEvent>): AuditEvent => ({
  id: `e${n}`, timestamp: `2026-11-${10 + n}T09:00:00Z`, type: 'User Policy Updated', actor: 'user/uOwner', actorEmail: 'owner@acme.com', resourceId: '', resourceType: 'policy', resourceName: '', ...over,
});

const diag = (code: string, message: string, line: number): Diagnostic => ({ severity: 'warning', file: 'acme/people.yaml', line, col: 5, code, message, hint: '' });

// Carol was made Source Admin in the app; a stranger was added; a group lost its access; an invite appeared.
const SCENE = drifted(
  { members: [{ email: 'carol@acme.com', grants: [g('Source Read-only')] }], groups: [{ name: 'eng', grants: [g('Source Read-only')] }] },
  {
    users: [{ email: 'carol@acme.com', id: 'uCarol', grants: [g('Source Admin')] }, { email: 'mallory@evil.io', id: 'uMal', grants: [g('Workspace Owner')] }],
    groups: [{ name: 'eng', id: 'gEng', grants: [] }],
    invites: [{ email: 'stray@acme.com' }],
  },
);
const EVENTS = [
  event(1, { resourceId: 'uCarol', type: 'User Policy Updated', actorEmail: 'bob@acme.com' }),
  event(2, { resourceId: 'uCarol', type: 'User Policy Updated', actorEmail: 'eve@acme.com' }), // newer: wins
  event(0, { resourceId: 'uCarol', type: 'Policy Created', actorEmail: 'old@acme.com' }),
  event(3, { resourceId: 'gEng', resourceType: 'user_group', type: 'Policy Deleted', actorEmail: undefined, actor: 'user/uZed' }),
  event(4, { resourceId: 'STRAY@acme.com', resourceType: 'invite', type: 'Non-Segment User Invited to Workspace', actorEmail: 'mallory@evil.io' }),
  event(5, { actor: 'public-api-token/tok-unknown', actorEmail: undefined, type: 'Policy Created', resourceId: 'uMal' }),
  event(6, { actor: 'public-api-token/tok-unknown', actorEmail: undefined, type: 'Policy Created', resourceId: 'uX', timestamp: '2026-11-20T08:00:00Z' }),
  event(7, { actor: 'public-api-token/tok-late', actorEmail: undefined, type: 'User Policy Updated', resourceId: 'uY', timestamp: '2026-11-21T00:00:00Z' }),
  event(8, { actor: 'public-api-token/tok-fine', actorEmail: undefined, type: 'User Policy Updated', resourceId: 'uY', timestamp: '2026-11-20T23:59:59Z' }),
  event(9, { actor: 'public-api-token/tok-single', actorEmail: undefined, type: 'User Policy Updated', resourceId: 'uY', timestamp: '2026-11-01T00:00:00Z' }),
  event(10, { actor: 'public-api-token/tok-nodate', actorEmail: undefined, type: 'User Policy Updated', resourceId: 'uY' }),
];
const TOKENS = [
  { id: 'tok-late', description: 'CI deploys', owner: 'ops@acme.com', expires: '2026-11-21' },
  { id: 'tok-fine', description: 'drift cron', owner: 'ops@acme.com', expires: '2026-11-21' },
  { id: 'tok-nodate', description: 'terraform', owner: 'ops@acme.com' },
];
const DIAGNOSTICS = [
  diag('expiring-soon', 'dev@agency.io: membership ends 2026-12-01', 3),
  diag('expired', 'temp@agency.io: membership ended 2026-11-01', 4),
  diag('review-overdue', 'analytics: access review due 2026-10-01', 1),
  diag('token-expired', 'token tok-old expired 2026-11-01', 9),
  diag('token-expiring', 'token tok-soon expires 2026-12-01', 10),
  diag('token-owner-unknown', 'token tok-orphan belongs to gone@acme.com, who is not a member', 11),
  diag('unknown-source', 'not a finding', 12),
  diag('constructor', 'not a finding either', 13),
];

describe('buildDriftReport', () => {
  const report = buildDriftReport({ plan: SCENE.p, actual: SCENE.actual, diagnostics: DIAGNOSTICS, events: EVENTS, tokens: TOKENS });

  it('lists each difference with the newest event that names its subject exactly', () => {
    expect(report.hasDrift).toBe(true);
    expect(report.auditTrail).toBe('read');
    expect(report.changes).toMatchSnapshot();
    const bySubject = new Map(report.changes.map((c) => [c.subject, c.attribution]));
    expect(bySubject.get('carol@acme.com')).toEqual([{ about: 'direct access', last: { by: 'eve@acme.com', at: '2026-11-12T09:00:00Z', type: 'User Policy Updated', events: 1 } }]);
    expect(bySubject.get('mallory@evil.io')).toEqual([{ about: 'the member', last: { by: 'public-api-token/tok-unknown', at: '2026-11-15T09:00:00Z', type: 'Policy Created', events: 1 } }]);
    expect(bySubject.get('group eng')).toEqual([{ about: 'its access', last: { by: 'user/uZed', at: '2026-11-13T09:00:00Z', type: 'Policy Deleted', events: 1 } }]);
    expect(bySubject.get('stray@acme.com')).toEqual([{ about: 'the invite', last: { by: 'mallory@evil.io', at: '2026-11-14T09:00:00Z', type: 'Non-Segment User Invited to Workspace', events: 1 } }]);
  });

  it('turns the finding diagnostics into findings, and flags the ones that need a person now', () => {
    expect(report.findings.slice(0, 6)).toEqual([
      { kind: 'expiry', action: false, message: 'dev@agency.io: membership ends 2026-12-01', where: 'acme/people.yaml:3:5' },
      { kind: 'expiry', action: false, message: 'temp@agency.io: membership ended 2026-11-01', where: 'acme/people.yaml:4:5' },
      { kind: 'review', action: true, message: 'analytics: access review due 2026-10-01', where: 'acme/people.yaml:1:5' },
      { kind: 'token', action: true, message: 'token tok-old expired 2026-11-01', where: 'acme/people.yaml:9:5' },
      { kind: 'token', action: false, message: 'token tok-soon expires 2026-12-01', where: 'acme/people.yaml:10:5' },
      { kind: 'token', action: true, message: 'token tok-orphan belongs to gone@acme.com, who is not a member: revoke or rotate the token', where: 'acme/people.yaml:11:5' },
    ]);
  });

  it('reports tokens that acted without being in the inventory, or after their expiry, in id order', () => {
    expect(report.findings.slice(6)).toEqual([
      { kind: 'token', action: true, message: 'token tok-late (CI deploys) acted on 2026-11-21T00:00:00Z, after its expiry 2026-11-21: rotate or revoke it' },
      { kind: 'token', action: true, message: 'token tok-single wrote 1 Audit Trail event (last 2026-11-01T00:00:00Z) but is not in the tokens inventory: revoke or rotate it, or add it to tokens:' },
      { kind: 'token', action: true, message: 'token tok-unknown wrote 2 Audit Trail events (last 2026-11-20T08:00:00Z) but is not in the tokens inventory: revoke or rotate it, or add it to tokens:' },
    ]);
    expect(report.needsAction).toBe(true);
  });

  it('needs no action for findings that only inform, and reads no token findings without events', () => {
    const quiet = buildDriftReport({ plan: SCENE.p, actual: SCENE.actual, diagnostics: [DIAGNOSTICS[0]!, DIAGNOSTICS[4]!], tokens: TOKENS });
    expect(quiet.needsAction).toBe(false);
    expect(quiet.findings.map((f) => f.kind)).toEqual(['expiry', 'token']);
    expect(quiet.changes.every((c) => c.attribution.length === 0)).toBe(true);
  });

  it('has no drift when the plan is empty, and says why the Audit Trail was not read', () => {
    const clean = drifted({}, {}, 'not-read');
    const none = buildDriftReport({ plan: clean.p, actual: clean.actual, diagnostics: [], tokens: [] });
    expect(none).toEqual({ hasDrift: false, needsAction: false, changes: [], findings: [], auditTrail: 'not read' });
    const denied = drifted({}, {}, 'listAuditEvents answered HTTP 403');
    expect(buildDriftReport({ plan: denied.p, actual: denied.actual, diagnostics: [], tokens: [] }).auditTrail).toBe('listAuditEvents answered HTTP 403');
  });
});

describe('attribute', () => {
  const access = ['access'] as const;
  it.each<[string, AttributionSubject, AuditEvent[], number | undefined]>([
    ['a group by id only, never by a user id equal to it', { groupId: 'x1', kinds: access }, [event(1, { resourceId: 'x2', type: 'Policy Created' })], undefined],
    ['a group id, whatever the resource type', { groupId: 'x1', userId: 'x2', kinds: access }, [event(1, { resourceId: 'x2', type: 'Policy Created' }), event(2, { resourceId: 'x1', type: 'Policy Created' })], 1],
    ['a user id on an access event', { userId: 'u1', email: 'a@b.co', kinds: access }, [event(1, { resourceId: 'u1', type: 'Policy Deleted' })], 1],
    ['an invite by its resource name', { email: 'a@b.co', kinds: ['invite'] }, [event(1, { resourceType: 'invite', resourceId: 'inv-9', resourceName: 'A@B.co', type: 'Non-Segment User Invited to Workspace' })], 1],
    ['not an event whose type does not fit the change', { userId: 'u1', kinds: ['membership'] }, [event(1, { resourceId: 'u1', type: 'Policy Deleted' })], undefined],
    ['not an email inside a longer name', { email: 'anna@acme.com', kinds: ['membership'] }, [event(1, { resourceId: 'gEng', resourceName: 'engineers: anna@acme.com', type: 'User Added To User Group' })], undefined],
    ['not a user id that is undefined', { email: 'a@b.co', kinds: access }, [event(1, { resourceId: '', type: 'Policy Created' })], undefined],
    ['nothing for an empty subject', { kinds: ['invite'] }, [event(1, { resourceType: 'invite', resourceId: 'a@b.co', type: 'Invite Deleted' })], undefined],
  ])('matches %s', (_name, subject, events, count) => {
    expect(attribute(events, subject)?.events).toBe(count);
  });

  it('keeps the first of two events at the same time, and counts only its actor\'s events', () => {
    const same = [
      event(1, { resourceId: 'u1', actorEmail: 'first@acme.com', type: 'Policy Deleted' }), event(1, { resourceId: 'u1', actorEmail: 'second@acme.com', type: 'Policy Created' }),
      event(0, { resourceId: 'u1', actorEmail: 'first@acme.com', type: 'Policy Created' }),
    ];
    expect(attribute(same, { userId: 'u1', kinds: access })).toMatchObject({ by: 'first@acme.com', events: 2 });
  });
});

describe('renderDriftMarkdown', () => {
  it('renders the scene: differences, attribution and each kind of finding', async () => {
    const report = buildDriftReport({ plan: SCENE.p, actual: SCENE.actual, diagnostics: DIAGNOSTICS, events: EVENTS, tokens: TOKENS });
    await expect(renderDriftMarkdown(report, SCENE.p)).toMatchFileSnapshot('__snapshots__/drift-scene.md');
  });

  it('with only a finding that needs action, does not headline "No drift" (the run exits 2); leaves out empty sections', () => {
    const clean = drifted({}, {});
    const report = buildDriftReport({ plan: clean.p, actual: clean.actual, diagnostics: [DIAGNOSTICS[2]!], tokens: [] });
    expect(report.needsAction).toBe(true);
    expect(renderDriftMarkdown(report, clean.p)).toBe([
      '### Access drift in Segment workspace `acme`', '', 'No access drift: the workspace matches the manifests, but 1 finding needs action (below).', '',
      '#### Overdue access reviews', '', '- analytics: access review due 2026-10-01 (acme/people.yaml:1:5)', '',
    ].join('\n'));
  });

  it('says why the last change is unknown, and escapes what people wrote', () => {
    const scene = drifted({}, { users: [{ email: 'x_y@acme.com', id: 'u1' }] }, 'listAuditEvents answered <b>403</b>');
    const report = buildDriftReport({ plan: scene.p, actual: scene.actual, diagnostics: [{ ...DIAGNOSTICS[0]!, message: '*bold* <!-- hidden' }], tokens: [] });
    const md = renderDriftMarkdown(report, scene.p);
    expect(md).toContain('| :warning: | x\\_y&#64;acme.com is a member, but in no manifest |');
    expect(md).toContain('| actor unknown (the Audit Trail could not be read: listAuditEvents answered &lt;b&gt;403&lt;/b&gt;) |');
    expect(md).toContain('- \\*bold\\* &lt;\\!-- hidden (acme/people.yaml:3:5)');
    const read = drifted({}, { users: [{ email: 'x@acme.com', id: 'u1' }] });
    expect(renderDriftMarkdown(buildDriftReport({ plan: read.p, actual: read.actual, diagnostics: [], tokens: [], events: [] }), read.p))
      .toContain('| actor unknown (no matching event in the Audit Trail window) |');
  });

  it('keeps the issue body under GitHub\'s limit at 2,000 differences and 300 findings, warnings first', () => {
    // 2,000 people outside the manifests, each with several grants: about 250 characters a row.
    const grants = [g('Source Admin', 'SOURCE', 'src-web'), g('Source Admin', 'SOURCE', 'src-stg'), g('Warehouse Destination Read-only')];
    const users = Array.from({ length: 2000 }, (_, i) => ({ email: `p${i}@acme.com`, id: `u${i}`, grants }));
    const big = drifted({ members: [{ email: 'kept@acme.com', grants: [g('Source Admin')] }] }, { users: [...users, { email: 'kept@acme.com', id: 'uK' }] });
    const diagnostics = Array.from({ length: 300 }, (_, i) => diag('expiring-soon', `m${i}@acme.com: membership ends 2026-12-01`, i + 1));
    const report = buildDriftReport({ plan: big.p, actual: big.actual, diagnostics, tokens: [] });
    const md = renderDriftMarkdown(report, big.p);
    expect(md.length).toBeLessThanOrEqual(60_000);
    const rows = md.split('\n').filter((l) => l.startsWith('| :warning: | p'));
    expect(rows.length).toBeGreaterThan(100);
    expect(md).toContain(`\n| | … and ${2001 - rows.length} more (run \`segment-access drift\` for all) | |\n`);
    expect(md).not.toContain('kept&#64;acme.com'); // not a warning: it comes after every warning, so it is cut
    expect(md).toContain('\n- … and 200 more\n');
    expect(md.trimEnd().split('\n').at(-1)).toBe('- … and 200 more');
    // Everything fits when there is room, with no count row.
    const small = drifted({}, { users: users.slice(0, 3) });
    const all = renderDriftMarkdown(buildDriftReport({ plan: small.p, actual: small.actual, diagnostics: [], tokens: [] }), small.p);
    expect(all).not.toContain('more (run');
    expect(renderDriftMarkdown(buildDriftReport({ plan: small.p, actual: small.actual, diagnostics: [], tokens: [] }), small.p, all.length + 79)).toBe(all);
    expect(renderDriftMarkdown(buildDriftReport({ plan: small.p, actual: small.actual, diagnostics: [], tokens: [] }), small.p, all.length + 78)).toContain('| | … and 1 more');
  });
});

describe('driftEvent: the plan read the other way round', () => {
  const eng = (grants = [g('Source Read-only')], members: string[] = []) => ({ name: 'eng', id: 'gEng', grants, members });
  it.each<[string, DesiredSpec, ActualSpec, string, boolean]>([
    ['a member not yet invited', { members: [{ email: 'new@acme.com' }] }, {}, 'new@acme.com is in the manifests but not in the workspace', false],
    ['an invite in no manifest', {}, { invites: [{ email: 'x@acme.com' }] }, 'x@acme.com was invited, but is in no manifest', true],
    ['an owner in no manifest', {}, { users: [{ email: 'o@acme.com', grants: [g('Workspace Owner'), g('Source Admin')] }] }, 'o@acme.com is Workspace Owner, but in no manifest', true],
    ['a member with no access in no manifest', {}, { users: [{ email: 'z@acme.com' }] }, 'z@acme.com is a member, but in no manifest', true],
    ['a member with access in no manifest', {}, { users: [{ email: 'z@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web')] }] }, 'z@acme.com is a member, but in no manifest (Source Admin on web-prod)', true],
    ['made owner in the app', { members: [{ email: 'e@acme.com', grants: [g('Source Read-only')] }] }, { users: [{ email: 'e@acme.com', grants: [g('Workspace Owner')] }] }, 'e@acme.com became Workspace Owner', true],
    ['made owner through a group', { members: [{ email: 'e@acme.com' }], groups: [{ name: 'owners', grants: [g('Workspace Owner')] }] },
      { users: [{ email: 'e@acme.com' }], groups: [{ name: 'owners', id: 'gO', grants: [g('Workspace Owner')], members: ['e@acme.com'] }] }, 'e@acme.com became Workspace Owner (through group owners); joined group owners', true],
    ['given more on one source, less elsewhere', { members: [{ email: 'c@acme.com', grants: [g('Source Read-only', 'SOURCE', 'src-stg')] }] }, { users: [{ email: 'c@acme.com', grants: [g('Source Admin', 'SOURCE', 'src-web')] }] },
      'c@acme.com gained Source Admin on web-prod; lacks Source Read-only on web-staging, which the manifests give', true],
    ['demoted from owner', { members: [{ email: 'b@acme.com', grants: [g('Workspace Owner')] }] }, { users: [{ email: 'b@acme.com', grants: [g('Source Admin')] }] }, 'b@acme.com lacks Workspace Owner on the workspace, which the manifests give', false],
    ['taken out of a group', { members: [{ email: 'c@acme.com', groups: ['eng'] }], groups: [{ name: 'eng', grants: [g('Source Read-only')] }] }, { users: [{ email: 'c@acme.com' }], groups: [eng()] },
      'c@acme.com lacks Source Read-only on all sources (through group eng), which the manifests give; is missing from group eng', false],
    ['an expired invite', { members: [{ email: 'p@acme.com' }] }, { invites: [{ email: 'p@acme.com', sentAt: '2026-11-01T00:00:00Z' }] }, "p@acme.com's invite expired before it was accepted", false],
    ['the same access held another way', { members: [{ email: 'c@acme.com', groups: ['eng'] }], groups: [{ name: 'eng', grants: [g('Source Read-only')] }] },
      { users: [{ email: 'c@acme.com', grants: [g('Source Read-only')] }], groups: [eng(undefined, ['c@acme.com'])] }, "c@acme.com's direct grants differ from the manifests, with the same effective access", false],
    ['a group deleted in the app', { groups: [{ name: 'eng' }] }, {}, 'group eng is in the manifests but not in the workspace', false],
    ['a group in no manifest, with members and access', {}, { users: [{ email: 'm@acme.com' }], groups: [eng(undefined, ['m@acme.com'])] }, 'group eng exists in no manifest (1 member, grants Source Read-only on all sources)', true],
    ['an empty group in no manifest', {}, { groups: [eng(undefined, [])] }, 'group eng exists in no manifest (0 members, grants Source Read-only on all sources)', false],
    ['a group with members and no access, in no manifest', {}, { users: [{ email: 'm@acme.com' }, { email: 'n@acme.com' }], groups: [eng([], ['m@acme.com', 'n@acme.com'])] }, 'group eng exists in no manifest (2 members)', false],
    ['a group made owner', { groups: [{ name: 'eng', grants: [g('Source Read-only')] }] }, { groups: [eng([g('Workspace Owner')])] }, 'group eng grants Workspace Owner', true],
    ['a group given more', { groups: [{ name: 'eng', grants: [g('Source Read-only')] }] }, { groups: [eng([g('Source Admin')])] }, 'group eng gained Source Admin on all sources', true],
    ['a group given less', { groups: [{ name: 'eng', grants: [g('Source Admin')] }] }, { groups: [eng()] }, 'group eng lacks Source Admin on all sources, which the manifests give', false],
    ['a member added to a group with access', { members: [{ email: 'm@acme.com' }], groups: [{ name: 'eng', grants: [g('Source Read-only')] }] }, { users: [{ email: 'm@acme.com' }], groups: [eng(undefined, ['m@acme.com'])] },
      'group eng gained member m@acme.com', true],
    ['two members added to a group without access', { members: [{ email: 'm@acme.com' }, { email: 'n@acme.com' }], groups: [{ name: 'eng' }] }, { users: [{ email: 'm@acme.com' }, { email: 'n@acme.com' }], groups: [eng([], ['m@acme.com', 'n@acme.com'])] },
      'group eng gained members m@acme.com, n@acme.com', false],
  ])('%s', (_name, desired, actual, event, escalation) => {
    const scene = drifted(desired, actual);
    const subject = event.split(' ')[0] === 'group' ? 'group eng' : event.split(/[ ']/)[0];
    const change = scene.p.changes.find((c) => (c.subject.kind === 'group' ? `group ${c.subject.name}` : c.subject.email) === subject)!;
    expect(driftEvent(catalogOf(scene.actual), change)).toEqual({ event, escalation });
  });

  it('says who made the change, and where', () => {
    expect(byWhom({ by: 'eve@acme.com', at: '2026-11-12T09:00:00Z', type: 'Policy Created', events: 1 })).toBe('by eve@acme.com in the Segment app, 2026-11-12: access granted (1 event, newest "Policy Created")');
    expect(byWhom({ by: 'public-api-token/TJ7z8cg6', at: '2026-11-13T09:00:00Z', type: 'Unheard Of', events: 3 })).toBe('by token TJ7z8cg6 through the Public API, 2026-11-13: a change (3 events, newest "Unheard Of")');
  });
});

describe('rows built from data', () => {
  it('a group whose name holds ": " keeps its name, and its difference is words from the change itself', () => {
    const { p, actual } = drifted(
      { groups: [{ name: 'Ops: EU', grants: [g('Source Read-only')] }] },
      { groups: [{ name: 'Ops: EU', id: 'gOps', grants: [g('Source Admin')] }] },
    );
    const report = buildDriftReport({ plan: p, actual, diagnostics: [], events: [], tokens: [] });
    const row = report.changes.find((c) => c.subject === 'group Ops: EU')!;
    expect(row.event).toBe('group Ops: EU gained Source Admin on all sources');
    expect(row.difference).toBe('change group; + Source Read-only on all sources; - Source Admin on all sources');
    expect(renderDriftMarkdown(report, p)).toContain('| :warning: | group Ops: EU gained Source Admin on all sources |');
  });
});
