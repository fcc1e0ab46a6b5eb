// The plan (format 3) is a record of intended changes, not of HTTP calls (docs/plan.md, after
// Terraform's internal/plans: address, action, before, after). `changes` say, per person or group,
// what they have and what they will have, why, and how risky that is. `operations` are the API
// calls compiled from the changes, each with a typed subject and the operations it must follow.
// Apply executes operations and nothing else; reasons and risks never steer it.
import type { SourceRef } from '../manifest/positions.js';
import type { RoleLevel } from '../manifest/role-catalog.js';
import type { Grant } from '../workspace/model.js';
import type { PatchOperation } from './patch.js';
import type { PolicyFinding } from './policy.js';

export type { PolicyFinding } from './policy.js';

export const PLAN_FORMAT_VERSION = '3';

/** Where a person's grant comes from. */
export type GrantSource = { kind: 'direct' } | { kind: 'profile'; profile: string } | { kind: 'group'; group: string };

/** One grant a subject has (or will have), in words and as data, with where it comes from. */
export interface EffectiveGrant {
  grant: Grant;
  role: string;
  /** What the role means, from the role catalog (`unknown`: a role the catalog does not know). */
  level: RoleLevel;
  /** "Source Admin on web-staging". */
  text: string;
  via: GrantSource;
  /** The manifest date this grant ends (after side only; Segment stores no expiry). */
  expires?: string;
  /** For a label selector: the slugs of the sources it matches today. */
  matches?: string[];
  /** The sensitive sources (policy.sensitive) it reaches, by slug; absent when none. */
  sensitive?: string[];
}

export interface PersonState {
  status: 'member' | 'invited' | 'absent';
  /** Grants held directly (for invites the manifest's; Segment cannot read an invite's grants). */
  direct: EffectiveGrant[];
  groups: string[];
  /** Direct + via profile + via groups. */
  effective: EffectiveGrant[];
  /** Whole-membership expiry from the manifests. */
  expires?: string;
}

export interface GroupState {
  exists: boolean;
  grants: EffectiveGrant[];
  members: string[];
}

export type ChangeAction =
  | 'invite' | 'reissue-invite' | 'update-access' | 'join-groups' | 'leave-groups' | 'remove' | 'cancel-invite'
  | 'create-group' | 'update-group' | 'delete-group';

export type Reason =
  | { kind: 'manifest'; ref: SourceRef }
  | { kind: 'expired'; date: string; what: string; ref: SourceRef }
  | { kind: 'not-in-manifests' }
  | { kind: 'invite-expired'; sentAt: string }
  | { kind: 'reinvite-requested' };

export type RiskKind =
  | 'owner-grant' | 'owner-removal' | 'privilege-escalation' | 'removal' | 'widening' | 'external-member' | 'sensitive-admin' | 'owner-without-justification'
  | 'token-change' | 'policy-warning';

export interface Risk {
  kind: RiskKind;
  /** One line for a reviewer: "Source Read-only on all sources -> Source Admin on all sources". */
  detail: string;
}

interface ChangeBase {
  /** `person:<lower email>`, `group:<id>` or `group:new:<lower name>`. Unique in the plan. */
  id: string;
  /** The first of `actions`: what a one-word summary should say. */
  action: ChangeAction;
  actions: ChangeAction[];
  reasons: Reason[];
  risks: Risk[];
  /** Notes a reviewer should read (destination widening, access still reachable another way). */
  notes: string[];
  /** RFC 6902 operations that turn `before` into `after`, for tools that read JSON Patch. */
  patch: PatchOperation[];
}

export interface PersonChange extends ChangeBase {
  subject: { kind: 'person'; email: string };
  before: PersonState;
  after: PersonState;
}

export interface GroupChange extends ChangeBase {
  subject: { kind: 'group'; name: string; id?: string };
  before: GroupState;
  after: GroupState;
}

export type Change = PersonChange | GroupChange;

/** A group an operation acts on: one that exists, or one an earlier operation of this plan creates. */
export type GroupRef = { id: string; name: string } | { createdBy: string; name: string };

export interface InviteSpec {
  email: string;
  grants: Grant[];
}

/** The typed subject of each API call; the endpoint table turns it into a request. */
export type OperationParams =
  | { kind: 'createUserGroup'; name: string }
  | { kind: 'createInvites'; invites: InviteSpec[] }
  | { kind: 'deleteInvites'; emails: string[] }
  | { kind: 'replacePermissionsForUser'; userId: string; email: string; grants: Grant[] }
  | { kind: 'replacePermissionsForUserGroup'; group: GroupRef; grants: Grant[] }
  | { kind: 'addUsersToUserGroup'; group: GroupRef; emails: string[] }
  | { kind: 'removeUsersFromUserGroup'; group: { id: string; name: string }; emails: string[] }
  | { kind: 'deleteUsers'; users: Array<{ id: string; email: string }> }
  | { kind: 'deleteUserGroup'; group: { id: string; name: string } };

export type OperationKind = OperationParams['kind'];

export interface Operation {
  /** Stable within the plan, e.g. `createInvites#1`. */
  id: string;
  params: OperationParams;
  /** Ids of the changes this call serves. */
  changes: string[];
  /** Ids of operations that must have succeeded first. */
  after: string[];
  /**
   * True when this call takes access from nobody (checked in the plan's simulation). Consecutive
   * such calls may run concurrently: any subset of them leaves every invariant intact.
   */
  onlyAdds: boolean;
}

export interface GuardFinding {
  guard: 'min-owners' | 'max-removals' | 'protected-member' | 'seats' | 'unsafe-order' | 'request-size' | 'empty-list';
  message: string;
  /** Only max-removals can be overridden (`--allow-removals`). */
  overridable: boolean;
}

export interface PlanWarning {
  code: string;
  message: string;
  origin?: SourceRef;
}

/** Counts over every kind of change; each person or group is counted once per kind. */
export interface PlanSummary {
  invited: number;
  reinvited: number;
  changed: number;
  removed: number;
  invitesCancelled: number;
  membershipsAdded: number;
  membershipsRemoved: number;
  groupsCreated: number;
  groupsChanged: number;
  groupsDeleted: number;
  /** Pending invites left alone (their permissions cannot be read). */
  pending: number;
  operations: number;
  /** The least time the operations take at Segment's rate limits (60 a minute per endpoint). */
  rateLimitedMs: number;
}

/** An invite sent and still valid: shown once, with its age, not as a warning on every plan. */
export interface PendingInvite {
  email: string;
  /** When it was sent, from the Audit Trail. */
  sentAt?: string;
  /** When it stops being valid (7 days after it was sent). */
  expiresAt?: string;
}

export interface Plan {
  formatVersion: string;
  toolVersion: string;
  workspace: { slug: string; id: string; region: 'us' | 'eu' };
  now: string;
  /** The manifest folder the plan was made from, as given on the command line. */
  manifestDir?: string;
  manifestDigest: string;
  stateFingerprint: string;
  /** sha256 over the canonical operations: what apply would send. */
  operationsDigest: string;
  changes: Change[];
  operations: Operation[];
  pendingInvites: PendingInvite[];
  warnings: PlanWarning[];
  guards: GuardFinding[];
  summary: PlanSummary;
  /**
   * Risks no API call shows: an expiry the pull request removes or moves later, found by comparing
   * the manifests with the base branch's (`plan --base-ref`). Absent when no base was compared.
   */
  manifestRisks?: Risk[];
  /** What `policy.rules` found on the members' access after the change (src/plan/policy.ts). */
  policyFindings: PolicyFinding[];
}

/** Warnings a plan rendering shows: not `left-to-idp`, a standing fact drift reports once. */
export function shownWarnings(plan: Pick<Plan, 'warnings'>): Plan['warnings'] {
  return plan.warnings.filter((w) => w.code !== 'left-to-idp');
}

/** The findings of deny rules: any one makes plan exit 1 and apply refuse. */
export function policyDenials(plan: Pick<Plan, 'policyFindings'>): PolicyFinding[] {
  return plan.policyFindings.filter((f) => f.level === 'deny');
}

/** Guards that still refuse after `--allow-removals` lifted what it may. */
export function blockingGuards(plan: Pick<Plan, 'guards'>, allowRemovals: boolean): GuardFinding[] {
  return plan.guards.filter((g) => !(g.overridable && allowRemovals));
}
