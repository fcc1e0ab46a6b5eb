// policy.ignore patterns, policy.unmanaged per kind, and who the identity provider provisions.
import { describe, expect, it } from 'vitest';
import { idpGroup, ignoredBy, provisionedByIdp, unmanagedMode } from '../../src/manifest/identity.js';

describe('identity and unmanaged policy', () => {
  it.each<[string[], string, string | undefined]>([
    [['*@segment.com'], 'Support.Agent@Segment.com', '*@segment.com'],
    [['*@segment.com'], 'agent@segment.com.evil.io', undefined],
    [['a.b@x.io'], 'aXb@x.io', undefined],
    [['a+*@x.io', 'z@x.io'], 'a+ops@x.io', 'a+*@x.io'],
    [[], 'a@x.io', undefined],
  ])('ignore %j matches %s: %s', (ignore, email, want) => {
    expect(ignoredBy({ ignore }, email)).toBe(want);
  });

  it('reads unmanaged as one word or per kind (a kind left out is removed)', () => {
    expect(unmanagedMode({}, 'users')).toBe('remove');
    expect(unmanagedMode({ unmanaged: 'report' }, 'groups')).toBe('report');
    expect(['users', 'invites', 'groups'].map((k) => unmanagedMode({ unmanaged: { invites: 'report' } }, k as 'users'))).toEqual(['remove', 'report', 'remove']);
  });

  it('knows who and what the identity provider provisions', () => {
    const policy = { identityProvider: { domains: ['Acme.com'], groups: ['Engineers'] } };
    expect(provisionedByIdp(policy, { email: 'a@ACME.com' })).toBe(true);
    expect(provisionedByIdp(policy, { email: 'a@sub.acme.com' })).toBe(false);
    expect(provisionedByIdp({}, { email: 'a@x.io', provisionedBy: 'idp' })).toBe(true);
    expect([idpGroup(policy, 'engineers'), idpGroup(policy, 'ops'), idpGroup({}, 'engineers')]).toEqual([true, false, false]);
  });
});
