// `segment-access fmt [DIR] [--check]`: rewrite the manifests in DIR in the canonical layout
// (src/manifest/format.ts). `--check` writes nothing, lists the files that would change and exits 1
// when there is one, for CI. A file that is not valid YAML is reported and left alone.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatManifest, FormatError } from '../manifest/fmt.js';
import { loadManifests } from '../manifest/load.js';
import { formatDiagnostic } from '../manifest/format-diagnostics.js';
import { EXIT, type ExitCode, type Io } from './io.js';

export async function fmtCommand(dir: string, options: { check?: boolean; format?: 'text' | 'json' }, io: Io): Promise<ExitCode> {
  const loaded = await loadManifests(dir, { cwd: io.cwd });
  const problems = loaded.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));
  const changed: string[] = [];
  for (const file of loaded.files) {
    let text: string;
    try {
      text = formatManifest(file.text);
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      problems.push(`${file.path}:${err.line}:${err.col}: error fmt: ${err.message}`);
      continue;
    }
    if (text === file.text) continue;
    changed.push(file.path);
    if (!options.check) await writeFile(path.resolve(io.cwd, file.path), text);
  }
  for (const p of problems) io.stderr(`${p}\n`);
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ check: Boolean(options.check), changed, files: loaded.files.length, errors: problems.length }, null, 2)}\n`);
  } else {
    for (const f of changed) io.stdout(`${options.check ? 'would reformat' : 'reformatted'}: ${f}\n`);
    const n = changed.length;
    const files = (k: number) => `${k} file${k === 1 ? '' : 's'}`;
    io.stdout(n === 0
      ? `${files(loaded.files.length)} already formatted.\n`
      : `${options.check ? `${files(n)} would be reformatted; run \`segment-access fmt ${dir}\`` : `Reformatted ${files(n)}`} (of ${loaded.files.length}).\n`);
  }
  if (problems.length) return EXIT.error;
  return options.check && changed.length ? EXIT.error : EXIT.ok;
}
