// Exit codes (README, "Exit codes") and the error meant for a person. Shared by every layer, so that a
// stage can refuse with a message and an exit code without knowing about the command line.
import type { Diagnostic } from './manifest/diagnostic.js';

export const EXIT = { ok: 0, error: 1, changes: 2, refused: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: printed as is (no stack), with the exit code it implies. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.error) {
    super(message);
    this.name = 'UserError';
  }
}

/** The manifests cannot be planned: every diagnostic found (errors and warnings), then the message. */
export class ManifestProblems extends UserError {
  constructor(message: string, readonly diagnostics: readonly Diagnostic[]) {
    super(message);
    this.name = 'ManifestProblems';
  }
}
