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

export { EXIT, UserError, type ExitCode } from '../user-error.js';

export function inGitHubActions(io: Io): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}
