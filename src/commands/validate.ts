// `segment-access validate [DIR]`: print every diagnostic, a count, and exit 1 on any error.
import { annotationLines } from '../github/annotations.js';
import { errorCount } from '../manifest/diagnostic.js';
import { countLine, formatDiagnostic } from '../manifest/format-diagnostics.js';
import { validateManifests } from '../manifest/validate.js';
import { EXIT, inGitHubActions, type ExitCode, type Io } from './io.js';

export interface ValidateCommandOptions {
  format: 'text' | 'json';
  at: Date;
}

export async function validateCommand(dir: string, options: ValidateCommandOptions, io: Io): Promise<ExitCode> {
  const result = await validateManifests(dir, { at: options.at, cwd: io.cwd });
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(result.diagnostics, null, 2)}\n`);
  } else {
    for (const d of result.diagnostics) io.stdout(`${formatDiagnostic(d)}\n`);
    io.stdout(`${countLine(result.diagnostics, result.fileCount)}\n`);
  }
  if (inGitHubActions(io)) for (const line of annotationLines(result.diagnostics)) io.stderr(`${line}\n`);
  return errorCount(result.diagnostics) > 0 ? EXIT.error : EXIT.ok;
}
