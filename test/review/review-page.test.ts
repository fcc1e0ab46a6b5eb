// The review page's full text for a small scene with every kind of row, flag and token, kept as a
// file snapshot: what the browser test checks by behaviour (sorting, filtering, 400 px), this checks
// word for word, in-process, so a change to any label, attribute, row or script of the page is seen.
import { describe, expect, it } from 'vitest';
import { catalogOf } from '../../src/plan/describe.js';
import { reviewHtml } from '../../src/review/review-html.js';
import type { ReviewPerson } from '../../src/review/review.js';
import type { ReviewToken } from '../../src/review/tokens.js';
import { actualOf, g } from '../helpers/model.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const SOURCES = [
  { id: 'src-web', slug: 'web-prod', name: 'Web <prod>', labels: ['environment=prod'] },
  { id: 'src-stg', slug: 'web-staging', name: 'Web "staging"', labels: ['environment=staging'] },
];

const people: ReviewPerson[] = [
  {
    email: 'alice@acme.com', status: 'member', groups: ['owners'], flags: ['owner-without-justification', 'token-owner'], definedIn: 'acme/owners.yaml:5',
    grants: [{ grant: g('Workspace Owner'), role: 'Workspace Owner', level: 'owner', text: 'Workspace Owner on the workspace', via: { kind: 'direct' }, grantedBy: { kind: 'manifest', at: 'acme/owners.yaml:6' } }],
    lastActivity: '2026-11-20 by token TJ7z8cg6 (Policy Created)',
  },
  {
    email: 'erin@acme.com', status: 'member', groups: [], flags: ['granted-outside-git', 'review-overdue'], definedIn: 'acme/analytics.yaml:5', reviewBy: '2026-11-01',
    grants: [
      { grant: g('Source Admin', 'SOURCE', 'src-web'), role: 'Source Admin', level: 'admin', text: 'Source Admin on web-prod', via: { kind: 'direct' }, grantedBy: { kind: 'none' } },
      { grant: g('Source Read-only'), role: 'Source Read-only', level: 'read-only', text: 'Source Read-only on all sources', via: { kind: 'group', group: 'analysts' }, grantedBy: { kind: 'manifest', at: 'acme/groups.yaml:3' }, expires: '2027-06-30' },
      { grant: g('Minimal Workspace Access'), role: 'Minimal Workspace Access', level: 'minimal', text: 'Minimal Workspace Access on the workspace', via: { kind: 'direct' }, grantedBy: { kind: 'floor' } },
    ],
  },
  {
    email: 'x<script>@agency.io', status: 'invited', inviteSent: 'unknown', groups: [], flags: ['outside-allowed-domains', 'expiring'], expires: '2026-12-01', definedIn: 'acme/eng.yaml:9',
    grants: [{ grant: g('Source Admin', 'SOURCE', 'src-stg'), role: 'Source Admin', level: 'admin', text: 'Source Admin on web-staging', via: { kind: 'direct' }, grantedBy: { kind: 'manifest', at: 'acme/eng.yaml:11', destination: 'ga4' }, expires: '2026-12-01' }],
  },
  { email: 'mallory@acme.com', status: 'member', groups: [], flags: ['not-in-manifests', 'expired'], grants: [] },
  { email: 'new@acme.com', status: 'not in workspace', groups: [], flags: ['not-in-workspace'], grants: [], justification: 'new hire "ops"' },
];

const tokens: ReviewToken[] = [
  { id: 'TJ7z8cg6', description: 'CI deploy', owner: 'alice@acme.com', ownerIsMember: true, created: '2026-01-01', ageDays: 326, expires: '2027-02-01', lastUsed: '2026-11-20', events: 3, inInventory: true, definedIn: 'acme/tokens.yaml:4', flags: [] },
  { id: 'Zz9Other', events: 2, lastUsed: '2026-11-21', inInventory: false, flags: ['not-in-inventory'] } as ReviewToken,
];

describe('the review page, word for word', () => {
  it('renders every kind of row, flag, grant origin and token', async () => {
    const actual = actualOf({ users: [] });
    const html = reviewHtml({ workspace: 'acme-prod', asOf: '2026-11-23T00:00:00.000Z', stateFingerprint: 'sha256:abc' }, people, tokens, NOW, SOURCES, catalogOf({ ...actual, sources: SOURCES }));
    expect(html).not.toContain('<script>@');
    // Not `.html`: the mutation run's preprocessing edits files of that name in its sandbox.
    await expect(html).toMatchFileSnapshot('__snapshots__/review-page.html.txt');
  });
});
