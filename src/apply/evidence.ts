// Evidence: one JSON record per apply that started — what was planned (per person and group, in
// words and as grants), what was done per operation with result and timing, the workspace
// fingerprints before and after, whether verification passed, and who ran it (CI context). Written
// for every apply that starts, including one that fails midway or whose verification fails.
import path from 'node:path';
import type { Desired } from '../manifest/resolve.js';
import { diffLines, diffText, subjectName, type DiffLine } from '../plan/change-lines.js';
import type { GrantSource } from '../plan/types.js';
import type { Plan } from '../plan/types.js';
import type { CiContext } from '../ports/index.js';
import type { ExecuteReport } from './execute.js';

export type ApplyResult = 'applied' | 'failed' | 'verification-failed' | 'cancelled' | 'interrupted';

export interface Evidence {
  evidence_version: '3';
  tool_version: string;
  workspace: Plan['workspace'];
  started_at: string;
  finished_at: string;
  outcome: ApplyResult;
  /** The signal that stopped the apply, when it was cancelled. */
  cancelled_by?: string;
  operations_digest: string;
  manifest_digest: string;
  state_fingerprint_before: string;
  state_fingerprint_after?: string;
  verification: { status: 'passed' | 'failed' | 'not-run'; residual_operations?: number; error?: string };
  summary: Plan['summary'];
  changes: Array<{
    subject: string; actions: string[]; granted: EvidenceAccess[]; removed: EvidenceAccess[];
    justification?: string | null; review_by?: string; expires?: string; done: boolean;
  }>;
  operations: ExecuteReport['results'];
  /** The pull request this apply came from, its approvals and who merged it (apply --comment). */
  request?: EvidenceRequest;
  /** Who ran it on which machine: OS user, git user.email where set, host. */
  operator?: { user?: string; git_email?: string; host?: string };
  ci?: { actor?: string; sha?: string; repository?: string; run_url?: string; ref?: string; event_name?: string };
}

/**
 * One piece of access a change gave or took, as data with its words: a grant (role, where it comes
 * from, when it ends), a person's group, or a group's member.
 */
export type EvidenceAccess =
  | { kind: 'grant'; text: string; role: string; via: GrantSource; expires?: string }
  | { kind: 'group'; text: string; group: string }
  | { kind: 'member'; text: string; member: string };

function accessOf(line: DiffLine): EvidenceAccess {
  if (line.kind === 'grant') {
    const g = line.grant;
    return { kind: 'grant', text: diffText(line), role: g.role, via: g.via, ...(g.expires ? { expires: g.expires } : {}) };
  }
  return line.noun === 'group' ? { kind: 'group', text: diffText(line), group: line.name } : { kind: 'member', text: diffText(line), member: line.name };
}

export interface EvidenceRequest {
  pull_request?: number;
  title?: string;
  author?: string;
  url?: string;
  merged_by?: string;
  merge_commit?: string;
  /** Reviews in state APPROVED, the latest of each reviewer. */
  approvals: Array<{ by: string; at?: string }>;
  /** The plan comment whose operations digest this apply matched. */
  reviewed_plan?: string;
  /** A person approved exactly this digest (apply --approved-digest) instead of a pull request review. */
  approved_digest?: { digest: string; by?: string; event?: string };
}

export interface EvidenceInput {
  plan: Plan;
  report: ExecuteReport;
  desired?: Desired;
  startedAt: Date;
  finishedAt: Date;
  verification: Evidence['verification'];
  fingerprintAfter?: string;
  ci: CiContext;
  request?: EvidenceRequest;
  operator?: { user?: string; gitEmail?: string; host?: string };
}

export function buildEvidence(input: EvidenceInput): Evidence {
  const { plan, report, desired, ci } = input;
  const doneChanges = new Set(report.results.filter((r) => r.status === 'done').flatMap((r) => r.changes));
  const servedBy = new Map<string, string[]>();
  for (const op of plan.operations) for (const c of op.changes) servedBy.set(c, [...(servedBy.get(c) ?? []), op.id]);
  const status = new Map(report.results.map((r) => [r.id, r.status]));
  const changes = plan.changes.map((c) => {
    const diff = diffLines(c);
    const member = c.subject.kind === 'person' ? desired?.members.get(c.subject.email.toLowerCase()) : undefined;
    const ops = servedBy.get(c.id) ?? [];
    return {
      subject: subjectName(c), actions: c.actions,
      granted: diff.filter((d) => d.sign === '+').map(accessOf),
      removed: diff.filter((d) => d.sign === '-').map(accessOf),
      ...(c.subject.kind === 'person' ? { justification: member?.justification ?? null } : {}),
      ...(member?.reviewBy ? { review_by: member.reviewBy } : {}),
      ...(member?.expires ? { expires: member.expires } : {}),
      done: doneChanges.has(c.id) && ops.every((id) => status.get(id) === 'done'),
    };
  });
  const ciRecord = ci.actions || ci.sha ? {
    actor: ci.actor, sha: ci.sha, repository: ci.repository, ref: ci.ref, run_url: ci.runUrl, event_name: ci.eventName,
  } : undefined;
  const outcome: ApplyResult = report.interrupted ? 'interrupted' : report.cancelled ? 'cancelled' : !report.ok ? 'failed' : input.verification.status === 'passed' ? 'applied' : 'verification-failed';
  return {
    evidence_version: '3', tool_version: plan.toolVersion, workspace: plan.workspace,
    started_at: input.startedAt.toISOString(), finished_at: input.finishedAt.toISOString(), outcome,
    ...(report.cancelled ? { cancelled_by: report.cancelled } : {}),
    operations_digest: plan.operationsDigest, manifest_digest: plan.manifestDigest,
    state_fingerprint_before: plan.stateFingerprint, state_fingerprint_after: input.fingerprintAfter,
    verification: input.verification, summary: plan.summary, changes, operations: report.results,
    ...(input.request ? { request: input.request } : {}), ...(operatorRecord(input.operator) ?? {}), ...(ciRecord ? { ci: ciRecord } : {}),
  };
}

function operatorRecord(o: EvidenceInput['operator']): { operator: NonNullable<Evidence['operator']> } | undefined {
  if (!o || !(o.user || o.gitEmail || o.host)) return undefined;
  return { operator: { ...(o.user ? { user: o.user } : {}), ...(o.gitEmail ? { git_email: o.gitEmail } : {}), ...(o.host ? { host: o.host } : {}) } };
}

/** Where the record goes (default `.segment-access/evidence/<UTC time>-<workspace>.json`) and its text. */
export function evidenceFile(evidence: Evidence, file?: string): { path: string; text: string } {
  const stamp = evidence.started_at.replace(/[:.]/g, '-');
  return { path: file ?? path.join('.segment-access', 'evidence', `${stamp}-${evidence.workspace.slug}.json`), text: `${JSON.stringify(evidence, null, 2)}\n` };
}
