// `segment-access show plan.json`: render a saved plan (checked against schema/plan.schema.json) as
// text, Markdown or JSON, without reading any workspace.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parsePlanJson } from '../plan/render-json.js';
import { EXIT, UserError, type ExitCode, type Io } from './io.js';
import { renderPlan } from './plan.js';

export async function showCommand(file: string, options: { format: 'text' | 'markdown' | 'json' }, io: Io): Promise<ExitCode> {
  let text: string;
  try {
    text = await readFile(path.resolve(io.cwd, file), 'utf8');
  } catch {
    throw new UserError(`cannot read the plan file ${file}`);
  }
  let plan;
  try {
    plan = parsePlanJson(text);
  } catch (err) {
    throw new UserError(`${file}: ${(err as Error).message}`);
  }
  io.stdout(renderPlan(plan, options.format, io));
  return EXIT.ok;
}
