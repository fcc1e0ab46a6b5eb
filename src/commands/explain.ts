// `segment-access explain EMAIL [DIR]`: one person's effective access as the manifests want it beside
// what the workspace gives them, each grant with where it comes from.
import { grantLine } from '../plan/change-lines.js';
import { personAfter, personBefore, planContext } from '../plan/context.js';
import { terminalSafe } from '../plan/render-text.js';
import type { PersonState } from '../plan/types.js';
import { formatRef } from '../manifest/positions.js';
import { TOOL_VERSION } from '../version.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';
import { prepare } from './prepare.js';

export interface ExplainOptions {
  at: Date;
  local?: boolean;
  format: 'text' | 'json';
}

export async function explainCommand(email: string, dir: string, options: ExplainOptions, io: Io): Promise<ExitCode> {
  const prepared = await prepare({ dir, at: options.at, local: options.local }, io);
  try {
    const key = email.trim().toLowerCase();
    const ctx = planContext(prepared.desired, prepared.actual, { now: options.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const member = prepared.desired.members.get(key);
    const actual = personBefore(ctx, key);
    if (!member && actual.status === 'absent') throw new UserError(`${email} is neither in the manifests in ${dir} nor in workspace ${prepared.actual.workspace.slug}`);
    const desired = member ? personAfter(ctx, key, member, false) : undefined;
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify({ email: member?.email ?? email, workspace: prepared.actual.workspace.slug, desired: desired ?? null, actual,
        origin: member ? formatRef(member.origin) : null }, null, 2)}\n`);
      return EXIT.ok;
    }
    const block = (title: string, state: PersonState | undefined) => {
      if (!state) return [`${title}: not in any manifest`];
      const groups = state.groups.length ? `; groups ${state.groups.join(', ')}` : '';
      const lines = [`${title}: ${state.status}${groups}${state.expires ? `; membership until ${state.expires}` : ''}`];
      if (state.effective.length === 0) lines.push('    no access');
      for (const g of state.effective) lines.push(`    ${grantLine(g, options.at.toISOString())}${g.via.kind === 'direct' ? ' (direct)' : ''}`);
      return lines;
    };
    const out = [
      `${member?.email ?? email} in workspace ${prepared.actual.workspace.slug}`,
      ...block(`  manifests${member ? ` (${formatRef(member.origin)})` : ''}`, desired),
      ...block('  workspace', actual),
    ];
    io.stdout(`${out.map(terminalSafe).join('\n')}\n`);
    return EXIT.ok;
  } finally {
    await prepared.connection.close();
  }
}
