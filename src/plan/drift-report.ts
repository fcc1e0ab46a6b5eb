// The drift report: what differs from the manifests and who last changed it (from the Audit Trail),
// plus the things that need a person soon: access expiring or expired, overdue reviews, and tokens
// that are past their date or act without being in the inventory. Pure: data in, text out.
import type { Diagnostic } from '../manifest/diagnostic.js';
import type { Token } from '../manifest/types.generated.js';
import type { AuditEvent } from '../workspace/audit.js';
import type { Actual } from '../workspace/model.js';
import { changeLines, subjectName } from './change-lines.js';
import { mdText } from './markdown.js';
import { summaryLine } from './render-text.js';
import type { Plan } from './types.js';

export interface DriftFinding {
  kind: 'expiry' | 'review' | 'token';
  message: string;
  where?: string;
}

export interface DriftReport {
  hasDrift: boolean;
  changes: Array<{ subject: string; difference: string; lastChange?: { by: string; at: string; type: string } }>;
  findings: DriftFinding[];
  auditTrail: boolean;
}

const FINDING_CODES: Record<string, DriftFinding['kind']> = {
  'expiring-soon': 'expiry', expired: 'expiry', 'review-overdue': 'review', 'token-expired': 'token', 'token-expiring': 'token',
};

export function buildDriftReport(input: { plan: Plan; actual: Actual; diagnostics: Diagnostic[]; events?: AuditEvent[]; tokens: Token[] }): DriftReport {
  const { plan, actual, events } = input;
  const changes = plan.changes.map((change) => {
    const lines = changeLines(change);
    return { subject: subjectName(change), key: change.subject.kind === 'person' ? change.subject.email.toLowerCase() : change.subject.name.toLowerCase(),
      groupId: change.subject.kind === 'group' ? change.subject.id : undefined, difference: [lines.header.replace(/^[^:]*: /, ''), ...lines.diff].join('; ') };
  }).map(({ key, groupId, ...c }) => {
    const userId = actual.users.get(key)?.id;
    const event = events?.find((e) => e.resourceId === userId || (groupId && e.resourceId === groupId) ||
      e.resourceName.toLowerCase() === key || e.resourceName.toLowerCase().endsWith(`: ${key}`) || e.resourceId.toLowerCase() === key);
    return event ? { ...c, lastChange: { by: event.actorEmail ?? event.actor, at: event.timestamp, type: event.type } } : c;
  });
  const findings: DriftFinding[] = input.diagnostics.filter((d) => FINDING_CODES[d.code])
    .map((d) => ({ kind: FINDING_CODES[d.code]!, message: d.message, where: `${d.file}:${d.line}:${d.col}` }));
  if (events) {
    const inventory = new Map(input.tokens.map((t) => [t.id, t]));
    const byToken = new Map<string, AuditEvent[]>();
    for (const e of events) {
      const m = /^public-api-token\/(.+)$/.exec(e.actor);
      if (m) byToken.set(m[1]!, [...(byToken.get(m[1]!) ?? []), e]);
    }
    for (const [id, acted] of [...byToken].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const token = inventory.get(id);
      const last = acted.map((e) => e.timestamp).sort().at(-1)!;
      if (!token) {
        findings.push({ kind: 'token', message: `token ${id} made ${acted.length} change${acted.length === 1 ? '' : 's'} (last ${last}) but is not in the tokens inventory` });
      } else if (token.expires && last >= `${token.expires}T00:00:00`) {
        findings.push({ kind: 'token', message: `token ${id} (${token.description}) acted on ${last}, after its expiry ${token.expires}: rotate or revoke it` });
      }
    }
  }
  return { hasDrift: plan.operations.length > 0, changes, findings, auditTrail: events !== undefined };
}

const escape = mdText;

export function renderDriftMarkdown(report: DriftReport, plan: Plan): string {
  const lines = [`### Access drift in Segment workspace \`${plan.workspace.slug}\``, ''];
  if (report.hasDrift) {
    lines.push(`The workspace differs from the manifests. **${summaryLine(plan)}**`, '',
      '| Subject | Difference | Last change in Segment |', '|---|---|---|');
    for (const c of report.changes.slice(0, 500)) {
      const last = c.lastChange ? `${escape(c.lastChange.by)}, ${c.lastChange.at} (${escape(c.lastChange.type)})` : report.auditTrail ? 'no event in the last 30 days' : 'Audit Trail not available';
      lines.push(`| ${escape(c.subject)} | ${escape(c.difference)} | ${last} |`);
    }
    if (report.changes.length > 500) lines.push(`| … | ${report.changes.length - 500} more | |`);
    lines.push('', 'To revert, run the apply workflow (or `segment-access apply`). To keep a change, put it in the manifests in a pull request.');
  } else {
    lines.push('No drift: the workspace matches the manifests.');
  }
  const section = (kind: DriftFinding['kind'], title: string) => {
    const items = report.findings.filter((f) => f.kind === kind);
    if (!items.length) return;
    lines.push('', `#### ${title}`, '');
    for (const f of items) lines.push(`- ${escape(f.message)}${f.where ? ` (${escape(f.where)})` : ''}`);
  };
  section('expiry', 'Access expiring or expired');
  section('review', 'Overdue access reviews');
  section('token', 'API tokens');
  return `${lines.join('\n')}\n`;
}
