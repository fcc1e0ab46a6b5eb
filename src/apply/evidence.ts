// Evidence: one JSON record per apply — what was planned, what was done with what result and timing,
// the workspace fingerprints before and after, who ran it (CI context), and the justification of
// every member whose access changed. This is what access reviews and audits ask for.
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Desired } from '../manifest/resolve.js';
import { renderJson } from '../plan/render-json.js';
import type { Plan } from '../plan/types.js';
import type { ExecuteReport } from './execute.js';

export interface Evidence {
  evidence_version: '1';
  tool_version: string;
  workspace: Plan['workspace'];
  started_at: string;
  finished_at: string;
  outcome: 'applied' | 'failed' | 'verification-failed';
  plan_digest: string;
  manifest_digest: string;
  state_fingerprint_before: string;
  state_fingerprint_after?: string;
  summary: Plan['summary'];
  steps: ExecuteReport['results'];
  residual_steps?: Array<{ id: string; operation: string; subjects: string[] }>;
  justifications: Array<{ email: string; justification: string | null }>;
  ci?: { actor?: string; sha?: string; repository?: string; run_url?: string; ref?: string };
}

export function planDigest(plan: Plan): string {
  return `sha256:${createHash('sha256').update(renderJson(plan)).digest('hex')}`;
}

export function buildEvidence(input: {
  plan: Plan; report: ExecuteReport; desired?: Desired; startedAt: Date; fingerprintAfter?: string; residual?: Plan['steps'];
  env: Record<string, string | undefined>;
}): Evidence {
  const { plan, report, desired, env } = input;
  const changed = new Set(report.results.filter((r) => r.status === 'done').flatMap((r) => r.subjects.map((s) => s.toLowerCase())));
  const justifications = [...changed].sort().filter((key) => desired?.members.has(key))
    .map((key) => ({ email: desired!.members.get(key)!.email, justification: desired!.members.get(key)!.justification ?? null }));
  const ci = env.GITHUB_ACTIONS === 'true' || env.GITHUB_SHA ? {
    actor: env.GITHUB_ACTOR, sha: env.GITHUB_SHA, repository: env.GITHUB_REPOSITORY, ref: env.GITHUB_REF,
    run_url: env.GITHUB_SERVER_URL && env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${env.GITHUB_SERVER_URL}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined,
  } : undefined;
  return {
    evidence_version: '1', tool_version: plan.toolVersion, workspace: plan.workspace,
    started_at: input.startedAt.toISOString(), finished_at: new Date().toISOString(),
    outcome: !report.ok ? 'failed' : input.residual?.length ? 'verification-failed' : 'applied',
    plan_digest: planDigest(plan), manifest_digest: plan.manifestDigest,
    state_fingerprint_before: plan.stateFingerprint, state_fingerprint_after: input.fingerprintAfter,
    summary: plan.summary, steps: report.results,
    residual_steps: input.residual?.map((s) => ({ id: s.id, operation: s.operation, subjects: s.changes.map((c) => c.subject) })),
    justifications, ci,
  };
}

/** Writes the record (default `.segment-access/evidence/<UTC time>-<workspace>.json`); returns its path. */
export async function writeEvidence(evidence: Evidence, cwd: string, file?: string): Promise<string> {
  const stamp = evidence.started_at.replace(/[:.]/g, '-');
  const target = path.resolve(cwd, file ?? path.join('.segment-access', 'evidence', `${stamp}-${evidence.workspace.slug}.json`));
  await mkdir(path.dirname(target), { recursive: true });
  await writeFile(target, `${JSON.stringify(evidence, null, 2)}\n`);
  return target;
}
