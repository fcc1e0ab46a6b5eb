// Risks are computed from a change's before and after, never from how the change will be made:
// an owner grant is an owner grant whether it comes directly, through a profile or through a group.
import { emailDomain } from '../manifest/grants.js';
import type { DesiredGrant } from '../manifest/resolve.js';
import type { Catalog } from './describe.js';
import type { EffectiveGrant, GroupState, PersonState, Risk } from './types.js';
import { plural } from '../words.js';

/** A role the workspace serves and the catalog does not know is called out as the most privileged kind. */
const UNKNOWN_NOTE = ' (a role segment-access does not know yet: treated as the most privileged)';
const words = (g: EffectiveGrant) => `${g.text}${g.level === 'unknown' ? UNKNOWN_NOTE : ''}`;

function viaText(g: EffectiveGrant): string {
  return g.via.kind === 'group' ? ` (through group ${g.via.group})` : g.via.kind === 'profile' ? ` (through profile ${g.via.profile})` : '';
}

/** Grants of `after` that nothing in `before` already gives: higher roles or wider scopes. */
export function escalations(catalog: Catalog, before: readonly EffectiveGrant[], after: readonly EffectiveGrant[]): EffectiveGrant[] {
  // Minimal Workspace Access opens nothing beyond the workspace itself: gaining it is no escalation.
  return after.filter((a) => a.level !== 'minimal' && !before.some((b) => catalog.covers(b.grant, a.grant)));
}

const ownerIn = (catalog: Catalog, grants: readonly EffectiveGrant[]) => grants.find((g) => catalog.isOwner(g.grant));

export interface RiskInput {
  catalog: Catalog;
  /** The first of policy.allowedEmailDomains: anyone else is an external member. */
  primaryDomain?: string;
  /** Desired grants that reach a destination through its source (widening). */
  widening: readonly DesiredGrant[];
  /**
   * How the sensitive sources are chosen (policy.sensitive), when the workspace has any; which ones a
   * grant reaches is on the grant itself (`sensitive`, marked by markSensitive).
   */
  sensitive?: { words: string };
  /** The person's justification in the manifests, if any. */
  justification?: string;
}

export function personRisks(email: string, before: PersonState, after: PersonState, input: RiskInput): Risk[] {
  const { catalog } = input;
  const risks: Risk[] = [];
  const ownerBefore = ownerIn(catalog, before.effective);
  const ownerAfter = ownerIn(catalog, after.effective);
  if (ownerAfter && !ownerBefore) {
    risks.push({ kind: 'owner-grant', detail: `${email} becomes Workspace Owner${viaText(ownerAfter)}` });
    if (!input.justification) risks.push({ kind: 'owner-without-justification', detail: `${email} becomes Workspace Owner with no justification in the manifest` });
  }
  if (ownerBefore && !ownerAfter) risks.push({ kind: 'owner-removal', detail: `${email} is no longer Workspace Owner` });
  // A pending invite has not been accepted and its own access cannot be read: re-sending it is no
  // escalation, and its holder is still a newcomer for the call-outs newcomers get.
  const newcomer = (before.status === 'absent' || before.status === 'invited') && after.status !== 'absent';
  if (before.status === 'member' && after.status !== 'absent') {
    const higher = escalations(catalog, before.effective, after.effective).filter((g) => !catalog.isOwner(g.grant));
    if (higher.length) risks.push({ kind: 'privilege-escalation', detail: `${email} gains ${higher.map((g) => `${words(g)}${viaText(g)}`).join('; ')}` });
  } else if (newcomer) {
    // A newcomer's access is no escalation, except a role nobody can say the meaning of.
    const unknown = after.effective.filter((g) => g.level === 'unknown');
    if (unknown.length) risks.push({ kind: 'privilege-escalation', detail: `${email} gains ${unknown.map((g) => `${words(g)}${viaText(g)}`).join('; ')}` });
  }
  if (input.sensitive && after.status !== 'absent') {
    // Admin on a sensitive source, for a newcomer (invites included) or gained by a changed person.
    const fresh = newcomer ? after.effective : escalations(catalog, before.effective, after.effective);
    for (const g of fresh.filter((x) => x.level === 'admin')) {
      const reached = g.sensitive ?? [];
      if (reached.length) risks.push({ kind: 'sensitive-admin', detail: `${email} gets ${words(g)}${viaText(g)}: admin on ${reached.join(', ')} (${input.sensitive.words})` });
    }
  }
  if (before.status !== 'absent' && after.status === 'absent') {
    risks.push({ kind: 'removal', detail: `${email} is removed from the workspace${before.status === 'invited' ? ' (pending invite cancelled)' : ''}` });
  }
  for (const w of input.widening) {
    const also = w.widening!.alsoOpens.length ? `, which also opens ${w.widening!.alsoOpens.join(', ')}` : '';
    risks.push({ kind: 'widening', detail: `${email}: ${w.widening!.destination} is reached through its source ${w.widening!.source}${also}` });
  }
  const gains = newcomer || (after.status !== 'absent' && risks.some((r) => r.kind === 'privilege-escalation' || r.kind === 'owner-grant'));
  if (input.primaryDomain && gains && emailDomain(email) !== input.primaryDomain) {
    risks.push({ kind: 'external-member', detail: `${email} is outside ${input.primaryDomain}` });
  }
  return risks;
}

export function groupRisks(name: string, before: GroupState, after: GroupState, input: RiskInput): Risk[] {
  const { catalog } = input;
  const risks: Risk[] = [];
  const ownerBefore = ownerIn(catalog, before.grants);
  const ownerAfter = ownerIn(catalog, after.grants);
  if (ownerAfter && !ownerBefore && after.members.length) {
    risks.push({ kind: 'owner-grant', detail: `group ${name} grants Workspace Owner to its ${plural(after.members.length, 'member')}` });
  }
  if (ownerBefore && !ownerAfter && after.exists) risks.push({ kind: 'owner-removal', detail: `group ${name} no longer grants Workspace Owner` });
  if (before.exists && after.exists) {
    const higher = escalations(catalog, before.grants, after.grants).filter((g) => !catalog.isOwner(g.grant));
    if (higher.length) risks.push({ kind: 'privilege-escalation', detail: `group ${name} gains ${higher.map(words).join('; ')}` });
  } else if (!before.exists && after.exists) {
    const unknown = after.grants.filter((g) => g.level === 'unknown');
    if (unknown.length) risks.push({ kind: 'privilege-escalation', detail: `group ${name} gains ${unknown.map(words).join('; ')}` });
  }
  if (before.exists && !after.exists) risks.push({ kind: 'removal', detail: `group ${name} is deleted (${plural(before.members.length, 'member')})` });
  for (const w of input.widening) {
    risks.push({ kind: 'widening', detail: `group ${name}: ${w.widening!.destination} is reached through its source ${w.widening!.source}` });
  }
  return risks;
}
