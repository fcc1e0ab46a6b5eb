// The drift report: what differs from the manifests and who last changed it (from the Audit Trail),
// plus the things that need a person soon: access expiring or expired, overdue reviews, and tokens
// that are past their date or act without being in the inventory. Pure: data in, text out.
import type { Diagnostic } from '../manifest/diagnostic.js';
import type { Token } from '../manifest/types.generated.js';
import type { AuditEvent } from '../workspace/audit.js';
import { sameGrants, type Actual } from '../workspace/model.js';
import { attributeChange, attributionText, type PartAttribution } from './attribution.js';
import { actionsText, diffLines, diffText, isPerson, reasonText, subjectName } from './change-lines.js';
import { catalogOf, type Catalog } from './describe.js';
import { mdText } from './markdown.js';
import { summaryLine } from './render-text.js';
import { escalations } from './risks.js';
import type { Change, EffectiveGrant, GroupChange, PersonChange, Plan } from './types.js';

export interface DriftFinding {
  kind: 'expiry' | 'review' | 'token' | 'invite' | 'idp';
  message: string;
  where?: string;
  /** Needs a person now (an overdue review, a token to revoke or rotate): drift exits 2 for it. */
  action: boolean;
}

export interface DriftChange {
  subject: string;
  /** What happened in the workspace, as an event: "carol@acme.com became Source Admin on all sources". */
  event: string;
  /** The workspace gives more than the manifests: access nobody reviewed. Listed first. */
  escalation: boolean;
  /** What the plan would do to revert it (the plan's view). */
  difference: string;
  /** Who last changed each part that differs (from the Audit Trail); a part no event shows has no `last`. */
  attribution: PartAttribution[];
  /** The subject as the workspace has it, as the manifests want it, and the RFC 6902 patch from one to the other. */
  before: Change['before'];
  after: Change['after'];
  patch: Change['patch'];
}

export interface DriftReport {
  hasDrift: boolean;
  /** Some finding needs a person now. */
  needsAction: boolean;
  changes: DriftChange[];
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
  const catalog = catalogOf(actual);
  // A pending invite past its validity is a finding, not drift (nobody changed anything); so is the
  // group re-add that its re-issue needs, which leaves the group as it was.
  const expiredInvites = plan.changes.filter((c) => isPerson(c) && c.actions.includes('reissue-invite'));
  const skipped = new Set<Change>(expiredInvites);
  const unchangedGroup = (c: Change) => !isPerson(c) && c.before.exists && c.after.exists
    && sameGrants(c.before.grants.map((g) => g.grant), c.after.grants.map((g) => g.grant)) && sameMembers(c.before.members, c.after.members);
  const drifted = plan.changes.filter((c) => !skipped.has(c) && !unchangedGroup(c));
  const liveGroupIds = new Map([...actual.groups.values()].map((g) => [g.name.toLowerCase(), g.id]));
  const groupIdOf = (name: string) => liveGroupIds.get(name.toLowerCase());
  const changes = drifted.map((change): DriftChange => {
    const key = change.subject.kind === 'person' ? change.subject.email.toLowerCase() : undefined;
    const what = driftEvent(catalog, change);
    const attribution = events ? attributeChange(events, change, { ...(key && actual.users.get(key) ? { userId: actual.users.get(key)!.id } : {}), groupIdOf }) : [];
    return {
      subject: subjectName(change), event: what.event, escalation: what.escalation,
      difference: [actionsText(change), ...diffLines(change).map((d) => `${d.sign} ${diffText(d)}`)].join('; '), attribution,
      before: change.before, after: change.after, patch: change.patch,
    };
  });
  // Access nobody reviewed comes first; otherwise the plan's order (people, then groups, by name).
  changes.sort((a, b) => Number(b.escalation) - Number(a.escalation));
  const findings: DriftFinding[] = input.diagnostics.filter((d) => Object.hasOwn(FINDING_CODES, d.code))
    .map((d) => ({ ...FINDING_CODES[d.code]!, message: d.code === 'token-owner-unknown' ? `${d.message}: revoke or rotate the token` : d.message, where: `${d.file}:${d.line}:${d.col}` }));
  for (const c of expiredInvites) {
    const why = c.reasons.find((r) => r.kind === 'invite-expired');
    findings.push({ kind: 'invite', action: false, message: `${subjectName(c)} never accepted the invite${why ? ` (${reasonText(why)})` : ''}: the next apply sends it again` });
  }
  for (const w of plan.warnings.filter((x) => x.code === 'left-to-idp')) findings.push({ kind: 'idp', action: false, message: w.message });
  const undated = plan.pendingInvites.filter((p) => !p.sentAt).map((p) => p.email);
  if (undated.length) {
    const named = undated.length > 5 ? `${undated.slice(0, 5).join(', ')} and ${undated.length - 5} more` : undated.join(', ');
    findings.push({ kind: 'invite', action: false, message: `${undated.length === 1 ? '1 pending invite has' : `${undated.length} pending invites have`} an unknown age (no Audit Trail event names ${undated.length === 1 ? 'its email' : 'their emails'}): ${named}; never re-sent by itself; apply --reinvite=EMAIL re-sends one` });
  }
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
        findings.push({ kind: 'token', action: true, message: `token ${id} wrote ${acted.length} Audit Trail event${acted.length === 1 ? '' : 's'} (last ${last}) but is not in the tokens inventory: revoke or rotate it, or add it to tokens:` });
      } else if (token.expires && last >= `${token.expires}T00:00:00`) {
        findings.push({ kind: 'token', action: true, message: `token ${id} (${token.description}) acted on ${last}, after its expiry ${token.expires}: rotate or revoke it` });
      }
    }
  }
  return { hasDrift: changes.length > 0, needsAction: findings.some((f) => f.action), changes, findings, auditTrail: actual.auditTrail === 'not-read' ? 'not read' : actual.auditTrail };
}

const grantWords = (g: EffectiveGrant) => `${g.text}${g.via.kind === 'group' ? ` (through group ${g.via.group})` : g.via.kind === 'profile' ? ` (profile ${g.via.profile})` : ''}`;
const list = (grants: readonly EffectiveGrant[]) => grants.map(grantWords).join(', ');
const sameMembers = (a: readonly string[], b: readonly string[]) => {
  const lower = new Set(a.map((m) => m.toLowerCase()));
  return a.length === b.length && b.every((m) => lower.has(m.toLowerCase()));
};

/**
 * A change of the plan read the other way round: the plan moves the workspace to the manifests, the
 * event says how the workspace moved away from them. `before` is the workspace, `after` the manifests.
 */
export function driftEvent(catalog: Catalog, change: Change): { event: string; escalation: boolean } {
  return isPerson(change) ? personEvent(catalog, change) : groupEvent(catalog, change);
}

function groupEvent(catalog: Catalog, change: GroupChange): { event: string; escalation: boolean } {
  const name = `group ${change.subject.name}`;
  const { before, after } = change;
  if (!before.exists) return { event: `${name} is in the manifests but not in the workspace`, escalation: false };
  if (!after.exists) {
    const has = before.grants.length ? `, grants ${list(before.grants)}` : '';
    return { event: `${name} exists in no manifest (${before.members.length} member${before.members.length === 1 ? '' : 's'}${has})`, escalation: before.grants.length > 0 && before.members.length > 0 };
  }
  const gained = escalations(catalog, after.grants, before.grants);
  const lost = escalations(catalog, before.grants, after.grants);
  const joined = before.members.filter((m) => !after.members.some((a) => a.toLowerCase() === m.toLowerCase()));
  const left = after.members.filter((m) => !before.members.some((b) => b.toLowerCase() === m.toLowerCase()));
  const parts = [
    ...(gained.some((g) => catalog.isOwner(g.grant)) ? ['grants Workspace Owner'] : []),
    ...(gained.filter((g) => !catalog.isOwner(g.grant)).length ? [`gained ${list(gained.filter((g) => !catalog.isOwner(g.grant)))}`] : []),
    ...(lost.length ? [`lacks ${list(lost)}, which the manifests give`] : []),
    ...(joined.length ? [`gained member${joined.length === 1 ? '' : 's'} ${joined.join(', ')}`] : []),
    ...(left.length ? [`is missing member${left.length === 1 ? '' : 's'} ${left.join(', ')}`] : []),
  ];
  return { event: parts.length ? `${name} ${parts.join('; ')}` : `${name} differs from the manifests`, escalation: gained.length > 0 || (joined.length > 0 && before.grants.length > 0) };
}

function personEvent(catalog: Catalog, change: PersonChange): { event: string; escalation: boolean } {
  const email = change.subject.email;
  const { before, after } = change;
  if (before.status === 'absent') return { event: `${email} is in the manifests but not in the workspace`, escalation: false };
  if (after.status === 'absent') {
    if (before.status === 'invited') return { event: `${email} was invited, but is in no manifest`, escalation: true };
    // An owner's other grants add nothing to what ownership gives.
    if (before.effective.some((g) => catalog.isOwner(g.grant))) return { event: `${email} is Workspace Owner, but in no manifest`, escalation: true };
    const has = before.effective.length ? ` (${list(before.effective)})` : '';
    return { event: `${email} is a member, but in no manifest${has}`, escalation: true };
  }
  if (change.actions.includes('reissue-invite')) return { event: `${email}'s invite expired before it was accepted`, escalation: false };
  const gained = escalations(catalog, after.effective, before.effective);
  const lost = escalations(catalog, before.effective, after.effective);
  const joined = before.groups.filter((g) => !after.groups.includes(g));
  const left = after.groups.filter((g) => !before.groups.includes(g));
  const ownerNow = gained.find((g) => catalog.isOwner(g.grant));
  const parts = [
    ...(ownerNow ? [`became Workspace Owner${ownerNow.via.kind === 'group' ? ` (through group ${ownerNow.via.group})` : ''}`] : []),
    ...(gained.filter((g) => !catalog.isOwner(g.grant)).length ? [`gained ${list(gained.filter((g) => !catalog.isOwner(g.grant)))}`] : []),
    ...(lost.length ? [`lacks ${list(lost)}, which the manifests give`] : []),
    ...(joined.length ? [`joined ${joined.map((g) => `group ${g}`).join(', ')}`] : []),
    ...(left.length ? [`is missing from ${left.map((g) => `group ${g}`).join(', ')}`] : []),
  ];
  return { event: parts.length ? `${email} ${parts.join('; ')}` : `${email}'s direct grants differ from the manifests, with the same effective access`, escalation: gained.length > 0 };
}

const escape = mdText;

/** GitHub refuses issue bodies over 65,536 characters; the marker and some margin stay free. */
export const DRIFT_MARKDOWN_BUDGET = 60_000;

/**
 * The drift issue body. Findings (at most 100 of each kind) come after the table of what happened;
 * the table takes the room left, access nobody reviewed first, and counts what did not fit.
 */
/** The headline of a run with no difference: never a bare "No drift" when a finding makes it exit 2. */
export function noDriftHeadline(report: Pick<DriftReport, 'findings' | 'needsAction'>): string {
  const acting = report.findings.filter((f) => f.action).length;
  if (acting) return `No access drift: the workspace matches the manifests, but ${acting} finding${acting === 1 ? ' needs' : 's need'} action (below).`;
  return 'No drift: the workspace matches the manifests.';
}

export function renderDriftMarkdown(report: DriftReport, plan: Plan, budget = DRIFT_MARKDOWN_BUDGET): string {
  const head = [`### Access drift in Segment workspace \`${plan.workspace.slug}\``, ''];
  const tail: string[] = [];
  const section = (kind: DriftFinding['kind'], title: string) => {
    const items = report.findings.filter((f) => f.kind === kind);
    if (!items.length) return;
    tail.push('', `#### ${title}`, '');
    for (const f of items.slice(0, 100)) tail.push(`- ${escape(f.message)}${f.where ? ` (${escape(f.where)})` : ''}`);
    if (items.length > 100) tail.push(`- … and ${items.length - 100} more`);
  };
  section('expiry', 'Access expiring or expired');
  section('review', 'Overdue access reviews');
  section('token', 'API tokens');
  section('invite', 'Pending invites');
  section('idp', 'People left to the identity provider');
  if (!report.hasDrift) return `${[...head, noDriftHeadline(report), ...tail].join('\n')}\n`;

  head.push(`The workspace differs from the manifests. **${summaryLine(plan)}**`, '', '| | What happened in Segment | Last change |', '|---|---|---|');
  const closing = ['', 'To revert, run the apply workflow (or `segment-access apply`). To keep a change, put it in the manifests in a pull request.'];
  // Room for the rows: the budget less everything else and the "… and N more" row.
  let room = budget - [...head, ...closing, ...tail].join('\n').length - 80;
  const rows: string[] = [];
  for (const c of report.changes) {
    const last = escape(attributionText(c.attribution, report.auditTrail));
    const row = `| ${c.escalation ? ':warning:' : ''} | ${escape(c.event)} | ${last} |`;
    if (row.length + 1 > room) break;
    rows.push(row);
    room -= row.length + 1;
  }
  if (rows.length < report.changes.length) rows.push(`| | … and ${report.changes.length - rows.length} more (run \`segment-access drift\` for all) | |`);
  return `${[...head, ...rows, ...closing, ...tail].join('\n')}\n`;
}
