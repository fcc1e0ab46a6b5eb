// `segment-access evidence FILE [--format markdown|json]`: an apply's evidence record (checked
// against schema/evidence.schema.json) in the shape of the IAM governance guide's "Access Control
// Evidence": user, workspace, access granted and removed, justification, approved by, date, review date.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Ajv } from 'ajv';
import schema from '../../schema/evidence.schema.json' with { type: 'json' };
import type { Evidence } from '../apply/evidence.js';
import { mdText } from '../plan/markdown.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';

export async function evidenceCommand(file: string, options: { format: 'markdown' | 'json' }, io: Io): Promise<ExitCode> {
  let record: Evidence;
  try {
    record = JSON.parse(await readFile(path.resolve(io.cwd, file), 'utf8')) as Evidence;
  } catch (err) {
    throw new UserError(`cannot read the evidence record ${file}: ${(err as Error).message}`);
  }
  const validate = new Ajv({ strict: true }).compile(schema);
  if (!validate(record)) {
    const e = validate.errors![0]!;
    throw new UserError(`${file} is not an evidence record of this version: ${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
  }
  io.stdout(options.format === 'json' ? `${JSON.stringify(record, null, 2)}\n` : renderEvidence(record));
  return EXIT.ok;
}

export function renderEvidence(e: Evidence): string {
  const approvedBy = e.request?.approvals.length ? e.request.approvals.map((a) => a.by).join(', ') : 'no approving review recorded';
  const date = e.finished_at.slice(0, 10);
  const lines = [
    `## Access Control Evidence: ${mdText(e.workspace.slug)}, ${date}`, '',
    `- **Outcome:** ${e.outcome} (verification ${e.verification.status}); ${e.operations.filter((o) => o.status === 'done').length} of ${e.operations.length} API calls done`,
    `- **Request:** ${e.request ? `#${e.request.pull_request} ${mdText(e.request.title)}${e.request.author ? ` by ${mdText(e.request.author)}` : ''}` : 'no pull request recorded (a manual run)'}`,
    `- **Approved by:** ${mdText(approvedBy)}${e.request?.merged_by ? `; merged by ${mdText(e.request.merged_by)}${e.request.merge_commit ? ` (${e.request.merge_commit.slice(0, 12)})` : ''}` : ''}`,
    `- **Run:** ${e.ci?.run_url ?? 'not recorded'}; operations ${e.operations_digest}`,
    `- **State:** before ${e.state_fingerprint_before}${e.state_fingerprint_after ? `, after ${e.state_fingerprint_after}` : ''}`,
    '', '| User | Workspace | Access granted | Access removed | Justification | Approved by | Date | Review date |', '|---|---|---|---|---|---|---|---|',
  ];
  for (const c of e.changes) {
    const cell = (items: string[]) => (items.length ? items.map(mdText).join('<br>') : '—');
    lines.push(`| ${mdText(c.subject)}${c.expires ? ` (until ${c.expires})` : ''} | ${mdText(e.workspace.slug)} | ${cell(c.granted)} | ${cell(c.removed)} | ${c.justification ? mdText(c.justification) : '—'} | ${mdText(approvedBy)} | ${c.done ? date : 'not done'} | ${c.review_by ?? '—'} |`);
  }
  return `${lines.join('\n')}\n`;
}
