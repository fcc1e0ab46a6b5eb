// One change per person: invite, re-issue, update access, join or leave groups, remove, or cancel
// an invite, with before/after effective access, reasons and risks. `after` is what the workspace
// will hold once the plan is applied, so the operations can be compiled from the changes alone
// (compile.ts) and checked against them. People in no manifest are removed, or only reported under
// `policy.unmanaged: report` (their group memberships too).
import { idpGroup, ignoredBy, provisionedByIdp } from '../manifest/identity.js';
import type { DesiredMember } from '../manifest/resolve.js';
import { grantKey } from '../workspace/model.js';
import { sameAboveFloor } from './floor.js';
import { groupsAfterPlan, personBefore, personPlanned, type PlanContext } from './context.js';
import { personRisks, type RiskInput } from './risks.js';
import { markSensitive, sensitiveSources, sensitiveWords } from './sensitive.js';
import { patchOf } from './patch.js';
import type { ChangeAction, PendingInvite, PersonChange, PersonState, PlanWarning, Reason } from './types.js';

/** Segment expires invitations after 7 days (docs/segment-api.md, "Invites"). */
export const INVITE_EXPIRY_DAYS = 7;

export interface PeopleResult {
  changes: PersonChange[];
  warnings: PlanWarning[];
  pendingInvites: PendingInvite[];
  /** Lower-cased emails of people leaving the workspace (users removed, invites cancelled). */
  removed: Set<string>;
  pending: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function personChanges(ctx: PlanContext): PeopleResult {
  const { desired, actual } = ctx;
  const keys = [...new Set([...desired.members.keys(), ...actual.users.keys(), ...actual.invites.keys()])].sort(byText);
  const result: PeopleResult = { changes: [], warnings: [], pendingInvites: [], removed: new Set(), pending: 0 };
  for (const key of keys) {
    const member = desired.members.get(key);
    const change = member ? managedPerson(ctx, key, member, result) : unmanagedPerson(ctx, key, result);
    if (change) result.changes.push(change);
  }
  return result;
}

/** How an email is stored in Segment (deletes and group calls send it back as is), else as the manifest writes it. */
export function storedEmail(ctx: PlanContext, key: string): string {
  return ctx.actual.users.get(key)?.email ?? ctx.actual.invites.get(key)?.email ?? ctx.desired.members.get(key)?.email ?? key;
}

/**
 * The groups (lower-cased names) a managed person will be in after the plan. Re-issuing an invite
 * drops its memberships, so only the manifests' groups come back; otherwise they keep the groups the
 * plan leaves alone (synced by the identity provider, or unmanaged and reported), leave the
 * manifests' groups they should not be in, and join the manifests' groups the tool may join them to.
 */
function plannedGroups(ctx: PlanContext, key: string, member: DesiredMember, reissue: boolean): string[] {
  const after = groupsAfterPlan(ctx);
  const synced = (g: string) => idpGroup(ctx.desired.policy, g);
  const current = reissue ? [] : (ctx.liveGroupsOf.get(key) ?? []).map((g) => g.name.toLowerCase());
  const kept = current.filter((g) => after.has(g) && (!ctx.desired.groups.has(g) || synced(g) || member.groups.includes(g)));
  const joined = member.groups.filter((g) => after.has(g) && !synced(g));
  return [...new Set([...kept, ...joined])];
}

function managedPerson(ctx: PlanContext, key: string, member: DesiredMember, result: PeopleResult): PersonChange | undefined {
  const { actual, options } = ctx;
  const id = `person:${key}`;
  const user = actual.users.get(key);
  const invite = actual.invites.get(key);
  const reasons: Reason[] = [{ kind: 'manifest', ref: member.origin }];
  for (const e of ctx.desired.expired) {
    if (e.what !== 'membership' && e.subject.toLowerCase() === key) reasons.push({ kind: 'expired', date: e.date, what: e.what, ref: e.origin });
  }
  const actions: ChangeAction[] = [];
  const notes: string[] = [];
  let reissue = false;
  if (!user && member.idp) {
    // The identity provider creates this person: inviting them by hand would conflict with it.
    result.warnings.push({ code: 'waiting-for-idp', message: invite
      ? `${member.email} has a pending invite; the identity provider provisions them, so it is left as it is`
      : `waiting for the identity provider to create ${member.email} (their access and groups follow once they are in the workspace)`, origin: member.origin });
    return undefined;
  }
  if (user) {
    if (!sameAboveFloor(ctx.floor, user.grants, member.grants)) actions.push('update-access');
  } else if (invite) {
    // An age is known only from an invite event that names this email; without one it is unknown,
    // and an invite of unknown age is never re-issued by itself (docs/segment-api.md, "Invites").
    const ageDays = invite.sentAt ? (options.now.getTime() - Date.parse(invite.sentAt)) / 86_400_000 : undefined;
    const requested = options.reinvite === 'all' || (Array.isArray(options.reinvite) && options.reinvite.includes(key));
    reissue = requested || (ageDays !== undefined && ageDays > INVITE_EXPIRY_DAYS);
    if (reissue) {
      actions.push('reissue-invite');
      reasons.push(requested ? { kind: 'reinvite-requested' } : { kind: 'invite-expired', sentAt: invite.sentAt! });
    } else {
      result.pending++;
      const expiresAt = invite.sentAt ? new Date(Date.parse(invite.sentAt) + INVITE_EXPIRY_DAYS * 86_400_000).toISOString() : undefined;
      result.pendingInvites.push({ email: member.email, ...(invite.sentAt ? { sentAt: invite.sentAt } : {}), ...(expiresAt ? { expiresAt } : {}) });
    }
  } else {
    actions.push('invite');
  }

  // Group memberships: the identity provider owns the members of the groups it syncs, so say what
  // to change there instead of changing it.
  const current = new Set((ctx.liveGroupsOf.get(key) ?? []).map((g) => g.name.toLowerCase()));
  const groups = plannedGroups(ctx, key, member, reissue);
  const synced = (g: string) => idpGroup(ctx.desired.policy, g);
  const name = (g: string) => ctx.desired.groups.get(g)?.name ?? g;
  for (const g of member.groups.filter((g) => synced(g) && (reissue || !current.has(g)))) {
    result.warnings.push({ code: 'idp-group-membership', message: `${member.email} should be in group ${name(g)}: add them in the identity provider, which syncs that group`, origin: member.origin });
  }
  for (const g of [...current].filter((g) => synced(g) && ctx.desired.groups.has(g) && !member.groups.includes(g) && !reissue).sort(byText)) {
    result.warnings.push({ code: 'idp-group-membership', message: `${member.email} should leave group ${name(g)}: remove them in the identity provider, which syncs that group`, origin: member.origin });
  }
  const planned = new Set(groups);
  const joining = groups.filter((g) => reissue || !current.has(g));
  const leaving = [...current].filter((g) => !planned.has(g) && ctx.desired.groups.has(g) && groupsAfterPlan(ctx).has(g));
  if (joining.length) actions.push('join-groups');
  if (leaving.length) actions.push('leave-groups');
  if (!actions.length) return undefined;

  const before = markSensitive(ctx, personBefore(ctx, key));
  // A pending invite's own access cannot be read, nor changed without re-issuing it: only its groups change.
  const after = markSensitive(ctx, personPlanned(ctx, key, member, groups, !invite || reissue));
  notes.push(...stillReachable(before, after));
  const rejoined = joining.filter((g) => current.has(g));
  if (rejoined.length) notes.push(`added again to ${rejoined.map((g) => `group ${name(g)}`).join(', ')}: re-issuing an invite drops its group memberships`);
  const newKeys = new Set(before.direct.map((g) => grantKey(g.grant)));
  const widening = member.grants.filter((g) => g.widening && !newKeys.has(grantKey(g)));
  const risks = personRisks(member.email, before, after, riskInput(ctx, widening, member.justification));
  // A new owner's reason stands in their block, where the reviewer reads what they get.
  if (member.justification && risks.some((r) => r.kind === 'owner-grant')) {
    notes.push(`justification: ${member.justification}${member.reviewBy ? ` (review by ${member.reviewBy})` : ''}`);
  }
  // Every output names people as the manifest spells them; Segment's own spelling, where it
  // differs, is said once here (and kept in the requests, which name Segment's records).
  const spelled = user?.email ?? invite?.email;
  if (spelled && spelled !== member.email) notes.push(`Segment spells this email ${spelled}`);
  return {
    id, subject: { kind: 'person', email: member.email }, action: actions[0]!, actions, before, after, reasons, risks, notes, patch: patchOf(before, after),
  };
}

function unmanagedPerson(ctx: PlanContext, key: string, result: PeopleResult): PersonChange | undefined {
  const { actual } = ctx;
  const user = actual.users.get(key);
  const email = storedEmail(ctx, key);
  const expired = ctx.desired.expired.find((e) => e.what === 'membership' && e.subject.toLowerCase() === key);
  const ignored = ignoredBy(ctx.desired.policy, email);
  if (ignored !== undefined) {
    result.warnings.push({ code: 'ignored', message: `${email} is ignored (policy.ignore: ${ignored})` });
    return undefined;
  }
  if (provisionedByIdp(ctx.desired.policy, { email })) {
    // An expiry is news for this plan; someone left to the identity provider is a standing fact,
    // which drift reports (plan renderings leave `left-to-idp` out, so it is not repeated on every plan).
    result.warnings.push(expired
      ? { code: 'remove-in-idp', message: `membership of ${email} expired on ${expired.date}; remove them in the identity provider, which provisions them` }
      : { code: 'left-to-idp', message: `${email} is in the workspace but in no manifest; the identity provider provisions them, so it is left as it is: remove them there, add them to a manifest, or list them in policy.identityProvider.except if they were invited by hand` });
    return undefined;
  }
  if (!expired && ctx.unmanaged(user ? 'users' : 'invites') === 'report') {
    const groups = (ctx.liveGroupsOf.get(key) ?? []).map((g) => g.name).sort(byText);
    const inGroups = groups.length ? `; member of ${groups.join(', ')} (left as is)` : '';
    result.warnings.push(user
      ? { code: 'unmanaged-user', message: `${email} is in the workspace but in no manifest (policy.unmanaged: report)${inGroups}` }
      : { code: 'unmanaged-invite', message: `pending invite for ${email} is in no manifest (policy.unmanaged: report)${inGroups}` });
    return undefined;
  }
  const id = `person:${key}`;
  result.removed.add(key);
  const before = markSensitive(ctx, personBefore(ctx, key));
  const after: PersonState = { status: 'absent', direct: [], groups: [], effective: [] };
  const reasons: Reason[] = [expired ? { kind: 'expired', date: expired.date, what: 'membership', ref: expired.origin } : { kind: 'not-in-manifests' }];
  const action: ChangeAction = user ? 'remove' : 'cancel-invite';
  return {
    id, subject: { kind: 'person', email }, action, actions: [action], before, after, reasons, risks: personRisks(email, before, after, riskInput(ctx, [])), notes: [],
    patch: patchOf(before, after),
  };
}

export function riskInput(ctx: PlanContext, widening: Parameters<typeof personRisks>[3]['widening'], justification?: string): RiskInput {
  const sensitive = sensitiveSources(ctx);
  return {
    catalog: ctx.catalog, primaryDomain: ctx.desired.policy.allowedEmailDomains?.[0]?.toLowerCase(), widening, ...(justification ? { justification } : {}),
    ...(sensitive.size ? { sensitive: { words: sensitiveWords(ctx) } } : {}),
  };
}

/** "still has Source Read-only on all sources through group engineers" for direct grants removed but reachable. */
function stillReachable(before: PersonState, after: PersonState): string[] {
  const afterDirect = new Set(after.direct.map((g) => grantKey(g.grant)));
  return before.direct.filter((g) => !afterDirect.has(grantKey(g.grant))).flatMap((g) => {
    const other = after.effective.find((a) => a.via.kind !== 'direct' && grantKey(a.grant) === grantKey(g.grant));
    if (!other) return [];
    const via = other.via.kind === 'group' ? `group ${other.via.group}` : other.via.kind === 'profile' ? `profile ${other.via.profile}` : '';
    return [`still has ${g.text} through ${via}`];
  });
}
