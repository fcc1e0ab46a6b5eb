// `segment-access review [DIR] [--local] [--format markdown|csv|html] [--out FILE]`: the access review
// of one workspace (see src/review/review.ts), for a person to go through or an auditor to keep.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planContext } from '../plan/context.js';
import { mdText } from '../plan/markdown.js';
import { reviewHtml } from '../review/review-html.js';
import { buildReview, reviewCsv, reviewMarkdown } from '../review/review.js';
import { gitHubToken, repository, runUrl } from '../github/context.js';
import { gitHubClient } from '../github/octokit.js';
import { ensureReviewIssue } from '../github/review-issue.js';
import { readCodeOwners } from '../review/codeowners.js';
import { quarterOf, reviewIssueBody } from '../review/review-issue.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';
import { repositoryRoot } from './propose.js';

export interface ReviewOptions {
  at: Date;
  local?: boolean;
  format: 'markdown' | 'csv' | 'html';
  out?: string;
  /** Open or refresh this quarter's review issue (a checklist per person, grouped by CODEOWNERS). */
  githubIssue?: boolean;
}

export async function reviewCommand(dir: string, options: ReviewOptions, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local, auditEvents: true }, io);
  try {
    const ctx = planContext(prepared.desired, prepared.actual, { now: options.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const people = buildReview({ ctx, events: prepared.actual.auditEvents, tokens: prepared.manifest.tokens.map((t) => t.value), now: options.at });
    const slug = prepared.actual.workspace.slug;
    const text = options.format === 'csv' ? reviewCsv(slug, people)
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
