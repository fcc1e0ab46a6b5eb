// An apply's evidence record, as the IAM governance guide's "Access Control Evidence" (Markdown:
// user, workspace, access granted and removed, justification, approved by, date, review date), or
// as the record itself (JSON).
import type { Evidence } from '../apply/evidence.js';
import { mdText } from '../plan/markdown.js';
import { printed, type Printed } from './output.js';

export type EvidenceFormat = 'markdown' | 'json';

function approvedBy(e: Evidence): string {
  const digest = e.request?.approved_digest;
  if (digest) return `${digest.by ?? 'a person'} (approved the digest by hand${digest.event ? `, ${digest.event}` : ''})`;
  return e.request?.approvals.length ? e.request.approvals.map((a) => a.by).join(', ') : 'no approving review recorded';
}

function request(e: Evidence): string {
  const r = e.request;
  if (!r) return 'no pull request recorded (a manual run)';
  if (r.pull_request === undefined) return 'no pull request (the plan was approved by its digest)';
  return `#${r.pull_request} ${mdText(r.title ?? '')}${r.author ? ` by ${mdText(r.author)}` : ''}`;
}

export function renderEvidence(e: Evidence): string {
  const approver = approvedBy(e);
  const date = e.finished_at.slice(0, 10);
  const lines = [
    `## Access Control Evidence: ${mdText(e.workspace.slug)}, ${date}`, '',
    `- **Outcome:** ${e.outcome}${e.cancelled_by ? ` (by ${e.cancelled_by})` : ''} (verification ${e.verification.status}); ${e.operations.filter((o) => o.status === 'done').length} of ${e.operations.length} API calls done`,
    `- **Request:** ${request(e)}`,
    `- **Approved by:** ${mdText(approver)}${e.request?.merged_by ? `; merged by ${mdText(e.request.merged_by)}${e.request.merge_commit ? ` (${e.request.merge_commit.slice(0, 12)})` : ''}` : ''}`,
    `- **Run:** ${e.ci?.run_url ?? 'not recorded'}; operations ${e.operations_digest}`,
    `- **State:** before ${e.state_fingerprint_before}${e.state_fingerprint_after ? `, after ${e.state_fingerprint_after}` : ''}`,
    '', '| User | Workspace | Access granted | Access removed | Justification | Approved by | Date | Review date |', '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of e.changes) {
    const cell = (items: ReadonlyArray<{ text: string }>) => (items.length ? items.map((i) => mdText(i.text)).join('<br>') : '—');
    lines.push(`| ${mdText(c.subject)}${c.expires ? ` (until ${c.expires})` : ''} | ${mdText(e.workspace.slug)} | ${cell(c.granted)} | ${cell(c.removed)} | ${c.justification ? mdText(c.justification) : '—'} | ${mdText(approver)} | ${c.done ? date : 'not done'} | ${c.review_by ?? '—'} |`);
  }
  return `${lines.join('\n')}\n`;
}

export const evidenceViews: Record<EvidenceFormat, (o: { record: Evidence }) => Printed> = {
  markdown: (o) => printed({ stdout: renderEvidence(o.record) }),
  json: (o) => printed({ stdout: `${JSON.stringify(o.record, null, 2)}\n` }),
};
