// Sensitive sources (`policy.sensitive`): the sources whose admins a reviewer must see. A list of
// slugs, or a label selector; by default `environment=prod` when some source carries that label.
// Pure: the plan context in, the slugs a grant reaches among them out.
import type { Grant, Source } from '../workspace/model.js';
import type { PlanContext } from './context.js';
import type { EffectiveGrant, PersonState } from './types.js';

const DEFAULT_LABEL = 'environment=prod';

/** The sensitive sources of the workspace, by id, with the reason they are sensitive. */
const cache = new WeakMap<object, Map<string, Source>>();

export function sensitiveSources(ctx: Pick<PlanContext, 'desired' | 'actual'>): Map<string, Source> {
  const known = cache.get(ctx.desired);
  if (known) return known;
  const found = chooseSensitive(ctx);
  cache.set(ctx.desired, found);
  return found;
}

function chooseSensitive(ctx: Pick<PlanContext, 'desired' | 'actual'>): Map<string, Source> {
  const declared = ctx.desired.policy.sensitive;
  const sources = ctx.actual.sources;
  let chosen: Source[];
  if (Array.isArray(declared)) chosen = sources.filter((s) => declared.includes(s.slug));
  else if (declared) {
    const labels = Object.entries(declared.labels).map(([k, v]) => `${k}=${v}`);
    chosen = sources.filter((s) => labels.every((l) => s.labels.includes(l)));
  } else chosen = sources.filter((s) => s.labels.includes(DEFAULT_LABEL));
  return new Map(chosen.map((s) => [s.id, s]));
}

/** The slugs of the sensitive sources a grant reaches (a source, all sources, or a label selector of a source role). */
export function sensitiveReach(grant: Grant, reachesSources: boolean, sensitive: ReadonlyMap<string, Source>): string[] {
  if (grant.type === 'SOURCE') return sensitive.has(grant.resourceId) ? [sensitive.get(grant.resourceId)!.slug] : [];
  if (grant.type !== 'WORKSPACE' || !reachesSources) return [];
  return [...sensitive.values()].filter((s) => grant.labels.every((l) => s.labels.includes(l))).map((s) => s.slug).sort();
}

/** How the policy names the sensitive sources, for call-outs: `environment=prod`, or `policy.sensitive`. */
export function sensitiveWords(ctx: Pick<PlanContext, 'desired'>): string {
  const declared = ctx.desired.policy.sensitive;
  if (!declared) return DEFAULT_LABEL;
  return Array.isArray(declared) ? 'policy.sensitive' : Object.entries(declared.labels).map(([k, v]) => `${k}=${v}`).join(', ');
}

/** A person's state with each grant that reaches sensitive sources marked with their slugs. */
export function markSensitive(ctx: Pick<PlanContext, 'desired' | 'actual' | 'catalog'>, state: PersonState): PersonState {
  const sensitive = sensitiveSources(ctx);
  if (!sensitive.size) return state;
  const mark = (g: EffectiveGrant): EffectiveGrant => {
    const reached = sensitiveReach(g.grant, ctx.catalog.meaning(g.grant.roleId).reach === 'sources', sensitive);
    return reached.length ? { ...g, sensitive: reached } : g;
  };
  return { ...state, direct: state.direct.map(mark), effective: state.effective.map(mark) };
}
