// `segment-access drift [DIR]`: plan against the live workspace and report differences with who last
// changed them, expiring access, overdue reviews and token findings; exit 2 when the workspace
// differs or a finding needs action. With --github-issue, keep one issue per workspace open meanwhile.
import { gitHubToken, repository, runUrl } from '../github/context.js';
import { ensureDriftIssue } from '../github/drift-issue.js';
import { gitHubClient } from '../github/octokit.js';
import { appendStepSummary } from '../github/step-summary.js';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { adoptDrift } from '../plan/adopt.js';
import { buildDriftReport, byWhom, renderDriftMarkdown } from '../plan/drift-report.js';
import { renderText, terminalSafe } from '../plan/render-text.js';
import { EXIT, inGitHubActions, type ExitCode, type Io } from './io.js';
import { proposeChanges } from './propose.js';
import { accessSchemaFile } from './schema-file.js';
import { prepare } from './prepare.js';

export interface DriftCommandOptions {
  at: Date;
  local?: boolean;
  githubIssue?: boolean;
  format?: 'text' | 'markdown' | 'json';
  /** Write the differences into the manifests instead of reporting them for apply to revert. */
  adopt?: boolean;
  /** With adopt: propose the result as a pull request. */
  githubPr?: boolean;
}

export async function driftCommand(dir: string, options: DriftCommandOptions, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local, auditEvents: true }, io);
  try {
    const report = buildDriftReport({
      plan: prepared.plan, actual: prepared.actual, diagnostics: prepared.diagnostics, events: prepared.actual.auditEvents,
      tokens: prepared.manifest.tokens.map((t) => t.value),
    });
    if (options.adopt) {
      const folder = path.relative(io.cwd, path.resolve(io.cwd, dir)).split(path.sep).join('/') || '.';
      const result = adoptDrift({
        plan: prepared.plan, actual: prepared.actual, files: prepared.manifest.files.map((f) => ({ path: f.path, text: f.text })),
        folder, events: prepared.actual.auditEvents, temporaryDomains: prepared.desired.policy.temporaryDomains, now: options.at,
        schemaPath: path.relative(path.resolve(io.cwd, dir), accessSchemaFile()).split(path.sep).join('/'),
      });
      for (const [file, text] of result.files) await writeFile(path.resolve(io.cwd, file), text);
      for (const line of result.adopted) io.stdout(`adopted: ${terminalSafe(line)}\n`);
      if (options.githubPr) await proposeChanges(io, 'adopt', prepared.plan.workspace.slug, result.files, result.adopted);
      io.stdout(result.adopted.length ? `Adopted ${result.adopted.length} difference${result.adopted.length === 1 ? '' : 's'} into ${result.files.size} file${result.files.size === 1 ? '' : 's'}; review them, then commit.\n` : 'Nothing to adopt: the workspace matches the manifests (or differs only where the manifests mean it to).\n');
      return EXIT.ok;
    }
    const markdown = renderDriftMarkdown(report, prepared.plan);
    if (options.format === 'markdown') io.stdout(markdown);
    else if (options.format === 'json') {
      io.stdout(`${JSON.stringify({ workspace: prepared.plan.workspace.slug, now: prepared.plan.now, ...report, summary: prepared.plan.summary }, null, 2)}\n`);
    } else {
      // What happened, as events (access nobody reviewed first), then the plan that would revert it.
      for (const c of report.changes) {
        const who = c.lastChange ? ` — ${byWhom(c.lastChange)} (${c.lastChange.type}, matched on ${c.lastChange.matched})` : '';
        io.stdout(`${terminalSafe(`${c.escalation ? '!' : '~'} ${c.event}${who}`)}\n`);
      }
      if (report.hasDrift) io.stdout(`\nTo revert it (segment-access apply):\n\n${renderText(prepared.plan)}`);
      else io.stdout('No drift: the workspace matches the manifests.\n');
      if (report.auditTrail !== 'read') io.stdout(`The Audit Trail could not be read (${report.auditTrail}): who changed what is unknown.\n`);
      for (const f of report.findings) io.stdout(`${f.kind}: ${f.message}${f.where ? ` (${f.where})` : ''}\n`);
    }
    if (inGitHubActions(io)) await appendStepSummary(io.env, markdown);
    if (options.githubIssue) {
      const url = runUrl(io.env);
      const closing = `Drift cleared: workspace \`${prepared.plan.workspace.slug}\` matches the manifests again${url ? ` ([run](${url}))` : ''}.`;
      const issue = await ensureDriftIssue(gitHubClient(io.env, gitHubToken(io.env)), repository(io.env), prepared.plan.workspace.slug,
        report.hasDrift || report.needsAction, markdown, closing);
      if (issue.action !== 'none') io.stderr(`Drift issue #${issue.number}: ${issue.action}${issue.url ? ` (${issue.url})` : ''}\n`);
    }
    // Exit 2 when the workspace differs, or when a finding needs a person now (an overdue review, a
    // token to revoke or rotate); findings that only warn (access expiring soon) do not change it.
    return report.hasDrift || report.needsAction ? EXIT.changes : EXIT.ok;
  } finally {
    await prepared.connection.close();
  }
}
