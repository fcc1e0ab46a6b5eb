// The saved-plan and machine format (format 3, schema/plan.schema.json). Reading a saved plan
// validates it against the schema; it is still only a claim: apply recomputes the plan and compares.
import type { ValidateFunction } from 'ajv';
import { plan as generatedValidator } from './plan-validator.generated.js';
import { PLAN_FORMAT_VERSION, type Plan } from './types.js';

/** Generated as code by `npm run generate` (ajv standalone) from schema/plan.schema.json. */
function validator(): ValidateFunction {
  return generatedValidator as unknown as ValidateFunction;
}

/** The JSON document of schema/plan.schema.json (checked by ajv before any field is read). */
interface PlanDocument {
  format_version?: unknown; tool_version: string; workspace: Plan['workspace']; now: string; manifest_dir?: string;
  manifest_digest: string; state_fingerprint: string; operations_digest: string;
  changes: Plan['changes']; operations: Plan['operations']; pending_invites: Plan['pendingInvites']; warnings: Plan['warnings']; guards: Plan['guards']; summary: Plan['summary'];
  manifest_risks?: Plan['manifestRisks'];
  policy_findings: Plan['policyFindings'];
}

/** The plan as the JSON document of schema/plan.schema.json. */
export function planDocument(plan: Plan): Record<string, unknown> {
  return {
    format_version: plan.formatVersion, tool_version: plan.toolVersion, workspace: plan.workspace, now: plan.now,
    ...(plan.manifestDir !== undefined ? { manifest_dir: plan.manifestDir } : {}),
    manifest_digest: plan.manifestDigest, state_fingerprint: plan.stateFingerprint, operations_digest: plan.operationsDigest,
    summary: plan.summary, changes: plan.changes, operations: plan.operations, pending_invites: plan.pendingInvites, warnings: plan.warnings, guards: plan.guards,
    ...(plan.manifestRisks !== undefined ? { manifest_risks: plan.manifestRisks } : {}),
    policy_findings: plan.policyFindings,
  };
}

export function renderJson(plan: Plan): string {
  return `${JSON.stringify(planDocument(plan), null, 2)}\n`;
}

/** Reads a saved plan; throws with a clear message when it is not a valid plan of this format. */
/**
 * The one schema error that says what is wrong: the deepest (the field itself, not a oneOf branch
 * above it that another kind of operation would have needed), with the value it holds.
 */
export function planSchemaProblem(errors: ReadonlyArray<{ instancePath: string; keyword: string; message?: string; data?: unknown; params?: Record<string, unknown> }>): string {
  if (!errors.length) return 'it is invalid';
  const depth = (e: { instancePath: string }) => e.instancePath.split('/').length;
  const vague = (e: { keyword: string }) => (e.keyword === 'oneOf' || e.keyword === 'required' || e.keyword === 'additionalProperties' || e.keyword === 'const' ? 1 : 0);
  const best = [...errors].sort((a, b) => depth(b) - depth(a) || vague(a) - vague(b))[0]!;
  const where = best.instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`)).join('').replace(/^\./, '') || 'the plan';
  const value = typeof best.data === 'string' ? JSON.stringify(best.data.slice(0, 80)) : undefined;
  if (best.keyword === 'pattern' && /id$/i.test(where)) return `${where} is ${value}, which is not a Segment id (letters, digits, _ and - only)`;
  if (best.keyword === 'pattern' || best.keyword === 'enum' || best.keyword === 'format') return `${where} is ${value ?? 'not what it may be'}: it ${best.message ?? 'is invalid'}`;
  return `${where} ${best.message ?? 'is invalid'}`;
}

export function parsePlanJson(text: string): Plan {
  let doc: PlanDocument;
  try { doc = JSON.parse(text) as PlanDocument; } catch { throw new Error('the plan file is not valid JSON'); }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('the plan file is not a JSON object');
  const version = typeof doc.format_version === 'string' || typeof doc.format_version === 'number' ? String(doc.format_version) : '';
  if (version !== PLAN_FORMAT_VERSION) {
    const old = version.startsWith('1') ? ' (format 1 recorded API calls, not changes, and cannot be checked against today\'s manifests)' : '';
    throw new Error(`the plan was written in format ${version || 'unknown'}${old}, but this segment-access applies format ${PLAN_FORMAT_VERSION}; run plan again with this version`);
  }
  const validate = validator();
  if (!validate(doc)) throw new Error(`the plan file does not match schema/plan.schema.json: ${planSchemaProblem(validate.errors ?? [])}`);
  return {
    formatVersion: version, toolVersion: doc.tool_version, workspace: doc.workspace, now: doc.now, manifestDir: doc.manifest_dir,
    manifestDigest: doc.manifest_digest, stateFingerprint: doc.state_fingerprint, operationsDigest: doc.operations_digest,
    changes: doc.changes, operations: doc.operations, pendingInvites: doc.pending_invites, warnings: doc.warnings, guards: doc.guards, summary: doc.summary,
    ...(doc.manifest_risks !== undefined ? { manifestRisks: doc.manifest_risks } : {}),
    policyFindings: doc.policy_findings,
  };
}
