// The outside world as the commands see it. cli.ts and action.ts build one from the process; tests
// build one in memory, so every command runs in-process with its output captured.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stdout is an interactive terminal (colour, prompts, progress bars). */
  isTTY: boolean;
  /** Reads one line from the terminal (for confirmations); undefined without a terminal. */
  prompt?(question: string): Promise<string>;
}

/** Exit codes of DESIGN section 4. */
export const EXIT = { ok: 0, error: 1, changes: 2, refused: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error meant for the user: printed as is (no stack), with the exit code it implies. */
export class UserError extends Error {
  constructor(message: string, readonly exitCode: ExitCode = EXIT.error) {
    super(message);
    this.name = 'UserError';
  }
}

export function inGitHubActions(io: Io): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}
