// The process's terminal as the composition roots see it, and the one place where every string
// that reaches stdout or stderr is made safe. Names and emails come from manifests and from the
// workspace; whatever they hold, they must not move the cursor, rewrite the screen, hide text, or be
// read by the GitHub runner as a workflow command.
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stdout is an interactive terminal (colour). */
  isTTY: boolean;
  /** stderr is an interactive terminal (progress frames); default: isTTY. */
  stderrTTY?: boolean;
  /** The terminal's width now (progress lines are fitted to it). */
  columns?: () => number | undefined;
  /** stdin is a terminal, so a confirmation can be asked even when stdout is redirected. */
  canPrompt?: boolean;
  /** Reads one line from the terminal (for confirmations); undefined without a terminal. */
  prompt?(question: string): Promise<string>;
}

/** Colour codes (SGR) our own views write: the only escape sequences that pass, and only with colour on. */
const SGR = /^\u001b\[[0-9;]*m/;
/** Bidirectional overrides and isolates, which can reorder what a reader sees. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text made safe for a terminal and for the Actions runner: every control character but newline,
 * tab and the CR of a CRLF becomes `?` (an escape sequence too, except colour codes when colour is on; a carriage
 * return too, except in progress frames), bidirectional controls go, and a line that starts like a
 * workflow command (`::name ...::`, or the older `##[name]`) is written with a space inside the
 * `::` so the runner does not act on it. Our own annotations are written through `commands`, which
 * bypasses this (they are escaped as @actions/core escapes them).
 */
export function safeText(text: string, options: { colour?: boolean; carriageReturn?: boolean } = {}): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x1b && options.colour) {
      const m = SGR.exec(text.slice(i, i + 16));
      if (m) {
        out += m[0];
        i += m[0].length - 1;
        continue;
      }
    }
    // A carriage return ending a line (CRLF, as CSV has it) is kept; one that returns to overwrite is not.
    const crlf = c === 0x0d && text.charCodeAt(i + 1) === 0x0a;
    const control = (c < 0x20 && c !== 0x0a && c !== 0x09 && !crlf && !(c === 0x0d && options.carriageReturn)) || (c >= 0x7f && c <= 0x9f);
    out += control ? '?' : text[i];
  }
  return out.replace(BIDI, '').replace(/^([ \t]*):(:)/gm, '$1: $2').replace(/^([ \t]*)##\[/gm, '$1# #[');
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    stderrTTY: Boolean(process.stderr.isTTY),
    columns: () => process.stderr.columns ?? process.stdout.columns,
    canPrompt: Boolean(process.stdin.isTTY),
    prompt: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try { return await rl.question(question); } finally { rl.close(); }
    },
  };
}

/**
 * Colour on stdout: FORCE_COLOR (not 0) turns it on, NO_COLOR (any value, no-color.org) or
 * --no-color turn it off, otherwise only on a terminal.
 */
export function useColour(io: Pick<Io, 'env' | 'isTTY'>, flag?: boolean): boolean {
  if (flag === false) return false;
  const force = io.env.FORCE_COLOR;
  if (force !== undefined && force !== '' && force !== '0' && force !== 'false') return true;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  return io.isTTY;
}
