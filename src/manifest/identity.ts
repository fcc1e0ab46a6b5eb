// Who else manages the workspace's people: an identity provider that provisions them (SCIM), the
// `policy.unmanaged` choice per kind, and `policy.ignore` for accounts the tool must leave alone
// (Segment's support staff, say). Pure look-ups over the effective policy.
import { emailDomain } from './grants.js';
import type { Policy } from './types.generated.js';

export type UnmanagedKind = 'users' | 'invites' | 'groups';

/** `remove` or `report` for things of `kind` that are in the workspace but in no manifest. */
export function unmanagedMode(policy: Pick<Policy, 'unmanaged'>, kind: UnmanagedKind): 'remove' | 'report' {
  const u = policy.unmanaged;
  if (u === undefined) return 'remove';
  return typeof u === 'string' ? u : u[kind] ?? 'remove';
}

/** The `policy.ignore` entry that matches `email` (`*` is any characters; case-insensitive), if one does. */
export function ignoredBy(policy: Pick<Policy, 'ignore'>, email: string): string | undefined {
  const lower = email.toLowerCase();
  return (policy.ignore ?? []).find((pattern) => {
    const re = new RegExp(`^${pattern.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return re.test(lower);
  });
}

/**
 * Whether the identity provider creates and removes this person: `provisionedBy: idp`, or an
 * address at one of its domains that `identityProvider.except` does not name (someone invited by
 * hand there; the API cannot tell the two apart, so the manifest says it).
 */
export function provisionedByIdp(policy: Pick<Policy, 'identityProvider'>, member: { email: string; provisionedBy?: string }): boolean {
  if (member.provisionedBy === 'idp') return true;
  const lower = member.email.toLowerCase();
  if ((policy.identityProvider?.except ?? []).some((e) => e.toLowerCase() === lower)) return false;
  const domains = policy.identityProvider?.domains ?? [];
  if (domains.length === 0) return false;
  const domain = emailDomain(member.email).toLowerCase();
  return domains.some((d) => d.toLowerCase() === domain);
}

/** Whether the identity provider syncs this group's members. */
export function idpGroup(policy: Pick<Policy, 'identityProvider'>, name: string): boolean {
  return (policy.identityProvider?.groups ?? []).some((g) => g.toLowerCase() === name.toLowerCase());
}
