// Evidence: one JSON record per apply that started — what was planned (per person and group, in
// words and as grants), what was done per operation with result and timing, the workspace
// fingerprints before and after, whether verification passed, and who ran it (CI context). Written
// for every apply that starts, including one that fails midway or whose verification fails.
import path from 'node:path';
import type { Desired } from '../manifest/resolve.js';
import { changeLines, subjectName } from '../plan/change-lines.js';
import type { Plan } from '../plan/types.js';
import type { CiContext } from '../ports/index.js';
import type { ExecuteReport } from './execute.js';

export type ApplyResult = 'applied' | 'failed' | 'verification-failed' | 'cancelled';

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
    subject: string; actions: string[]; granted: string[]; removed: string[];
    justification?: string | null; review_by?: string; expires?: string; done: boolean;
  }>;
  operations: ExecuteReport['results'];
  /** The pull request this apply came from, its approvals and who merged it (apply --comment). */
  request?: EvidenceRequest;
  ci?: { actor?: string; sha?: string; repository?: string; run_url?: string; ref?: string; event_name?: string };
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
}

export function buildEvidence(input: EvidenceInput): Evidence {
  const { plan, report, desired, ci } = input;
  const doneChanges = new Set(report.results.filter((r) => r.status === 'done').flatMap((r) => r.changes));
  const servedBy = new Map<string, string[]>();
  for (const op of plan.operations) for (const c of op.changes) servedBy.set(c, [...(servedBy.get(c) ?? []), op.id]);
  const status = new Map(report.results.map((r) => [r.id, r.status]));
  const changes = plan.changes.map((c) => {
    const lines = changeLines(c);
    const member = c.subject.kind === 'person' ? desired?.members.get(c.subject.email.toLowerCase()) : undefined;
    const ops = servedBy.get(c.id) ?? [];
    return {
      subject: subjectName(c), actions: c.actions,
      granted: lines.diff.filter((d) => d.startsWith('+')).map((d) => d.slice(2)),
      removed: lines.diff.filter((d) => d.startsWith('-')).map((d) => d.slice(2)),
      ...(c.subject.kind === 'person' ? { justification: member?.justification ?? null } : {}),
      ...(member?.reviewBy ? { review_by: member.reviewBy } : {}),
      ...(member?.expires ? { expires: member.expires } : {}),
      done: doneChanges.has(c.id) && ops.every((id) => status.get(id) === 'done'),
    };
  });
  const ciRecord = ci.actions || ci.sha ? {
    actor: ci.actor, sha: ci.sha, repository: ci.repository, ref: ci.ref, run_url: ci.runUrl, event_name: ci.eventName,
  } : undefined;
  const outcome: ApplyResult = report.cancelled ? 'cancelled' : !report.ok ? 'failed' : input.verification.status === 'passed' ? 'applied' : 'verification-failed';
  return {
    evidence_version: '3', tool_version: plan.toolVersion, workspace: plan.workspace,
    started_at: input.startedAt.toISOString(), finished_at: input.finishedAt.toISOString(), outcome,
    ...(report.cancelled ? { cancelled_by: report.cancelled } : {}),
    operations_digest: plan.operationsDigest, manifest_digest: plan.manifestDigest,
    state_fingerprint_before: plan.stateFingerprint, state_fingerprint_after: input.fingerprintAfter,
    verification: input.verification, summary: plan.summary, changes, operations: report.results,
    ...(input.request ? { request: input.request } : {}), ...(ciRecord ? { ci: ciRecord } : {}),
  };
}

/** Where the record goes (default `.segment-access/evidence/<UTC time>-<workspace>.json`) and its text. */
export function evidenceFile(evidence: Evidence, file?: string): { path: string; text: string } {
  const stamp = evidence.started_at.replace(/[:.]/g, '-');
  return { path: file ?? path.join('.segment-access', 'evidence', `${stamp}-${evidence.workspace.slug}.json`), text: `${JSON.stringify(evidence, null, 2)}\n` };
}
