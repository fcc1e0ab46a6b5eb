// `segment-access who-can RESOURCE [DIR]`: everyone in the workspace whose access reaches a source,
// destination (through its source), warehouse or space, and through what (direct or a group).
import { personBefore, planContext } from '../plan/context.js';
import { terminalSafe } from '../plan/render-text.js';
import type { EffectiveGrant } from '../plan/types.js';
import { resourceWords } from '../manifest/role-catalog.js';
import { TOOL_VERSION } from '../version.js';
import type { Actual } from '../workspace/model.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';

interface Target {
  kind: 'source' | 'warehouse' | 'space';
  type: 'SOURCE' | 'WAREHOUSE' | 'SPACE';
  id: string;
  name: string;
  labels: string[];
  /** How the name was found (a destination is reached through its source). */
  note?: string;
}

function findTarget(name: string, actual: Actual): Target[] {
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

/** Whether a grant reaches the target: the resource itself, all of its kind, a matching label selector, or Workspace Owner. */
function reaches(g: EffectiveGrant, target: Target): boolean {
  if (g.role === 'Workspace Owner') return true;
  if (g.grant.type === target.type) return g.grant.resourceId === target.id;
  if (g.grant.type !== 'WORKSPACE' || resourceWords(g.role) !== `${target.kind}s`) return false;
  return g.grant.labels.every((l) => target.labels.includes(l));
}

export async function whoCanCommand(resource: string, dir: string, options: { at: Date; local?: boolean; format: 'text' | 'json' }, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local }, io);
  try {
    const targets = findTarget(resource, prepared.actual);
    if (targets.length === 0) throw new UserError(`no source, destination, warehouse or space is called ${resource} in workspace ${prepared.actual.workspace.slug}`);
    const ctx = planContext(prepared.desired, prepared.actual, { now: options.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const results = targets.map((target) => ({
      target,
      people: [...prepared.actual.users.keys()].sort().flatMap((key) => {
        const grants = personBefore(ctx, key).effective.filter((g) => reaches(g, target));
        return grants.length ? [{ email: prepared.actual.users.get(key)!.email, grants: grants.map((g) => ({ role: g.role, text: g.text, via: g.via })) }] : [];
      }),
    }));
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify({ workspace: prepared.actual.workspace.slug, resource, results }, null, 2)}\n`);
      return EXIT.ok;
    }
    const lines: string[] = [];
    for (const { target, people } of results) {
      lines.push(`${target.kind} ${target.name} in workspace ${prepared.actual.workspace.slug}${target.note ? ` (${target.note})` : ''}: ${people.length} ${people.length === 1 ? 'person' : 'people'}`);
      for (const p of people) {
        for (const g of p.grants) lines.push(`  ${p.email}  ${g.text}${g.via.kind === 'group' ? ` (group ${g.via.group})` : ' (direct)'}`);
      }
    }
    lines.push('', 'Pending invites are not listed: their access cannot be read through the API.');
    io.stdout(`${lines.map(terminalSafe).join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await prepared.connection.close();
  }
}
