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
  /** Needs a person now (an overdue review, a token to revoke or rotate): drift exits 2 for it. */
  action: boolean;
}

/** The newest Audit Trail event about a subject, and what it was matched on. */
export interface Attribution {
  by: string;
  at: string;
  type: string;
  /** The documented field and value it matched: only exact ids and emails count. */
  matched: 'the user id' | 'the invite email' | 'the group id';
}

export interface DriftReport {
  hasDrift: boolean;
  /** Some finding needs a person now. */
  needsAction: boolean;
  changes: Array<{ subject: string; difference: string; lastChange?: Attribution }>;
  findings: DriftFinding[];
  /** `read`, or why the Audit Trail could not be read. */
  auditTrail: string;
}

/** Diagnostic codes that become findings, and whether each needs a person now. */
const FINDING_CODES: Record<string, { kind: DriftFinding['kind']; action: boolean }> = {
  'expiring-soon': { kind: 'expiry', action: false }, expired: { kind: 'expiry', action: false },
  'review-overdue': { kind: 'review', action: true },
  'token-expired': { kind: 'token', action: true }, 'token-expiring': { kind: 'token', action: false },
  'token-owner-unknown': { kind: 'token', action: true },
};

export function buildDriftReport(input: { plan: Plan; actual: Actual; diagnostics: Diagnostic[]; events?: AuditEvent[]; tokens: Token[] }): DriftReport {
  const { plan, actual, events } = input;
  const changes = plan.changes.map((change) => {
    const lines = changeLines(change);
    return { subject: subjectName(change), key: change.subject.kind === 'person' ? change.subject.email.toLowerCase() : change.subject.name.toLowerCase(),
      groupId: change.subject.kind === 'group' ? change.subject.id : undefined, difference: [lines.header.replace(/^[^:]*: /, ''), ...lines.diff].join('; ') };
  }).map(({ key, groupId, ...c }) => {
    const lastChange = attribute(events ?? [], groupId ? { groupId } : { userId: actual.users.get(key)?.id, email: key });
    return lastChange ? { ...c, lastChange } : c;
  });
  const findings: DriftFinding[] = input.diagnostics.filter((d) => Object.hasOwn(FINDING_CODES, d.code))
    .map((d) => ({ ...FINDING_CODES[d.code]!, message: d.code === 'token-owner-unknown' ? `${d.message}: revoke or rotate the token` : d.message, where: `${d.file}:${d.line}:${d.col}` }));
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
        findings.push({ kind: 'token', action: true, message: `token ${id} made ${acted.length} change${acted.length === 1 ? '' : 's'} (last ${last}) but is not in the tokens inventory: revoke or rotate it, or add it to tokens:` });
      } else if (token.expires && last >= `${token.expires}T00:00:00`) {
        findings.push({ kind: 'token', action: true, message: `token ${id} (${token.description}) acted on ${last}, after its expiry ${token.expires}: rotate or revoke it` });
      }
    }
  }
  return { hasDrift: plan.operations.length > 0, needsAction: findings.some((f) => f.action), changes, findings, auditTrail: actual.auditTrail === 'not-read' ? 'not read' : actual.auditTrail };
}

/**
 * The newest event about one subject. Segment documents the fields of an event but not what IAM
 * events put in them (segment-public-api.md 9.2), so only an exact match counts: the resourceId equal
 * to the user's or the group's id, or an invite event whose resourceId or resourceName is the email.
 * Nothing is matched by substring, so an event about someone else is never pinned on this subject.
 */
export function attribute(events: readonly AuditEvent[], subject: { userId?: string; email?: string; groupId?: string }): Attribution | undefined {
  let best: Attribution | undefined;
  for (const e of events) {
    const matched: Attribution['matched'] | undefined =
      subject.groupId !== undefined ? (e.resourceId === subject.groupId ? 'the group id' : undefined)
        : subject.userId !== undefined && e.resourceId === subject.userId ? 'the user id'
          : subject.email !== undefined && e.resourceType === 'invite' && (e.resourceId.toLowerCase() === subject.email || e.resourceName.toLowerCase() === subject.email) ? 'the invite email'
            : undefined;
    if (matched && (!best || e.timestamp > best.at)) best = { by: e.actorEmail ?? e.actor, at: e.timestamp, type: e.type, matched };
  }
  return best;
}

const escape = mdText;

export function renderDriftMarkdown(report: DriftReport, plan: Plan): string {
  const lines = [`### Access drift in Segment workspace \`${plan.workspace.slug}\``, ''];
  if (report.hasDrift) {
    lines.push(`The workspace differs from the manifests. **${summaryLine(plan)}**`, '',
      '| Subject | Difference | Last change in Segment |', '|---|---|---|');
    for (const c of report.changes.slice(0, 500)) {
      const last = c.lastChange ? `${escape(c.lastChange.by)}, ${c.lastChange.at} (${escape(c.lastChange.type)}, matched on ${c.lastChange.matched})`
        : report.auditTrail === 'read' ? 'no event about it in the last 30 days' : `Audit Trail not available (${escape(report.auditTrail)})`;
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
