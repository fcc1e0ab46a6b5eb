// `segment-access review [DIR] [--local] [--format markdown|csv|html|json] [--out FILE]`: the access review
// of one workspace (see src/review/review.ts), for a person to go through or an auditor to keep.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planContext } from '../plan/context.js';
import { mdText } from '../plan/markdown.js';
import { reviewHtml } from '../review/review-html.js';
import { buildReview, reviewCsv, reviewMarkdown, type ReviewPerson } from '../review/review.js';
import { workspaceMatrixCsv, workspaceMatrixMarkdown } from '../review/workspace-matrix.js';
import { gitHubToken, repository, runUrl } from '../github/context.js';
import { gitHubClient } from '../github/octokit.js';
import { ensureReviewIssue } from '../github/review-issue.js';
import { readCodeOwners } from '../review/codeowners.js';
import { quarterOf, reviewIssueBody } from '../review/review-issue.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';
import { repositoryRoot } from './git.js';
import { outFor, perWorkspace } from './workspaces.js';

export interface ReviewOptions {
  at: Date;
  local?: boolean;
  format: 'markdown' | 'csv' | 'html' | 'json';
  out?: string;
  /** Open or refresh this quarter's review issue (a checklist per person, grouped by CODEOWNERS). */
  githubIssue?: boolean;
  /** Receives each workspace's people, for the people x workspaces matrix of a review over a root. */
  collect?: (workspace: string, people: readonly ReviewPerson[]) => void;
}

export async function reviewCommand(dir: string, options: ReviewOptions, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local, auditEvents: true }, io);
  try {
    const ctx = planContext(prepared.desired, prepared.actual, { now: options.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const people = buildReview({ ctx, events: prepared.actual.auditEvents, tokens: prepared.manifest.tokens.map((t) => t.value), now: options.at });
    const slug = prepared.actual.workspace.slug;
    options.collect?.(slug, people);
    const text = options.format === 'json' ? `${JSON.stringify({ workspace: slug, at: options.at.toISOString(), people }, null, 2)}\n`
      : options.format === 'csv' ? reviewCsv(slug, people)
      : options.format === 'html' ? reviewHtml(slug, people, options.at, prepared.actual.sources, ctx.catalog)
        : reviewMarkdown(slug, people, options.at, mdText);
    if (options.out) {
      await writeFile(path.resolve(io.cwd, options.out), text);
      io.stderr(`wrote the access review of ${slug} (${people.length} people) to ${options.out}\n`);
    } else {
      io.stdout(text);
    }
    if (options.githubIssue) {
      const root = await repositoryRoot(io.cwd);
      const owners = await readCodeOwners(root);
      const quarter = quarterOf(options.at);
      const issue = await ensureReviewIssue(gitHubClient(io.env, gitHubToken(io.env)), repository(io.env), slug, quarter,
        (previousBody) => reviewIssueBody({
          workspace: slug, quarter, people, owners, previousBody, runUrl: runUrl(io.env),
          repoPath: (file) => path.relative(root, path.resolve(io.cwd, file)).split(path.sep).join('/'),
        }), io.env);
      io.stderr(`Review issue #${issue.number} (${quarter}): ${issue.action} (${issue.url})\n`);
    }
    return EXIT.ok;
  } finally {
    await prepared.connection.close();
  }
}

/**
 * `review` over a folder: per workspace (see perWorkspace), and when there are several, the people x
 * workspaces matrix after them: in Markdown on stdout, and beside `--out` as `<name>-workspaces.csv`.
 */
export async function reviewRootCommand(dir: string, options: ReviewOptions, io: Io): Promise<ExitCode> {
  const seen: Array<{ workspace: string; people: readonly ReviewPerson[] }> = [];
  const collect = (workspace: string, people: readonly ReviewPerson[]) => { seen.push({ workspace, people }); };
  const code = await perWorkspace(dir, io, options.format, (d, wio) => reviewCommand(d, { ...options, out: outFor(options.out, d, dir), collect }, wio));
  if (seen.length < 2) return code;
  const sorted = [...seen].sort((a, b) => (a.workspace < b.workspace ? -1 : 1));
  if (options.out) {
    const file = `${options.out.slice(0, options.out.length - path.extname(options.out).length)}-workspaces.csv`;
    await writeFile(path.resolve(io.cwd, file), workspaceMatrixCsv(sorted));
    io.stderr(`wrote the people x workspaces matrix to ${file}\n`);
  } else if (options.format === 'markdown') {
    io.stdout(`\n${workspaceMatrixMarkdown(sorted, mdText)}`);
  }
  return code;
}
