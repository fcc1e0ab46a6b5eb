// `segment-access review [DIR]`: the access review of one workspace (see src/review/review.ts), for a
// person to go through or an auditor to keep; with --github-issue, this quarter's review issue too.
import path from 'node:path';
import { ensureReviewIssue } from '../github/review-issue.js';
import { ourLogin } from '../github/sticky-comment.js';
import type { Diagnostic } from '../manifest/diagnostic.js';
import { planContext } from '../plan/context.js';
import type { Catalog } from '../plan/describe.js';
import type { Ports } from '../ports/index.js';
import { readCodeOwners } from '../review/codeowners.js';
import { quarterOf, reviewIssueBody } from '../review/review-issue.js';
import { buildReview, type ReviewPerson } from '../review/review.js';
import { buildTokenReview, type ReviewToken } from '../review/tokens.js';
import { TOOL_VERSION } from '../version.js';
import type { Source } from '../workspace/model.js';
import { prepare } from './prepare.js';

export interface ReviewInput {
  dir: string;
  at: Date;
  local?: boolean;
  /** Open or refresh this quarter's review issue (a checklist per person, grouped by CODEOWNERS). */
  githubIssue?: boolean;
}

export interface ReviewOutcome {
  kind: 'Reviewed';
  workspace: string;
  at: Date;
  /** The state the review is of: `asOf` (when it was read) and the fingerprint of what was read. */
  asOf: string;
  stateFingerprint: string;
  people: ReviewPerson[];
  /** The token inventory beside the Audit Trail, and tokens seen acting that are in no inventory. */
  tokens: ReviewToken[];
  /** The workspace's sources and role catalog, for the HTML matrix. */
  sources: Source[];
  catalog: Catalog;
  diagnostics: Diagnostic[];
  issue?: { action: 'opened' | 'updated' | 'unchanged'; number: number; url: string; quarter: string };
}

export async function review(ports: Ports, input: ReviewInput): Promise<ReviewOutcome> {
  const github = input.githubIssue ? ports.github() : undefined;
  const prepared = await prepare(ports, { dir: input.dir, at: input.at, local: input.local, auditEvents: true });
  try {
    const ctx = planContext(prepared.desired, prepared.actual, { now: input.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const people = buildReview({ ctx, events: prepared.actual.auditEvents, tokens: prepared.manifest.tokens.map((t) => t.value), now: input.at });
    const members = new Set([...prepared.actual.users.keys(), ...prepared.actual.invites.keys(), ...prepared.desired.members.keys()]);
    const tokens = buildTokenReview({
      tokens: prepared.manifest.tokens, events: prepared.actual.auditEvents, members, now: input.at, soonDays: prepared.desired.policy.expiryWarningDays,
    });
    const slug = prepared.actual.workspace.slug;
    let issue: ReviewOutcome['issue'];
    if (github) {
      const root = await ports.git.repositoryRoot();
      const owners = await readCodeOwners(root);
      const quarter = quarterOf(input.at);
      const login = await ourLogin(github, ports.ci.botLogin);
      const result = await ensureReviewIssue(github, {
        slug, quarter, login,
        render: (previousBody) => reviewIssueBody({
          workspace: slug, quarter, people, tokens, owners, previousBody, runUrl: ports.ci.runUrl,
          repoPath: (file) => path.relative(root, path.resolve(ports.cwd, file)).split(path.sep).join('/'),
        }),
      });
      issue = { ...result, quarter };
    }
    return {
      kind: 'Reviewed', workspace: slug, at: input.at, asOf: input.at.toISOString(), stateFingerprint: prepared.actual.fingerprint, people, tokens, sources: prepared.actual.sources, catalog: ctx.catalog,
      diagnostics: prepared.diagnostics, ...(issue ? { issue } : {}),
    };
  } finally {
    await prepared.connection.close();
  }
}
