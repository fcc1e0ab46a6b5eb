// The planner: a pure function of (desired, actual, options) that returns the changes per person
// and group, the API calls compiled from them in a safe order, the guards' findings and a summary.
// No I/O; the same input always gives the same plan, byte for byte.
import type { Desired } from '../manifest/resolve.js';
import type { Actual } from '../workspace/model.js';
import { compileOperations } from './compile.js';
import { planContext, type PlanOptions } from './context.js';
import { operationsDigest } from './digest.js';
import { groupChanges } from './groups.js';
import { checkGuards } from './guards.js';
import { safeOrder } from './order.js';
import { personChanges } from './people.js';
import { evaluatePolicy } from './policy.js';
import { requestGuards } from './request-shape.js';
import { summarize } from './summary.js';
import { PLAN_FORMAT_VERSION, type Plan, type PlanWarning } from './types.js';

export type { PlanOptions } from './context.js';
export { INVITE_EXPIRY_DAYS } from './people.js';

export function plan(desired: Desired, actual: Actual, options: PlanOptions): Plan {
  const ctx = planContext(desired, actual, options);
  const people = personChanges(ctx);
  const groups = groupChanges(ctx, people.changes);
  const drafts = compileOperations([...people.changes, ...groups.changes], ctx);
  const ordered = safeOrder(drafts, {
    actual, catalog: ctx.catalog, minOwners: desired.policy.minOwners, protectedMembers: desired.policy.protectedMembers ?? [],
  });
  const guards = checkGuards(desired, actual, people.removed, ctx.catalog);
  if (ordered.violation) guards.push(ordered.violation);
  guards.push(...requestGuards(ordered.operations));
  const changes = [...people.changes, ...groups.changes];
  return {
    formatVersion: PLAN_FORMAT_VERSION,
    toolVersion: options.toolVersion,
    workspace: { slug: actual.workspace.slug, id: actual.workspace.id, region: desired.region },
    now: options.now.toISOString(),
    manifestDigest: options.manifestDigest,
    stateFingerprint: actual.fingerprint,
    operationsDigest: operationsDigest(ordered.operations),
    changes,
    operations: ordered.operations,
    pendingInvites: people.pendingInvites,
    warnings: [...readWarnings(actual), ...people.warnings, ...groups.warnings],
    guards,
    summary: summarize(changes, ordered.operations, people.pending),
    policyFindings: evaluatePolicy(ctx, desired.rules ?? []),
  };
}

/** What the read could not see, said once per plan. */
function readWarnings(actual: Actual): PlanWarning[] {
  const warnings: PlanWarning[] = actual.notes.map((message) => ({ code: 'feature-not-enabled', message }));
  if (actual.groupsUnavailable) {
    warnings.push({ code: 'groups-unavailable', message: `this workspace's plan has no User Groups (${actual.groupsUnavailable}): it is planned without groups` });
  }
  if (actual.auditTrail !== 'read' && actual.auditTrail !== 'not-read') {
    warnings.push({ code: 'audit-trail-unavailable', message: `the Audit Trail could not be read (${actual.auditTrail}): pending invites cannot be dated, so none is re-issued unless you pass --reinvite, and drift cannot say who made a change` });
  }
  return warnings;
}
