// The outside world as the commands see it. cli.ts and action.ts build one from the process; tests
// build one in memory, so every command runs in-process with its output captured.

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stdout is an interactive terminal (colour, progress bars). */
  isTTY: boolean;
  /** The terminal's width now, when stdout is one (progress lines are fitted to it). */
  columns?: () => number | undefined;
  /** stdin is a terminal, so a confirmation can be asked even when stdout is redirected. */
  canPrompt?: boolean;
  /** Reads one line from the terminal (for confirmations); undefined without a terminal. */
  prompt?(question: string): Promise<string>;
}

export { EXIT, UserError, type ExitCode } from '../user-error.js';

export function inGitHubActions(io: Io): boolean {
  return io.env.GITHUB_ACTIONS === 'true';
}

/**
 * Colour on stdout: FORCE_COLOR (not 0) turns it on, NO_COLOR (any value, no-color.org) or
 * --no-color turn it off, otherwise only on a terminal.
 */
export function useColour(io: Io, flag?: boolean): boolean {
  if (flag === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.isTTY;
}
