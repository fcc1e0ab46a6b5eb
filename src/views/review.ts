// review's outcome in each format: Markdown (for a person), CSV (for an auditor's spreadsheet), one
// self-contained HTML page, or JSON; and, over several workspaces, the people x workspaces matrix.
import { mdText } from '../plan/markdown.js';
import { reviewHtml } from '../review/review-html.js';
import { reviewCsv, reviewMarkdown, type ReviewMeta } from '../review/review.js';
import { workspaceMatrixCsv, workspaceMatrixMarkdown } from '../review/workspace-matrix.js';
import type { ReviewOutcome } from '../usecases/review.js';
import type { ViewContext } from './output.js';

export type ReviewFormat = 'markdown' | 'csv' | 'html' | 'json';

/** The review document itself (what stdout or `--out` receives). */
export const reviewDocuments: Record<ReviewFormat, (o: ReviewOutcome, ctx: ViewContext) => string> = {
  json: (o) => `${JSON.stringify({ workspace: o.workspace, as_of: o.asOf, state_fingerprint: o.stateFingerprint, people: o.people, tokens: o.tokens }, null, 2)}\n`,
  csv: (o) => reviewCsv(metaOf(o), o.people, o.tokens),
  html: (o) => reviewHtml(metaOf(o), o.people, o.tokens, o.at, o.sources, o.catalog),
  markdown: (o) => reviewMarkdown(metaOf(o), o.people, o.tokens, o.at, mdText),
};

function metaOf(o: ReviewOutcome): ReviewMeta {
  return { workspace: o.workspace, asOf: o.asOf, stateFingerprint: o.stateFingerprint };
}

/** What review says on stderr besides the document. */
export function reviewNotes(o: ReviewOutcome, out: string | undefined): string {
  return [
    out ? `wrote the access review of ${o.workspace} (${o.people.length} people) to ${out}\n` : '',
    o.issue ? `Review issue #${o.issue.number} (${o.issue.quarter}): ${o.issue.action} (${o.issue.url})\n` : '',
  ].join('');
}

/** The people x workspaces matrix after a review over several workspaces: a CSV file beside `--out`. */
export function reviewMatrixCsv(reviews: readonly ReviewOutcome[]): string {
  return workspaceMatrixCsv(sortedByWorkspace(reviews));
}

/** The matrix on stdout after the reviews, per format: in Markdown only (the other formats are one document each). */
export const reviewMatrixOnStdout: Record<ReviewFormat, ((reviews: readonly ReviewOutcome[]) => string) | undefined> = {
  markdown: (reviews) => `\n${workspaceMatrixMarkdown(sortedByWorkspace(reviews), mdText)}`, csv: undefined, html: undefined, json: undefined,
};

function sortedByWorkspace(reviews: readonly ReviewOutcome[]) {
  return [...reviews].map((r) => ({ workspace: r.workspace, people: r.people })).sort((a, b) => (a.workspace < b.workspace ? -1 : 1));
}
