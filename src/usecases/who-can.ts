// `segment-access who-can RESOURCE [DIR]`: everyone in the workspace whose access reaches a source,
// destination (through its source), warehouse or space, and through what (direct or a group).
import type { Diagnostic } from '../manifest/diagnostic.js';
import { personBefore, planContext } from '../plan/context.js';
import type { Catalog } from '../plan/describe.js';
import type { EffectiveGrant, GrantSource } from '../plan/types.js';
import type { Ports } from '../ports/index.js';
import { UserError } from '../user-error.js';
import { TOOL_VERSION } from '../version.js';
import type { Actual } from '../workspace/model.js';
import { prepare } from './prepare.js';

export interface Target {
  kind: 'source' | 'warehouse' | 'space';
  type: 'SOURCE' | 'WAREHOUSE' | 'SPACE';
  id: string;
  name: string;
  labels: string[];
  /** How the name was found (a destination is reached through its source). */
  note?: string;
}

export interface WhoCanOutcome {
  kind: 'WhoCan';
  workspace: string;
  resource: string;
  results: Array<{ target: Target; people: Array<{ email: string; grants: Array<{ role: string; text: string; via: GrantSource }> }> }>;
  diagnostics: Diagnostic[];
}

/** The resources a name (or id) stands for: a source, the source of a destination, a warehouse, a space. */
export function findTargets(name: string, actual: Pick<Actual, 'sources' | 'destinations' | 'warehouses' | 'spaces'>): Target[] {
  const found: Target[] = [];
  for (const s of actual.sources) if (s.slug === name || s.id === name) found.push({ kind: 'source', type: 'SOURCE', id: s.id, name: s.slug, labels: s.labels });
  for (const d of actual.destinations.filter((x) => x.name === name || x.id === name)) {
    const s = actual.sources.find((x) => x.id === d.sourceId);
    if (s) found.push({ kind: 'source', type: 'SOURCE', id: s.id, name: s.slug, labels: s.labels, note: `destination ${d.name} is reached through its source ${s.slug}` });
  }
  for (const w of actual.warehouses) if (w.name === name || w.id === name) found.push({ kind: 'warehouse', type: 'WAREHOUSE', id: w.id, name: w.name, labels: [] });
  for (const s of actual.spaces) if (s.slug === name || s.id === name) found.push({ kind: 'space', type: 'SPACE', id: s.id, name: s.slug, labels: [] });
  return found;
}

/**
 * Whether a grant reaches the target (pure): Workspace Owner reaches everything; a grant on a
 * resource reaches that resource; a workspace-wide grant of a role scoped to the target's kind
 * reaches it, when it carries no label the target lacks.
 */
export function reaches(catalog: Catalog, g: Pick<EffectiveGrant, 'grant'>, target: Pick<Target, 'kind' | 'type' | 'id' | 'labels'>): boolean {
  if (catalog.isOwner(g.grant)) return true;
  if (g.grant.type === target.type) return g.grant.resourceId === target.id;
  if (g.grant.type !== 'WORKSPACE' || catalog.scopeOf(g.grant.roleId) !== `${target.kind}s`) return false;
  return g.grant.labels.every((l) => target.labels.includes(l));
}

export async function whoCan(ports: Ports, input: { resource: string; dir: string; at: Date; local?: boolean }): Promise<WhoCanOutcome> {
  const prepared = await prepare(ports, { dir: input.dir, at: input.at, local: input.local });
  try {
    const { actual } = prepared;
    const targets = findTargets(input.resource, actual);
    if (targets.length === 0) throw new UserError(`no source, destination, warehouse or space is called ${input.resource} in workspace ${actual.workspace.slug}`);
    const ctx = planContext(prepared.desired, actual, { now: input.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const results = targets.map((target) => ({
      target,
      people: [...actual.users.keys()].sort().flatMap((key) => {
        const grants = personBefore(ctx, key).effective.filter((g) => reaches(ctx.catalog, g, target));
        return grants.length ? [{ email: actual.users.get(key)!.email, grants: grants.map((g) => ({ role: g.role, text: g.text, via: g.via })) }] : [];
      }),
    }));
    return { kind: 'WhoCan', workspace: actual.workspace.slug, resource: input.resource, results, diagnostics: prepared.diagnostics };
  } finally {
    await prepared.connection.close();
  }
}
