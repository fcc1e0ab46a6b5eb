// The plan is data: what to call, in which order, why, and how risky. Only `apply` acts on it.
import type { Operation } from 'fast-json-patch';
import type { SourceRef } from '../manifest/positions.js';

/** Phases in the order DESIGN section 3 requires, so nobody loses access before its replacement exists. */
export const PHASES = [
  'create-groups',
  'invite',
  'reissue-invites',
  'change-permissions',
  'add-group-members',
  'remove-group-members',
  'cancel-invites',
  'remove-users',
  'delete-groups',
] as const;
export type Phase = (typeof PHASES)[number];

export type Risk = 'owner-grant' | 'owner-removal' | 'removal' | 'widening';

/** One line of explanation for one subject of a step. */
export interface Change {
  subject: string;
  /** What changes, in words: "Source Read-only on all sources -> Source Admin on web-staging". */
  text: string;
  /** Why: a manifest location, "expired 2026-11-01", or "not in manifests". */
  reason: string;
  origin?: SourceRef;
  risks: Risk[];
  /** Detail lines (`+ grant`, `- grant`, notes). */
  details: string[];
}

/** One Public API call. */
export interface Step {
  /** Stable, human-readable id, unique within the plan. */
  id: string;
  phase: Phase;
  operation:
    | 'createUserGroup' | 'createInvites' | 'deleteInvites' | 'replacePermissionsForUser' | 'replacePermissionsForUserGroup'
    | 'addUsersToUserGroup' | 'removeUsersFromUserGroup' | 'deleteUsers' | 'deleteUserGroup';
  method: 'POST' | 'PUT' | 'DELETE';
  /** Path; `{group:<name>}` stands for the id of a group this plan creates. */
  path: string;
  query?: Record<string, string[]>;
  body?: unknown;
  action: 'create' | 'update' | 'delete';
  changes: Change[];
}

export interface GuardFinding {
  guard: 'min-owners' | 'max-removals' | 'protected-member' | 'seats';
  message: string;
  /** Only max-removals can be overridden (`--allow-removals`). */
  overridable: boolean;
}

export interface PlanWarning {
  code: string;
  message: string;
  origin?: SourceRef;
}

export interface PlanSummary {
  invite: number;
  change: number;
  remove: number;
  /** Pending invites left alone because their permissions cannot be read. */
  pending: number;
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
  steps: Step[];
  warnings: PlanWarning[];
  guards: GuardFinding[];
  summary: PlanSummary;
  /** Per subject ("user:alice@acme.com", "group:engineers"): JSON Patch from before to after. */
  patches: Record<string, Operation[]>;
}

export const PLAN_FORMAT_VERSION = '1.0';
