// Expiries the base branch has and the pull request removes or moves later.
import { describe, expect, it } from 'vitest';
import type { Manifest, Origin } from '../../src/manifest/merge.js';
import type { AccessEntry, Group, Member, Token } from '../../src/manifest/types.generated.js';
import { expiryRisks } from '../../src/plan/expiry-risks.js';

const origin = {} as Origin;
function manifest(parts: { members?: Member[]; groups?: Group[]; profiles?: Record<string, AccessEntry[]>; tokens?: Token[] }): Manifest {
  return {
    files: [], workspaces: [], policies: [],
    members: (parts.members ?? []).map((value) => ({ value, origin })),
    groups: (parts.groups ?? []).map((value) => ({ value, origin })),
    profiles: Object.entries(parts.profiles ?? {}).map(([name, value]) => ({ name, value, origin })),
    tokens: (parts.tokens ?? []).map((value) => ({ value, origin })),
  };
}
const details = (base: Parameters<typeof manifest>[0], head: Parameters<typeof manifest>[0]) => expiryRisks(manifest(base), manifest(head)).map((r) => {
  expect(r.kind).toBe(r.detail.includes(' inventory') || r.detail.includes('changes owner') ? 'token-change' : 'privilege-escalation');
  return r.detail;
});

describe('expiryRisks', () => {
  it.each<[string, Member | undefined, Member | undefined, string[]]>([
    ['membership expiry removed', { email: 'a@x.io', expires: '2027-01-31' }, { email: 'a@x.io' }, ['a@x.io: membership no longer expires (was 2027-01-31)']],
    ['membership moved later', { email: 'a@x.io', expires: '2027-01-31' }, { email: 'A@X.io', expires: '2027-02-01' }, ['A@X.io: membership now ends 2027-02-01 instead of 2027-01-31']],
    ['membership moved earlier', { email: 'a@x.io', expires: '2027-01-31' }, { email: 'a@x.io', expires: '2027-01-30' }, []],
    ['membership unchanged', { email: 'a@x.io', expires: '2027-01-31' }, { email: 'a@x.io', expires: '2027-01-31' }, []],
    ['an expiry added', { email: 'a@x.io' }, { email: 'a@x.io', expires: '2027-01-31' }, []],
    ['the person removed', { email: 'a@x.io', expires: '2027-01-31' }, undefined, []],
    ['a new person', undefined, { email: 'a@x.io' }, []],
    ['grant expiry removed, list order and scope spelling ignored',
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: ['b', 'a'], expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: ['a', 'b'] }] },
      ['a@x.io: Source Admin on sources b, a no longer expires (was 2026-12-31)']],
    ['grant moved later, labels scope',
      { email: 'a@x.io', access: [{ role: 'Source Read-only', sources: { labels: { env: 'prod', team: 'web' } }, expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Source Read-only', sources: { labels: { team: 'web', env: 'prod' } }, expires: '2027-03-01' }] },
      ['a@x.io: Source Read-only on sources labelled env=prod, team=web now ends 2027-03-01 instead of 2026-12-31']],
    ['grant on all sources, and destinations named with their source',
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: 'all', expires: '2026-12-31' }, { role: 'Source Admin', destinations: [{ name: 'ga4', source: 'web' }], expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: 'all', expires: '2027-01-01' }, { role: 'Source Admin', destinations: [{ source: 'web', name: 'ga4' }] }] },
      ['a@x.io: Source Admin on all sources now ends 2027-01-01 instead of 2026-12-31', 'a@x.io: Source Admin on destinations ga4 (web) no longer expires (was 2026-12-31)']],
    ['a grant whose scope changed is the plan\'s business, not an extension',
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: ['a'], expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Source Admin', sources: ['b'] }] }, []],
    ['of two equal entries the one that lasts longest decides',
      { email: 'a@x.io', access: [{ role: 'Function Admin', expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Function Admin', expires: '2026-12-01' }, { role: 'Function Admin', expires: '2027-01-05' }] },
      ['a@x.io: Function Admin now ends 2027-01-05 instead of 2026-12-31']],
    ['an entry without expiry among equal ones removes the end',
      { email: 'a@x.io', access: [{ role: 'Function Admin', expires: '2026-12-31' }] },
      { email: 'a@x.io', access: [{ role: 'Function Admin', expires: '2026-12-01' }, { role: 'Function Admin' }] },
      ['a@x.io: Function Admin no longer expires (was 2026-12-31)']],
  ])('%s', (_title, before, after, want) => {
    expect(details({ members: before ? [before] : [] }, { members: after ? [after] : [] })).toEqual(want);
  });

  it('covers groups, profiles and tokens', () => {
    expect(details(
      {
        groups: [{ name: 'Eng', access: [{ role: 'Source Admin', sources: 'all', expires: '2026-12-31' }] }, { name: 'gone', access: [{ role: 'Source Admin', expires: '2026-12-31' }] }],
        profiles: { ro: [{ role: 'Source Read-only', sources: 'all', expires: '2026-12-31' }] },
        tokens: [{ id: 'T1', description: 'ci', owner: 'a@x.io', expires: '2027-02-01' }, { id: 'T2', description: 'ci', owner: 'a@x.io', expires: '2027-02-01' }, { id: 'T3', description: 'ci', owner: 'a@x.io', expires: '2027-02-01' }],
      },
      {
        groups: [{ name: 'eng', access: [{ role: 'Source Admin', sources: 'all' }] }],
        profiles: { ro: [{ role: 'Source Read-only', sources: 'all', expires: '2027-01-31' }] },
        tokens: [{ id: 'T1', description: 'ci', owner: 'a@x.io' }, { id: 'T2', description: 'ci', owner: 'a@x.io', expires: '2027-01-01' }],
      },
    )).toEqual([
      'group eng: Source Admin on all sources no longer expires (was 2026-12-31)',
      'profile ro (everyone who uses it): Source Read-only on all sources now ends 2027-01-31 instead of 2026-12-31',
      'token T1 no longer has a rotation date (was 2027-02-01)',
      'token T3 is removed from the inventory ("ci", owner a@x.io): revoke it in Segment too, the API cannot',
    ]);
  });

  it('lists the token inventory changes: added, removed, owner changed', () => {
    expect(details(
      { tokens: [{ id: 'T1', description: 'ci', owner: 'a@x.io', expires: '2027-02-01' }, { id: 'T2', description: '', owner: 'a@x.io' }] },
      { tokens: [{ id: 'T1', description: 'ci', owner: 'B@x.io', expires: '2027-02-01' }, { id: 'T5', description: 'looker', owner: 'c@x.io' }] },
    )).toEqual([
      'token T1 changes owner from a@x.io to B@x.io',
      'token T5 is added to the inventory ("looker", owner c@x.io, no rotation date)',
      'token T2 is removed from the inventory (owner a@x.io): revoke it in Segment too, the API cannot',
    ]);
  });

  it('says a token must be rotated later, and ignores groups and profiles without entries or not in both', () => {
    expect(details(
      {
        groups: [{ name: 'empty' }, { name: 'only-base', access: [{ role: 'Source Admin', expires: '2026-12-31' }] }],
        profiles: { 'only-base': [{ role: 'Source Admin', expires: '2026-12-31' }] },
        tokens: [{ id: 'T2', description: 'ci', owner: 'a@x.io', expires: '2027-02-01' }, { id: 'T4', description: 'ci', owner: 'a@x.io' }],
      },
      {
        groups: [{ name: 'empty', access: [{ role: 'Source Admin' }] }],
        profiles: { other: [{ role: 'Source Admin' }] },
        tokens: [{ id: 'T2', description: 'ci', owner: 'a@x.io', expires: '2027-08-01' }, { id: 'T4', description: 'ci', owner: 'a@x.io', expires: '2027-01-01' }],
      },
    )).toEqual(['token T2 must be rotated by 2027-08-01 instead of 2027-02-01']);
  });

  it('sees that access which never ended before is not extended, the role shorthand included', () => {
    expect(details(
      { members: [{ email: 'a@x.io', role: 'Source Admin', access: [{ role: 'Source Admin', expires: '2026-12-31' }] }] },
      { members: [{ email: 'a@x.io', role: 'Source Admin' }] },
    )).toEqual([]);
    expect(details(
      { members: [{ email: 'a@x.io', access: [{ role: 'Source Admin', expires: '2026-12-31' }, { role: 'Source Admin', expires: '2027-03-01' }] }] },
      { members: [{ email: 'a@x.io', access: [{ role: 'Source Admin', expires: '2027-02-01' }] }] },
    )).toEqual([]);
    expect(details(
      { members: [{ email: 'a@x.io', access: [{ role: 'Source Admin', expires: '2026-12-31' }] }] },
      { members: [{ email: 'a@x.io', role: 'Source Admin' }] },
    )).toEqual(['a@x.io: Source Admin no longer expires (was 2026-12-31)']);
  });
});
