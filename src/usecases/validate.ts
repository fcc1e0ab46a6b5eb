// `segment-access validate [DIR]`: every diagnostic of the manifests, with how many files were read.
import { errorCount, type Diagnostic } from '../manifest/diagnostic.js';
import { validateManifests } from '../manifest/validate.js';
import type { Ports } from '../ports/index.js';
import { EXIT, type ExitCode } from '../user-error.js';

export interface ValidateOutcome {
  kind: 'Validated';
  diagnostics: Diagnostic[];
  fileCount: number;
}

export async function validate(ports: Pick<Ports, 'cwd'>, input: { dir: string; at: Date }): Promise<ValidateOutcome> {
  const result = await validateManifests(input.dir, { at: input.at, cwd: ports.cwd });
  return { kind: 'Validated', diagnostics: result.diagnostics, fileCount: result.fileCount };
}

export function validateExit(outcome: ValidateOutcome): ExitCode {
  return errorCount(outcome.diagnostics) > 0 ? EXIT.error : EXIT.ok;
}
