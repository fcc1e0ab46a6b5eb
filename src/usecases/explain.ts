// `segment-access explain EMAIL [DIR]`: one person's effective access as the manifests want it beside
// what the workspace gives them, each grant with where it comes from.
import type { Diagnostic } from '../manifest/diagnostic.js';
import { formatRef } from '../manifest/positions.js';
import { personAfter, personBefore, planContext } from '../plan/context.js';
import type { PersonState } from '../plan/types.js';
import type { Ports } from '../ports/index.js';
import { UserError } from '../user-error.js';
import { TOOL_VERSION } from '../version.js';
import { prepare } from './prepare.js';

export interface ExplainOutcome {
  kind: 'Explained';
  email: string;
  workspace: string;
  /** What the manifests give (undefined: in no manifest). */
  desired?: PersonState;
  actual: PersonState;
  /** Where the manifests define them (`file:line:col`). */
  origin?: string;
  at: Date;
  diagnostics: Diagnostic[];
}

export async function explain(ports: Ports, input: { email: string; dir: string; at: Date; local?: boolean }): Promise<ExplainOutcome> {
  const prepared = await prepare(ports, { dir: input.dir, at: input.at, local: input.local });
  try {
    const key = input.email.trim().toLowerCase();
    const ctx = planContext(prepared.desired, prepared.actual, { now: input.at, toolVersion: TOOL_VERSION, manifestDigest: prepared.plan.manifestDigest });
    const member = prepared.desired.members.get(key);
    const actual = personBefore(ctx, key);
    if (!member && actual.status === 'absent') throw new UserError(`${input.email} is neither in the manifests in ${input.dir} nor in workspace ${prepared.actual.workspace.slug}`);
    return {
      kind: 'Explained', email: member?.email ?? input.email, workspace: prepared.actual.workspace.slug, actual, at: input.at, diagnostics: prepared.diagnostics,
      ...(member ? { desired: personAfter(ctx, key, member, false), origin: formatRef(member.origin) } : {}),
    };
  } finally {
    await prepared.connection.close();
  }
}
