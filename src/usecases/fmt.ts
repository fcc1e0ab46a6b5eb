// `segment-access fmt [DIR] [--check]`: the manifests in DIR in the canonical layout
// (src/manifest/fmt.ts). `--check` writes nothing and lists the files that would change. Nothing
// is written unless every file formats cleanly: a file that cannot be formatted is reported and
// every file stays as it was.
import { formatManifest, FormatError } from '../manifest/fmt.js';
import { formatDiagnostic } from '../manifest/format-diagnostics.js';
import { readManifestTexts } from '../manifest/load.js';
import type { Ports } from '../ports/index.js';
import { EXIT, type ExitCode } from '../user-error.js';

export interface FmtOutcome {
  kind: 'Formatted';
  check: boolean;
  dir: string;
  /** Files that change (or would, with --check). */
  changed: string[];
  files: number;
  /** Why a file could not be read or formatted (`file:line:col: ...`); nothing is written when there is one. */
  problems: string[];
  /** Whether the changed files were written. */
  written: boolean;
}

export async function fmt(ports: Pick<Ports, 'cwd' | 'files'>, input: { dir: string; check?: boolean }): Promise<FmtOutcome> {
  // Only the texts: the formatter parses each file itself (a syntax error is its problem to report).
  const loaded = await readManifestTexts(input.dir, { cwd: ports.cwd });
  const problems = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
  const formatted = new Map<string, string>();
  for (const file of loaded.files) {
    let text: string;
    try {
      text = formatManifest(file.text);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      problems.push(`${file.path}:${err.line}:${err.col}: error fmt: ${err.message}`);
      continue;
    }
    if (text !== file.text) formatted.set(file.path, text);
  }
  const write = !input.check && problems.length === 0 && formatted.size > 0;
  if (write) await ports.files.writeAll(formatted);
  return { kind: 'Formatted', check: Boolean(input.check), dir: input.dir, changed: [...formatted.keys()], files: loaded.files.length, problems, written: write };
}

/** 1 on a problem, or with --check when a file would change. */
export function fmtExit(outcome: FmtOutcome): ExitCode {
  if (outcome.problems.length) return EXIT.error;
  return outcome.check && outcome.changed.length ? EXIT.error : EXIT.ok;
}
