// `segment-access drift [DIR]`: how the workspace differs from the manifests and who last changed it,
// expiring access, overdue reviews and token findings. With --github-issue, one issue per workspace
// stays open meanwhile; with --adopt, the differences are written into the manifests instead.
import path from 'node:path';
import { ensureDriftIssue, type DriftIssueAction } from '../github/drift-issue.js';
import { ourLogin } from '../github/sticky-comment.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { adoptDrift } from '../plan/adopt.js';
import { buildDriftReport, renderDriftMarkdown, type DriftReport } from '../plan/drift-report.js';
import type { Plan } from '../plan/types.js';
import type { Ports } from '../ports/index.js';
import { EXIT, type ExitCode } from '../user-error.js';
import { prepare } from './prepare.js';
import { proposeChanges, type Proposal } from './propose.js';
import { accessSchemaFile } from './schema-file.js';

export interface DriftInput {
  dir: string;
  at: Date;
  local?: boolean;
  githubIssue?: boolean;
  /** Write the differences into the manifests instead of reporting them for apply to revert. */
  adopt?: boolean;
  /** With adopt: propose the result as a pull request. */
  githubPr?: boolean;
}

export interface DriftReported {
  kind: 'Drift';
  plan: Plan;
  report: DriftReport;
  /** The report as the drift issue and the job summary show it. */
  markdown: string;
  diagnostics: Diagnostic[];
  issue?: { action: DriftIssueAction; number?: number; url?: string };
}

export interface DriftAdopted {
  kind: 'Adopted';
  plan: Plan;
  diagnostics: Diagnostic[];
  /** One line per difference adopted. */
  adopted: string[];
  /** One line per difference left as drift, and why. */
  refused: string[];
  /** The files written (relative to the working directory). */
  files: string[];
  proposal?: Proposal;
}

export type DriftOutcome = DriftReported | DriftAdopted;

export async function drift(ports: Ports, input: DriftInput): Promise<DriftOutcome> {
  const github = input.githubIssue || input.githubPr ? ports.github() : undefined;
  const prepared = await prepare(ports, { dir: input.dir, at: input.at, local: input.local, auditEvents: true });
  try {
    const { plan, actual, diagnostics } = prepared;
    if (input.adopt) {
      const folder = path.relative(ports.cwd, path.resolve(ports.cwd, input.dir)).split(path.sep).join('/') || '.';
      const result = adoptDrift({
        plan, actual, files: prepared.manifest.files.map((f) => ({ path: f.path, text: f.text })),
        folder, events: actual.auditEvents, temporaryDomains: prepared.desired.policy.temporaryDomains, allowedEmailDomains: prepared.desired.policy.allowedEmailDomains, now: input.at,
        schemaPath: path.relative(path.resolve(ports.cwd, input.dir), accessSchemaFile()).split(path.sep).join('/'),
      });
      await ports.files.writeAll(result.files);
      const proposal = input.githubPr ? await proposeChanges(ports, 'adopt', plan.workspace.slug, result.files, result.adopted) : undefined;
      return { kind: 'Adopted', plan, diagnostics, adopted: result.adopted, refused: result.refused, files: [...result.files.keys()], ...(proposal ? { proposal } : {}) };
    }
    const report = buildDriftReport({ plan, actual, diagnostics, events: actual.auditEvents, tokens: prepared.manifest.tokens.map((t) => t.value) });
    const markdown = renderDriftMarkdown(report, plan);
    await ports.summary?.append(markdown);
    let issue: DriftReported['issue'];
    if (github && input.githubIssue) {
      const url = ports.ci.runUrl;
      const closingNote = `Drift cleared: workspace \`${plan.workspace.slug}\` matches the manifests again${url ? ` ([run](${url}))` : ''}.`;
      const login = await ourLogin(github, ports.ci.botLogin);
      issue = await ensureDriftIssue(github, { slug: plan.workspace.slug, hasDrift: report.hasDrift || report.needsAction, content: markdown, closingNote, login });
    }
    return { kind: 'Drift', plan, report, markdown, diagnostics, ...(issue ? { issue } : {}) };
  } finally {
    await prepared.connection.close();
  }
}

/**
 * Exit 2 when the workspace differs, or when a finding needs a person now (an overdue review, a
 * token to revoke or rotate); findings that only warn (access expiring soon) do not change it.
 */
export function driftExit(outcome: DriftOutcome): ExitCode {
  if (outcome.kind === 'Adopted') return EXIT.ok;
  return outcome.report.hasDrift || outcome.report.needsAction ? EXIT.changes : EXIT.ok;
}
