// The policy rules (src/manifest/policy-rules.ts) held against every member's access once the plan
// is applied, and the sensitive-resource call-out (policy.sensitive). Pure.
//
// A rule that names `grant` runs once per grant; a grant on all sources or on a label selector runs
// once per source it reaches today, so `grant.resource.labels` are that source's labels. A rule that
// cannot be evaluated (a missing map key, a type error) is a finding too: a deny rule fails closed.
import { isCelError } from '@bufbuild/cel';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { emailDomain } from '../manifest/grants.js';
import type { CompiledRule } from '../manifest/policy-rules.js';
import type { DesiredMember } from '../manifest/resolve.js';
import type { Source } from '../workspace/model.js';
import { personAfter, type PlanContext } from './context.js';
import type { EffectiveGrant } from './types.js';

export interface PolicyFinding {
  rule: string;
  level: 'deny' | 'warn';
  email: string;
  /** The grant the rule fired on (`Source Admin on web-prod`), absent for a rule over the member alone. */
  grant?: string;
  message: string;
  /** `file:line` of the rule. */
  at: string;
  /** Set when the rule could not be evaluated: why. */
  error?: string;
}

/** One grant as a rule sees it, with the source it reaches when it was expanded. */
interface RuleGrant { text: string; vars: Map<string, unknown> }

const day = (date: string) => timestampFromDate(new Date(`${date}T00:00:00Z`));
const labelMap = (labels: readonly string[]) => new Map(labels.map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
const optional = (entries: Array<[string, unknown]>) => new Map(entries.filter(([, v]) => v !== undefined));

export function evaluatePolicy(ctx: PlanContext, rules: readonly CompiledRule[]): PolicyFinding[] {
  if (!rules.length) return [];
  const now = timestampFromDate(ctx.options.now);
  const findings: PolicyFinding[] = [];
  const members = [...ctx.desired.members.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
  for (const member of members) {
    const state = personAfter(ctx, member.key, member, false);
    const grants = state.effective.flatMap((g) => ruleGrants(ctx, g));
    const memberVars = memberMap(ctx, member, state.status === 'member' ? 'member' : ctx.actual.invites.has(member.key) ? 'invited' : 'new', state.groups, grants);
    for (const rule of rules) {
      const at = `${rule.ref.file}:${rule.ref.line}`;
      const errors = new Set<string>();
      const check = (grant: RuleGrant | undefined) => {
        const result = rule.evaluate({ now, member: memberVars, ...(grant ? { grant: grant.vars } : {}) });
        const base = { rule: rule.name, level: rule.level, email: member.email, ...(grant ? { grant: grant.text } : {}), message: rule.message, at };
        if (isCelError(result)) {
          const why = result.message;
          if (!errors.has(why)) findings.push({ ...base, error: why });
          errors.add(why);
        } else if (result === true) {
          findings.push(base);
        }
      };
      if (rule.perGrant) for (const g of grants) check(g);
      else check(undefined);
    }
  }
  return findings;
}

function memberMap(ctx: PlanContext, m: DesiredMember, status: string, groups: readonly string[], grants: readonly RuleGrant[]): Map<string, unknown> {
  const domain = emailDomain(m.email).toLowerCase();
  const allowed = (ctx.desired.policy.allowedEmailDomains ?? []).map((d) => d.toLowerCase());
  const temporary = (ctx.desired.policy.temporaryDomains ?? []).map((d) => d.toLowerCase());
  return optional([
    ['email', m.email.toLowerCase()], ['domain', domain], ['external', (allowed.length > 0 && !allowed.includes(domain)) || temporary.includes(domain)],
    ['status', status], ['groups', [...groups]], ['grants', grants.map((g) => g.vars)],
    ['expires', m.expires ? day(m.expires) : undefined], ['reviewBy', m.reviewBy ? day(m.reviewBy) : undefined], ['justification', m.justification],
  ]);
}

/** A held grant as the rules see it: one per source (or warehouse) it reaches, else one. */
function ruleGrants(ctx: PlanContext, g: EffectiveGrant): RuleGrant[] {
  const { actual, catalog } = ctx;
  const reach = catalog.meaning(g.grant.roleId).reach;
  const common: Array<[string, unknown]> = [
    ['role', g.role], ['via', g.via.kind], ['group', g.via.kind === 'group' ? g.via.group : undefined], ['expires', g.expires ? day(g.expires) : undefined],
  ];
  const make = (text: string, scope: string, resource: Map<string, unknown>) => ({ text, vars: optional([...common, ['scope', scope], ['resource', resource]]) });
  const source = (s: Source) => new Map<string, unknown>([['type', 'source'], ['slug', s.slug], ['name', s.name], ['labels', labelMap(s.labels)]]);
  if (g.grant.type === 'WORKSPACE') {
    const scope = g.grant.labels.length ? 'labels' : reach === 'workspace' || catalog.isOwner(g.grant) ? 'workspace' : 'all';
    if (reach === 'sources' && !catalog.isOwner(g.grant)) {
      const reached = actual.sources.filter((s) => g.grant.labels.every((l) => s.labels.includes(l)));
      return reached.map((s) => make(`${g.role} on ${s.slug} (${g.text.replace(`${g.role} on `, '')})`, scope, source(s)));
    }
    if (reach === 'warehouses' && !g.grant.labels.length) {
      return actual.warehouses.map((w) => make(`${g.role} on ${w.name} (all warehouses)`, scope, new Map<string, unknown>([['type', 'warehouse'], ['name', w.name], ['labels', new Map()]])));
    }
    return [make(g.text, scope, new Map<string, unknown>([['type', 'workspace'], ['slug', actual.workspace.slug], ['labels', labelMap(g.grant.labels)]]))];
  }
  const found = {
    SOURCE: () => actual.sources.find((s) => s.id === g.grant.resourceId),
    WAREHOUSE: () => actual.warehouses.find((w) => w.id === g.grant.resourceId),
    SPACE: () => actual.spaces.find((s) => s.id === g.grant.resourceId),
    FUNCTION: () => actual.functions.find((f) => f.id === g.grant.resourceId),
  }[g.grant.type]();
  if (g.grant.type === 'SOURCE' && found) return [make(g.text, 'resource', source(found as Source))];
  const resource = new Map<string, unknown>([['type', g.grant.type.toLowerCase()], ['labels', new Map()]]);
  if (found && 'slug' in found) resource.set('slug', found.slug);
  if (found) resource.set('name', found.name);
  return [make(g.text, 'resource', resource)];
}
