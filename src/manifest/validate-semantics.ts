// Semantic validation: the rules a schema cannot express — uniqueness across files, references
// between members, groups and profiles, email domains, expirations and the owner count.
// Runs on a schema-valid Manifest; returns diagnostics, never throws.
import { daysUntil, earliest, isExpired, isoDay } from './dates.js';
import { compareText, type Diagnostic, type Severity } from './diagnostic.js';
import { editDistance, suggestion } from './did-you-mean.js';
import {
  emailDomain, groupGrants, indexProfiles, memberGrants, normalizeEmail, type DeclaredGrant,
} from './grants.js';
import { effectivePolicy, refOf, type Manifest, type Origin, type Sourced } from './merge.js';
import { provisionedByIdp } from './identity.js';
import { compileRules } from './policy-rules.js';
import { formatRef, type JsonPath } from './positions.js';
import type { AccessEntry, Group, Member } from './types.generated.js';
import { ROLES, renamedRole, roleInfo, scopeProblem } from './role-catalog.js';

export interface SemanticOptions {
  /** The instant expirations are judged at (`--at`, default now). */
  at: Date;
}

interface RuleContext {
  manifest: Manifest;
  policy: ReturnType<typeof effectivePolicy>;
  profiles: ReturnType<typeof indexProfiles>;
  at: Date;
  out: Diagnostic[];
  report(severity: Severity, origin: Origin, path: JsonPath, code: string, message: string, hint: string, target?: 'key' | 'value'): void;
}

/** The rules, in the order a reader meets their findings. */
const RULES: ReadonlyArray<(ctx: RuleContext) => void> = [
  checkDeclarations, checkUniqueness, checkReferences, checkRoles, checkDomains, checkDates, checkOwners, checkPolicyAndTokens,
];

export function validateSemantics(manifest: Manifest, options: SemanticOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const report: RuleContext['report'] = (severity, origin, path, code, message, hint, target = 'value') => {
    const ref = refOf(origin, path, target);
    out.push({ severity, file: ref.file, line: ref.line, col: ref.col, code, message, hint });
  };
  const ctx: RuleContext = { manifest, policy: effectivePolicy(manifest), profiles: indexProfiles(manifest), at: options.at, out, report };
  for (const rule of RULES) rule(ctx);
  out.push(...compileRules(manifest).diagnostics);
  return out.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.col - b.col);
}

/** Exactly one workspace, at most one policy. */
function checkDeclarations(ctx: RuleContext): void {
  const { manifest, out, report } = ctx;
  if (manifest.workspaces.length === 0 && manifest.files.length > 0) {
    const first = manifest.files[0]!;
    out.push({ severity: 'error', file: first.path, line: 1, col: 1, code: 'no-workspace',
      message: 'no file declares `workspace:`', hint: 'add `workspace: {slug: <your-workspace-slug>}` to one file' });
  }
  for (const extra of manifest.workspaces.slice(1)) {
    report('error', extra.origin, [], 'multiple-workspaces',
      `\`workspace\` is declared again (first at ${formatRef(refOf(manifest.workspaces[0]!.origin, [], 'key'))})`,
      'declare the workspace in exactly one file; one folder describes one workspace', 'key');
  }
  for (const extra of manifest.policies.slice(1)) {
    report('error', extra.origin, [], 'duplicate-policy',
      `\`policy\` is declared again (first at ${formatRef(refOf(manifest.policies[0]!.origin, [], 'key'))})`,
      'keep all policy settings in one `policy:` block', 'key');
  }
}

/** Members, groups, profiles and tokens are each defined once across all files. */
function checkUniqueness(ctx: RuleContext): void {
  const { manifest, report } = ctx;
  const firstOf = <T>(items: T[], key: (t: T) => string, onDuplicate: (item: T, first: T, k: string) => void) => {
    const seen = new Map<string, T>();
    for (const item of items) {
      const k = key(item);
      const first = seen.get(k);
      if (first) onDuplicate(item, first, k);
      else seen.set(k, item);
    }
  };
  firstOf(manifest.profiles, (p) => p.name, (p, first) =>
    report('error', p.origin, [], 'duplicate-profile',
      `profile \`${p.name}\` is defined twice: here and at ${formatRef(refOf(first.origin, [], 'key'))}`,
      'keep one definition and remove the other', 'key'));
  firstOf(manifest.members, (m) => normalizeEmail(m.value.email), (m, first) =>
    report('error', m.origin, ['email'], 'duplicate-member',
      `${m.value.email} is defined twice: here and at ${formatRef(refOf(first.origin, ['email']))}`,
      'merge the two entries into one (emails compare case-insensitively)'));
  firstOf(manifest.groups, (g) => g.value.name.toLowerCase(), (g, first) =>
    report('error', g.origin, ['name'], 'duplicate-group',
      `group \`${g.value.name}\` is defined twice: here and at ${formatRef(refOf(first.origin, ['name']))}`,
      'keep one definition and remove the other (group names compare case-insensitively)'));
  firstOf(manifest.tokens, (t) => t.value.id, (t, first) =>
    report('error', t.origin, ['id'], 'duplicate-token',
      `token \`${t.value.id}\` is listed twice: here and at ${formatRef(refOf(first.origin, ['id']))}`,
      'keep one entry per token'));
}

/** Profiles and groups that members and groups name exist. */
function checkReferences(ctx: RuleContext): void {
  const { manifest, profiles, report } = ctx;
  const groupNames = new Map(manifest.groups.map((g) => [g.value.name.toLowerCase(), g] as const));
  const profileNames = [...profiles.keys()];
  const declaredGroups = manifest.groups.map((g) => g.value.name);
  const checkProfile = (subject: Sourced<Member> | Sourced<Group>, profile: string | undefined) => {
    if (profile && !profiles.has(profile)) {
      report('error', subject.origin, ['profile'], 'unknown-profile', `profile \`${profile}\` is not defined`,
        profileNames.length ? suggestion(profile, profileNames, 'profile') : 'define it under `profiles:`');
    }
  };
  for (const member of manifest.members) {
    checkProfile(member, member.value.profile);
    (member.value.groups ?? []).forEach((name, i) => {
      if (!groupNames.has(name.toLowerCase())) {
        report('error', member.origin, ['groups', i], 'unknown-group', `group \`${name}\` is not defined`,
          manifest.groups.length ? suggestion(name, declaredGroups, 'group')
            : 'define it under `groups:`');
      }
    });
  }
  for (const group of manifest.groups) checkProfile(group, group.value.profile);
}

/** Email domains of the policy. */
function checkDomains(ctx: RuleContext): void {
  const { manifest, policy, report } = ctx;
  const allowed = policy.allowedEmailDomains?.map((d) => d.toLowerCase());
  const temporary = new Set((policy.temporaryDomains ?? []).map((d) => d.toLowerCase()));
  if (!allowed && temporary.size === 0) return;
  for (const member of manifest.members) {
    const domain = emailDomain(member.value.email);
    if (allowed && !allowed.includes(domain)) {
      report('error', member.origin, ['email'], 'domain-not-allowed',
        `${member.value.email} is outside the allowed email domains (${allowed.join(', ')})`,
        `use the person's company address, or add \`${domain}\` to policy.allowedEmailDomains`);
    }
    if (temporary.has(domain) && !member.value.expires) {
      report('error', member.origin, ['email'], 'temporary-without-expiry',
        `${member.value.email} is from a temporary domain (${domain}) but has no \`expires\``,
        'add `expires: YYYY-MM-DD` to this member');
    }
  }
}

/** Expirations, overdue reviews and role duration limits (policy.maxDays). */
function checkDates(ctx: RuleContext): void {
  const { manifest, policy, profiles, at, report } = ctx;
  const warnWindow = policy.expiryWarningDays;
  const expiryFindings = (origin: Origin, path: JsonPath, expires: string | undefined, what: string, idp = false) => {
    if (!expires) return;
    if (isExpired(expires, at)) {
      // The identity provider removes the people it provisions; the plan never does (one message
      // for it here and in the plan).
      report('warning', origin, path, 'expired', `${what} expired on ${expires}; ${idp ? 'remove them in the identity provider, which provisions them' : 'the plan removes it'}`,
        'delete the entry so the manifests stay truthful, or extend `expires` to renew it');
    } else if (daysUntil(expires, at) <= warnWindow) {
      const days = daysUntil(expires, at);
      report('warning', origin, path, 'expiring-soon', `${what} expires on ${expires} (in ${days} day${days === 1 ? '' : 's'})`,
        'renew it by moving `expires` forward, or let it lapse');
    }
  };
  for (const member of manifest.members) {
    const m = member.value;
    expiryFindings(member.origin, ['expires'], m.expires, `membership of ${m.email}`, provisionedByIdp(policy, m));
    (m.access ?? []).forEach((entry, i) =>
      expiryFindings(member.origin, ['access', i, 'expires'], isExpired(m.expires, at) ? undefined : entry.expires,
        `${entry.role} for ${m.email}`));
    if (m.reviewBy && isExpired(m.reviewBy, at)) {
      report('warning', member.origin, ['reviewBy'], 'review-overdue',
        `access review for ${m.email} was due on ${m.reviewBy}`,
        'review this access, then move `reviewBy` forward (or remove the member)');
    }
  }
  for (const group of manifest.groups) {
    (group.value.access ?? []).forEach((entry, i) =>
      expiryFindings(group.origin, ['access', i, 'expires'], entry.expires, `${entry.role} for group ${group.value.name}`));
  }

  const maxDays = policy.maxDays ?? {};
  const checkDuration = (grant: DeclaredGrant, memberExpires: string | undefined, subject: string) => {
    // Own keys only: a role called `constructor` must not find Object.prototype's.
    const limit = Object.hasOwn(maxDays, grant.entry.role) ? maxDays[grant.entry.role] : undefined;
    if (limit === undefined) return;
    const expires = earliest(grant.entry.expires, memberExpires);
    if (expires && isExpired(expires, at)) return;
    const anchor = grant.via ? grant.via.origin : grant.origin;
    const viaText = grant.via ? ` (through profile \`${grant.via.profile}\`)` : '';
    if (!expires) {
      report('error', anchor, [], 'max-days-exceeded',
        `${grant.entry.role} for ${subject}${viaText} never expires, but policy.maxDays allows at most ${limit} days`,
        `add \`expires:\` no later than ${isoDay(new Date(at.getTime() + limit * 86_400_000))}`);
    } else if (daysUntil(expires, at) > limit) {
      report('error', anchor, [], 'max-days-exceeded',
        `${grant.entry.role} for ${subject}${viaText} lasts until ${expires}, more than the ${limit} days policy.maxDays allows`,
        `set \`expires:\` no later than ${isoDay(new Date(at.getTime() + limit * 86_400_000))}`);
    }
  };
  if (Object.keys(maxDays).length === 0) return; // no limit to check: skip listing every member's grants
  for (const member of manifest.members) {
    if (isExpired(member.value.expires, at)) continue;
    for (const grant of memberGrants(member, profiles)) checkDuration(grant, member.value.expires, member.value.email);
  }
  for (const group of manifest.groups) {
    for (const grant of groupGrants(group, profiles)) checkDuration(grant, undefined, `group ${group.value.name}`);
  }
}

/** Enough Workspace Owners, each with a justification. */
function checkOwners(ctx: RuleContext): void {
  const { manifest, policy, profiles, at, report } = ctx;
  const ownerGroups = new Set(
    manifest.groups.filter((g) => groupGrants(g, profiles).some((gr) => grantsOwner(gr, undefined, at)))
      .map((g) => g.value.name.toLowerCase()),
  );
  const owners = manifest.members.filter((member) => {
    const m = member.value;
    if (isExpired(m.expires, at)) return false;
    return memberGrants(member, profiles).some((g) => grantsOwner(g, m.expires, at)) ||
      (m.groups ?? []).some((name) => ownerGroups.has(name.toLowerCase()));
  });
  for (const owner of owners) {
    if (!owner.value.justification) {
      report('warning', owner.origin, ['email'], 'owner-without-justification',
        `${owner.value.email} is a Workspace Owner without a \`justification\``,
        'add `justification:` saying why this person needs full control (it goes into the apply evidence)');
    }
  }
  if (owners.length < policy.minOwners && manifest.workspaces.length > 0) {
    const policyOrigin = manifest.policies[0]?.origin;
    const declaredMin = manifest.policies[0]?.value.minOwners !== undefined;
    const [origin, path] = policyOrigin && declaredMin ? [policyOrigin, ['minOwners']] : [manifest.workspaces[0]!.origin, []];
    report('error', origin, path, 'too-few-owners',
      `${owners.length} Workspace Owner${owners.length === 1 ? '' : 's'} in the manifests, but policy.minOwners requires ${policy.minOwners}`,
      'give another trusted person `role: Workspace Owner` (with a justification)', path.length ? 'value' : 'key');
  }
}

/** Protected members exist; tokens are current and owned by members. */
function checkPolicyAndTokens(ctx: RuleContext): void {
  const { manifest, policy, at, report } = ctx;
  const warnWindow = policy.expiryWarningDays;
  const memberEmails = new Set(manifest.members.map((m) => normalizeEmail(m.value.email)));
  const policyOrigin = manifest.policies[0]?.origin;
  if (policyOrigin) {
    (policy.protectedMembers ?? []).forEach((email, i) => {
      if (!memberEmails.has(normalizeEmail(email))) {
        report('warning', policyOrigin, ['protectedMembers', i], 'protected-member-missing',
          `protected member ${email} is not in the manifests, so no plan may proceed while it exists in the workspace`,
          'add this person under `members:`');
      }
    });
  }
  for (const token of manifest.tokens) {
    const t = token.value;
    if (t.expires && isExpired(t.expires, at)) {
      report('warning', token.origin, ['expires'], 'token-expired',
        `token ${t.id} (${t.description}) was due for rotation on ${t.expires}`,
        'rotate or revoke the token in Segment, then update `expires` (or remove the entry)');
    } else if (t.expires && daysUntil(t.expires, at) <= warnWindow) {
      report('warning', token.origin, ['expires'], 'token-expiring',
        `token ${t.id} (${t.description}) is due for rotation on ${t.expires}`,
        'rotate it in Segment before then and update `expires`');
    }
    if (!memberEmails.has(normalizeEmail(t.owner))) {
      report('warning', token.origin, ['owner'], 'token-owner-unknown',
        `token ${t.id} (${t.description}): its owner ${t.owner} is not a member in the manifests`, 'give the token an owner who is a member, or revoke it');
    }
  }
}

/**
 * Role names and scopes against Segment's documented catalog. Which names a workspace serves is
 * decided by its `GET /roles` at plan time (docs/segment-api.md, "Roles"): offline, an old name gets a
 * warning with today's name as the hint, and `Workspace Member` (the app's word for a non-owner) is
 * explained the same way; a scope the role cannot take is an error at the scope key.
 */
const DOCUMENTED_ROLES = ROLES.map((r) => r.name);

function checkRoles(ctx: RuleContext): void {
  const { manifest, report } = ctx;
  const check = (origin: Origin, entry: AccessEntry, rolePath: JsonPath) => {
    const renamed = renamedRole(entry.role);
    if (renamed) {
      report('warning', origin, rolePath, 'renamed-role', `Segment renamed \`${entry.role}\` to \`${renamed}\`; plan accepts the old name only if the workspace still serves it`, `write \`${renamed}\``);
      return;
    }
    if (entry.role === 'Workspace Member') {
      report('warning', origin, rolePath, 'not-a-role',
        '`Workspace Member` is not one of Segment\'s documented roles (the app calls every member who is not a Workspace Owner a Workspace Member); plan accepts it only if the workspace serves it',
        'list the member\'s roles under `access:` (for login only, `role: Minimal Workspace Access`)');
      return;
    }
    if (!roleInfo(entry.role)) {
      // Offline, only Segment's documented names are known; the workspace's own list decides at
      // plan time. A slip of a documented name is still worth saying now.
      const slip = DOCUMENTED_ROLES.filter((r) => editDistance(entry.role, r) === 1);
      report('warning', origin, rolePath, 'undocumented-role',
        `\`${entry.role}\` is not one of Segment's documented roles; plan accepts it only if the workspace serves it (GET /roles)`,
        slip.length === 1 ? `did you mean \`${slip[0]}\`?` : 'plan checks the name against the roles the workspace serves');
      return;
    }
    const problem = scopeProblem(entry);
    if (problem) report('error', origin, [...rolePath.slice(0, -1), problem.key], 'scope-not-allowed', problem.message, problem.hint, 'key');
  };
  for (const member of manifest.members) {
    if (member.value.role) check(member.origin, { role: member.value.role }, ['role']);
    (member.value.access ?? []).forEach((entry, i) => check(member.origin, entry, ['access', i, 'role']));
  }
  for (const group of manifest.groups) (group.value.access ?? []).forEach((entry, i) => check(group.origin, entry, ['access', i, 'role']));
  for (const profile of manifest.profiles) profile.value.forEach((entry, i) => check(profile.origin, entry, [i, 'role']));
  const policy = manifest.policies[0];
  for (const role of Object.keys(policy?.value.maxDays ?? {})) {
    const renamed = renamedRole(role);
    if (renamed && policy) report('warning', policy.origin, ['maxDays', role], 'renamed-role', `Segment renamed \`${role}\` to \`${renamed}\``, `write \`${renamed}\``, 'key');
  }
}

function grantsOwner(grant: DeclaredGrant, memberExpires: string | undefined, at: Date): boolean {
  return roleInfo(grant.entry.role)?.level === 'owner' && !isExpired(earliest(grant.entry.expires, memberExpires), at);
}
