// Safety guards, checked on every plan. A plan that trips one is refused (exit 3) with the numbers:
// too few Workspace Owners would remain, too many removals, a protected member would be removed or
// lose Workspace Owner, or members plus invites would exceed the seats.
import type { Desired } from '../manifest/resolve.js';
import type { Actual, Grant } from '../workspace/model.js';
import type { Catalog } from './describe.js';
import { shortList } from './operation-label.js';
import type { GuardFinding } from './types.js';

/**
 * Findings are recorded whatever the command line says; `--allow-removals` lifts the overridable
 * one at apply time (see blockingGuards), so a saved plan and its recomputation agree.
 */
export function checkGuards(desired: Desired, actual: Actual, removed: Set<string>, catalog: Catalog): GuardFinding[] {
  const findings: GuardFinding[] = [];
  const policy = desired.policy;
  const ownsDirectly = (grants: readonly Grant[]) => grants.some((g) => catalog.isOwner(g));

  // Owners before and after, among accepted users (an invitee owns nothing until they accept).
  const ownerGroupsBefore = new Set([...actual.groups.values()].filter((g) => ownsDirectly(g.grants)).map((g) => g.name.toLowerCase()));
  const ownerGroupsAfter = new Set([...desired.groups.values()].filter((g) => ownsDirectly(g.grants)).map((g) => g.key));
  const inOwnerGroupBefore = new Set([...actual.groups.values()].filter((g) => ownerGroupsBefore.has(g.name.toLowerCase())).flatMap((g) => [...g.members.keys()]));
  const ownersBefore = new Set([...actual.users.keys()].filter((key) => ownsDirectly(actual.users.get(key)!.grants) || inOwnerGroupBefore.has(key)));
  const ownersAfter = new Set([...actual.users.keys()].filter((key) => {
    if (removed.has(key)) return false;
    const member = desired.members.get(key);
    if (!member) return ownersBefore.has(key); // unmanaged and reported: unchanged
    return ownsDirectly(member.grants) || member.groups.some((g) => ownerGroupsAfter.has(g));
  }));
  if (ownersAfter.size < policy.minOwners && ownersAfter.size < ownersBefore.size) {
    // Owners the manifests name who are not members yet count for nothing until they accept: say so,
    // or "only 0 would remain" reads as a bug in a manifest that plainly names owners.
    const invited = [...desired.members.values()].filter((m) => !actual.users.has(m.key) && (ownsDirectly(m.grants) || m.groups.some((g) => ownerGroupsAfter.has(g))));
    const pending = invited.length
      ? `; ${shortList(invited.map((m) => m.email))} ${invited.length === 1 ? 'is' : 'are'} only invited as Workspace Owner, and an invite owns nothing until it is accepted`
      : '';
    findings.push({ guard: 'min-owners', overridable: false,
      message: `only ${ownersAfter.size} Workspace Owner${ownersAfter.size === 1 ? '' : 's'} would remain (now ${ownersBefore.size}; policy.minOwners is ${policy.minOwners})${pending}` });
  }

  const removedUsers = [...removed].filter((key) => actual.users.has(key)).length;
  const limit = removalLimit(policy.maxRemovals, actual.users.size);
  if (removedUsers > limit.count) {
    findings.push({ guard: 'max-removals', overridable: true,
      message: `the plan removes ${removedUsers} of ${actual.users.size} members, more than policy.maxRemovals allows (${limit.text})` });
  }

  for (const email of policy.protectedMembers ?? []) {
    const key = email.toLowerCase();
    if (removed.has(key)) findings.push({ guard: 'protected-member', overridable: false, message: `protected member ${email} would be removed` });
    else if (ownersBefore.has(key) && !ownersAfter.has(key)) {
      findings.push({ guard: 'protected-member', overridable: false, message: `protected member ${email} would lose Workspace Owner` });
    }
  }

  if (policy.seats !== undefined) {
    const people = new Set([...actual.users.keys(), ...actual.invites.keys(), ...desired.members.keys()].filter((k) => !removed.has(k)));
    if (people.size > policy.seats) {
      findings.push({ guard: 'seats', overridable: false, message: `members plus invites would be ${people.size}, over policy.seats (${policy.seats})` });
    }
  }
  return findings;
}

export function removalLimit(maxRemovals: number | string | undefined, members: number): { count: number; text: string } {
  if (typeof maxRemovals === 'number') return { count: maxRemovals, text: String(maxRemovals) };
  const percent = maxRemovals === undefined ? 25 : Number(maxRemovals.replace('%', ''));
  const count = Math.floor((percent / 100) * members);
  return { count, text: `${percent}% of ${members} = ${count}` };
}
