// The matrix `workspaces` prints (tab-separated rows, or {"include": [...]} for strategy.matrix),
// and how a command over a root with several workspaces shows them: each workspace's output under
// its own heading and a closing line (or one JSON document holding each workspace's output).
import type { MatrixEntry, WorkspaceRun } from '../usecases/workspaces.js';
import { printed, textOf, type Printed } from './output.js';

export type WorkspacesFormat = 'text' | 'json';

export const workspacesViews: Record<WorkspacesFormat, (o: { include: MatrixEntry[] }) => Printed> = {
  json: (o) => printed({ stdout: `${JSON.stringify({ include: o.include })}\n` }),
  text: (o) => printed({ stdout: o.include.map((w) => `${w.folder}\t${w.slug}\t${w.token_env}\n`).join('') }),
};

/** One workspace of a run over a root: its output as its own view printed it, and its exit code. */
export interface RenderedRun {
  run: WorkspaceRun<unknown>;
  printed: Printed;
  code: number;
}

function describeExit(code: number): string {
  return code === 0 ? 'ok' : code === 2 ? 'has changes' : code === 3 ? 'refused by a guard' : 'failed';
}

const heading = (r: RenderedRun) => `== workspace ${r.run.workspace.slug} (${r.run.workspace.folder}) ==\n`;

function stderrSections(runs: readonly RenderedRun[]): string {
  return runs.map((r) => ({ r, text: textOf(r.printed, 'stderr') })).filter((x) => x.text).map((x) => `${heading(x.r)}${x.text}`).join('');
}

function parseOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Each workspace's output under its heading (stdout and stderr alike), then one line with every result. */
export const manyViews: Record<'sections' | 'json', (runs: readonly RenderedRun[]) => Printed> = {
  sections: (runs) => printed({
    stdout: `${runs.map((r) => { const out = textOf(r.printed, 'stdout'); return `${heading(r)}${out}${out.endsWith('\n') || !out ? '' : '\n'}\n`; }).join('')}`
      + `${runs.length} workspaces: ${runs.map((r) => `${r.run.workspace.slug} ${describeExit(r.code)}`).join(', ')}.\n`,
    stderr: stderrSections(runs),
    commands: runs.flatMap((r) => r.printed.filter((c) => c.to === 'command').map((c) => c.text)),
  }),
  json: (runs) => printed({
    stdout: `${JSON.stringify({ workspaces: runs.map((r) => ({ folder: r.run.workspace.folder, slug: r.run.workspace.slug, exit_code: r.code, output: parseOr(textOf(r.printed, 'stdout')) })) }, null, 2)}\n`,
    stderr: stderrSections(runs),
    commands: runs.flatMap((r) => r.printed.filter((c) => c.to === 'command').map((c) => c.text)),
  }),
};

/** How a run over several workspaces shows them, by the output format: one JSON document for JSON, sections otherwise. */
export function manyView(format: string): (runs: readonly RenderedRun[]) => Printed {
  return manyViews[format === 'json' ? 'json' : 'sections'];
}
