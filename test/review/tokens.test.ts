// The token section of the review, decision by decision: rotate-by dates on both sides of today and
// of the warning window, owners who are (not) members, last use and use after the rotate-by date
// from the token's own Audit Trail events only, age from `created`, and tokens seen acting that no
// inventory lists.
import { describe, expect, it } from 'vitest';
import { validateManifests } from '../../src/manifest/validate.js';
import { buildTokenReview, tokensMarkdown } from '../../src/review/tokens.js';
import type { AuditEvent } from '../../src/workspace/audit.js';
import { WORKSPACE_YAML, writeTree } from '../helpers/tmp.js';

const NOW = new Date('2026-11-23T12:00:00Z');
const event = (actor: string, timestamp: string): AuditEvent => ({ id: `e-${actor}-${timestamp}`, timestamp, type: 'Policy Created', actor, resourceId: 'r', resourceType: 'policy', resourceName: 'n' }) as AuditEvent;

async function tokens(lines: string[]) {
  const dir = writeTree({ 'workspace.yaml': WORKSPACE_YAML, 't.yaml': `version: 1\nmembers:\n  - email: o@acme.com\n    role: Workspace Owner\n    justification: t\ntokens:\n${lines.map((l) => `  - ${l}\n`).join('')}` });
  const result = await validateManifests('.', { cwd: dir, at: NOW });
  return result.manifest!.tokens;
}

describe('buildTokenReview', () => {
  it('flags rotate-by dates: past, today and in the window are told apart', async () => {
    const list = await tokens([
      '{ id: tPast0001, description: past, owner: o@acme.com, expires: 2026-11-22 }',
      '{ id: tToday001, description: today, owner: o@acme.com, expires: 2026-11-23 }',
      '{ id: tEdge0001, description: edge of window, owner: o@acme.com, expires: 2026-12-07 }',
      '{ id: tLate0001, description: after window, owner: O@acme.com, expires: 2026-12-08 }',
      '{ id: tNone0001, description: no date, owner: gone@acme.com }',
    ]);
    const review = buildTokenReview({ tokens: list, members: new Set(['o@acme.com']), now: NOW, soonDays: 14 });
    expect(review.map((t) => [t.id, t.flags, t.ownerIsMember])).toEqual([
      ['tPast0001', ['expired'], true],
      ['tToday001', ['expiring'], true],
      ['tEdge0001', ['expiring'], true],
      ['tLate0001', [], true],
      ['tNone0001', ['owner-not-member'], false],
    ]);
    expect(review[0]).toMatchObject({ inInventory: true, definedIn: 't.yaml:7', events: 0, expires: '2026-11-22', owner: 'o@acme.com', description: 'past' });
    expect(review[4]).not.toHaveProperty('expires');
    expect(review[4]).not.toHaveProperty('lastUsed');
  });

  it('reads last use and use after the rotate-by date from the token\'s own events; counts its events; ages from created', async () => {
    const list = await tokens(['{ id: tUsed0001, description: ci, owner: o@acme.com, created: 2026-01-01, expires: 2026-11-20 }']);
    const events = [
      event('public-api-token/tUsed0001', '2026-11-19T10:00:00Z'),
      event('public-api-token/tUsed0001', '2026-11-20T08:00:00Z'),
      event('user/tUsed0001', '2026-11-22T08:00:00Z'), // a user, not the token
      event('xpublic-api-token/tUsed0001', '2026-11-22T09:00:00Z'),
      event('public-api-token/Zz9Other', '2026-11-21T07:00:00Z'),
      event('public-api-token/Aa1Other', '2026-11-18T07:00:00Z'),
      event('public-api-token/Zz9Other', '2026-11-22T07:00:00Z'),
    ];
    const review = buildTokenReview({ tokens: list, events, members: new Set(['o@acme.com']), now: NOW, soonDays: 14 });
    expect(review[0]).toMatchObject({ id: 'tUsed0001', lastUsed: '2026-11-20T08:00:00Z', events: 2, created: '2026-01-01', ageDays: 326, flags: ['expired', 'used-after-expiry'] });
    expect(review.slice(1)).toEqual([
      { id: 'Aa1Other', lastUsed: '2026-11-18T07:00:00Z', events: 1, inInventory: false, flags: ['not-in-inventory'] },
      { id: 'Zz9Other', lastUsed: '2026-11-22T07:00:00Z', events: 2, inInventory: false, flags: ['not-in-inventory'] },
    ]);
    // Used only before its rotate-by date: no used-after-expiry.
    const before = buildTokenReview({ tokens: list, events: [events[0]!], members: new Set(['o@acme.com']), now: NOW, soonDays: 14 });
    expect(before[0]!.flags).toEqual(['expired']);
  });
});

describe('tokensMarkdown', () => {
  it('writes one escaped row per token with its words', () => {
    const lines = tokensMarkdown([
      { id: 'tA', description: 'ci | deploy', owner: 'x@acme.com', ownerIsMember: false, created: '2026-01-01', ageDays: 326, expires: '2026-11-22', lastUsed: '2026-11-20T08:00:00Z', events: 1, inInventory: true, flags: ['expired', 'owner-not-member'] },
      { id: 'tB', events: 2, lastUsed: '2026-11-21T00:00:00Z', inInventory: false, flags: ['not-in-inventory'] },
      { id: 'tC', description: 'quiet', owner: 'o@acme.com', ownerIsMember: true, events: 0, inInventory: true, flags: [] },
    ], (t) => t.replace(/\|/g, '\\|'));
    expect(lines).toEqual([
      '#### API tokens', '', '| Token | Description | Owner | Created | Rotate by | Last use (30 days) | Flags |', '|---|---|---|---|---|---|---|',
      '| `tA` | ci \\| deploy | x@acme.com (not a member) | 2026-01-01 (326 days) | 2026-11-22 | 2026-11-20 (1 event) | :warning: past its rotate-by date<br>:warning: owner is not a member |',
      '| `tB` |  |  |  |  | 2026-11-21 (2 events) | :warning: acts in the Audit Trail but is in no inventory |',
      '| `tC` | quiet | o@acme.com |  |  | none seen |  |',
    ]);
  });
});
