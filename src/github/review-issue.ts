// One access-review issue per workspace and quarter, found by label, a hidden marker and its author
// (only an issue this tool wrote is ever edited), opened on the first run of the quarter and
// refreshed by later ones. The body is rendered by the caller from the previous body, so that the
// boxes reviewers ticked survive a refresh.
import type { GitHub } from '../ports/github.js';

export const REVIEW_LABEL = 'segment-access:review';

export function reviewMarker(slug: string, quarter: string): string {
  return `<!-- segment-access review workspace=${slug.replace(/[^A-Za-z0-9._-]/g, '_')} quarter=${quarter} -->`;
}

export async function ensureReviewIssue(github: GitHub, input: { slug: string; quarter: string; render: (previousBody: string | undefined) => string; login: string }):
  Promise<{ action: 'opened' | 'updated' | 'unchanged'; number: number; url: string }> {
  const marker = reviewMarker(input.slug, input.quarter);
  const issues = await github.listIssues({ label: REVIEW_LABEL, state: 'all' });
  const existing = issues.find((i) => i.author === input.login && i.body.split('\n', 1)[0] === marker);
  const previous = existing?.body.slice(marker.length + 1);
  const body = `${marker}\n${input.render(previous)}`;
  if (!existing) {
    const created = await github.createIssue({ title: `Access review of Segment workspace ${input.slug}, ${input.quarter}`, body, labels: [REVIEW_LABEL] });
    return { action: 'opened', number: created.number, url: created.url };
  }
  if (existing.body === body) return { action: 'unchanged', number: existing.number, url: existing.url };
  await github.updateIssue(existing.number, { body });
  return { action: 'updated', number: existing.number, url: existing.url };
}
