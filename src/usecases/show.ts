// `segment-access show plan.json`: a saved plan, checked against schema/plan.schema.json, without
// reading any workspace.
import { parsePlanJson } from '../plan/render-json.js';
import type { Plan } from '../plan/types.js';
import type { Ports } from '../ports/index.js';
import { UserError } from '../user-error.js';

export async function show(ports: Pick<Ports, 'files'>, input: { file: string }): Promise<{ kind: 'Shown'; plan: Plan }> {
  let text: string;
  try {
    text = await ports.files.read(input.file);
  } catch {
    throw new UserError(`cannot read the plan file ${input.file}`);
  }
  try {
    return { kind: 'Shown', plan: parsePlanJson(text) };
  } catch (err) {
    throw new UserError(`${input.file}: ${(err as Error).message}`);
  }
}
